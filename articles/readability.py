"""Reading level and reading time of an article's Markdown.

Editors see the same Flesch-Kincaid grade and SMOG index in the admin that
the content tests hold bundled articles to (NHS content aims at a reading age
of 9 to 11: grade 6 or lower, SMOG 8 or lower). textstat is pinned at 0.7.8, which reads its
syllable dictionary offline (later versions download nltk data at run time).
"""

import re

import textstat

from articles.rendering import fill_region

READER_GRADE_LIMIT = 6
READER_SMOG_LIMIT = 8
WORDS_PER_MINUTE = 200

_CITATION = re.compile(r"\[ref:[^\]]*\]")
_FIGURE = re.compile(r"\[figure:[^\]]*\]")  # a drawing, read by its caption, not as words
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CALLOUT = re.compile(r'^!!!\s+\w+(?:\s+"([^"]*)")?\s*$')
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_ATTR_LIST = re.compile(r"\{[:#.][^}]*\}")
_LINE_PREFIX = re.compile(r"^(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_ENDS_SENTENCE = (".", "!", "?", ":", ";")


def plain_text(markdown_text):
    """The words a reader reads, one sentence per heading, list item or table cell.

    Headings, list items and table cells rarely end with a full stop; without
    one, the scorer would count a whole list as one long sentence.
    """
    sentences = []
    for raw in markdown_text.splitlines():
        line = raw.strip()
        if not line or _TABLE_RULE.match(line):
            continue
        callout = _CALLOUT.match(line)
        if callout:
            line = callout.group(1) or ""
        line = _ATTR_LIST.sub("", _LINK.sub(r"\1", _CITATION.sub("", _FIGURE.sub("", line)))).replace(" .", ".")
        line = fill_region(_EMPHASIS.sub("", _LINE_PREFIX.sub("", line)))
        parts = [cell.strip() for cell in line.strip("|").split("|")] if line.startswith("|") else [line.strip()]
        for part in parts:
            if part:
                sentences.append(part if part.endswith(_ENDS_SENTENCE) else part + ".")
    return " ".join(sentences)


def flesch_kincaid_grade(markdown_text):
    text = plain_text(markdown_text)
    if not text:
        return 0.0
    return round(textstat.flesch_kincaid_grade(text), 1)


def smog_index(markdown_text):
    """SMOG grade: from the share of words of three or more syllables."""
    text = plain_text(markdown_text)
    if not text:
        return 0.0
    return round(textstat.smog_index(text), 1)


def reading_time_minutes(markdown_text):
    return max(1, round(len(plain_text(markdown_text).split()) / WORDS_PER_MINUTE))
