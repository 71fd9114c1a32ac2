"""The review page tells the reviewer what readers said ("What readers
said"): the rate, the comments since the last approval with the version each
reader saw, counts per version and per month, and a link to every answer in
the admin's feedback list, which names the version too."""

import html
import re

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from tests.admin_pages import as_user, workflow_url
from tests.factories import editor, reviewer
from tests.feedback_factories import FeedbackFactory, article_approved_at, article_in_review_with_feedback, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review():
    return article_in_review_with_feedback()


def section(response):
    page = response.content.decode()
    match = re.search(r'<section class="reader-feedback".*?</section>', page, flags=re.S)
    assert match, "no What readers said section"
    return match.group(0)


def text_of(fragment):
    return " ".join(html.unescape(strip_tags(fragment)).split())


def test_the_reviewer_sees_what_readers_said_since_the_last_approval(client, in_review):
    response = as_user(client, reviewer()).get(workflow_url(in_review))
    assert response.status_code == 200
    part = section(response)
    text = text_of(part)
    assert text.startswith("What readers said")
    assert "All answers: 54% helpful (7 of 13 found it helpful, 6 did not)." in text
    assert "Comments since version 2 was approved" in text
    assert "3 answers in that time: too few answers to judge (1 helpful, 2 not helpful)." in text
    comments = [text_of(item) for item in re.findall(r'<li class="reader-comment">.*?</li>', part, flags=re.S)]
    assert len(comments) == 3
    # Newest first, each with Yes/No and the version the reader saw.
    assert comments[0].endswith("Not helpful · version not known <b>Bold</b> text typed by a reader.")
    assert "Not helpful · saw version 2 Pictures of the stretches would help. The table is hard on a phone." in comments[1]
    assert "Helpful · saw version 2 Clear, thank you." in comments[2]
    assert "Reviewed already" not in text  # the last review saw it
    assert "<b>Bold</b>" not in part  # a reader's text is shown, never run as HTML


def test_the_counts_are_tables_a_screen_reader_can_read(client, in_review):
    part = section(as_user(client, reviewer()).get(workflow_url(in_review)))
    tables = re.findall(r"<table\b.*?</table>", part, flags=re.S)
    captions = [text_of(re.search(r"<caption>(.*?)</caption>", table).group(1)) for table in tables]
    assert captions == ["Answers by approved version", "Answers by month, last 12 months"]
    by_version = tables[0]
    assert re.findall(r'<th scope="col">([^<]+)</th>', by_version) == ["Version", "Approved", "Helpful", "Not helpful",
                                                                       "Rate"]  # fmt: skip
    rows = [[text_of(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, flags=re.S)]
            for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", by_version, flags=re.S)]  # fmt: skip
    approved = [timezone.localdate(days_ago(days)).strftime("%-d %b %Y") for days in (60, 200)]
    assert rows == [
        ["2 (live)", approved[0], "1", "1", "too few answers to judge"],
        ["1", approved[1], "6", "4", "60% helpful"],
        ["Not known", "—", "0", "1", "too few answers to judge"],
    ]
    months = re.findall(r'<th scope="row">([^<]+)</th>', tables[1])
    assert len(months) == 12 and months[-1] == timezone.localdate().strftime("%b %Y")


def test_the_section_links_to_every_answer_in_the_feedback_list(client, in_review):
    other = article_approved_at(days_ago(30), slug="statins")
    FeedbackFactory(article=other, comment="About statins, not night cramps.")
    reader_list = as_user(client, reviewer())
    link = re.search(r'<a href="([^"]+)">Every answer to this article, in the feedback list</a>',
                     section(reader_list.get(workflow_url(in_review)))).group(1)  # fmt: skip
    listing = reader_list.get(link.replace("&amp;", "&"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "About statins" not in page
    assert page.count('<td class="field-comment">') == 13
    headers = [text_of(h) for h in re.findall(r'<th scope="col".*?</th>', page, flags=re.S)]
    assert "Version" in headers
    versions = re.findall(r'<td class="field-version_seen">([^<]+)</td>', page)
    assert sorted(set(versions)) == ["1", "2", "unknown"] and versions[0] == "unknown"  # newest first


def test_an_article_without_answers_says_so(client):
    article = article_approved_at(days_ago(30), slug="quiet")
    text = text_of(section(as_user(client, editor()).get(workflow_url(article))))
    assert "No reader has answered “Was this page helpful?” on this article yet." in text
    assert "<table" not in section(as_user(client, editor()).get(workflow_url(article)))
