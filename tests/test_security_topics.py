"""Topic names and descriptions are public text: only reviewers change them,
and every change is audited (who, when, before and after), in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from articles.models import Category, TopicChange
from tests.factories import category, editor, reviewer, superuser

pytestmark = pytest.mark.django_db

NEW_TEXT = "Why cramps happen, and who gets them most."


def change_url(topic):
    return f"/admin/articles/category/{topic.pk}/change/"


def form(topic, **changes):
    return {"name": topic.name, "slug": topic.slug, "description": topic.description,
            "position": topic.position, **changes}  # fmt: skip


def test_editors_see_topics_but_cannot_change_or_add_them(client):
    topic = category("causes")
    before = topic.description
    client.force_login(editor())
    page = client.get(change_url(topic))
    assert page.status_code == 200  # view only
    assert 'name="description"' not in page.content.decode()
    assert client.post(change_url(topic), form(topic, description="<b>Unreviewed</b> text")).status_code == 403
    assert client.post("/admin/articles/category/add/", form(topic, name="New", slug="new")).status_code == 403
    topic.refresh_from_db()
    assert topic.description == before
    assert before in client.get("/topics/causes/").content.decode()
    assert "Unreviewed" not in client.get("/topics/causes/").content.decode()
    assert not TopicChange.objects.exists()


def test_the_groups_permissions_after_migrating():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True))
    assert "view_category" in editors
    assert not {"add_category", "change_category", "delete_category"} & editors
    assert {"view_category", "add_category", "change_category"} <= reviewers
    assert "delete_category" not in reviewers
    assert "view_topicchange" in editors and "view_topicchange" in reviewers


def test_a_reviewers_change_goes_public_with_an_audit_row_shown_in_the_admin(client):
    topic = category("causes")
    before = topic.description
    clinician = reviewer(username="dr-topics")
    client.force_login(clinician)
    assert client.post(change_url(topic), form(topic, description=NEW_TEXT)).status_code == 302
    assert NEW_TEXT in client.get("/topics/causes/").content.decode()

    change = TopicChange.objects.get()
    assert change.by == clinician and change.category == topic
    assert change.before == {"description": before}
    assert change.after == {"description": NEW_TEXT}
    # Shown on the topic's admin page, and in the audit list, to editors too.
    client.force_login(editor())
    for url in [change_url(topic), "/admin/articles/topicchange/"]:
        page = client.get(url).content.decode()
        assert "dr-topics" in page, url
        assert NEW_TEXT in page and before in page, url


def test_a_new_topic_and_a_rename_are_audited(client):
    client.force_login(reviewer(username="dr-new"))
    data = {"name": "Cramps in sport", "slug": "cramps-in-sport", "description": "During exercise.", "position": 9}
    assert client.post("/admin/articles/category/add/", data).status_code == 302
    topic = Category.objects.get(slug="cramps-in-sport")
    assert client.post(change_url(topic), {**data, "name": "Cramps during sport"}).status_code == 302
    created, renamed = TopicChange.objects.order_by("at", "id")
    assert created.before == {} and created.after["name"] == "Cramps in sport"
    assert renamed.before == {"name": "Cramps in sport"} and renamed.after == {"name": "Cramps during sport"}


def test_saving_without_a_change_adds_no_audit_row(client):
    topic = category("causes")
    client.force_login(reviewer())
    assert client.post(change_url(topic), form(topic)).status_code == 302
    assert not TopicChange.objects.exists()


def test_nobody_deletes_a_topic_or_changes_its_audit_trail(client):
    topic = category("causes")
    client.force_login(superuser())
    assert client.post(change_url(topic), form(topic, description=NEW_TEXT)).status_code == 302
    assert client.post(f"/admin/articles/category/{topic.pk}/delete/", {"post": "yes"}).status_code == 403
    change = TopicChange.objects.get()
    assert client.get(f"/admin/articles/topicchange/{change.pk}/change/").status_code == 200  # a read-only view
    assert client.post(f"/admin/articles/topicchange/{change.pk}/change/", {"after": "{}"}).status_code == 403
    assert client.post(f"/admin/articles/topicchange/{change.pk}/delete/", {"post": "yes"}).status_code == 403
    with pytest.raises(ValidationError):
        change.save()
    with pytest.raises(ValidationError):
        change.delete()
    with pytest.raises(ValidationError):
        TopicChange.objects.update(after={})
    with pytest.raises(ValidationError):
        TopicChange.objects.all().delete()
    assert Category.objects.filter(pk=topic.pk).exists()
    assert TopicChange.objects.get().after == {"description": NEW_TEXT}
