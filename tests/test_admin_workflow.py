"""The editorial workflow as editors and reviewers meet it, in the admin.

Every path that could change an article is tried by every kind of user:
the workflow page's buttons, a hand-made POST to the transition endpoint,
the bulk actions and the change form. What a reader sees at
/articles/<slug>/ only ever changes when a reviewer approves.
"""

import datetime
import html
import re

import pytest
from django import forms
from django.test import Client
from django.utils import timezone

from articles.admin import ArticleForm
from articles.models import Article, Audience, Revision, Status, Transition, add_months
from articles.readability import READER_GRADE_LIMIT
from articles.workflow import ACTIONS, perform
from tests.factories import (
    ArticleFactory,
    article_in,
    category,
    editor,
    published_article,
    reviewer,
    staff_without_group,
    superuser,
)

pytestmark = pytest.mark.django_db

COMMENT = "Please add a source for the magnesium advice."
OLD_SENTENCE = "It usually lasts a few seconds to a few minutes."
NEW_SENTENCE = "Stretching the calf gently often eases it."
LABELS = {name: action.label for name, action in ACTIONS.items()}


# --- Helpers ----------------------------------------------------------------------


def workflow_url(article):
    return f"/admin/articles/article/{article.pk}/workflow/"


def transition_url(article):
    return f"/admin/articles/article/{article.pk}/transition/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def as_user(client, user):
    client.force_login(user)
    return client


def change_form_data(response):
    """What the browser would post back from this change form unchanged: the
    article's fields, the hidden edit_version and every inline's management
    form and rows."""
    data = {}

    def put(form):
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
                data[key] = [str(v) for v in value or []]
            else:
                data[key] = "" if value is None else str(value)

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        put(inline.formset.management_form)
        for form in inline.formset.forms:
            put(form)
    return data


def open_change_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert 'name="body"' in response.content.decode(), "the change form should be editable"
    return change_form_data(response)


def messages_on(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def post_transition(client, article, action, comment="", edit_version=None):
    """Post one workflow button's form, follow the redirect; return the page."""
    data = {"action": action, "comment": comment}
    data["edit_version"] = Article.objects.get(pk=article.pk).edit_version if edit_version is None else edit_version
    return client.post(transition_url(article), data, follow=True)


def public_page(client, article):
    response = client.get(f"/articles/{article.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def buttons(page_html):
    return re.findall(r'<button type="submit" class="button[^"]*">([^<]+)</button>', page_html)


def diff_table_text(page_html):
    table = re.search(r'<table class="diff".*?</table>', page_html, re.DOTALL)
    assert table, "the workflow page has no diff table"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table.group(0), re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).replace("\xa0", " ") for cell in cells]


# --- Who may open the workflow page and post to it -------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    article = article_in(Status.IN_REVIEW)
    for url in (workflow_url(article), change_url(article), f"/admin/articles/article/{article.pk}/preview/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")

    for action in ACTIONS:
        response = client.post(
            transition_url(article), {"action": action, "comment": COMMENT, "edit_version": article.edit_version}
        )
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), action
    response = client.post(change_url(article), {"title": "Anonymous edit", "edit_version": article.edit_version})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.live is None
    assert article.title != "Anonymous edit" and not article.transitions.exists()


def test_staff_without_a_group_can_see_and_do_nothing(client):
    article = article_in(Status.SUBMITTED)
    as_user(client, staff_without_group())
    assert client.get(workflow_url(article)).status_code == 403
    assert client.get(f"/admin/articles/article/{article.pk}/preview/").status_code == 403
    assert client.get("/admin/articles/article/").status_code == 403
    assert client.get(change_url(article)).status_code == 403
    assert client.post(change_url(article), {"title": "Groupless edit", "edit_version": 1}).status_code == 403
    assert client.post("/admin/articles/article/add/", {"title": "New"}).status_code == 403
    for action in ACTIONS:
        response = client.post(transition_url(article), {"action": action, "comment": COMMENT, "edit_version": 1})
        assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert not article.transitions.exists()


def test_the_transition_endpoint_accepts_only_post(client):
    article = article_in(Status.IN_REVIEW)
    as_user(client, reviewer())
    assert client.get(transition_url(article), {"action": "approve"}).status_code == 405
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


# --- The buttons each role sees ----------------------------------------------------------


@pytest.mark.parametrize(
    "role,status,expected",
    [
        ("editor", Status.DRAFT, ["submit"]),
        ("editor", Status.CHANGES_REQUESTED, ["submit"]),
        ("editor", Status.SUBMITTED, []),
        ("editor", Status.IN_REVIEW, []),
        ("editor", Status.APPROVED, []),
        ("editor", Status.ARCHIVED, []),
        ("reviewer", Status.DRAFT, ["archive"]),
        ("reviewer", Status.SUBMITTED, ["start_review", "request_changes", "archive"]),
        ("reviewer", Status.IN_REVIEW, ["request_changes", "approve", "archive"]),
        ("reviewer", Status.APPROVED, ["archive"]),
        ("reviewer", Status.ARCHIVED, ["restore"]),
        ("superuser", Status.DRAFT, ["submit", "archive"]),
        ("superuser", Status.IN_REVIEW, ["request_changes", "approve", "archive"]),
    ],
)
def test_the_workflow_page_shows_only_the_buttons_the_user_may_use(client, role, status, expected):
    article = article_in(status)
    as_user(client, {"editor": editor, "reviewer": reviewer, "superuser": superuser}[role]())
    response = client.get(workflow_url(article))
    assert response.status_code == 200
    page = response.content.decode()
    assert buttons(page) == [LABELS[name] for name in expected]
    if not expected:
        assert "There is nothing you can do with this article now." in page
    for name in expected:
        if ACTIONS[name].comment_required:
            assert f'<textarea id="comment-{name}" name="comment" rows="3" cols="80" required>' in page


@pytest.mark.django_db
def test_each_comment_box_says_which_action_it_belongs_to(client):
    article = article_in(Status.IN_REVIEW)
    as_user(client, reviewer())
    page = client.get(workflow_url(article)).content.decode()
    labels = re.findall(r'<label for="comment-(\w+)">([^<]+)</label>', page)
    assert labels == [
        ("request_changes", f"Comment for “{LABELS['request_changes']}” (required)"),
        ("approve", f"Comment for “{LABELS['approve']}” (optional)"),
        ("archive", f"Comment for “{LABELS['archive']}” (required)"),
    ]


# --- Every transition through the endpoint, by role ------------------------------------------

ROLES = {"editor": editor, "reviewer": reviewer, "superuser": superuser}
MAY = {
    "submit": {"editor", "superuser"},
    "start_review": {"reviewer", "superuser"},
    "request_changes": {"reviewer", "superuser"},
    "approve": {"reviewer", "superuser"},
    "archive": {"reviewer", "superuser"},
    "restore": {"reviewer", "superuser"},
}
CASES = [(name, source) for name, action in ACTIONS.items() for source in sorted(action.sources)]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action,source", CASES)
def test_every_transition_posted_by_every_role(client, action, source, role):
    article = article_in(source)
    user = ROLES[role]()
    as_user(client, user)
    steps_before = article.transitions.count()

    response = post_transition(client, article, action, comment=COMMENT if ACTIONS[action].comment_required else "")

    assert response.redirect_chain == [(workflow_url(article), 302)]
    article.refresh_from_db()
    if role in MAY[action]:
        assert article.status == ACTIONS[action].target
        step = article.transitions.last()
        assert (step.action, step.from_status, step.to_status, step.by) == (action, source, article.status, user)
        assert messages_on(response) == [f"“{article.title}” is now {article.get_status_display().lower()}."]
    else:
        assert article.status == source
        assert article.transitions.count() == steps_before
        assert messages_on(response) == [f"You do not have permission to {LABELS[action].lower()}."]


def test_an_editor_posting_approve_by_hand_is_refused(client):
    article = article_in(Status.IN_REVIEW)
    as_user(client, editor())
    response = post_transition(client, article, "approve")
    assert "You do not have permission to approve and publish." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert article.live is None and not Revision.objects.filter(article=article).exists()
    assert not Transition.objects.filter(article=article).exists()


def test_a_reviewer_cannot_request_changes_without_saying_why(client):
    article = article_in(Status.IN_REVIEW)
    as_user(client, reviewer())
    response = post_transition(client, article, "request_changes", comment="   ")
    assert messages_on(response) == ["Please write a comment saying what needs to change and why."]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_an_action_from_the_wrong_state_is_refused_even_for_a_superuser(client):
    article = article_in(Status.DRAFT)
    as_user(client, superuser())
    response = post_transition(client, article, "approve")
    assert messages_on(response) == ["An article that is “Draft” cannot be sent to “Approved (published)”."]
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_approving_with_a_stale_edit_version_is_refused(client):
    """A reviewer opens the page, the article goes round the loop again with
    new text, and the reviewer's old page must not approve the new text."""
    first, second, writer = reviewer(), reviewer(), editor()
    article = article_in(Status.IN_REVIEW)
    page = as_user(client, first).get(workflow_url(article)).content.decode()
    seen_version = int(re.search(r'name="edit_version" value="(\d+)"', page).group(1))

    # Meanwhile: sent back, edited, resubmitted and picked up again.
    perform(article, second, "request_changes", comment=COMMENT)
    article.refresh_from_db()
    article.body += "\nA new paragraph nobody has reviewed.\n"
    article.mark_edited()
    article.save()
    article.contributors.add(writer)
    perform(article, writer, "submit")
    perform(article, second, "start_review")

    response = post_transition(as_user(client, first), article, "approve", edit_version=seen_version)
    assert messages_on(response) == ["The article changed after you opened it. Review the new text and try again."]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.live is None


def test_a_missing_or_garbled_edit_version_does_not_bypass_the_other_checks(client):
    article = article_in(Status.IN_REVIEW)
    as_user(client, editor())
    response = client.post(transition_url(article), {"action": "approve", "edit_version": "x"}, follow=True)
    assert messages_on(response) == ["You do not have permission to approve and publish."]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


# --- Bulk actions -------------------------------------------------------------------------


def run_bulk(client, action, articles):
    return client.post(
        "/admin/articles/article/",
        {"action": action, "_selected_action": [a.pk for a in articles], "index": "0"},
        follow=True,
    )


def offered_actions(client):
    page = client.get("/admin/articles/article/").content.decode()
    return set(re.findall(r'<option value="(\w+_selected)"', page))


def test_editors_are_offered_only_submit_and_it_goes_through_the_checks(client):
    draft, in_review = article_in(Status.DRAFT), article_in(Status.IN_REVIEW)
    as_user(client, editor())
    assert offered_actions(client) == {"submit_selected"}

    response = run_bulk(client, "submit_selected", [draft, in_review])

    draft.refresh_from_db()
    in_review.refresh_from_db()
    assert (draft.status, in_review.status) == (Status.SUBMITTED, Status.IN_REVIEW)
    shown = messages_on(response)
    assert "1 article(s) updated." in shown
    assert f"{in_review.title}: An article that is “In review” cannot be sent to “Submitted for review”." in shown


def test_an_editor_cannot_start_a_review_with_a_forged_bulk_action(client):
    submitted = article_in(Status.SUBMITTED)
    as_user(client, editor())
    response = run_bulk(client, "start_review_selected", [submitted])
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not submitted.transitions.exists()


def test_reviewers_are_offered_only_start_review_and_cannot_submit(client):
    submitted, draft = article_in(Status.SUBMITTED), article_in(Status.DRAFT)
    as_user(client, reviewer())
    assert offered_actions(client) == {"start_review_selected"}

    run_bulk(client, "submit_selected", [draft])
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT

    response = run_bulk(client, "start_review_selected", [submitted, draft])
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == (Status.IN_REVIEW, Status.DRAFT)
    assert "1 article(s) updated." in messages_on(response)


def test_nobody_is_offered_bulk_delete(client):
    as_user(client, superuser())
    article_in(Status.DRAFT)
    assert "delete_selected" not in offered_actions(client)
    assert offered_actions(client) == {"submit_selected", "start_review_selected"}


# --- Editing through the change form ------------------------------------------------------


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
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.body != data["body"] and article.status == status


def test_not_even_a_superuser_can_edit_an_article_in_review(client):
    article = article_in(Status.IN_REVIEW)
    as_user(client, superuser())
    page = client.get(change_url(article)).content.decode()
    assert 'name="body"' not in page
    response = client.post(
        change_url(article), {"title": "Hijacked", "body": "x", "edit_version": article.edit_version}
    )
    assert response.status_code == 403
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
    assert form.non_field_errors().as_data()[0].code == "under_review"


def test_reviewers_cannot_edit_at_all(client):
    article = article_in(Status.DRAFT)
    as_user(client, reviewer())
    page = client.get(change_url(article)).content.decode()
    assert 'name="body"' not in page
    assert client.post(change_url(article), {"title": "Reviewer's edit"}).status_code == 403
    assert client.get("/admin/articles/article/add/").status_code == 403


# --- Separation of duties --------------------------------------------------------------


def test_a_superuser_who_edited_may_not_approve_but_another_reviewer_may(client, committed):
    boss, other = superuser(), reviewer()
    article = published_article()
    as_user(client, boss)
    data = open_change_form(client, article)
    data["body"] = data["body"].replace(OLD_SENTENCE, NEW_SENTENCE)
    with committed():
        assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert list(article.contributors.all()) == [boss]

    post_transition(client, article, "submit")
    post_transition(client, article, "start_review")
    page = client.get(workflow_url(article)).content.decode()
    assert LABELS["approve"] not in buttons(page)

    response = post_transition(client, article, "approve")
    assert messages_on(response) == ["You wrote or edited this version, so someone else must approve it."]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.live.number == 1

    as_user(client, other)
    assert LABELS["approve"] in buttons(client.get(workflow_url(article)).content.decode())
    post_transition(client, article, "approve")
    article.refresh_from_db()
    assert article.status == Status.APPROVED and article.live.number == 2
    assert article.live.approved_by == other


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


# --- Live stays live, every approved version kept ------------------------------------------------


def test_editing_an_approved_article_changes_nothing_readers_see_until_the_next_approval(client, committed):
    writer, checker = editor(), reviewer()
    article = published_article()
    assert OLD_SENTENCE in public_page(client, article)

    as_user(client, writer)
    data = open_change_form(client, article)
    data["body"] = data["body"].replace(OLD_SENTENCE, NEW_SENTENCE)
    with committed():
        response = client.post(change_url(article), data)
    assert response.status_code == 302

    article.refresh_from_db()
    assert NEW_SENTENCE in article.body
    assert article.status == Status.DRAFT and article.has_pending_changes
    assert article.revisions.count() == 1
    client.logout()
    page = public_page(client, article)
    assert OLD_SENTENCE in page and NEW_SENTENCE not in page

    as_user(client, writer)
    with committed():
        post_transition(client, article, "submit")
    as_user(client, checker)
    with committed():
        post_transition(client, article, "start_review")
    client.logout()
    page = public_page(client, article)
    assert OLD_SENTENCE in page and NEW_SENTENCE not in page

    as_user(client, checker)
    with committed():
        post_transition(client, article, "approve")
    client.logout()
    page = public_page(client, article)
    assert NEW_SENTENCE in page and OLD_SENTENCE not in page

    versions = list(Revision.objects.filter(article=article).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert OLD_SENTENCE in versions[0].body and NEW_SENTENCE in versions[1].body
    article.refresh_from_db()
    assert article.live == versions[1]


def test_archiving_withdraws_the_article_from_readers(client, committed):
    checker = reviewer()
    article = published_article()
    as_user(client, checker)
    with committed():
        post_transition(client, article, "archive", comment="Replaced by a newer article.")
    article.refresh_from_db()
    assert article.status == Status.ARCHIVED
    assert article.transitions.last().comment == "Replaced by a newer article."
    client.logout()
    response = client.get(f"/articles/{article.slug}/")
    assert response.status_code == 410
    assert OLD_SENTENCE not in response.content.decode()

    as_user(client, checker)
    with committed():
        post_transition(client, article, "restore")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.revisions.count() == 1  # nothing new was approved
    # Back to draft for rework, but still withdrawn for readers until approved again.
    client.logout()
    assert client.get(f"/articles/{article.slug}/").status_code == 410
    as_user(client, checker)
    page = html.unescape(client.get(workflow_url(article)).content.decode())
    assert "Withdrawn: readers are told the article has been withdrawn (last approved version 1)." in page
    page = html.unescape(client.get(change_url(article)).content.decode())
    assert "Version 1 was withdrawn" in page


# --- The diff ------------------------------------------------------------------------------


def test_the_workflow_page_shows_the_pending_text_beside_the_live_one(client):
    article = published_article()
    as_user(client, editor())
    data = open_change_form(client, article)
    data["body"] = data["body"].replace(OLD_SENTENCE, NEW_SENTENCE)
    data["summary"] = "A new summary."
    client.post(change_url(article), data)

    page = client.get(workflow_url(article)).content.decode()
    assert "Live (version 1)" in page and "Pending (working copy)" in page
    cells = diff_table_text(page)
    assert any(OLD_SENTENCE in cell for cell in cells)
    assert any(NEW_SENTENCE in cell for cell in cells)
    assert any("A new summary." in cell for cell in cells)
    # The old sentence is marked as removed and the new one as added.
    assert re.search(r'class="diff_sub">[^<]*It&nbsp;usually', page)
    assert re.search(r'class="diff_add">[^<]*Stretching&nbsp;the', page)


def test_the_workflow_page_says_when_nothing_changed(client):
    article = published_article()
    page = as_user(client, reviewer()).get(workflow_url(article)).content.decode()
    assert "The pending text is the same as the live version." in page
    assert '<table class="diff"' not in page


def test_a_new_article_is_compared_with_nothing(client):
    article = article_in(Status.SUBMITTED)
    page = as_user(client, reviewer()).get(workflow_url(article)).content.decode()
    assert "Live (nothing published yet)" in page
    assert any(OLD_SENTENCE in cell for cell in diff_table_text(page))


def test_the_preview_shows_the_pending_text_and_is_never_indexed(client):
    article = published_article()
    as_user(client, editor())
    data = open_change_form(client, article)
    data["body"] = data["body"].replace(OLD_SENTENCE, NEW_SENTENCE)
    client.post(change_url(article), data)
    response = client.get(f"/admin/articles/article/{article.pk}/preview/")
    assert response.status_code == 200
    assert NEW_SENTENCE in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


# --- Two editors at once ------------------------------------------------------------------------


def test_the_second_of_two_concurrent_edits_is_refused_and_its_text_kept():
    article = published_article()
    first, second = Client(), Client()
    first.force_login(editor())
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
    assert "Someone else saved this article while you were editing it, so your changes were NOT saved." in page
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert textarea and second_text in textarea.group(1)
    article.refresh_from_db()
    assert "The first editor's sentence." in article.body and second_text not in article.body
    assert article.contributors.count() == 1


def test_saving_twice_from_one_form_is_refused_the_second_time(client):
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    data = open_change_form(client, article)
    data["summary"] = "First save."
    assert client.post(change_url(article), data).status_code == 302
    data["summary"] = "Second save from the same old form."
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Someone else saved this article" in response.content.decode()
    article.refresh_from_db()
    assert article.summary == "First save."


# --- The audit trail in the admin ------------------------------------------------------------------


def test_the_timeline_shows_on_the_change_page(client):
    writer, checker = editor(username="writer"), reviewer(username="checker")
    article = article_in(Status.DRAFT)
    as_user(client, writer)
    post_transition(client, article, "submit")
    as_user(client, checker)
    post_transition(client, article, "start_review")
    post_transition(client, article, "request_changes", comment=COMMENT)

    page = html.unescape(as_user(client, writer).get(change_url(article)).content.decode())
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.DOTALL).group(1)
    items = re.findall(r"<li>(.*?)</li>", timeline, re.DOTALL)
    today = timezone.localtime().strftime("%Y-%m-%d")
    assert len(items) == 3
    assert f"<strong>{today}" in items[0]
    assert "Draft → Submitted for review by writer" in items[0]
    assert "Submitted for review → In review by checker" in items[1]
    assert f"In review → Changes requested by checker. Comment: “{COMMENT}”" in items[2]


def test_a_new_article_has_no_timeline_yet(client):
    article = article_in(Status.DRAFT)
    page = as_user(client, editor()).get(change_url(article)).content.decode()
    assert "No workflow steps yet." in page


def test_the_audit_trail_cannot_be_added_changed_or_deleted_in_the_admin(client):
    article = article_in(Status.SUBMITTED)
    step = perform(article, reviewer(), "start_review", comment="Looking now.")
    for user in (superuser(), editor(), reviewer()):
        as_user(client, user)
        listing = client.get("/admin/articles/transition/")
        assert listing.status_code == 200
        assert "/admin/articles/transition/add/" not in listing.content.decode()
        assert client.get("/admin/articles/transition/add/").status_code == 403
        view = client.get(f"/admin/articles/transition/{step.pk}/change/")
        assert view.status_code == 200
        assert 'name="_save"' not in view.content.decode() and 'name="comment"' not in view.content.decode()
        assert client.post(f"/admin/articles/transition/{step.pk}/change/", {"comment": "Edited"}).status_code == 403
        assert client.get(f"/admin/articles/transition/{step.pk}/delete/").status_code == 403
        assert client.post(f"/admin/articles/transition/{step.pk}/delete/", {"post": "yes"}).status_code == 403
        response = client.post(
            "/admin/articles/transition/", {"action": "delete_selected", "_selected_action": [step.pk], "post": "yes"}
        )
        assert response.status_code in (200, 302)
    fresh = Transition.objects.get(pk=step.pk)
    assert fresh.comment == "Looking now."


def test_approved_versions_cannot_be_changed_or_deleted_in_the_admin(client):
    article = published_article()
    as_user(client, superuser())
    revision = article.live
    assert client.get("/admin/articles/revision/add/").status_code == 403
    assert client.post(f"/admin/articles/revision/{revision.pk}/change/", {"body": "x"}).status_code == 403
    assert client.post(f"/admin/articles/revision/{revision.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Revision.objects.get(pk=revision.pk).body == article.body


def test_articles_cannot_be_deleted_in_the_admin(client):
    article = article_in(Status.DRAFT)
    as_user(client, superuser())
    assert client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


# --- Review dates -----------------------------------------------------------------------------


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


# --- Readability ---------------------------------------------------------------------------------

HARD_BODY = (
    "Nocturnal gastrocnemius contractions, characteristically experienced by elderly individuals, necessitate "
    "comprehensive pharmacological consideration, particularly regarding quinine-associated haematological "
    "complications and electrolyte abnormalities accompanying diuretic administration.\n\n"
) * 4
EASY_BODY = "A cramp is a sudden pain. It goes away fast. Stretch your leg. Walk a bit.\n\n" * 4


def readability_section(page):
    match = re.search(r"Reading level of the working copy.*?</div>\s*</div>", page, re.DOTALL)
    assert match, "no readability field on the page"
    return html.unescape(match.group(0))


def test_the_change_page_shows_the_reading_level_and_time(client):
    article = ArticleFactory(body=EASY_BODY, references=False)
    page = as_user(client, editor()).get(change_url(article)).content.decode()
    section = readability_section(page)
    assert re.search(r"Flesch-Kincaid grade -?\d+(\.\d)? · about 1 min to read\.", section)
    assert "Warning" not in section


def test_a_hard_reader_article_gets_a_warning(client):
    article = ArticleFactory(body=HARD_BODY, references=False, audience=Audience.READERS)
    page = as_user(client, editor()).get(change_url(article)).content.decode()
    section = readability_section(page)
    grade = float(re.search(r"Flesch-Kincaid grade (-?[\d.]+)", section).group(1))
    assert grade > READER_GRADE_LIMIT
    assert f"Warning: above grade {READER_GRADE_LIMIT} for a reader article" in section
    assert 'class="readability-warning"' in page
    # And the reviewer sees it on the workflow page too.
    assert f"Warning: above grade {READER_GRADE_LIMIT}" in html.unescape(client.get(workflow_url(article)).content.decode())


MARKDOWN_EASY_BODY = """## What to do

- Stretch your calf.
- Walk a bit.
- Rub the muscle.

| Sign | Cramp | Clot |
|------|-------|------|
| Starts | Fast | Slow |

A cramp is a sudden pain [ref:allen2012]. It goes away fast. See [the NHS page](https://www.nhs.uk/conditions/leg-cramps/).

!!! danger "Call [emergency-number] if"
    - you find it hard to breathe
"""


def test_markdown_markup_does_not_count_against_an_easy_reader_article(client):
    """Tables, lists, links and citations are scored as the words readers read."""
    article = ArticleFactory(body=MARKDOWN_EASY_BODY, audience=Audience.READERS)
    section = readability_section(as_user(client, editor()).get(change_url(article)).content.decode())
    grade = float(re.search(r"Flesch-Kincaid grade (-?[\d.]+)", section).group(1))
    assert grade <= 8
    assert "Warning" not in section


def test_an_article_for_professionals_is_not_warned_about_grade(client):
    article = ArticleFactory(body=HARD_BODY, references=False, audience=Audience.PROFESSIONALS)
    section = readability_section(as_user(client, editor()).get(change_url(article)).content.decode())
    assert "Flesch-Kincaid grade" in section and "Warning" not in section


# --- Awaiting review ---------------------------------------------------------------------------------


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


# --- E-mails from the admin ------------------------------------------------------------------------


def test_submitting_in_the_admin_emails_the_reviewers(client, mailoutbox, committed):
    first, second = reviewer(email="first@example.org"), reviewer(email="second@example.org")
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    with committed():
        post_transition(client, article, "submit")
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == [first.email, second.email]
    assert mailoutbox[0].subject == f"Awaiting review: {article.title}"


def test_a_refused_step_sends_no_email(client, mailoutbox, committed):
    reviewer()
    article = article_in(Status.IN_REVIEW)
    as_user(client, editor())
    with committed():
        post_transition(client, article, "approve")
    assert mailoutbox == []


# --- Gaps closed in the audit of issue 3 ------------------------------------------------------


def editor_and_reviewer(**kwargs):
    """Someone in both groups: may edit, and may approve other people's work."""
    from django.contrib.auth.models import Group

    person = editor(**kwargs)
    person.groups.add(Group.objects.get(name="Reviewers"))
    return person


def test_the_groups_from_the_data_migration_hold_the_permissions_the_policy_needs():
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "change_reference"} <= editors
    assert "approve_article" not in editors
    assert "approve_article" in reviewers
    assert not {"add_article", "change_article", "delete_article", "change_reference"} & reviewers
    # Nobody may change or delete the history through a group.
    for codenames in (editors, reviewers):
        assert not {"change_transition", "delete_transition", "change_revision", "delete_revision"} & codenames


def test_someone_who_changed_only_a_reference_may_not_approve_that_version(client, committed):
    both, other = editor_and_reviewer(), reviewer()
    article = published_article()
    as_user(client, both)
    data = open_change_form(client, article)
    data["references-0-year"] = "2013"
    with committed():
        assert client.post(change_url(article), data).status_code == 302
    post_transition(client, article, "submit")
    as_user(client, other)
    post_transition(client, article, "start_review")

    as_user(client, both)
    assert LABELS["approve"] not in buttons(client.get(workflow_url(article)).content.decode())
    response = post_transition(client, article, "approve")
    assert messages_on(response) == ["You wrote or edited this version, so someone else must approve it."]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.live.number == 1


def test_an_approve_posted_without_the_version_the_reviewer_read_is_refused(client):
    """A hand-made POST cannot skip the check that the approved text is the
    text the reviewer saw in the diff."""
    article = article_in(Status.IN_REVIEW)
    as_user(client, reviewer())
    response = client.post(transition_url(article), {"action": "approve"}, follow=True)
    assert messages_on(response) == [
        "Approve from the review page, so that it is clear which version you read. Nothing was changed."
    ]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.live is None
    assert not article.transitions.exists()


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
    assert "Someone else saved this article while you were editing it, so your changes were NOT saved." in page
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


def changelist_rows(page):
    """The article list as (header cells, rows of cell texts)."""
    table = re.search(r'<table id="result_list">.*?</table>', page, re.DOTALL).group(0)

    def cells(fragment):
        found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", fragment, re.DOTALL)
        return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in found]

    head = re.search(r"<thead>(.*?)</thead>", table, re.DOTALL).group(1)
    body_rows = re.findall(r"<tr[^>]*>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL).group(1),
                           re.DOTALL)  # fmt: skip
    return cells(head), [cells(row) for row in body_rows]


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


def test_a_readability_warning_never_blocks_submission_or_approval(client):
    """Grade above 8 is a warning to the writer, not a rule of the workflow."""
    article = ArticleFactory(body=HARD_BODY, references=False, audience=Audience.READERS)
    as_user(client, editor())
    assert f"Warning: above grade {READER_GRADE_LIMIT}" in html.unescape(client.get(workflow_url(article)).content.decode())
    post_transition(client, article, "submit")
    as_user(client, reviewer())
    post_transition(client, article, "start_review")
    post_transition(client, article, "approve")
    article.refresh_from_db()
    assert article.status == Status.APPROVED and article.live is not None


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


@pytest.mark.parametrize("forged", ["publish_now", "delete", "", "approve ", "APPROVE"])
def test_a_forged_action_name_posted_to_the_transition_url_changes_nothing(client, forged):
    article = article_in(Status.IN_REVIEW)
    as_user(client, superuser())
    response = post_transition(client, article, forged, comment=COMMENT)
    assert messages_on(response) == ["That is not a workflow action."]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.live is None
    assert not article.transitions.exists()


def test_a_transition_posted_for_an_unknown_article_is_404(client):
    as_user(client, reviewer())
    assert client.post("/admin/articles/article/999999/transition/", {"action": "archive"}).status_code == 404


def test_anonymous_bulk_actions_go_to_the_login_page_and_change_nothing(client):
    submitted = article_in(Status.SUBMITTED)
    response = run_bulk(client, "start_review_selected", [submitted])
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and not submitted.transitions.exists()


def test_staff_without_a_group_cannot_run_bulk_actions(client):
    draft, submitted = article_in(Status.DRAFT), article_in(Status.SUBMITTED)
    as_user(client, staff_without_group())
    for action, article in [("submit_selected", draft), ("start_review_selected", submitted)]:
        response = client.post(
            "/admin/articles/article/", {"action": action, "_selected_action": [article.pk], "index": "0"}
        )
        assert response.status_code == 403
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert (draft.status, submitted.status) == (Status.DRAFT, Status.SUBMITTED)


def test_a_superuser_may_bulk_start_a_review_but_not_of_a_draft(client):
    submitted, draft = article_in(Status.SUBMITTED), article_in(Status.DRAFT)
    as_user(client, superuser())
    response = run_bulk(client, "start_review_selected", [submitted, draft])
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == (Status.IN_REVIEW, Status.DRAFT)
    assert f"{draft.title}: An article that is “Draft” cannot be sent to “In review”." in messages_on(response)


@pytest.mark.parametrize(
    "change,removed,added",
    [
        ({"references-0-pmid": "", "references-0-doi": "10.1000/new-doi"}, "PubMed ID: 22963024", "DOI: 10.1000/new-doi"),
        ({"audience": Audience.PROFESSIONALS}, "Audience: Readers (the public)", "Audience: Health professionals"),
        ("topic", "Topic: Causes", "Topic: Medicines linked to cramps"),
        ("related", "Related articles: none", "Related articles: calf-stretches"),
    ],
)
def test_the_diff_shows_every_change_a_reviewer_approves_not_only_the_text(client, change, removed, added):
    """A changed source link, audience, topic or related article reaches
    readers on approval, so the reviewer must see it before approving."""
    article = published_article()
    neighbour = published_article(title="Calf stretches", slug="calf-stretches")
    as_user(client, editor())
    data = open_change_form(client, article)
    if change == "topic":
        data["category"] = str(category("medicines").pk)
    elif change == "related":
        data["related"] = [str(neighbour.pk)]
    else:
        data.update(change)
    assert client.post(change_url(article), data).status_code == 302

    page = client.get(workflow_url(article)).content.decode()
    assert "The pending text is the same as the live version." not in page
    cells = diff_table_text(page)
    assert any(removed in cell for cell in cells), cells
    assert any(added in cell for cell in cells), cells


def test_editors_manage_topics_in_the_admin_and_reviewers_only_see_them(client):
    from articles.models import Category

    as_user(client, editor())
    response = client.post(
        "/admin/articles/category/add/",
        {"name": "Cramps in sport", "slug": "cramps-in-sport", "description": "Cramps during exercise.", "position": 9},
    )
    assert response.status_code == 302
    topic = Category.objects.get(slug="cramps-in-sport")
    response = client.post(
        f"/admin/articles/category/{topic.pk}/change/",
        {"name": "Cramps during sport", "slug": "cramps-in-sport", "description": "", "position": 9},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name == "Cramps during sport"

    as_user(client, reviewer())
    assert client.get("/admin/articles/category/").status_code == 200
    assert client.post("/admin/articles/category/add/", {"name": "X", "slug": "x", "position": 1}).status_code == 403
    assert not Category.objects.filter(slug="x").exists()


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
