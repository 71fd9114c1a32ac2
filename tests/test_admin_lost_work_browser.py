"""No refusal loses typed text, in Chromium: an editor is typing when a
colleague submits the article, or a reviewer starts reviewing it; a second
editor saves first. Also recall and restore, as editors use them."""

import pytest
from playwright.sync_api import expect

from articles import workflow
from articles.models import Article, Status
from tests.admin_pages import log_in
from tests.factories import editor, ensure_roles_and_topics, published_article, reviewer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "My long new paragraph about stretching before bed, typed over twenty minutes."


@pytest.fixture(autouse=True)
def roles_and_topics():
    ensure_roles_and_topics()


def open_change_form(page, article):
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    body = page.locator("#article_form fieldset").first.get_by_label("Body:")
    expect(body).to_be_editable()
    return body


@pytest.mark.parametrize("meanwhile", ["colleague submits", "reviewer starts review"])
def test_a_save_refused_because_the_article_moved_on_keeps_the_typed_text(page, meanwhile):
    article = published_article(title="Night cramps")
    typist, colleague = editor(username="typist"), editor(username="colleague", first_name="Cole", last_name="League")
    log_in(page, typist)
    body = open_change_form(page, article)
    body.fill(body.input_value() + "\n" + TYPED + "\n")

    # Meanwhile, in another browser: the colleague edits and submits; perhaps a reviewer starts.
    article.summary = "The colleague's summary."
    article.save()
    workflow.record_edit(article, colleague)
    workflow.perform(article, colleague, "submit")
    if meanwhile == "reviewer starts review":
        workflow.perform(article, reviewer(username="rev", first_name="Rita", last_name="Reviewer"), "start_review")

    page.get_by_role("button", name="Save", exact=True).click()
    errors = page.locator(".errornote, .errorlist")
    expect(errors.first).to_be_visible()
    who = "Cole League submitted it for review" if meanwhile == "colleague submits" else "Rita Reviewer started reviewing it"
    expect(page.locator("#article_form")).to_contain_text(who)
    expect(page.locator("#article_form")).to_contain_text("your changes were NOT saved")
    # The typed text is still there, in an editable box, to copy.
    body = page.locator("#article_form fieldset").first.get_by_label("Body:")
    assert TYPED in body.input_value()
    assert TYPED not in Article.objects.get(pk=article.pk).body
    page.screenshot(path=f"/tmp/lost-work-{meanwhile.split()[1]}-1280.png", full_page=False)


def test_a_second_editors_save_is_refused_with_who_and_when_and_can_then_be_saved_on_purpose(page, new_context):
    article = published_article(title="Calf stretches")
    first_page = new_context().new_page()
    log_in(first_page, editor(username="first", first_name="Fran", last_name="First"))
    log_in(page, editor(username="second"))
    first_body, second_body = open_change_form(first_page, article), open_change_form(page, article)

    first_body.fill("## First\n\nThe first editor's text [ref:allen2012].\n")
    first_page.get_by_role("button", name="Save", exact=True).click()
    expect(first_page.locator("ul.messagelist")).to_contain_text("was changed successfully")

    second_body.fill("## Second\n\nThe second editor's text [ref:allen2012].\n")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#article_form")).to_contain_text("Fran First saved this article at")
    assert "The second editor's text" in page.locator("#article_form fieldset").first.get_by_label("Body:").input_value()

    page.get_by_role("button", name="Save", exact=True).click()  # saving again replaces, on purpose
    expect(page.locator("ul.messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert "The second editor's text" in article.body
    assert article.versions.filter(body__contains="The first editor's text").exists()


def test_an_editor_recalls_a_submission_and_restores_an_older_version(page):
    article = published_article(title="Cramps in pregnancy")
    writer = editor(username="recaller")
    log_in(page, writer)
    body = open_change_form(page, article)
    body.fill("## Draft\n\nA draft I regret [ref:allen2012].\n")
    page.get_by_role("button", name="Save", exact=True).click()
    page.goto(f"/admin/articles/article/{article.pk}/workflow/")
    page.get_by_role("button", name="Submit for review", exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text("is now submitted for review")

    page.get_by_role("button", name="Recall (take back from review)").click()
    expect(page.locator("ul.messagelist")).to_contain_text("is now draft")

    page.get_by_label("Compare").select_option("live")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.get_by_role("button", name="Restore live (version 1) as the working copy").click()
    expect(page.locator("ul.messagelist")).to_contain_text("is the working copy again")
    article.refresh_from_db()
    assert article.body == article.live.body and article.status == Status.DRAFT
    assert list(article.transitions.values_list("action", flat=True))[-2:] == ["submit", "recall"]
