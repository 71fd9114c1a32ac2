"""Readers' feedback on the review page and in the feedback list, in
Chromium: the comments get room to be read (measured, at 1280 and at phone
width), nothing runs off the side of a phone, and axe finds no problems."""

import os

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.admin_pages import log_in
from tests.factories import ensure_roles_and_topics, reviewer
from tests.feedback_factories import FeedbackFactory, article_in_review_with_feedback, days_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LONG_COMMENT = (
    "I get cramps most nights and the stretch helped, but I was not sure how long to hold it or how often to do it. "
    "A picture of the stretch, and a line on what to do if it keeps coming back, would make this page better."
)
# Set LCG_SCREENSHOTS=/some/dir to keep full-page screenshots to look at.
SCREENSHOTS = os.environ.get("LCG_SCREENSHOTS")


@pytest.fixture(autouse=True)
def roles_and_topics():
    ensure_roles_and_topics()


@pytest.fixture
def article():
    article = article_in_review_with_feedback()
    FeedbackFactory(article=article, helpful=True, created_at=days_ago(2), comment=LONG_COMMENT)
    return article


def shoot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def overflowing(page):
    """Elements of the content that reach past the right edge of the window."""
    return page.evaluate("""() => [...document.querySelectorAll('#content-main *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")


def test_the_review_page_gives_readers_comments_room_and_passes_axe(page, article):
    page.set_viewport_size(DESKTOP)
    log_in(page, reviewer(username="feedback-reviewer"))
    page.goto(f"/admin/articles/article/{article.pk}/workflow/")
    section = page.get_by_role("region", name="What readers said")
    expect(section).to_be_visible()
    comments = section.locator(".reader-comment__text")
    expect(comments).to_have_count(4)
    expect(comments.first).to_have_text(LONG_COMMENT)
    for n in range(4):
        assert comments.nth(n).bounding_box()["width"] >= 300, comments.nth(n).bounding_box()
    long_box = comments.first.bounding_box()
    assert long_box["height"] <= 5 * 24, long_box  # a 220-character comment in a few lines, not a column of words
    table = section.get_by_role("table", name="Answers by approved version")
    expect(table.get_by_role("rowheader", name="2 (live)")).to_be_visible()
    assert_accessible(page)
    shoot(page, "feedback-review")

    page.set_viewport_size(PHONE)
    assert comments.first.bounding_box()["width"] >= 280
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, overflowing(page)
    assert_accessible(page)
    shoot(page, "feedback-review")


def visible_width(cell):
    """The width of the cell one can see: the results table may scroll sideways."""
    return cell.evaluate("""cell => {
        const box = cell.getBoundingClientRect(), area = cell.closest('.results').getBoundingClientRect();
        return Math.min(box.right, area.right, window.innerWidth) - Math.max(box.left, area.left);
    }""")


def test_the_feedback_list_gives_the_comment_column_room_and_names_the_version(page, article):
    page.set_viewport_size(DESKTOP)
    log_in(page, reviewer(username="feedback-list-reviewer"))
    page.goto(f"/admin/articles/article/{article.pk}/workflow/")
    page.get_by_role("link", name="Every answer to this article, in the feedback list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Readers’ answers to “Night-time leg cramps”")
    expect(page.get_by_role("columnheader", name="Version")).to_be_visible()
    cell = page.locator("td.field-comment", has_text="I get cramps most nights")
    assert visible_width(cell) >= 300, cell.bounding_box()
    assert_accessible(page)
    shoot(page, "feedback-list")

    # On a phone each answer is a block: the comment has the width of the screen.
    page.set_viewport_size(PHONE)
    expect(cell).to_contain_text("I get cramps most nights")
    assert visible_width(cell) >= 300, cell.bounding_box()
    assert page.evaluate("document.querySelector('.results').scrollWidth") <= PHONE["width"], "the list scrolls sideways"
    expect(page.locator("tr", has=cell).locator("td.field-version_seen")).to_have_text("2")
    assert_accessible(page)
    shoot(page, "feedback-list")
    page.set_viewport_size(DESKTOP)

    # Every article's answers: the comments still fit, next to the article's name.
    page.get_by_role("link", name="Feedback", exact=True).click()
    expect(page.get_by_role("columnheader", name="Article")).to_be_visible()
    cell = page.locator("td.field-comment", has_text="I get cramps most nights")
    shoot(page, "feedback-list-all")
    assert visible_width(cell) >= 200 and cell.bounding_box()["width"] == pytest.approx(visible_width(cell), abs=1)
