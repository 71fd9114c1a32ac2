"""The reading level editors see in the admin and the content tests enforce."""

from articles.readability import (
    READER_GRADE_LIMIT,
    READER_SMOG_LIMIT,
    flesch_kincaid_grade,
    plain_text,
    reading_time_minutes,
    smog_index,
)

SIMPLE_LIST = """## What to do

- Stretch your calf
- Walk about for a minute
- Drink some water
"""


def test_markup_and_citations_are_not_read_as_words():
    text = plain_text('Cramps are common [ref:allen2012]. See [our guide](/articles/x/).\n\n!!! danger "Call [emergency-number] now"')
    assert "ref:" not in text and "/articles/" not in text and "[" not in text
    assert "See our guide." in text
    # Scored with the words the reader sees in place of the placeholder.
    assert "Call 999 now." in text


def test_each_heading_list_item_and_table_cell_is_its_own_sentence():
    assert plain_text(SIMPLE_LIST) == "What to do. Stretch your calf. Walk about for a minute. Drink some water."
    table = "| Sign | Cramp |\n|---|---|\n| Swelling | No |\n"
    assert plain_text(table) == "Sign. Cramp. Swelling. No."


def test_a_list_does_not_score_as_one_long_sentence():
    # Scored as raw text, the list would be one 14-word sentence.
    assert flesch_kincaid_grade(SIMPLE_LIST) <= 2


def test_hard_text_scores_above_the_reader_limit():
    hard = (
        "Pharmacological interventions demonstrating equivocal efficacy notwithstanding, "
        "contemporaneous physiological investigations consistently characterise idiopathic "
        "nocturnal musculoskeletal contractions as predominantly multifactorial phenomena."
    )
    assert flesch_kincaid_grade(hard) > READER_GRADE_LIMIT


def test_reading_time_counts_words_at_200_a_minute():
    assert reading_time_minutes("word " * 50) == 1
    assert reading_time_minutes("word " * 1000) == 5
    assert flesch_kincaid_grade("") == 0.0


HARD_PARAGRAPH = (
    "Pharmacological interventions demonstrating equivocal efficacy notwithstanding, "
    "contemporaneous physiological investigations consistently characterise idiopathic "
    "nocturnal musculoskeletal contractions as predominantly multifactorial phenomena. "
)


def test_smog_rises_with_long_words_and_passes_plain_english():
    plain = "A cramp is a sudden pain. It goes away fast. Stretch your leg. Walk a bit. " * 10
    assert smog_index(plain) <= READER_SMOG_LIMIT
    assert smog_index(HARD_PARAGRAPH * 10) > READER_SMOG_LIMIT
    assert smog_index("") == 0.0
