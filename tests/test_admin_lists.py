"""The lists staff work from: the article list (status, who has it, review dates, filters) and the admin home's queues."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from articles.models import Article, Status, Transition, add_months
from articles.workflow import perform
from tests.admin_pages import (
    as_user,
    change_url,
    changelist_rows,
    workflow_url,
)
from tests.factories import (
    ArticleFactory,
    article_in,
    category,
    editor,
    published_article,
    reviewer,
)

pytestmark = pytest.mark.django_db


def test_the_overdue_filter_lists_only_overdue_articles(client):
    today = timezone.localdate()
    overdue = published_article(title="Overdue article", reviewed_on=add_months(today, -37))
    soon = published_article(title="Due soon article", reviewed_on=add_months(today, -36) + datetime.timedelta(days=20))
    fresh = published_article(title="Fresh article", reviewed_on=today)
    as_user(client, reviewer())

    page = client.get("/admin/articles/article/", {"review": "overdue"}).content.decode()
    assert overdue.title in page and soon.title not in page and fresh.title not in page
    assert "(overdue)</strong>" in page

    page = client.get("/admin/articles/article/", {"review": "90"}).content.decode()
    assert overdue.title in page and soon.title in page and fresh.title not in page

    page = client.get("/admin/articles/article/").content.decode()
    assert overdue.title in page and soon.title in page and fresh.title in page


def test_the_article_list_shows_status_category_who_has_it_and_review_dates(client):
    checker = reviewer(username="checker")
    live = published_article(title="Live article", reviewed_on=datetime.date(2025, 3, 3))
    waiting = article_in(Status.SUBMITTED, title="Waiting article", category=category("medicines"))
    reading = article_in(Status.SUBMITTED, title="Article being read")
    perform(reading, checker, "start_review")
    drafted = article_in(Status.DRAFT, title="Draft article")

    head, rows = changelist_rows(as_user(client, editor()).get("/admin/articles/article/").content.decode())
    assert head[1:8] == ["Title", "Status", "Category", "Who has it", "Being edited", "Last reviewed",
                         "Next review due"]  # fmt: skip
    by_title = {row[1]: row[1:8] for row in rows}
    assert by_title[live.title] == ["Live article", "Approved (published)", "Causes", "—", "—", "March 3, 2025",
                                    "March 3, 2028"]  # fmt: skip
    assert by_title[waiting.title] == ["Waiting article", "Submitted for review", "Medicines linked to cramps",
                                       "Reviewers (waiting)", "—", "—", "—"]  # fmt: skip
    assert by_title[reading.title][1:4] == ["In review", "Causes", "Reviewer: checker"]
    assert by_title[drafted.title][1:4] == ["Draft", "Causes", "Editors"]

    # Filters by status and topic, and search.
    page = client.get("/admin/articles/article/", {"status__exact": "submitted"}).content.decode()
    assert [row[1] for row in changelist_rows(page)[1]] == ["Waiting article"]
    page = client.get("/admin/articles/article/", {"category__id__exact": category("medicines").pk}).content.decode()
    assert [row[1] for row in changelist_rows(page)[1]] == ["Waiting article"]
    page = client.get("/admin/articles/article/", {"q": "being read"}).content.decode()
    assert [row[1] for row in changelist_rows(page)[1]] == ["Article being read"]


def test_the_admin_index_lists_articles_awaiting_review(client):
    submitted = article_in(Status.SUBMITTED, title="Submitted article")
    in_review = article_in(Status.IN_REVIEW, title="Article in review")
    draft = article_in(Status.DRAFT, title="Draft article")
    published = published_article(title="Published article")

    for user in (reviewer(), editor()):
        page = as_user(client, user).get("/admin/").content.decode()
        box = re.search(r'<div class="module work-queue awaiting-review" id="awaiting-review">(.*?)</div>', page, re.DOTALL)
        assert box, "no Awaiting review box on the admin index"
        text = box.group(1)
        assert "<h2>Awaiting review</h2>" in text
        assert f'href="{workflow_url(submitted)}">Submitted article</a>' in text
        assert f'href="{workflow_url(in_review)}">Article in review</a>' in text
        assert draft.title not in text and published.title not in text


def test_the_awaiting_review_box_says_when_there_is_nothing(client):
    article_in(Status.DRAFT)
    page = as_user(client, reviewer()).get("/admin/").content.decode()
    assert "Nothing is waiting for review." in page


def queue_rows(page, box_id):
    box = re.search(rf'<div class="module work-queue[^"]*" id="{box_id}">(.*?)</div>', page, re.DOTALL)
    assert box, f"no #{box_id} on the admin index"
    rows = re.findall(r"<tr>(.*?)</tr>", box.group(1), re.DOTALL)[1:]
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.DOTALL)]
            for r in rows]  # fmt: skip


def test_reviewers_see_who_submitted_since_when_and_who_started(client):
    writer = editor(first_name="Wendy", last_name="Writer")
    checker = reviewer(first_name="Rhys", last_name="Reader")
    waiting, started = ArticleFactory(title="Waiting one"), ArticleFactory(title="Started one")
    for article in (waiting, started):
        perform(article, writer, "submit")
    perform(started, checker, "start_review")
    submitted_at = waiting.transitions.get(action="submit").at

    rows = queue_rows(as_user(client, reviewer()).get("/admin/").content.decode(), "awaiting-review")
    by_title = {row[0]: row[1:] for row in rows}
    assert by_title["Waiting one"] == ["Wendy Writer", timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M"),
                                       "Not started"]  # fmt: skip
    assert by_title["Started one"][0] == "Wendy Writer" and by_title["Started one"][2].startswith("Rhys Reader (")


def test_waiting_since_counts_from_the_submission_not_the_last_step(client):
    writer = editor()
    article = ArticleFactory(title="Long wait")
    perform(article, writer, "submit")
    submitted_at = article.transitions.get(action="submit").at
    # The review starts five hours later (written as the step would be).
    Transition.objects.create(article=article, action="start_review", from_status=Status.SUBMITTED,
                              to_status=Status.IN_REVIEW, by=reviewer(), at=submitted_at + datetime.timedelta(hours=5))
    Article.objects.filter(pk=article.pk).update(status=Status.IN_REVIEW)
    rows = queue_rows(as_user(client, reviewer()).get("/admin/").content.decode(), "awaiting-review")
    assert rows[0][2] == timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M")


def test_editors_see_what_was_sent_back_to_them_with_the_reviewers_comment(client):
    writer, other = editor(), editor()
    mine, theirs = ArticleFactory(title="My article"), ArticleFactory(title="Their article")
    perform(mine, writer, "submit")
    perform(theirs, other, "submit")
    checker = reviewer(first_name="Rhys", last_name="Reader")
    for article in (mine, theirs):
        perform(article, checker, "request_changes", comment="Add the 2019 Cochrane review for magnesium.")

    page = as_user(client, writer).get("/admin/").content.decode()
    rows = queue_rows(page, "sent-back")
    assert [row[:2] for row in rows] == [["My article", "Add the 2019 Cochrane review for magnesium."]]
    assert "Rhys Reader" in rows[0][2]
    # And the comment is the first thing on the article's change form.
    form = html.unescape(client.get(change_url(mine)).content.decode())
    assert form.index("Sent back by Rhys Reader") < form.index('name="title"')
    assert "Add the 2019 Cochrane review for magnesium." in form


def test_reviewers_without_editing_rights_see_no_sent_back_box(client):
    page = as_user(client, reviewer()).get("/admin/").content.decode()
    assert 'id="sent-back"' not in page
