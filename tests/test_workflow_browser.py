"""The whole editorial journey in a real browser.

An editor writes and submits an article, a reviewer (in another browser
session) starts the review, reads the diff and approves it, readers see it;
the editor changes it again and readers keep seeing the approved text until
the next approval.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Revision, Status
from tests.factories import editor, ensure_roles_and_topics, reviewer

# The live server needs committed data, so these tests are transactional.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
TIMEOUT_MS = 15_000

TITLE = "Cramps after running"
SLUG = "cramps-after-running"
FIRST_TEXT = "A cramp after a long run usually passes within a few minutes."
SECOND_TEXT = "Drinking water and stretching after a run can help prevent cramps."


@pytest.fixture(autouse=True)
def roles_and_topics():
    """An earlier transactional test may have emptied the tables."""
    ensure_roles_and_topics()


@pytest.fixture
def open_session(new_context):
    """A separate browser session (its own cookies), as a second person."""

    def open_page():
        context = new_context()
        context.set_default_timeout(TIMEOUT_MS)
        return context.new_page()

    return open_page


def log_in(page, user):
    """Through the real login form, so django-axes sees a real request."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def main_form(page):
    """The article's own fields (not the hidden template row for references)."""
    return page.locator("#article_form fieldset").first


def click_workflow_button(page, label):
    page.get_by_role("button", name=label, exact=True).click()


def expect_message(page, text):
    expect(page.locator("ul.messagelist")).to_contain_text(text)


def expect_public_page_shows(reader, shown, hidden):
    """`reader` is a new browser session each time: a browser that saw the
    page keeps its copy for up to PAGE_MAX_AGE seconds (Cache-Control), so
    only a reader arriving now shows what the server serves."""
    reader.goto(f"/articles/{SLUG}/")
    article = reader.locator("main")
    expect(reader.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(article).to_contain_text(shown)
    expect(article).not_to_contain_text(hidden)


def test_write_submit_review_approve_and_edit_again(page, open_session):
    page.set_default_timeout(TIMEOUT_MS)
    writer = editor(username="journey-editor")
    checker = reviewer(username="journey-reviewer")

    # --- The editor writes a new article and submits it ----------------------
    log_in(page, writer)
    articles_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Articles", exact=True))
    articles_row.get_by_role("link", name="Articles", exact=True).click()
    page.get_by_role("link", name=re.compile(r"add article", re.IGNORECASE)).click()
    form = main_form(page)
    form.get_by_label("Title:").fill(TITLE)
    form.get_by_label("Title:").press("Tab")
    expect(form.get_by_label("Slug:")).to_have_value(SLUG)  # filled in from the title
    form.get_by_label("Category:").select_option(label="Causes")
    form.get_by_label("Summary:").fill("Why your legs cramp after a run and what helps.")
    form.get_by_label("Body:").fill(f"## After a run\n\n{FIRST_TEXT}\n")
    page.get_by_role("button", name="Save and continue editing").click()
    expect_message(page, "was added successfully")

    # The editor previews the page as readers will see it before submitting.
    page.get_by_role("link", name="Preview", exact=True).click()
    expect(page.get_by_text("Preview of the working copy. Readers cannot see this page.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.locator(".article-body")).to_contain_text(FIRST_TEXT)
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, nofollow")
    page.go_back()

    page.get_by_role("link", name="Review, diff and workflow").click()
    expect(page.get_by_role("heading", name=f"Review and workflow: {TITLE}")).to_be_visible()
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    click_workflow_button(page, "Submit for review")
    expect_message(page, "is now submitted for review")
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)

    # --- A reviewer, in another session, reviews and approves it ---------------
    review = open_session()
    log_in(review, checker)
    awaiting = review.locator("#awaiting-review")
    expect(awaiting.get_by_role("heading", name="Awaiting review")).to_be_visible()
    awaiting.get_by_role("link", name=TITLE).click()
    click_workflow_button(review, "Start review")
    expect_message(review, "is now in review")
    diff = review.locator(".review-diff")
    expect(diff).to_contain_text("Live (nothing published yet)")
    expect(diff).to_contain_text(FIRST_TEXT)
    click_workflow_button(review, "Approve and publish")
    expect_message(review, "is now approved (published)")

    # --- Readers see it ----------------------------------------------------------
    expect_public_page_shows(open_session(), FIRST_TEXT, SECOND_TEXT)

    # --- The editor changes it; readers still see the approved text ----------------
    page.get_by_role("link", name=TITLE).first.click()  # breadcrumb back to the change form
    main_form(page).get_by_label("Body:").fill(f"## After a run\n\n{SECOND_TEXT}\n")
    page.get_by_role("button", name="Save", exact=True).click()
    expect_message(page, "was changed successfully")
    article = Article.objects.get(slug=SLUG)
    assert article.status == Status.DRAFT and SECOND_TEXT in article.body
    expect_public_page_shows(open_session(), FIRST_TEXT, SECOND_TEXT)

    page.goto(f"/admin/articles/article/{article.pk}/workflow/")
    click_workflow_button(page, "Submit for review")
    expect_message(page, "is now submitted for review")
    expect_public_page_shows(open_session(), FIRST_TEXT, SECOND_TEXT)

    # --- The reviewer sees both texts side by side and approves the new one ---------
    review.goto("/admin/")
    review.locator("#awaiting-review").get_by_role("link", name=TITLE).click()
    click_workflow_button(review, "Start review")
    diff = review.locator(".review-diff")
    expect(diff).to_contain_text("Live (version 1)")
    expect(diff).to_contain_text(FIRST_TEXT)
    expect(diff).to_contain_text(SECOND_TEXT)
    expect_public_page_shows(open_session(), FIRST_TEXT, SECOND_TEXT)
    click_workflow_button(review, "Approve and publish")
    expect_message(review, "is now approved (published)")

    expect_public_page_shows(open_session(), SECOND_TEXT, FIRST_TEXT)
    assert list(Revision.objects.filter(article=article).order_by("number").values_list("number", flat=True)) == [1, 2]
    assert list(article.transitions.values_list("action", "by__username")) == [
        ("submit", "journey-editor"),
        ("start_review", "journey-reviewer"),
        ("approve", "journey-reviewer"),
        ("edit", "journey-editor"),  # a live article's edit makes a new draft
        ("submit", "journey-editor"),
        ("start_review", "journey-reviewer"),
        ("approve", "journey-reviewer"),
    ]


def test_an_editor_is_offered_only_submit_never_review_or_approval(page):
    """Editors write; only reviewers start reviews and approve."""
    page.set_default_timeout(TIMEOUT_MS)
    writer = editor(username="solo-editor")
    log_in(page, writer)
    page.goto("/admin/articles/article/add/")
    form = main_form(page)
    form.get_by_label("Title:").fill(TITLE)
    form.get_by_label("Title:").press("Tab")
    expect(form.get_by_label("Slug:")).to_have_value(SLUG)  # filled in from the title
    form.get_by_label("Category:").select_option(label="Causes")
    form.get_by_label("Summary:").fill("Why your legs cramp after a run.")
    form.get_by_label("Body:").fill(FIRST_TEXT)
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="Review, diff and workflow").click()
    click_workflow_button(page, "Submit for review")
    expect_message(page, "is now submitted for review")
    # Their only step now is to take it back before a reviewer starts.
    expect(page.locator(".workflow-action button")).to_have_text(["Recall (take back from review)"])
    expect(page.get_by_role("button", name="Start review")).to_have_count(0)
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    assert Article.objects.get(slug=SLUG).status == Status.SUBMITTED
