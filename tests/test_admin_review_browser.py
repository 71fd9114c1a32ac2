"""The review screen in Chromium: readable at desktop width, short for a small
change, reachable by its "next change" links, and accessible (axe)."""

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.readability import reading_time_minutes
from tests.a11y import assert_accessible
from tests.admin_pages import log_in
from tests.factories import ArticleFactory, editor, ensure_roles_and_topics, published_article, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCE = "Most cramps stop on their own after a few minutes, and a gentle stretch of the calf often helps it pass sooner."
# About 600 words: a three-minute read.
THREE_MINUTE_BODY = "\n\n".join(
    [f"## Part {n}\n\n{SENTENCE} {SENTENCE} {SENTENCE} {SENTENCE} Note {n} [ref:allen2012]." for n in range(1, 7)]
) + "\n"


@pytest.fixture(autouse=True)
def roles_and_topics():
    ensure_roles_and_topics()


def article_with_one_word_changed():
    article = published_article(title="Cramps explained at length", body=THREE_MINUTE_BODY)
    assert reading_time_minutes(article.body) == 3
    writer = editor(username="diff-editor")
    article.body = article.body.replace("Note 4 [ref", "Remark 4 [ref")
    article.save()
    workflow.record_edit(article, writer)
    workflow.perform(article, writer, "submit")
    return article


def test_a_one_word_change_is_wide_enough_to_read_and_shorter_than_two_screens(page):
    article = article_with_one_word_changed()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, reviewer(username="diff-reviewer"))
    page.goto(f"/admin/articles/article/{article.pk}/workflow/")

    changed = page.locator(".diff-para--changed .diff-new")
    expect(changed).to_have_count(1)
    expect(changed.locator("ins")).to_have_text("added: Remark")
    assert changed.bounding_box()["width"] >= 500
    diff = page.locator(".review-diff").bounding_box()
    assert diff["height"] < 2 * 900, diff
    page.screenshot(path="/tmp/review-1280.png", full_page=True)

    # "Next change" after the last change lands on the actions.
    page.get_by_role("link", name="Go to the first change").click()
    assert page.url.endswith("#change-1")
    page.locator(".diff-next").last.click()
    assert page.url.endswith("#review-actions")

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/review-390.png", full_page=True)
    wide = page.evaluate("""[...document.querySelectorAll('#content-main *')].filter(e => e.getBoundingClientRect().right > 391)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, wide


def test_the_review_page_passes_axe(page):
    article = article_with_one_word_changed()
    log_in(page, reviewer(username="axe-reviewer"))
    page.goto(f"/admin/articles/article/{article.pk}/workflow/")
    assert_accessible(page)
    # And with the choices a reviewer sees once the review is started.
    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_role("button", name="Approve and publish")).to_be_visible()
    assert_accessible(page)


def test_a_new_article_in_review_shows_its_whole_text_as_added(page):
    writer = editor(username="new-editor")
    article = ArticleFactory(title="A brand new article")
    workflow.record_edit(article, writer, created=True)
    workflow.perform(article, writer, "submit")
    log_in(page, reviewer(username="new-reviewer"))
    page.goto(f"/admin/articles/article/{article.pk}/workflow/")
    expect(page.locator(".review-diff")).to_contain_text("Live (nothing published yet)")
    expect(page.locator(".diff-para--added").first).to_be_visible()
