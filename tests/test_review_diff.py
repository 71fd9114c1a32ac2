"""The review diff (articles/review_diff.py): only what changed, words marked inline."""

import pytest

from articles.review_diff import compare, mark_words
from tests.factories import published_article

pytestmark = pytest.mark.django_db

PARAGRAPHS = [f"Paragraph {n} says something plain about cramps and stretching." for n in range(1, 21)]


def body(paragraphs):
    return "\n\n".join(paragraphs) + "\n"


def test_one_changed_word_is_marked_alone():
    old, new = mark_words("Stretch your calf for 30 seconds.", "Stretch your calf for 60 seconds.")
    assert old == 'Stretch your calf for <del><span class="visually-hidden">removed: </span>30</del> seconds.'
    assert new == 'Stretch your calf for <ins><span class="visually-hidden">added: </span>60</ins> seconds.'


def test_text_is_escaped_and_a_control_character_cannot_break_the_marking():
    """Issue 13 item 8: a \\x01 in the text broke difflib.HtmlDiff's highlight."""
    old, new = mark_words("Take <b>one</b> \x01 tablet.", "Take <b>two</b> \x01 tablets.")
    assert "<b>" not in old + new and "&lt;b&gt;" in old
    assert "\x01" not in old + new and "\ufffd" in new
    assert new.count("<ins>") == 2 and "two" in new and "tablets" in new


def test_only_changed_paragraphs_are_shown_with_one_neighbour_each_side():
    article = published_article(body=body(PARAGRAPHS))
    article.body = body([p.replace("Paragraph 10 says", "Paragraph 10 now says") if "10 " in p else p for p in PARAGRAPHS])
    comparison = compare(article.live, article)
    [change] = comparison.changes
    kinds = [p.kind for p in change.paragraphs]
    assert kinds == ["gap", "context", "changed", "context", "gap"]
    assert [p.skipped for p in change.paragraphs if p.kind == "gap"] == [8, 9]
    changed = change.paragraphs[2]
    assert "<ins>" in changed.new_html and "now" in changed.new_html
    assert comparison.count == 1 and changed.anchor == "change-1" and changed.next_anchor == "review-actions"


def test_next_change_links_go_from_each_change_to_the_next():
    article = published_article(body=body(PARAGRAPHS))
    article.title = "A new title"
    article.body = body(PARAGRAPHS[:3] + ["A new paragraph."] + PARAGRAPHS[3:15] + PARAGRAPHS[16:])
    comparison = compare(article.live, article)
    marked = [comparison.changes[0]] + [p for p in comparison.changes[1].paragraphs if p.anchor]
    assert [(m.anchor, m.next_anchor) for m in marked] == [
        ("change-1", "change-2"), ("change-2", "change-3"), ("change-3", "review-actions"),
    ]  # fmt: skip
    assert [p.kind for p in comparison.changes[1].paragraphs if p.anchor] == ["added", "removed"]


def test_an_unchanged_article_has_no_changes():
    article = published_article()
    assert not compare(article.live, article).has_changes
