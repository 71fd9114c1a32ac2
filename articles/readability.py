# Placeholder until the content helper's scorer lands (same API).
import textstat

READER_GRADE_LIMIT = 8


def plain_text(markdown_text):
    return markdown_text


def flesch_kincaid_grade(markdown_text):
    return round(textstat.flesch_kincaid_grade(plain_text(markdown_text)), 1)


def reading_time_minutes(markdown_text):
    return max(1, round(len(markdown_text.split()) / 200))
