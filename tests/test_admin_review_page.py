"""The review page and the change page's read-outs: the diff of everything
approval publishes, why a step is missing, the preview, the timeline and the
reading level."""

import html
import re

import pytest
from django.utils import timezone

from articles.models import Audience, Status
from articles.readability import READER_GRADE_LIMIT
from tests.admin_pages import (
    COMMENT,
    LABELS,
    NEW_SENTENCE,
    OLD_SENTENCE,
    as_user,
    buttons,
    change_url,
    diff_changes,
    editor_and_reviewer,
    messages_on,
    open_change_form,
    post_transition,
    readability_section,
    workflow_url,
)
from tests.factories import (
    EASY_BODY,
    HARD_BODY,
    MARKDOWN_EASY_BODY,
    ArticleFactory,
    article_in,
    category,
    editor,
    published_article,
    reviewer,
)

pytestmark = pytest.mark.django_db


def test_the_workflow_page_shows_the_pending_text_beside_the_live_one(client):
    article = published_article()
    as_user(client, editor())
    data = open_change_form(client, article)
    data["body"] = data["body"].replace(OLD_SENTENCE, NEW_SENTENCE)
    data["summary"] = "A new summary."
    client.post(change_url(article), data)

    page = client.get(workflow_url(article)).content.decode()
    assert "Live (version 1) → Pending (working copy)" in html.unescape(page)
    changes = diff_changes(page)
    assert list(changes) == ["Summary", "Body"]  # only what changed
    [(before, after, removed, added)] = changes["Body"]
    assert OLD_SENTENCE in before and NEW_SENTENCE in after
    # The old words are marked as removed and the new ones as added.
    assert any("usually lasts" in words for words in removed)
    assert any("Stretching the calf" in words for words in added)
    assert changes["Summary"][0][1] == "A new summary."


def test_the_workflow_page_says_when_nothing_changed(client):
    article = published_article()
    page = as_user(client, reviewer()).get(workflow_url(article)).content.decode()
    assert "No differences: pending (working copy) is the same as live (version 1)." in page
    assert diff_changes(page) == {}


def test_a_new_article_is_compared_with_nothing(client):
    article = article_in(Status.SUBMITTED)
    page = as_user(client, reviewer()).get(workflow_url(article)).content.decode()
    assert "Live (nothing published yet)" in page
    assert any(OLD_SENTENCE in after for _, after, _, _ in diff_changes(page)["Body"])


@pytest.mark.parametrize(
    "change,removed,added",
    [
        (
            {"references-0-pmid": "", "references-0-doi": "10.1000/new-doi"},
            ("References", "PubMed ID: 22963024"),
            ("References", "DOI: 10.1000/new-doi"),
        ),
        ({"audience": Audience.PROFESSIONALS}, ("Audience", "Readers (the public)"), ("Audience", "Health professionals")),
        ("topic", ("Topic", "Causes"), ("Topic", "Medicines linked to cramps")),
        ("related", ("Related articles", "none"), ("Related articles", "calf-stretches")),
    ],
)
def test_the_diff_shows_every_change_a_reviewer_approves_not_only_the_text(client, change, removed, added):
    """A changed source link, audience, topic or related article reaches
    readers on approval, so the reviewer must see it before approving."""
    article = published_article()
    neighbour = published_article(title="Calf stretches", slug="calf-stretches")
    as_user(client, editor())
    data = open_change_form(client, article)
    if change == "topic":
        data["category"] = str(category("medicines").pk)
    elif change == "related":
        data["related"] = [str(neighbour.pk)]
    else:
        data.update(change)
    assert client.post(change_url(article), data).status_code == 302

    changes = diff_changes(client.get(workflow_url(article)).content.decode())
    (field, before), (_, after) = removed, added
    assert list(changes) == [field]
    assert any(before in old and after in new for old, new, _, _ in changes[field]), changes


def test_the_preview_shows_the_pending_text_and_is_never_indexed(client):
    article = published_article()
    as_user(client, editor())
    data = open_change_form(client, article)
    data["body"] = data["body"].replace(OLD_SENTENCE, NEW_SENTENCE)
    client.post(change_url(article), data)
    response = client.get(f"/admin/articles/article/{article.pk}/preview/")
    assert response.status_code == 200
    assert NEW_SENTENCE in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_the_timeline_shows_on_the_change_page(client):
    writer, checker = editor(username="writer"), reviewer(username="checker")
    article = article_in(Status.DRAFT)
    as_user(client, writer)
    post_transition(client, article, "submit")
    as_user(client, checker)
    post_transition(client, article, "start_review")
    post_transition(client, article, "request_changes", comment=COMMENT)

    page = html.unescape(as_user(client, writer).get(change_url(article)).content.decode())
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.DOTALL).group(1)
    items = re.findall(r"<li>(.*?)</li>", timeline, re.DOTALL)
    today = timezone.localtime().strftime("%Y-%m-%d")
    assert len(items) == 3
    assert f"<strong>{today}" in items[0]
    assert "Draft → Submitted for review by writer" in items[0]
    assert "Submitted for review → In review by checker" in items[1]
    assert f"In review → Changes requested by checker. Comment: “{COMMENT}”" in items[2]


def test_a_new_article_has_no_timeline_yet(client):
    article = article_in(Status.DRAFT)
    page = as_user(client, editor()).get(change_url(article)).content.decode()
    assert "Nothing has happened to this article yet." in page


def test_the_change_page_shows_the_reading_level_and_time(client):
    article = ArticleFactory(body=EASY_BODY, references=False)
    page = as_user(client, editor()).get(change_url(article)).content.decode()
    section = readability_section(page)
    assert re.search(r"Flesch-Kincaid grade -?\d+(\.\d)? · about 1 min to read\.", section)
    assert "Warning" not in section


def test_a_hard_reader_article_gets_a_warning(client):
    article = ArticleFactory(body=HARD_BODY, references=False, audience=Audience.READERS)
    page = as_user(client, editor()).get(change_url(article)).content.decode()
    section = readability_section(page)
    grade = float(re.search(r"Flesch-Kincaid grade (-?[\d.]+)", section).group(1))
    assert grade > READER_GRADE_LIMIT
    assert f"Warning: above grade {READER_GRADE_LIMIT} for a reader article" in section
    assert 'class="readability-warning"' in page
    # And the reviewer sees it on the workflow page too.
    assert f"Warning: above grade {READER_GRADE_LIMIT}" in html.unescape(client.get(workflow_url(article)).content.decode())


def test_markdown_markup_does_not_count_against_an_easy_reader_article(client):
    """Tables, lists, links and citations are scored as the words readers read."""
    article = ArticleFactory(body=MARKDOWN_EASY_BODY, audience=Audience.READERS)
    section = readability_section(as_user(client, editor()).get(change_url(article)).content.decode())
    grade = float(re.search(r"Flesch-Kincaid grade (-?[\d.]+)", section).group(1))
    assert grade <= 8
    assert "Warning" not in section


def test_an_article_for_professionals_is_not_warned_about_grade(client):
    article = ArticleFactory(body=HARD_BODY, references=False, audience=Audience.PROFESSIONALS)
    section = readability_section(as_user(client, editor()).get(change_url(article)).content.decode())
    assert "Flesch-Kincaid grade" in section and "Warning" not in section


def test_a_changed_review_interval_shows_in_the_diff(client):
    """Issue 13 item 6: a change of review interval alone was invisible."""
    article = published_article()
    as_user(client, editor())
    data = open_change_form(client, article)
    data["review_interval_months"] = "12"
    assert client.post(change_url(article), data).status_code == 302
    changes = diff_changes(client.get(workflow_url(article)).content.decode())
    assert [(old, new) for old, new, _, _ in changes["Review interval"]] == [("every 36 months", "every 12 months")]


# --- Why a step is missing ---------------------------------------------------------------


def unavailable(page):
    section = re.search(r'<ul class="workflow-unavailable">(.*?)</ul>', page, re.DOTALL)
    if not section:
        return {}
    items = re.findall(r"<li><strong>(.*?)</strong>: (.*?)</li>", html.unescape(section.group(1)))
    return dict(items)


def test_the_review_page_says_why_submit_is_missing_when_a_citation_is_broken(client):
    article = ArticleFactory(body="Cramps are common [ref:nosuchkey].")
    as_user(client, editor())
    page = client.get(workflow_url(article)).content.decode()
    assert LABELS["submit"] not in buttons(page)
    reason = unavailable(page)[LABELS["submit"]]
    assert reason.startswith("Fix the citations before submitting:") and "[ref:nosuchkey]" in reason


def test_the_review_page_tells_a_reviewer_who_edited_why_they_cannot_approve(client):
    both = editor_and_reviewer()
    article = article_in(Status.IN_REVIEW)
    article.contributors.add(both)
    as_user(client, both)
    page = client.get(workflow_url(article)).content.decode()
    assert LABELS["approve"] not in buttons(page)
    assert unavailable(page)[LABELS["approve"]] == "You wrote or edited this version, so someone else must approve it."


def test_the_review_page_says_which_status_a_step_needs(client):
    as_user(client, reviewer())
    page = client.get(workflow_url(article_in(Status.DRAFT))).content.decode()
    assert unavailable(page)[LABELS["approve"]] == "Only from “In review”; this article is “Draft”."


def test_a_broken_citation_is_warned_about_when_the_article_is_saved(client):
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)
    data["body"] += "\nMagnesium does not help most people [ref:cochrane2020].\n"
    response = client.post(change_url(article), data, follow=True)
    warnings = [m for m in messages_on(response) if m.startswith("Saved, but it cannot be submitted")]
    assert len(warnings) == 1 and "[ref:cochrane2020]" in warnings[0]
    article.refresh_from_db()
    assert "cochrane2020" in article.body  # saved all the same: nothing is lost
