"""Workflow steps taken from the review page: the buttons each role sees, every step posted by every role, and the refusals (permission, state, comment, stale or missing version, own edit)."""

import html
import re

import pytest

from articles.models import Audience, Revision, Status
from articles.readability import READER_GRADE_LIMIT
from articles.workflow import ACTIONS, perform
from tests.admin_pages import (
    COMMENT,
    LABELS,
    NEW_SENTENCE,
    OLD_SENTENCE,
    as_user,
    buttons,
    change_url,
    editor_and_reviewer,
    messages_on,
    open_change_form,
    post_transition,
    public_page,
    transition_url,
    workflow_url,
)
from tests.factories import (
    HARD_BODY,
    ArticleFactory,
    article_in,
    editor,
    published_article,
    reviewer,
    superuser,
)

pytestmark = pytest.mark.django_db


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
        ("reviewer", Status.IN_REVIEW, ["request_changes", "approve", "schedule", "archive"]),
        ("reviewer", Status.APPROVED, ["archive"]),
        ("reviewer", Status.ARCHIVED, ["restore"]),
        ("superuser", Status.DRAFT, ["submit", "archive"]),
        ("superuser", Status.IN_REVIEW, ["request_changes", "approve", "schedule", "archive"]),
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
        ("schedule", f"Comment for “{LABELS['schedule']}” (optional)"),
        ("archive", f"Comment for “{LABELS['archive']}” (required)"),
    ]


ROLES = {"editor": editor, "reviewer": reviewer, "superuser": superuser}


MAY = {
    "submit": {"editor", "superuser"},
    "start_review": {"reviewer", "superuser"},
    "request_changes": {"reviewer", "superuser"},
    "approve": {"reviewer", "superuser"},
    "archive": {"reviewer", "superuser"},
    "restore": {"reviewer", "superuser"},
    "recall": {"editor", "superuser"},  # the one who submitted it
    "import": set(),  # manage.py load_content only
    "schedule": {"reviewer", "superuser"},  # tested with its time in test_workflow_scheduling.py
    "go_live": set(),  # manage.py publish_scheduled only
}


CASES = [
    (name, source) for name, action in ACTIONS.items() for source in sorted(action.sources) if name != "schedule"
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action,source", CASES)
def test_every_transition_posted_by_every_role(client, action, source, role):
    user = ROLES[role]()
    if action == "recall" and role in MAY["recall"]:
        article = ArticleFactory()
        perform(article, user, "submit")
    else:
        article = article_in(source)
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
        refused = "Only the site's import can" if action in ("import", "go_live") else "You do not have permission to"
        assert messages_on(response) == [f"{refused} {LABELS[action].lower()}."]


def test_an_editor_posting_approve_by_hand_is_refused(client):
    article = article_in(Status.IN_REVIEW)
    steps_before = article.transitions.count()
    as_user(client, editor())
    response = post_transition(client, article, "approve")
    assert "You do not have permission to approve and publish." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert article.live is None and not Revision.objects.filter(article=article).exists()
    assert article.transitions.count() == steps_before


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


def test_an_approve_posted_without_the_version_the_reviewer_read_is_refused(client):
    """A hand-made POST cannot skip the check that the approved text is the
    text the reviewer saw in the diff."""
    article = article_in(Status.IN_REVIEW)
    steps_before = article.transitions.count()
    as_user(client, reviewer())
    response = client.post(transition_url(article), {"action": "approve"}, follow=True)
    assert messages_on(response) == [
        "Use the buttons on the review page, so that it is clear which version you read. Nothing was changed."
    ]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.live is None
    assert article.transitions.count() == steps_before


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
    # Nobody starts a review of their own edit either: it would sit stuck.
    page = client.get(workflow_url(article)).content.decode()
    assert LABELS["start_review"] not in buttons(page)
    response = post_transition(client, article, "start_review")
    assert messages_on(response) == ["You wrote or edited this version, so someone else must approve it."]
    as_user(client, other)
    post_transition(client, article, "start_review")

    as_user(client, boss)
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
