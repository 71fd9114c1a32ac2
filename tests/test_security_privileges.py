"""Privilege checks: every role against every kind of admin request, on the
server. Each row is (role, method, URL, data) and the answer that role must
get; workflow steps are also checked by their effect (the status did not
change), not only by the page."""

import pytest
from django.test import Client

from articles.models import Article, Category, Feedback, Revision, Status, TopicChange, Transition
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

ROLES = ["anonymous", "no_group", "editor", "reviewer", "superuser"]
ALLOWED, FORBIDDEN, TO_LOGIN, NOT_FOUND = "allowed", "forbidden", "to_login", "not_found"


@pytest.fixture
def world():
    users = {
        "no_group": staff_without_group(username="p-nogroup"),
        "editor": editor(username="p-editor"),
        "reviewer": reviewer(username="p-reviewer"),
        "superuser": superuser(username="p-super"),
    }
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    live = published_article(slug="p-live")
    draft = ArticleFactory(slug="p-draft", status=Status.DRAFT)
    topic = category("causes")
    TopicChange.save_topic(topic, by=users["reviewer"])  # nothing changed: no row
    topic.description = "Changed once, for the audit trail."
    change = TopicChange.save_topic(topic, by=users["reviewer"])
    feedback = Feedback.objects.create(article=live, helpful=False, comment="Not useful")
    return {"clients": clients, "users": users, "live": live, "draft": draft, "topic": topic, "change": change,
            "feedback": feedback, "transition": Transition.objects.first(), "revision": Revision.objects.first()}  # fmt: skip


def outcome(response):
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return TO_LOGIN
    if response.status_code in (200, 302):
        return ALLOWED
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    return f"status {response.status_code}"


def expect(anonymous, no_group, editor_, reviewer_, superuser_):
    return dict(zip(ROLES, [anonymous, no_group, editor_, reviewer_, superuser_], strict=True))


A, F, L, N = ALLOWED, FORBIDDEN, TO_LOGIN, NOT_FOUND


def requests(w):
    live, draft, topic, change = w["live"], w["draft"], w["topic"], w["change"]
    topic_form = {"name": topic.name, "slug": topic.slug, "description": "New words.", "position": 0}
    return [
        ("GET", "/admin/", None, expect(L, A, A, A, A)),
        ("GET", "/admin/articles/article/", None, expect(L, F, A, A, A)),
        ("GET", "/admin/articles/article/add/", None, expect(L, F, A, F, A)),
        ("GET", f"/admin/articles/article/{draft.pk}/change/", None, expect(L, F, A, A, A)),
        ("GET", f"/admin/articles/article/{draft.pk}/workflow/", None, expect(L, F, A, A, A)),
        ("GET", f"/admin/articles/article/{draft.pk}/preview/", None, expect(L, F, A, A, A)),
        ("POST", f"/admin/articles/article/{draft.pk}/delete/", {"post": "yes"}, expect(L, F, F, F, F)),  # archive instead
        ("GET", "/admin/articles/category/", None, expect(L, F, A, A, A)),
        ("GET", "/admin/articles/category/add/", None, expect(L, F, F, A, A)),
        ("POST", f"/admin/articles/category/{topic.pk}/change/", topic_form, expect(L, F, F, A, A)),
        ("POST", f"/admin/articles/category/{topic.pk}/delete/", {"post": "yes"}, expect(L, F, F, F, F)),
        ("GET", "/admin/articles/topicchange/", None, expect(L, F, A, A, A)),
        ("POST", f"/admin/articles/topicchange/{change.pk}/change/", {"after": "{}"}, expect(L, F, F, F, F)),
        ("POST", f"/admin/articles/topicchange/{change.pk}/delete/", {"post": "yes"}, expect(L, F, F, F, F)),
        ("GET", "/admin/articles/topicchange/add/", None, expect(L, F, F, F, F)),
        ("GET", "/admin/articles/transition/", None, expect(L, F, A, A, A)),
        ("POST", f"/admin/articles/transition/{w['transition'].pk}/delete/", {"post": "yes"}, expect(L, F, F, F, F)),
        ("GET", "/admin/articles/transition/add/", None, expect(L, F, F, F, F)),
        ("POST", f"/admin/articles/revision/{w['revision'].pk}/delete/", {"post": "yes"}, expect(L, F, F, F, F)),
        ("GET", "/admin/articles/revision/add/", None, expect(L, F, F, F, F)),
        ("GET", "/admin/articles/feedback/", None, expect(L, F, A, A, A)),
        ("POST", f"/admin/articles/feedback/{w['feedback'].pk}/delete/", {"post": "yes"}, expect(L, F, A, F, A)),
        ("GET", "/admin/auth/user/", None, expect(L, F, F, F, A)),
        ("GET", f"/admin/auth/user/{w['users']['editor'].pk}/change/", None, expect(L, F, F, F, A)),
        ("GET", "/admin/auth/group/", None, expect(L, F, F, F, A)),
        ("GET", "/admin/axes/accessattempt/", None, expect(L, F, F, F, A)),
        ("GET", f"/articles/{draft.slug}/", None, expect(N, N, N, N, N)),  # never public before approval
        ("GET", live.get_absolute_url(), None, expect(A, A, A, A, A)),
    ]


def test_every_role_gets_exactly_its_rights_on_every_admin_request(world):
    wrong, checked = [], 0
    for method, url, data, expected in requests(world):
        for role in ROLES:
            client = world["clients"][role]
            response = client.post(url, data or {}) if method == "POST" else client.get(url)
            checked += 1
            if outcome(response) != expected[role]:
                wrong.append(f"{role} {method} {url}: {outcome(response)}, expected {expected[role]}")
            # A refused POST changed nothing; undo an allowed one for the next role.
            if method == "POST" and url.endswith("/delete/") and expected[role] == ALLOWED:
                world.update(rebuild_deleted(world, url))
    print(f"\nprivilege checks: {checked}")
    assert not wrong, "\n".join(wrong)
    assert Category.objects.filter(pk=world["topic"].pk).exists()
    assert Transition.objects.filter(pk=world["transition"].pk).exists()
    assert TopicChange.objects.get(pk=world["change"].pk).after == {"description": "Changed once, for the audit trail."}


def rebuild_deleted(world, url):
    if "/feedback/" in url:
        return {"feedback": Feedback.objects.create(article=world["live"], helpful=False, comment="Again")}
    return {}


WORKFLOW_RULES = [
    # (who acts, action, starting status, allowed?)
    ("no_group", "submit", Status.DRAFT, False),
    ("reviewer", "submit", Status.DRAFT, False),
    ("editor", "submit", Status.DRAFT, True),
    ("editor", "start_review", Status.SUBMITTED, False),
    ("no_group", "start_review", Status.SUBMITTED, False),
    ("reviewer", "start_review", Status.SUBMITTED, True),
    ("editor", "approve", Status.IN_REVIEW, False),
    ("no_group", "approve", Status.IN_REVIEW, False),
    ("reviewer", "approve", Status.IN_REVIEW, True),
    ("editor", "request_changes", Status.IN_REVIEW, False),
    ("editor", "archive", Status.APPROVED, False),
    ("reviewer", "archive", Status.APPROVED, True),
    ("editor", "restore", Status.ARCHIVED, False),
    ("reviewer", "approve", Status.DRAFT, False),  # not from that state
    ("reviewer", "publish_now", Status.IN_REVIEW, False),  # no such action
]


@pytest.mark.parametrize("role, action, start, allowed", WORKFLOW_RULES)
def test_workflow_steps_are_enforced_on_the_server(world, role, action, start, allowed):
    article = article_in(start, slug=f"wf-{role}-{action}")
    client = world["clients"][role]
    data = {"action": action, "comment": "A reason for this step.", "edit_version": article.edit_version}
    response = client.post(f"/admin/articles/article/{article.pk}/transition/", data)
    assert response.status_code in (302, 403)
    article.refresh_from_db()
    assert (article.status != start) == allowed, (role, action, article.status)


def test_nobody_approves_their_own_edit_not_even_a_superuser(world):
    boss = world["clients"]["superuser"]
    article = published_article(slug="own-edit")
    change = boss.get(f"/admin/articles/article/{article.pk}/change/")
    form = change.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update({"category": str(article.category_id), "body": article.body + "\nAn edit by the boss.\n",
                 "references-TOTAL_FORMS": "0", "references-INITIAL_FORMS": "0", "_save": "Save"})  # fmt: skip
    data.pop("related", None)
    boss.post(f"/admin/articles/article/{article.pk}/change/", data)
    article.refresh_from_db()
    if world["users"]["superuser"] not in article.contributors.all():
        pytest.fail("the superuser's edit was not saved; the test could not set up its case")
    transition = f"/admin/articles/article/{article.pk}/transition/"
    boss.post(transition, {"action": "submit"})
    boss.post(transition, {"action": "start_review"})
    article.refresh_from_db()
    boss.post(transition, {"action": "approve", "edit_version": article.edit_version})
    article.refresh_from_db()
    assert article.status != Status.APPROVED
    assert Article.objects.get(pk=article.pk).live.number == 1  # the public text did not change
