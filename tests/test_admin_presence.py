"""Presence in the admin: "Being edited by … since 10:42" on the change form,
the article list and the review page; the change form's heartbeat; and the
check at save for browsers that never run the page's script."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from articles import presence, workflow
from articles.models import Article, Status
from articles.presence import EditLease
from tests.admin_pages import (
    as_user,
    change_url,
    changelist_rows,
    messages_on,
    open_change_form,
    presence_lines,
    presence_url,
    workflow_url,
)
from tests.factories import article_in, editor, published_article, reviewer, staff_without_group

pytestmark = pytest.mark.django_db

NO_SCRIPT = "They may have unsaved changes: their browser does not report them."


@pytest.fixture
def article():
    return published_article(title="Night cramps")


@pytest.fixture
def fran_client(client):
    return as_user(client, editor(username="fran", first_name="Fran", last_name="First"))


@pytest.fixture
def sam_client():
    return as_user(Client(), editor(username="sam", first_name="Sam", last_name="Second"))


def opened_since(article, username):
    lease = EditLease.objects.get(article=article, user__username=username)
    return f"{timezone.localtime(lease.since):%H:%M}"


def beat(client, article, state):
    return client.post(presence_url(article), {"state": state})


def page_of(client, url):
    return client.get(url).content.decode()


def test_opening_the_change_form_shows_who_else_has_it_open_and_since_when(article, fran_client, sam_client):
    assert presence_lines(page_of(fran_client, change_url(article))) == []  # nobody else yet, not herself
    page = page_of(sam_client, change_url(article))
    assert presence_lines(page) == [f"Being edited by Fran First since {opened_since(article, 'fran')}. {NO_SCRIPT}"]
    assert presence_lines(page_of(fran_client, change_url(article))) == [
        f"Being edited by Sam Second since {opened_since(article, 'sam')}. {NO_SCRIPT}"
    ]


def test_the_heartbeat_says_whether_the_form_holds_unsaved_changes_and_answers_with_the_others(
    article, fran_client, sam_client
):
    fran_client.get(change_url(article))
    assert beat(fran_client, article, "unsaved").json() == {"editing": []}

    sam_client.get(change_url(article))
    answer = beat(sam_client, article, "saved")
    assert answer.status_code == 200
    since = opened_since(article, "fran")
    assert answer.json() == {"editing": [f"Being edited by Fran First since {since}, with unsaved changes."]}
    assert beat(fran_client, article, "saved").json() == {
        "editing": [f"Open in Sam Second’s editor since {opened_since(article, 'sam')}, with no unsaved changes."]
    }


def test_closing_the_form_gives_the_lease_up(article, fran_client, sam_client):
    fran_client.get(change_url(article))
    beat(fran_client, article, "unsaved")
    assert beat(fran_client, article, "closed").status_code == 200
    assert presence_lines(page_of(sam_client, change_url(article))) == []


def test_a_lease_lapses_when_its_page_stops_renewing_it(article, fran_client, sam_client):
    fran_client.get(change_url(article))
    beat(fran_client, article, "unsaved")
    long_ago = timezone.now() - datetime.timedelta(minutes=presence.LEASE_MINUTES, seconds=1)
    EditLease.objects.filter(article=article).update(renewed_at=long_ago)
    assert presence_lines(page_of(sam_client, change_url(article))) == []


def test_the_article_list_shows_other_peoples_open_forms_that_may_hold_changes(article, fran_client, sam_client):
    quiet = published_article(title="Calf stretches")
    fran_client.get(change_url(article))
    beat(fran_client, article, "unsaved")
    fran_client.get(change_url(quiet))
    beat(fran_client, quiet, "saved")  # open, nothing typed: not worth a warning in the list

    def being_edited(client):
        head, rows = changelist_rows(page_of(client, "/admin/articles/article/"))
        column = head.index("Being edited")
        return {row[1]: row[column] for row in rows}

    assert being_edited(sam_client) == {
        "Night cramps": f"Fran First since {opened_since(article, 'fran')}",
        "Calf stretches": "—",
    }
    assert being_edited(fran_client) == {"Night cramps": "—", "Calf stretches": "—"}


def test_a_save_is_checked_against_forms_opened_without_the_script(article, fran_client, sam_client):
    fran_client.get(change_url(article))  # no heartbeat: her browser runs no JavaScript
    data = open_change_form(sam_client, article)
    data["summary"] = "Sam's new summary."
    response = sam_client.post(change_url(article), data, follow=True)
    assert Article.objects.get(pk=article.pk).summary == "Sam's new summary."
    warnings = [m for m in messages_on(response) if "Your save went in" in m]
    assert warnings == [
        f"Being edited by Fran First since {opened_since(article, 'fran')}. {NO_SCRIPT} Your save went in. If they "
        "save after you, their save will be stopped and their text kept, so that they can add it to yours: tell "
        "them, if you can."
    ]


def test_no_warning_at_save_when_the_others_have_nothing_unsaved(article, fran_client, sam_client):
    fran_client.get(change_url(article))
    beat(fran_client, article, "saved")
    data = open_change_form(sam_client, article)
    data["summary"] = "Sam's new summary."
    response = sam_client.post(change_url(article), data, follow=True)
    assert not [m for m in messages_on(response) if "Your save went in" in m]


def test_a_refused_save_renews_the_lease_as_holding_unsaved_changes(article, fran_client, sam_client):
    sams_form = open_change_form(sam_client, article)
    frans_form = open_change_form(fran_client, article)
    frans_form["summary"] = "Fran saved first."
    assert fran_client.post(change_url(article), frans_form).status_code == 302

    sams_form["summary"] = "The summary Sam typed."
    refused = sam_client.post(change_url(article), sams_form)
    assert refused.status_code == 200 and "The summary Sam typed." in refused.content.decode()
    assert presence_lines(page_of(fran_client, change_url(article))) == [
        f"Being edited by Sam Second since {opened_since(article, 'sam')}, with unsaved changes."
    ]


@pytest.mark.parametrize("button, still_open", [("_save", False), ("_continue", True)])
def test_a_saved_form_has_nothing_unsaved_and_leaving_it_gives_the_lease_up(article, fran_client, button, still_open):
    data = open_change_form(fran_client, article)
    data.update(summary="A new summary.", **{button: "Save"})
    assert fran_client.post(change_url(article), data).status_code == 302
    leases = EditLease.objects.filter(article=article)
    assert [lease.unsaved for lease in leases] == ([False] if still_open else [])


def test_a_read_only_change_form_takes_no_lease(article, sam_client):
    submitted = article_in(Status.SUBMITTED, title="Waiting article")
    workflow.perform(submitted, reviewer(username="rita"), "start_review")
    page = page_of(sam_client, change_url(submitted))
    assert 'name="body"' not in page  # read-only while a reviewer holds it
    assert not EditLease.objects.filter(article=submitted).exists()
    assert "js/presence" not in page  # nothing to report from a page that cannot be saved


def test_the_review_page_warns_a_reviewer_before_starting_a_review():
    submitted = article_in(Status.SUBMITTED, title="Waiting article")
    rita = as_user(Client(), reviewer(username="rita", first_name="Rita", last_name="Reviewer"))
    assert presence_lines(page_of(rita, workflow_url(submitted))) == []

    # Ed opened the form before it was submitted, and is still typing.
    presence.renew(submitted, editor(username="ed", first_name="Ed", last_name="Edits"), unsaved=True)
    page = page_of(rita, workflow_url(submitted))
    assert presence_lines(page) == [f"Being edited by Ed Edits since {opened_since(submitted, 'ed')}, with unsaved changes."]
    assert "If you start a review now, their next save will be stopped." in page


def test_the_review_page_leaves_out_forms_with_nothing_unsaved(article, fran_client):
    fran_client.get(change_url(article))
    beat(fran_client, article, "saved")
    rita = as_user(Client(), reviewer(username="rita"))
    assert presence_lines(page_of(rita, workflow_url(article))) == []


# --- The heartbeat's refusals -------------------------------------------------------


def test_the_heartbeat_answers_only_post(article, fran_client):
    response = fran_client.get(presence_url(article))
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_an_unknown_state_is_refused_with_a_reason(article, fran_client):
    response = beat(fran_client, article, "typing")
    assert response.status_code == 400
    assert response.json() == {"error": "state must be unsaved, saved or closed"}
    assert not EditLease.objects.exists()


def test_the_heartbeat_is_for_staff_who_may_edit(article):
    anonymous = Client().post(presence_url(article), {"state": "unsaved"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    no_role = as_user(Client(), staff_without_group())
    assert no_role.post(presence_url(article), {"state": "unsaved"}).status_code == 403
    assert not EditLease.objects.exists()


def test_the_heartbeat_needs_the_pages_csrf_token(article):
    strict = as_user(Client(enforce_csrf_checks=True), editor(username="fran"))
    assert strict.post(presence_url(article), {"state": "unsaved"}).status_code == 403
    assert not EditLease.objects.exists()


def test_a_heartbeat_for_an_unknown_article_is_a_404(fran_client):
    assert fran_client.post("/admin/articles/article/999999/presence/", {"state": "saved"}).status_code == 404
