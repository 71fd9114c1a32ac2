"""The editorial workflow itself (articles/workflow.py): who may take which
step from which state, separation of duties, the audit trail, the e-mails
and `manage.py review_due`.

The admin paths to the same rules are in test_admin_workflow.py.
"""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import ProtectedError
from django.utils import timezone

from articles.models import Article, Revision, Status, Transition, add_months
from articles.workflow import ACTIONS, WorkflowError, allowed_actions, perform, refusal
from tests.factories import (
    ArticleFactory,
    UserFactory,
    article_in,
    editor,
    published_article,
    reviewer,
    staff_without_group,
    superuser,
)

pytestmark = pytest.mark.django_db


COMMENT = "The dose in the second paragraph needs a source."

ROLES = {
    "editor": editor,
    "reviewer": reviewer,
    "superuser": superuser,
    "staff_without_group": staff_without_group,
    "anonymous": AnonymousUser,
}

# The policy the issue asks for: which roles may take each action.
MAY = {
    "submit": {"editor", "superuser"},
    "start_review": {"reviewer", "superuser"},
    "request_changes": {"reviewer", "superuser"},
    "approve": {"reviewer", "superuser"},
    "archive": {"reviewer", "superuser"},
    "restore": {"reviewer", "superuser"},
    # Only the editor who submitted it (tested below); nobody's role alone is enough.
    "recall": {"editor", "superuser"},
    # The bundled articles' import: no person, whatever their role.
    "import": set(),
    "schedule": {"reviewer", "superuser"},
    "go_live": set(),  # manage.py publish_scheduled only
}

TARGET = {
    "submit": Status.SUBMITTED,
    "start_review": Status.IN_REVIEW,
    "request_changes": Status.CHANGES_REQUESTED,
    "approve": Status.APPROVED,
    "archive": Status.ARCHIVED,
    "restore": Status.DRAFT,
    "recall": Status.DRAFT,
    "import": Status.APPROVED,
    "schedule": Status.SCHEDULED,
    "go_live": Status.APPROVED,
}

SOURCES = {
    "submit": [Status.DRAFT, Status.CHANGES_REQUESTED],
    "start_review": [Status.SUBMITTED],
    "request_changes": [Status.SUBMITTED, Status.IN_REVIEW, Status.SCHEDULED],
    "approve": [Status.IN_REVIEW],
    "archive": [Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED,
                Status.SCHEDULED],
    "restore": [Status.ARCHIVED],
    "recall": [Status.SUBMITTED],
    "import": [Status.DRAFT, Status.APPROVED],
    "schedule": [Status.IN_REVIEW],
    "go_live": [Status.SCHEDULED],
}

ALLOWED_CASES = [(action, source) for action, sources in SOURCES.items() for source in sources]
WRONG_STATE_CASES = [
    (action, status)
    for action, sources in SOURCES.items()
    for status in Status.values
    if status not in sources and action not in ("import", "go_live")
]


def details_for(action):
    if action == "schedule":
        return {"go_live": timezone.now() + datetime.timedelta(days=1)}
    return {}


def comment_for(action):
    return COMMENT if ACTIONS[action].comment_required else ""


def test_the_policy_table_is_the_one_tested_here():
    """If someone changes ACTIONS, these tests must be revisited."""
    assert set(ACTIONS) == set(MAY)
    for name, action in ACTIONS.items():
        assert action.target == TARGET[name]
        assert action.sources == frozenset(SOURCES[name])
    assert {n for n, a in ACTIONS.items() if a.comment_required} == {"request_changes", "archive"}


# --- Every transition, by role ------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action,source", ALLOWED_CASES)
def test_every_transition_by_every_role(action, source, role):
    user = ROLES[role]()
    if action == "recall" and role in MAY["recall"]:
        article = ArticleFactory()  # submitted by this user: only they may recall it
        perform(article, user, "submit")
    else:
        article = article_in(source)
    transitions_before = Transition.objects.filter(article=article).count()

    if role in MAY[action]:
        step = perform(article, user, action, comment=comment_for(action), **details_for(action))
        article.refresh_from_db()
        assert article.status == TARGET[action]
        assert (step.action, step.from_status, step.to_status, step.by) == (action, source, TARGET[action], user)
        assert step.comment == comment_for(action)
        assert Transition.objects.filter(article=article).count() == transitions_before + 1
    else:
        refused = "Only the site's import" if action in ("import", "go_live") else "You do not have permission"
        with pytest.raises(WorkflowError, match=refused):
            perform(article, user, action, comment=comment_for(action), **details_for(action))
        article.refresh_from_db()
        assert article.status == source
        assert Transition.objects.filter(article=article).count() == transitions_before


@pytest.mark.parametrize("action,status", WRONG_STATE_CASES)
def test_no_action_from_a_state_it_does_not_start_from_even_for_a_superuser(action, status):
    article = article_in(status)
    steps_before = article.transitions.count()
    with pytest.raises(WorkflowError, match="cannot be sent to"):
        perform(article, superuser(), action, comment=COMMENT)
    article.refresh_from_db()
    assert article.status == status
    assert article.transitions.count() == steps_before


def test_an_unknown_action_is_refused():
    article = article_in(Status.DRAFT)
    with pytest.raises(WorkflowError, match="not a workflow action"):
        perform(article, superuser(), "publish_now")
    assert refusal(article, superuser(), "delete") == "That is not a workflow action."


@pytest.mark.parametrize("action,source", [("request_changes", Status.IN_REVIEW), ("archive", Status.APPROVED)])
@pytest.mark.parametrize("comment", ["", "   \n "])
def test_a_comment_is_required_to_request_changes_or_archive(action, source, comment):
    article = article_in(source)
    with pytest.raises(WorkflowError, match="Please write a comment"):
        perform(article, reviewer(), action, comment=comment)
    article.refresh_from_db()
    assert article.status == source


def test_the_comment_is_stored_without_surrounding_space():
    article = article_in(Status.IN_REVIEW)
    step = perform(article, reviewer(), "request_changes", comment=f"  {COMMENT}\n")
    assert step.comment == COMMENT


def test_an_article_with_broken_citations_cannot_be_submitted():
    article = ArticleFactory(body="Cramps are common [ref:nosuchkey].")  # its one reference is allen2012
    with pytest.raises(WorkflowError, match=r"\[ref:nosuchkey\] does not match any reference key"):
        perform(article, editor(), "submit")
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_approving_publishes_a_new_live_version():
    article = article_in(Status.IN_REVIEW)
    assert article.live is None
    approver = reviewer(first_name="Ada", last_name="Lovelace")
    step = perform(article, approver, "approve")
    article.refresh_from_db()
    assert article.live is not None and article.is_published
    assert step.revision == article.live
    assert (article.live.number, article.live.approved_by, article.live.reviewer_name) == (1, approver, "Ada Lovelace")
    assert article.live.body == article.body
    assert "<h2" in article.live.body_html


def test_only_the_editor_who_submitted_may_recall_it():
    submitter, colleague = editor(), editor()
    article = ArticleFactory()
    perform(article, submitter, "submit")
    article.refresh_from_db()
    assert "recall" not in [a.name for a in allowed_actions(article, colleague)]
    with pytest.raises(WorkflowError, match="Only the editor who submitted it can recall it"):
        perform(article, colleague, "recall")
    assert "recall" in [a.name for a in allowed_actions(article, submitter)]
    perform(article, submitter, "recall")
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_a_review_once_started_cannot_be_recalled():
    submitter = editor()
    article = ArticleFactory()
    perform(article, submitter, "submit")
    perform(article, reviewer(), "start_review")
    with pytest.raises(WorkflowError, match="cannot be sent to"):
        perform(article, submitter, "recall")


@pytest.mark.parametrize("source", [Status.DRAFT, Status.APPROVED])
def test_the_import_publishes_the_working_copy_as_reviewed_outside_the_admin(source):
    article = article_in(source)
    step = perform(article, None, "import", comment="Imported from x.md.", reviewer_name="Dr A. Example, GP",
                   reviewed_on=datetime.date(2025, 1, 15))
    article.refresh_from_db()
    assert article.status == Status.APPROVED and article.live == step.revision
    assert (article.live.reviewer_name, article.live.reviewed_on) == ("Dr A. Example, GP", datetime.date(2025, 1, 15))
    assert (step.action, step.by, step.comment) == ("import", None, "Imported from x.md.")


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.ARCHIVED])
def test_the_import_never_overwrites_work_in_progress_or_a_withdrawal(status):
    article = article_in(status)
    with pytest.raises(WorkflowError, match="cannot be sent to"):
        perform(article, None, "import")


def test_nobody_is_offered_the_import():
    for role in ("editor", "reviewer", "superuser"):
        assert "import" not in [a.name for a in allowed_actions(article_in(Status.DRAFT), ROLES[role]())]


def test_restore_brings_an_archived_article_back_as_a_draft():
    article = article_in(Status.ARCHIVED)
    perform(article, reviewer(), "restore")
    article.refresh_from_db()
    assert article.status == Status.DRAFT


# --- What each role is offered -------------------------------------------------


@pytest.mark.parametrize(
    "role,status,expected",
    [
        ("editor", Status.DRAFT, ["submit"]),
        ("editor", Status.CHANGES_REQUESTED, ["submit"]),
        ("editor", Status.SUBMITTED, []),
        ("editor", Status.IN_REVIEW, []),
        ("editor", Status.APPROVED, []),
        ("reviewer", Status.DRAFT, ["archive"]),
        ("reviewer", Status.SUBMITTED, ["start_review", "request_changes", "archive"]),
        ("reviewer", Status.IN_REVIEW, ["request_changes", "approve", "schedule", "archive"]),
        ("reviewer", Status.ARCHIVED, ["restore"]),
        ("superuser", Status.DRAFT, ["submit", "archive"]),
        ("superuser", Status.IN_REVIEW, ["request_changes", "approve", "schedule", "archive"]),
        ("staff_without_group", Status.DRAFT, []),
        ("staff_without_group", Status.IN_REVIEW, []),
        ("anonymous", Status.IN_REVIEW, []),
    ],
)
def test_allowed_actions_by_role_and_state(role, status, expected):
    article = article_in(status)
    assert [a.name for a in allowed_actions(article, ROLES[role]())] == expected


# --- Separation of duties -------------------------------------------------------


def test_a_reviewer_who_edited_the_version_may_not_approve_it_but_another_reviewer_may():
    article = article_in(Status.IN_REVIEW)
    both = UserFactory(group="Editors")
    both.groups.add(Group.objects.get(name="Reviewers"))  # an editor who is also a reviewer
    article.contributors.add(both)

    assert "approve" not in [a.name for a in allowed_actions(article, both)]
    with pytest.raises(WorkflowError, match="someone else must approve it"):
        perform(article, both, "approve")
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.live is None

    perform(article, reviewer(), "approve")
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_not_even_a_superuser_approves_their_own_edit():
    boss = superuser()
    article = article_in(Status.IN_REVIEW)
    article.contributors.add(boss)
    with pytest.raises(WorkflowError, match="You wrote or edited this version"):
        perform(article, boss, "approve")
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert not article.revisions.exists()


def test_approval_starts_a_fresh_list_of_contributors_for_the_next_version():
    author = editor()
    article = article_in(Status.IN_REVIEW)
    article.contributors.add(author)
    perform(article, reviewer(), "approve")
    article.refresh_from_db()
    assert not article.contributors.exists()
    assert article.live.authors == author.get_full_name()


# --- Stale versions --------------------------------------------------------------


def test_approving_a_stale_edit_version_is_refused():
    article = article_in(Status.IN_REVIEW)
    article.edit_version = 5
    article.save()
    steps_before = article.transitions.count()
    with pytest.raises(WorkflowError, match="changed after you opened it"):
        perform(article, reviewer(), "approve", expected_version=4)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert not article.revisions.exists()
    assert article.transitions.count() == steps_before

    perform(article, reviewer(), "approve", expected_version="5")  # as posted by a form
    article.refresh_from_db()
    assert article.status == Status.APPROVED


# --- The audit trail ---------------------------------------------------------------


def test_every_step_is_recorded_with_who_when_from_to_and_why():
    writer, checker = editor(), reviewer()
    article = ArticleFactory(created_by=writer)
    started = timezone.now()
    perform(article, writer, "submit")
    perform(article, checker, "start_review")
    perform(article, checker, "request_changes", comment=COMMENT)
    perform(article, writer, "submit", comment="Added the source.")
    perform(article, checker, "start_review")
    perform(article, checker, "approve", comment="Clear and accurate.")
    perform(article, checker, "archive", comment="Replaced by a newer article.")
    perform(article, checker, "restore")
    finished = timezone.now()

    steps = list(article.transitions.all())
    assert [(s.action, s.from_status, s.to_status, s.by, s.comment) for s in steps] == [
        ("submit", "draft", "submitted", writer, ""),
        ("start_review", "submitted", "in_review", checker, ""),
        ("request_changes", "in_review", "changes_requested", checker, COMMENT),
        ("submit", "changes_requested", "submitted", writer, "Added the source."),
        ("start_review", "submitted", "in_review", checker, ""),
        ("approve", "in_review", "approved", checker, "Clear and accurate."),
        ("archive", "approved", "archived", checker, "Replaced by a newer article."),
        ("restore", "archived", "draft", checker, ""),
    ]
    times = [s.at for s in steps]
    assert times == sorted(times)
    assert started <= times[0] and times[-1] <= finished
    assert [s.revision is not None for s in steps] == [False] * 5 + [True, False, False]


def test_a_transition_can_never_be_changed_or_deleted():
    article = article_in(Status.SUBMITTED)
    step = perform(article, reviewer(), "start_review")

    step.comment = "Rewritten history"
    with pytest.raises(ValidationError, match="can never be changed"):
        step.save()
    with pytest.raises(ValidationError, match="can never be deleted"):
        step.delete()
    fresh = Transition.objects.get(pk=step.pk)
    assert fresh.comment == ""
    assert fresh.to_status == Status.IN_REVIEW


def test_an_approved_version_can_never_be_changed_or_deleted():
    article = published_article()
    revision = article.live
    revision.body = "Something else"
    with pytest.raises(ValidationError, match="can never be changed"):
        revision.save()
    with pytest.raises(ValidationError, match="can never be deleted"):
        revision.delete()
    assert Revision.objects.get(pk=revision.pk).body == article.body


def test_an_article_with_history_cannot_be_deleted():
    article = published_article()
    with pytest.raises(ProtectedError):
        article.delete()
    assert Article.objects.filter(pk=article.pk).exists()


# --- E-mails ---------------------------------------------------------------------


def test_submitting_emails_the_reviewers(mailoutbox, django_capture_on_commit_callbacks):
    reviewers = [reviewer(email="rev.one@example.org"), reviewer(email="rev.two@example.org")]
    reviewer(email="gone@example.org", is_active=False)
    writer = editor(email="writer@example.org")
    article = ArticleFactory(created_by=writer, title="Night cramps")

    with django_capture_on_commit_callbacks(execute=True):
        perform(article, writer, "submit")

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.subject == "Awaiting review: Night cramps"
    assert sorted(mail.to) == sorted(r.email for r in reviewers)
    assert f"Open its review page: http://127.0.0.1:8000/admin/articles/article/{article.pk}/workflow/" in mail.body


def test_a_title_with_a_line_break_does_not_break_the_email(mailoutbox, django_capture_on_commit_callbacks):
    """A hand-made POST can put a newline in a title; e-mail headers cannot hold one."""
    reviewer(email="rev@example.org")
    writer = editor()
    article = ArticleFactory(created_by=writer, title="Night\r\ncramps\nBcc: victim@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        perform(article, writer, "submit")

    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert [(m.subject, m.to, m.bcc) for m in mailoutbox] == [
        ("Awaiting review: Night cramps Bcc: victim@example.org", ["rev@example.org"], [])
    ]


def test_no_email_is_sent_before_the_transaction_commits(mailoutbox, django_capture_on_commit_callbacks):
    reviewer()
    writer = editor()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        perform(ArticleFactory(created_by=writer), writer, "submit")
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_requesting_changes_emails_the_editor_with_the_comment(mailoutbox, django_capture_on_commit_callbacks):
    writer, checker = editor(email="writer@example.org"), reviewer(email="checker@example.org")
    article = ArticleFactory(created_by=writer, title="Night cramps")
    perform(article, writer, "submit")
    perform(article, checker, "start_review")

    with django_capture_on_commit_callbacks(execute=True):
        perform(article, checker, "request_changes", comment=COMMENT)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Changes requested: Night cramps"
    assert mailoutbox[0].to == ["writer@example.org"]
    assert COMMENT in mailoutbox[0].body


def test_approving_emails_the_editor_who_submitted(mailoutbox, django_capture_on_commit_callbacks):
    writer, checker = editor(email="writer@example.org"), reviewer(email="checker@example.org")
    article = ArticleFactory(created_by=None, title="Night cramps")  # e.g. imported, then edited by `writer`
    perform(article, writer, "submit")
    perform(article, checker, "start_review")

    with django_capture_on_commit_callbacks(execute=True):
        perform(article, checker, "approve")

    assert [(m.subject, m.to) for m in mailoutbox] == [("Approved and published: Night cramps", ["writer@example.org"])]


# --- review_due ---------------------------------------------------------------------


def run_review_due(*args, expect_exit=None):
    """The command's output; it exits 1 when anything is overdue (checked here)."""
    out = StringIO()
    try:
        call_command("review_due", *args, stdout=out, stderr=StringIO())
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    if expect_exit is not None:
        assert code == expect_exit, out.getvalue()
    else:
        assert code == (1 if "OVERDUE" in out.getvalue() else 0), out.getvalue()
    return out.getvalue()


@pytest.fixture
def today():
    return timezone.localdate()


def test_an_article_reviewed_over_three_years_ago_is_overdue(today):
    old = published_article(slug="reviewed-long-ago", reviewed_on=add_months(today, -37))
    published_article(slug="reviewed-today", reviewed_on=today)

    output = run_review_due()
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("OVERDUE")
    assert "reviewed-long-ago" in lines[0] and str(old.live.next_review_due) in lines[0]
    assert "reviewed-today" not in output


def test_an_article_due_within_n_days_is_listed_only_with_days(today):
    # Due in (about) ten days: three years minus ten days ago.
    published_article(slug="due-soon", reviewed_on=add_months(today, -36) + datetime.timedelta(days=10))
    published_article(slug="reviewed-today", reviewed_on=today)

    assert "due-soon" not in run_review_due()
    assert "No reviews overdue or due within 0 days." in run_review_due()
    assert "due-soon" not in run_review_due("--days", "5")
    soon = run_review_due("--days", "30")
    assert "due-soon" in soon and soon.startswith("due")
    assert "reviewed-today" not in soon


def test_withdrawn_and_unpublished_articles_are_not_due_for_review(today):
    long_ago = add_months(today, -40)
    archived = published_article(slug="withdrawn", reviewed_on=long_ago)
    archived.status = Status.ARCHIVED
    archived.save()
    ArticleFactory(slug="never-published")
    assert run_review_due("--days", "9999").strip() == "No reviews overdue or due within 9999 days."


@pytest.mark.parametrize(
    "value,message",
    [("-1", "--days cannot be negative"), ("soon", "'soon' is not a whole number of days."), ("1.5", "1.5")],
)
def test_review_due_refuses_a_days_value_that_is_not_a_whole_number_of_days(today, value, message):
    from django.core.management.base import CommandError

    published_article(slug="reviewed-long-ago", reviewed_on=add_months(today, -37))
    with pytest.raises(CommandError, match=message):
        run_review_due("--days", value)


def test_review_due_lists_overdue_before_due_soon_with_dates(today):
    soon = published_article(slug="due-soon", reviewed_on=add_months(today, -36) + datetime.timedelta(days=10))
    late = published_article(slug="long-overdue", reviewed_on=add_months(today, -40))
    lines = run_review_due("--days", "30").splitlines()
    assert [line.split()[0] for line in lines] == ["OVERDUE", "due"]
    assert lines[0].split()[1:3] == [str(late.live.next_review_due), "long-overdue"]
    assert lines[1].split()[1:3] == [str(soon.live.next_review_due), "due-soon"]


def test_an_approval_emails_who_submitted_this_version_not_every_past_editor(
    mailoutbox, django_capture_on_commit_callbacks
):
    first, second, checker = editor(email="first@example.org"), editor(email="second@example.org"), reviewer()
    article = ArticleFactory(created_by=None, title="Night cramps")
    for writer in (first, second):
        perform(article, writer, "submit")
        perform(article, checker, "start_review")
        article.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            perform(article, checker, "approve")
        article.refresh_from_db()
        article.mark_edited()
        article.save()

    assert [(m.subject, m.to) for m in mailoutbox] == [
        ("Approved and published: Night cramps", ["first@example.org"]),
        ("Approved and published: Night cramps", ["second@example.org"]),
    ]


def test_archiving_withdraws_and_only_a_new_approval_republishes(today):
    article = published_article(slug="withdrawn-then-restored", reviewed_on=add_months(today, -40))
    checker = reviewer()
    perform(article, checker, "archive", comment="Out of date.")
    perform(article, checker, "restore")
    article.refresh_from_db()
    assert (article.status, article.withdrawn, article.is_published, article.is_withdrawn) == (
        Status.DRAFT, True, False, True
    )  # fmt: skip
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert "withdrawn-then-restored" not in run_review_due("--days", "9999")

    perform(article, editor(), "submit")
    perform(article, checker, "start_review")
    perform(article, checker, "approve")
    article.refresh_from_db()
    assert (article.status, article.withdrawn, article.is_published) == (Status.APPROVED, False, True)
    assert article.live.number == 2


def test_the_history_cannot_be_changed_or_deleted_in_bulk_either():
    article = published_article()
    step = perform(article_in(Status.SUBMITTED), reviewer(), "start_review", comment="Looking now.")
    with pytest.raises(ValidationError, match="Transitions can never be changed"):
        Transition.objects.filter(pk=step.pk).update(comment="Rewritten")
    with pytest.raises(ValidationError, match="Transitions can never be deleted"):
        Transition.objects.all().delete()
    with pytest.raises(ValidationError, match="Revisions can never be changed"):
        Revision.objects.filter(article=article).update(body="Rewritten")
    with pytest.raises(ValidationError, match="Revisions can never be deleted"):
        article.revisions.all().delete()
    assert Transition.objects.get(pk=step.pk).comment == "Looking now."
    assert Revision.objects.get(pk=article.live_id).body == article.body


def test_the_review_interval_can_be_changed_per_article():
    yearly = article_in(Status.IN_REVIEW, review_interval_months=12)
    default = article_in(Status.IN_REVIEW)
    for article in (yearly, default):
        perform(article, reviewer(), "approve", today=datetime.date(2025, 2, 28))
        article.refresh_from_db()
    assert yearly.live.next_review_due == datetime.date(2026, 2, 28)
    assert default.live.next_review_due == datetime.date(2028, 2, 28)
    assert (yearly.live.reviewed_on, default.live.reviewed_on) == (datetime.date(2025, 2, 28),) * 2


def test_a_review_date_at_the_end_of_a_month_stays_in_that_month():
    assert add_months(datetime.date(2024, 2, 29), 36) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2025, 8, 31), 1) == datetime.date(2025, 9, 30)


def test_the_starting_topics_come_from_the_data_migration():
    from articles.models import Category

    assert list(Category.objects.values_list("name", flat=True)) == [
        "Causes",
        "Medicines linked to cramps",
        "Prevention and stretches",
        "When to see a doctor",
        "Conditions that can feel like cramps",
    ]


# --- The status table ----------------------------------------------------------------


def test_editors_may_change_the_text_only_while_no_reviewer_holds_it():
    from articles.workflow import STATUSES

    assert {s for s, policy in STATUSES.items() if not policy.editable} == {Status.SUBMITTED, Status.IN_REVIEW, Status.SCHEDULED}
    assert set(STATUSES) == set(Status)


def test_an_edit_of_a_live_article_makes_a_draft_and_leaves_other_statuses_as_they_are():
    from articles.workflow import record_edit

    for status, after in [(Status.APPROVED, Status.DRAFT), (Status.DRAFT, Status.DRAFT),
                          (Status.CHANGES_REQUESTED, Status.CHANGES_REQUESTED), (Status.ARCHIVED, Status.ARCHIVED)]:  # fmt: skip
        article = article_in(status)
        version = article.edit_version
        record_edit(article, editor())
        article.refresh_from_db()
        assert (article.status, article.edit_version) == (after, version + 1), status


def test_a_review_interval_is_bounded_to_five_years():
    article = ArticleFactory(review_interval_months=61)
    with pytest.raises(ValidationError, match="less than or equal to 60"):
        article.full_clean()



def test_review_due_exits_1_when_a_review_is_overdue_and_names_the_owner_and_a_link(today):
    owner = reviewer(first_name="Olive", last_name="Owner", email="olive@example.org")
    late = published_article(slug="long-overdue", approver=owner, reviewed_on=add_months(today, -40))
    output = run_review_due(expect_exit=1)
    assert "owner: Olive Owner <olive@example.org>" in output
    assert f"http://127.0.0.1:8000/admin/articles/article/{late.pk}/workflow/" in output


def test_review_due_exits_0_when_reviews_are_only_due_soon(today):
    published_article(slug="due-soon", reviewed_on=add_months(today, -36) + datetime.timedelta(days=10))
    output = run_review_due("--days", "30", expect_exit=0)
    assert "due-soon" in output and "owner: no named reviewer" in output


def test_reminders_go_to_each_articles_last_reviewer_before_the_due_date(today, mailoutbox):
    olive = reviewer(first_name="Olive", last_name="Owner", email="olive@example.org")
    other = reviewer(email="other@example.org")
    mine = published_article(slug="olives-article", approver=olive,
                             reviewed_on=add_months(today, -36) + datetime.timedelta(days=10))  # fmt: skip
    published_article(slug="not-due", approver=olive, reviewed_on=today)
    imported = published_article(slug="imported-article", reviewed_on=add_months(today, -36) + datetime.timedelta(days=20))
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    sent = {tuple(mail.to): mail for mail in mailoutbox}
    assert set(sent) == {("olive@example.org",), ("other@example.org",)}
    assert "olives-article" not in sent[("other@example.org",)].body
    olive_mail = sent[("olive@example.org",)].body
    assert mine.live.title in olive_mail and f"/admin/articles/article/{mine.pk}/workflow/" in olive_mail
    assert imported.live.title in olive_mail  # no named reviewer: every reviewer is asked
    assert "not-due" not in out.getvalue()
    assert other.email in out.getvalue()
