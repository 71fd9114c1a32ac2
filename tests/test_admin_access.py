"""Who may open the admin's article pages and post to them, and what nobody may do there (delete, rewrite history)."""

import html

import pytest
from django.test import Client

from articles.models import Article, Revision, Status, Transition
from articles.workflow import ACTIONS, perform
from tests.admin_pages import (
    COMMENT,
    as_user,
    change_url,
    messages_on,
    post_transition,
    transition_url,
    workflow_url,
)
from tests.factories import (
    article_in,
    editor,
    published_article,
    reviewer,
    staff_without_group,
    superuser,
)

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    article = article_in(Status.IN_REVIEW)
    steps_before = article.transitions.count()
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
    assert article.title != "Anonymous edit" and article.transitions.count() == steps_before


def test_staff_without_a_group_can_see_and_do_nothing(client):
    article = article_in(Status.SUBMITTED)
    steps_before = article.transitions.count()
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
    assert article.transitions.count() == steps_before


def test_the_transition_endpoint_accepts_only_post(client):
    article = article_in(Status.IN_REVIEW)
    as_user(client, reviewer())
    assert client.get(transition_url(article), {"action": "approve"}).status_code == 405
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_a_transition_posted_for_an_unknown_article_is_404(client):
    as_user(client, reviewer())
    assert client.post("/admin/articles/article/999999/transition/", {"action": "archive"}).status_code == 404


@pytest.mark.parametrize("forged", ["publish_now", "delete", "", "approve ", "APPROVE"])
def test_a_forged_action_name_posted_to_the_transition_url_changes_nothing(client, forged):
    article = article_in(Status.IN_REVIEW)
    steps_before = article.transitions.count()
    as_user(client, superuser())
    response = post_transition(client, article, forged, comment=COMMENT)
    assert messages_on(response) == ["That is not a workflow action."]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.live is None
    assert article.transitions.count() == steps_before


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


def test_reviewers_manage_topics_in_the_admin_and_editors_only_see_them(client):
    """Topic text is public: only reviewers change it (issue 13; the audit
    trail is tested in tests/test_security_topics.py)."""
    from articles.models import Category

    as_user(client, reviewer())
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

    as_user(client, editor())
    assert client.get("/admin/articles/category/").status_code == 200
    assert client.post("/admin/articles/category/add/", {"name": "X", "slug": "x", "position": 1}).status_code == 403
    assert not Category.objects.filter(slug="x").exists()


def test_a_refused_page_is_the_sites_own_403_page_in_its_style(client):
    article = article_in(Status.DRAFT)
    as_user(client, staff_without_group())
    response = client.get(workflow_url(article))
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "<h1>You cannot open this page</h1>" in page
    assert "css/site" in page  # the site's own look, not a bare "403 Forbidden"
    assert "ask the editorial lead to add you to the Editors or Reviewers group" in page
    assert "In an emergency, call 999." in page


def test_a_form_sent_with_a_stale_security_token_says_how_to_keep_the_text(client):
    article = article_in(Status.DRAFT)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(editor())
    response = csrf_client.post(change_url(article), {"title": "Typed for an hour", "edit_version": 1})
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "<h1>Your form was not sent</h1>" in page
    assert "Use your browser’s Back button: what you typed is usually still in the form." in page
    article.refresh_from_db()
    assert article.title != "Typed for an hour"
