"""Scheduled publishing: approve with a go-live time; the live page stays until
then; manage.py publish_scheduled makes it live, and running it again does nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Status
from articles.workflow import WorkflowError, perform, publish_scheduled, record_edit
from tests.admin_pages import as_user, messages_on
from tests.factories import editor, published_article, reviewer

pytestmark = pytest.mark.django_db

NEW_SENTENCE = "Cramps in the night are common after sixty."


def edited_and_in_review():
    article = published_article()
    writer = editor()
    article.body += f"\n{NEW_SENTENCE}\n"
    article.save()
    record_edit(article, writer)
    perform(article, writer, "submit")
    perform(article, reviewer(), "start_review")
    return Article.objects.get(pk=article.pk)


def test_a_scheduled_approval_leaves_the_live_page_until_its_time_then_publish_scheduled_makes_it_live(
    client, committed
):
    article = edited_and_in_review()
    when = timezone.now() + datetime.timedelta(hours=2)
    perform(article, reviewer(), "schedule", go_live=when)
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED and article.goes_live_at == when
    assert article.live.number == 1 and article.scheduled.number == 2
    assert NEW_SENTENCE not in client.get(f"/articles/{article.slug}/").content.decode()

    assert publish_scheduled() == []  # not yet
    with committed():  # the page cache is told once the change is saved
        steps = publish_scheduled(now=when + datetime.timedelta(seconds=1))
    assert [(s.action, s.by, s.revision.number) for s in steps] == [("go_live", None, 2)]
    article.refresh_from_db()
    assert article.status == Status.APPROVED and article.live.number == 2 and article.scheduled is None
    assert NEW_SENTENCE in client.get(f"/articles/{article.slug}/").content.decode()

    assert publish_scheduled(now=when + datetime.timedelta(days=1)) == []  # idempotent


def test_the_command_publishes_what_is_due_and_says_so():
    article = edited_and_in_review()
    perform(article, reviewer(), "schedule", go_live=timezone.now() + datetime.timedelta(seconds=1))
    Article.objects.filter(pk=article.pk).update(goes_live_at=timezone.now() - datetime.timedelta(minutes=1))
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert f"Live now: {article.slug} (version 2)" in out.getvalue()
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    assert out.getvalue().strip() == "Nothing was due to go live."


def test_a_go_live_time_in_the_past_or_missing_is_refused():
    article = edited_and_in_review()
    with pytest.raises(WorkflowError, match="The go-live time has passed"):
        perform(article, reviewer(), "schedule", go_live=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(WorkflowError, match="Give the date and time"):
        perform(article, reviewer(), "schedule")


def test_nobody_edits_a_scheduled_article_but_a_reviewer_can_send_it_back_before_its_time():
    article = edited_and_in_review()
    perform(article, reviewer(), "schedule", go_live=timezone.now() + datetime.timedelta(days=1))
    article.refresh_from_db()
    from articles.workflow import is_editable

    assert not is_editable(article)
    perform(article, reviewer(), "request_changes", comment="Wait for the new NICE guidance.")
    article.refresh_from_db()
    assert article.status == Status.CHANGES_REQUESTED and article.scheduled is None and article.live.number == 1
    assert publish_scheduled(now=timezone.now() + datetime.timedelta(days=2)) == []


def test_scheduling_through_the_review_page_and_the_queue_shows_it(client):
    article = edited_and_in_review()
    as_user(client, reviewer(first_name="Sally", last_name="Scheduler"))
    when = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    response = client.post(
        f"/admin/articles/article/{article.pk}/transition/",
        {"action": "schedule", "go_live": when.strftime("%Y-%m-%dT%H:%M"), "edit_version": article.edit_version},
        follow=True,
    )
    assert messages_on(response) == [f"“{article.title}” is now approved, to go live later."]
    article.refresh_from_db()
    assert article.goes_live_at == when
    home = client.get("/admin/").content.decode()
    assert 'id="scheduled"' in home and when.strftime("%Y-%m-%d %H:%M") in home
