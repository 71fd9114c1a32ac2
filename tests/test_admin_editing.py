"""The change form: adding and editing articles, what counts as an edit, and saves that are refused (an article with a reviewer, a concurrent edit, a missing version) without losing the typed text."""

import html
import re

import pytest
from django.test import Client

from articles.forms import ArticleForm
from articles.models import Article, Status
from articles.workflow import perform
from tests.admin_pages import (
    OLD_SENTENCE,
    as_user,
    change_form_data,
    change_url,
    open_change_form,
)
from tests.factories import (
    article_in,
    category,
    editor,
    published_article,
    reviewer,
    superuser,
)

pytestmark = pytest.mark.django_db


def test_an_editor_can_add_an_article(client):
    """The add form posts its hidden edit_version empty, as a browser does."""
    writer = editor()
    as_user(client, writer)
    response = client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    data = change_form_data(response)
    assert data["edit_version"] == ""
    data.update(title="Cramps in pregnancy", slug="cramps-in-pregnancy", category=str(category().pk), summary="Why and what helps.",
                body="## Why\n\nCramps are common in the last months.\n")  # fmt: skip

    response = client.post("/admin/articles/article/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="cramps-in-pregnancy")
    assert (article.status, article.edit_version, article.created_by) == (Status.DRAFT, 1, writer)
    assert list(article.contributors.all()) == [writer]
    assert [(v.number, v.saved_by, v.title) for v in article.versions.all()] == [(1, writer, "Cramps in pregnancy")]
    assert article.live is None


def test_saving_an_edit_bumps_the_edit_version_once(client):
    article = article_in(Status.DRAFT)
    version = article.edit_version
    as_user(client, editor())
    data = open_change_form(client, article)
    data["summary"] = "A clearer summary."
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.edit_version == version + 1


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW])
def test_an_article_with_a_reviewer_is_read_only_in_the_change_form(client, status):
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)  # opened while still a draft

    Article.objects.filter(pk=article.pk).update(status=status)  # a reviewer takes it meanwhile
    page = client.get(change_url(article)).content.decode()
    assert 'name="body"' not in page and 'name="_save"' not in page

    data["body"] = "Changed while the reviewer was reading it."
    response = client.post(change_url(article), data)
    # The form again with the typed text, not a bare 403: nothing typed is lost.
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "the article cannot be changed now and your changes were NOT saved" in page
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert textarea and "Changed while the reviewer was reading it." in textarea.group(1)
    article.refresh_from_db()
    assert article.body != data["body"] and article.status == status


@pytest.mark.parametrize(
    "step,who_did_what",
    [("submit", "Pat Colleague submitted it for review at"), ("start_review", "Rita Reviewer started reviewing it at")],
)
def test_a_save_refused_because_a_colleague_moved_the_article_on_says_who_when_and_what_to_do(
    client, step, who_did_what
):
    colleague = editor(first_name="Pat", last_name="Colleague")
    checker = reviewer(first_name="Rita", last_name="Reviewer")
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)
    perform(article, colleague, "submit")
    if step == "start_review":
        perform(article, checker, "start_review")

    data["body"] += "\nMy new paragraph about magnesium.\n"
    page = html.unescape(client.post(change_url(article), data).content.decode())
    assert who_did_what in page
    assert "ask the reviewer to send it back with “Request changes”" in page
    assert "My new paragraph about magnesium." in page
    article.refresh_from_db()
    assert "magnesium" not in article.body


def test_not_even_a_superuser_can_edit_an_article_in_review(client):
    article = article_in(Status.IN_REVIEW)
    as_user(client, superuser())
    page = client.get(change_url(article)).content.decode()
    assert 'name="body"' not in page
    response = client.post(
        change_url(article), {"title": "Hijacked", "body": "x", "edit_version": article.edit_version}
    )
    assert response.status_code == 200 and "your changes were NOT saved" in response.content.decode()
    article.refresh_from_db()
    assert article.title != "Hijacked"


def test_the_form_itself_refuses_an_article_under_review():
    """Defence in depth behind the admin's read-only view."""
    article = article_in(Status.IN_REVIEW)
    data = {
        "title": article.title, "slug": article.slug, "category": article.category_id, "audience": article.audience,
        "summary": article.summary, "body": "New text", "review_interval_months": 36,
        "edit_version": article.edit_version,
    }  # fmt: skip
    form = ArticleForm(data, instance=article)
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "edit_refused"


def test_reviewers_cannot_edit_at_all(client):
    article = article_in(Status.DRAFT)
    as_user(client, reviewer())
    page = client.get(change_url(article)).content.decode()
    assert 'name="body"' not in page
    assert client.post(change_url(article), {"title": "Reviewer's edit"}).status_code == 403
    assert client.get("/admin/articles/article/add/").status_code == 403


def test_changing_only_a_reference_counts_as_an_edit(client):
    writer = editor()
    article = published_article()
    as_user(client, writer)
    data = open_change_form(client, article)
    data["references-0-title"] = "Nocturnal leg cramps (updated)"
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert list(article.contributors.all()) == [writer]
    assert article.live.references[0]["title"] == "Nocturnal leg cramps"


def test_the_second_of_two_concurrent_edits_is_refused_and_its_text_kept():
    article = published_article()
    first, second = Client(), Client()
    first.force_login(editor(first_name="Fran", last_name="First"))
    second.force_login(editor())
    data_first, data_second = open_change_form(first, article), open_change_form(second, article)
    assert data_first["edit_version"] == data_second["edit_version"]

    data_first["body"] = data_first["body"].replace(OLD_SENTENCE, "The first editor's sentence.")
    assert first.post(change_url(article), data_first).status_code == 302

    second_text = "The second editor wrote this paragraph about calf stretches."
    data_second["body"] = data_second["body"].replace(OLD_SENTENCE, second_text)
    response = second.post(change_url(article), data_second)

    assert response.status_code == 200  # the form again, not a redirect
    page = html.unescape(response.content.decode())
    assert re.search(r"Fran First saved this article at \d\d:\d\d, while you were editing it, so your changes were "
                     r"NOT saved\.", page)  # fmt: skip
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert textarea and second_text in textarea.group(1)
    article.refresh_from_db()
    assert "The first editor's sentence." in article.body and second_text not in article.body
    assert article.contributors.count() == 1

    # Saving the form shown again replaces the first editor's text on purpose;
    # theirs stays in the history.
    again = change_form_data(response)
    assert second.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert second_text in article.body
    assert "The first editor's sentence." in article.versions.order_by("-number")[1].body


def test_saving_twice_from_one_form_is_refused_the_second_time(client):
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)
    data["summary"] = "First save."
    assert client.post(change_url(article), data).status_code == 302
    data["summary"] = "Second save from the same old form."
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "saved this article at" in response.content.decode()
    article.refresh_from_db()
    assert article.summary == "First save."


def test_a_change_form_posted_without_its_edit_version_is_refused_and_the_text_kept(client):
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)
    del data["edit_version"]
    data["body"] = "Text written in a form that lost its version number."
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "your changes were NOT saved" in page
    assert "Text written in a form that lost its version number." in page
    article.refresh_from_db()
    assert article.body != data["body"]


def test_a_concurrent_edit_of_the_references_is_refused_and_the_reference_text_kept():
    article = published_article()
    first, second = Client(), Client()
    first.force_login(editor())
    second.force_login(editor())
    data_first, data_second = open_change_form(first, article), open_change_form(second, article)

    data_first["summary"] = "The first editor's summary."
    assert first.post(change_url(article), data_first).status_code == 302

    data_second["references-0-title"] = "Nocturnal leg cramps: the second editor's correction"
    data_second["references-0-year"] = "2014"
    response = second.post(change_url(article), data_second)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "while you were editing it, so your changes were NOT saved." in page
    title_input = re.search(r'<input[^>]*name="references-0-title"[^>]*>', page).group(0)
    assert 'value="Nocturnal leg cramps: the second editor\'s correction"' in title_input
    assert re.search(r'<input[^>]*name="references-0-year"[^>]*value="2014"', page)
    reference = article.references.get()
    assert (reference.title, reference.year) == ("Nocturnal leg cramps", 2012)
    article.refresh_from_db()
    assert article.summary == "The first editor's summary."


def test_a_reference_without_a_doi_pubmed_id_or_url_is_explained_in_the_form(client):
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)
    data.update({"references-0-pmid": "", "references-0-doi": "", "references-0-url": ""})
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Give a DOI, a PubMed ID or a URL so readers can find the source." in response.content.decode()
    assert "Please correct the error below." in response.content.decode()
    assert article.references.get().pmid == "22963024"


def test_saving_an_unchanged_form_as_a_browser_posts_it_changes_nothing(client):
    """Browsers send a textarea's line ends as CRLF; that alone is not an edit,
    so a published article does not drop back to draft."""
    article = published_article()
    version = article.edit_version
    as_user(client, editor())
    data = open_change_form(client, article)
    data["body"] = data["body"].replace("\n", "\r\n")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.edit_version) == (Status.APPROVED, version)
    assert not article.contributors.exists()
    assert "\r" not in article.body


def test_a_body_edited_in_a_browser_is_stored_with_plain_line_ends(client):
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)
    data["body"] = "## Start\r\n\r\nNew words [ref:allen2012].\r\n"
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body == "## Start\n\nNew words [ref:allen2012].\n"


def test_forged_workflow_fields_in_the_change_form_are_ignored(client):
    """Status, the live version and the contributors are never form fields."""
    article = published_article()
    other = published_article(title="Another article")
    boss = superuser()
    as_user(client, editor())
    data = open_change_form(client, article)
    data.update(
        {"status": Status.APPROVED, "live": str(other.live.pk), "contributors": [str(boss.pk)], "edit_version": data[
            "edit_version"], "body": data["body"] + "\nA new line.\n"}
    )  # fmt: skip
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.live.number == 1 and article.live.article_id == article.pk
    assert boss not in article.contributors.all()


@pytest.mark.parametrize("months", ["0", "61", "32767"])
def test_a_review_interval_outside_1_to_60_months_is_refused_with_the_text_kept(client, months):
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)
    data["review_interval_months"] = months
    data["body"] += "\nA sentence typed in the same save.\n"
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert re.search(r"Ensure this value is (less|greater) than or equal to (60|1)\.", page)
    assert "A sentence typed in the same save." in page
    article.refresh_from_db()
    assert article.review_interval_months == 36


def test_every_save_is_kept_as_a_version_with_who_and_when(client):
    writer, colleague = editor(), editor()
    article = article_in(Status.DRAFT)
    for person, summary in [(writer, "First wording."), (colleague, "Second wording.")]:
        as_user(client, person)
        data = open_change_form(client, article)
        data["summary"] = summary
        assert client.post(change_url(article), data).status_code == 302
    versions = list(article.versions.order_by("number"))
    assert [(v.saved_by, v.summary) for v in versions] == [(writer, "First wording."), (colleague, "Second wording.")]
    article.refresh_from_db()
    assert versions[-1].number == article.edit_version


def test_editing_a_live_article_is_an_audited_step_back_to_draft(client):
    writer = editor()
    article = published_article()
    as_user(client, writer)
    data = open_change_form(client, article)
    data["summary"] = "A new summary."
    assert client.post(change_url(article), data).status_code == 302
    step = article.transitions.last()
    assert (step.action, step.from_status, step.to_status, step.by) == ("edit", "approved", "draft", writer)


def test_an_article_cannot_be_related_to_itself(client):
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)
    data["related"] = [str(article.pk)]
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Select a valid choice" in html.unescape(response.content.decode())
    assert not article.related.exists()


def test_the_slug_help_text_shows_the_address_and_the_slug_is_filled_from_the_title(client):
    as_user(client, editor())
    page = html.unescape(client.get("/admin/articles/article/add/").content.decode())
    assert "/articles/leg-cramps-at-night/" in page and "/articles//" not in page
    assert 'data-prepopulated-fields' in page or "prepopulated" in page


def test_view_on_site_is_offered_only_for_a_published_article(client):
    as_user(client, editor())
    draft, live = article_in(Status.DRAFT), published_article()
    assert "View on site" not in client.get(change_url(draft)).content.decode()
    assert "View on site" in client.get(change_url(live)).content.decode()


def test_the_body_help_names_every_tag_the_page_can_show(client):
    """Pictures, drawings and each country's services: an editor who cannot
    see a tag cannot use it."""
    from articles.figures import FIGURES
    from articles.rendering import REGION_PLACEHOLDERS, SAME_DAY_TOKEN

    page = html.unescape(as_user(client, editor()).get("/admin/articles/article/add/").content.decode())
    help_text = re.search(r'<div class="help" id="id_body_helptext">\s*<div>(.*?)</div>', page, re.DOTALL).group(1)
    for tag in ["[ref:key]", "[image:slug]", *(f"[figure:{name}]" for name in FIGURES), *REGION_PLACEHOLDERS,
                SAME_DAY_TOKEN]:  # fmt: skip
        assert tag in help_text
