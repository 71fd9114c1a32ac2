"""The lists staff work from: the article list (status, who has it, review dates, filters) and the admin home's queues."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Status, add_months
from articles.workflow import perform
from tests.admin_pages import (
    as_user,
    changelist_rows,
    workflow_url,
)
from tests.factories import (
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
    assert head[1:7] == ["Title", "Status", "Category", "Who has it", "Last reviewed", "Next review due"]
    by_title = {row[1]: row[1:7] for row in rows}
    assert by_title[live.title] == ["Live article", "Approved (published)", "Causes", "—", "March 3, 2025",
                                    "March 3, 2028"]  # fmt: skip
    assert by_title[waiting.title] == ["Waiting article", "Submitted for review", "Medicines linked to cramps",
                                       "Reviewers (waiting)", "—", "—"]  # fmt: skip
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
        box = re.search(r'<div class="module awaiting-review" id="awaiting-review">(.*?)</div>', page, re.DOTALL)
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
