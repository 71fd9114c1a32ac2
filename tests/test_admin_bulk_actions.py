"""The article list's bulk actions: offered by role, and each through the same workflow checks."""

import pytest

from articles.models import Status
from tests.admin_pages import (
    as_user,
    messages_on,
    offered_actions,
    run_bulk,
)
from tests.factories import (
    article_in,
    editor,
    reviewer,
    staff_without_group,
    superuser,
)

pytestmark = pytest.mark.django_db


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
    steps_before = submitted.transitions.count()
    as_user(client, editor())
    response = run_bulk(client, "start_review_selected", [submitted])
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert submitted.transitions.count() == steps_before


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


def test_anonymous_bulk_actions_go_to_the_login_page_and_change_nothing(client):
    submitted = article_in(Status.SUBMITTED)
    steps_before = submitted.transitions.count()
    response = run_bulk(client, "start_review_selected", [submitted])
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.transitions.count() == steps_before


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
