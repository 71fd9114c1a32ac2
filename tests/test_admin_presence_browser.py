"""Presence in Chromium: two editors with the same article open, with the
page's script and without it."""

import pytest
from playwright.sync_api import expect

from articles import presence
from articles.models import Article
from tests.a11y import assert_accessible
from tests.admin_pages import change_url, log_in, workflow_url
from tests.factories import editor, ensure_roles_and_topics, published_article, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def roles_and_topics():
    ensure_roles_and_topics()


@pytest.fixture(autouse=True)
def quick_heartbeat(monkeypatch):
    monkeypatch.setattr(presence, "HEARTBEAT_SECONDS", 1)


def body_box(page):
    return page.locator("#article_form fieldset").first.get_by_label("Body:")


def open_form(page, article):
    page.goto(change_url(article))
    expect(body_box(page)).to_be_editable()


def test_an_editor_sees_a_colleague_start_typing_and_stop(page, new_context):
    article = published_article(title="Night cramps")
    fran_page = new_context().new_page()
    log_in(fran_page, editor(username="fran", first_name="Fran", last_name="First"))
    log_in(page, editor(username="sam"))
    open_form(fran_page, article)
    open_form(page, article)
    box = page.locator("#presence")
    # Fran's form is open with nothing typed: Sam is told only that it is open.
    expect(box).to_contain_text("Open in Fran First’s editor since")

    body_box(fran_page).press_sequentially("A new line. ")
    expect(box).to_contain_text("Being edited by Fran First since")
    expect(box).to_contain_text("with unsaved changes")
    page.screenshot(path="/tmp/presence-change-form-1280.png", full_page=True)

    fran_page.close()  # leaving the page gives the lease up
    expect(box).to_be_hidden()


def test_without_javascript_presence_is_shown_on_load_and_checked_at_save(new_context):
    article = published_article(title="Calf stretches")
    fran_page = new_context(java_script_enabled=False).new_page()
    log_in(fran_page, editor(username="fran", first_name="Fran", last_name="First"))
    open_form(fran_page, article)

    sam_page = new_context(java_script_enabled=False, viewport=PHONE).new_page()
    log_in(sam_page, editor(username="sam"))
    open_form(sam_page, article)
    box = sam_page.locator("#presence")
    expect(box).to_contain_text("Being edited by Fran First since")
    expect(box).to_contain_text("They may have unsaved changes")
    # On a phone the warning is on the first screen, above the form.
    top = box.bounding_box()
    assert top["y"] + top["height"] <= PHONE["height"]
    assert top["y"] < body_box(sam_page).bounding_box()["y"]
    sam_page.screenshot(path="/tmp/presence-no-js-390.png")

    sam_page.get_by_label("Summary:").fill("Sam's summary, saved while Fran is still typing.")
    sam_page.get_by_role("button", name="Save", exact=True).click()
    warning = sam_page.locator("ul.messagelist .warning")
    expect(warning).to_contain_text("Being edited by Fran First since")
    expect(warning).to_contain_text("Your save went in")
    assert Article.objects.get(pk=article.pk).summary.startswith("Sam's summary")


def test_the_list_and_the_review_page_name_who_is_editing_and_pass_axe(page, new_context):
    article = published_article(title="Cramp or clot?")
    fran_page = new_context().new_page()
    log_in(fran_page, editor(username="fran", first_name="Fran", last_name="First"))
    open_form(fran_page, article)
    body_box(fran_page).press_sequentially("Typed. ")

    log_in(page, editor(username="sam"))
    page.goto("/admin/articles/article/")
    row = page.locator("#result_list tbody tr", has_text="Cramp or clot?")
    expect(row.locator("td.field-being_edited")).to_contain_text("Fran First since")
    assert_accessible(page)
    page.screenshot(path="/tmp/presence-list-1280.png")

    open_form(page, article)
    expect(page.locator("#presence")).to_be_visible()
    assert_accessible(page)

    reviewer_page = new_context(viewport=PHONE).new_page()
    log_in(reviewer_page, reviewer(username="rita"))
    reviewer_page.goto(workflow_url(article))
    expect(reviewer_page.locator("#presence")).to_contain_text("Being edited by Fran First since")
    assert_accessible(reviewer_page)
    reviewer_page.screenshot(path="/tmp/presence-review-390.png")
