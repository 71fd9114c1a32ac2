"""The feedback page in a real browser: a mistake is shown where the reader
is (the error summary takes the focus and is on screen at phone size), it
is accessible (axe), and it can be put right by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Feedback
from tests.a11y import assert_accessible
from tests.factories import ensure_roles_and_topics, published_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _topics():
    """An earlier transactional test may have flushed the topics the
    migrations create; articles need one."""
    ensure_roles_and_topics()


@pytest.fixture
def reader(page):
    page.set_default_timeout(15_000)
    page.set_viewport_size(PHONE)
    return page


def tab_to(page, element_id, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} never got keyboard focus")


def test_a_mistake_is_shown_where_the_reader_is_and_fixed_by_keyboard(reader):
    published_article(title="Calf stretches for cramps", slug="calf-stretches")
    reader.goto("/articles/calf-stretches/feedback/")  # no answer chosen yet
    tab_to(reader, "id_comment")
    reader.keyboard.type("I did not choose an answer.")
    reader.keyboard.press("Tab")
    reader.keyboard.press("Enter")

    summary = reader.get_by_role("alert")
    expect(summary).to_contain_text("Choose Yes or No.")
    expect(summary).to_be_focused()
    box = summary.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box  # on screen without scrolling
    expect(reader).to_have_title(re.compile(r"^Error: "))
    expect(reader.locator("#id_comment")).to_have_value("I did not choose an answer.")
    assert_accessible(reader)
    assert Feedback.objects.count() == 0

    # The summary's link takes the reader to the choice; the arrow key picks "No".
    reader.keyboard.press("Tab")
    reader.keyboard.press("Enter")
    expect(reader.locator("#id_helpful_0")).to_be_focused()
    reader.keyboard.press("ArrowDown")
    expect(reader.get_by_role("radio", name="No")).to_be_checked()
    tab_to(reader, "id_comment")
    reader.keyboard.press("Tab")
    expect(reader.get_by_role("button", name="Send feedback")).to_be_focused()
    reader.keyboard.press("Enter")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    assert (Feedback.objects.get().helpful, Feedback.objects.get().comment) == (False, "I did not choose an answer.")
