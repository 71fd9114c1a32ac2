"""Archiving with a replacement and scheduling a go-live time, in Chromium, as a
reviewer and a reader would; axe on the admin home with its queues."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article, Status
from tests.a11y import assert_accessible
from tests.admin_pages import log_in
from tests.factories import editor, ensure_roles_and_topics, published_article, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def roles_and_topics():
    ensure_roles_and_topics()


def test_archiving_with_a_replacement_sends_readers_on_with_a_301(page, new_context):
    old = published_article(title="Cramp or clot (2020)", slug="leg-cramp-or-blood-clot")
    published_article(title="Calf pain", slug="calf-pain", body="See /articles/leg-cramp-or-blood-clot/.\n",
                      references=False)  # fmt: skip
    new = published_article(title="Cramp or clot (2027)", slug="cramp-or-clot-2027")
    log_in(page, reviewer(username="archivist"))
    page.goto(f"/admin/articles/article/{old.pk}/workflow/")
    links = page.locator(".links-here")
    expect(links).to_contain_text("Calf pain")
    expect(links).to_contain_text("The checker’s advice: the advice of")
    page.get_by_label("Comment for “Archive (withdraw from the site)” (required)").fill("Replaced by the 2027 article.")
    page.get_by_label("Send readers to").select_option(label="Cramp or clot (2027)")
    page.screenshot(path="/tmp/archive-1280.png", full_page=True)
    page.get_by_role("button", name="Archive (withdraw from the site)").click()
    expect(page.locator("ul.messagelist")).to_contain_text("is now archived")

    reader = new_context().new_page()
    response = reader.request.get(f"/articles/{old.slug}/", max_redirects=0)
    assert response.status == 301 and response.headers["location"] == f"/articles/{new.slug}/"
    reader.goto(f"/articles/{old.slug}/")
    expect(reader.get_by_role("heading", level=1, name="Cramp or clot (2027)")).to_be_visible()


def test_a_scheduled_approval_goes_live_only_when_publish_scheduled_runs_after_its_time(page, new_context):
    article = published_article(title="Night cramps", slug="night-cramps")
    writer = editor(username="sched-writer")
    article.summary = "A summary that goes live on Monday."
    article.save()
    workflow.record_edit(article, writer)
    workflow.perform(article, writer, "submit")

    log_in(page, reviewer(username="scheduler"))
    page.goto(f"/admin/articles/article/{article.pk}/workflow/")
    page.get_by_role("button", name="Start review").click()
    when = timezone.localtime() + datetime.timedelta(days=2)
    page.get_by_label("Go live at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Approve to go live later").click()
    expect(page.locator("ul.messagelist")).to_contain_text("is now approved, to go live later")
    page.goto("/admin/")
    expect(page.locator("#scheduled")).to_contain_text("Night cramps")
    expect(page.locator("#scheduled")).to_contain_text(when.strftime("%Y-%m-%d %H:%M"))
    assert_accessible(page)

    reader = new_context().new_page()
    reader.goto(f"/articles/{article.slug}/")
    expect(reader.locator("main")).not_to_contain_text("goes live on Monday")
    assert workflow.publish_scheduled() == []
    workflow.publish_scheduled(now=when + datetime.timedelta(minutes=1))
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED
    reader = new_context().new_page()  # a fresh browser: no copy of the page in its own HTTP cache
    reader.goto(f"/articles/{article.slug}/")
    expect(reader.locator("main")).to_contain_text("A summary that goes live on Monday.")
