"""The editorial workflow: the whole policy, in two tables.

`STATUSES` says, for each status, whether editors may change the working
copy, who holds the article and what an edit leaves it as. `ACTIONS` says,
for each step, who may take it (a permission, or the system alone), from
which statuses, to which status, what it checks and what it does.

Every path that changes an article's state goes through here: the admin's
buttons and bulk actions and a hand-made POST (`perform`), an editor's save
(`record_edit`), `manage.py load_content` (the `import` action) and the test
factories. Nothing else writes `status`, `live` or the audit trail.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from articles import notifications, page_cache, search_index
from articles.models import Article, Reference, Revision, Status, Transition, Version, add_months
from articles.readability import reading_time_minutes
from articles.rendering import citation_problems, render_body
from articles.staff_wording import clock_time, person_name

EDIT_PERMISSION = "articles.change_article"
APPROVE_PERMISSION = "articles.approve_article"
# Steps no person may take through the admin: only code run by the site's
# operators (manage.py load_content) acts as the system, with no user.
SYSTEM = "system"


class WorkflowError(Exception):
    """A step that is not allowed; the message is shown to the user."""


# --- Statuses -------------------------------------------------------------------


@dataclass(frozen=True)
class StatusPolicy:
    editable: bool  # may editors change the working copy?
    holder: str  # who has the article now
    after_edit: Status  # what an edit of the working copy leaves it as


STATUSES = {
    Status.DRAFT: StatusPolicy(True, "Editors", Status.DRAFT),
    # While a reviewer holds the text, it must not change under them.
    Status.SUBMITTED: StatusPolicy(False, "Reviewers (waiting)", Status.SUBMITTED),
    Status.IN_REVIEW: StatusPolicy(False, "Reviewer: {reviewer}", Status.IN_REVIEW),
    Status.CHANGES_REQUESTED: StatusPolicy(True, "Editors", Status.CHANGES_REQUESTED),
    # An edit of a live article is a new draft; readers keep the approved text.
    Status.APPROVED: StatusPolicy(True, "—", Status.DRAFT),
    # The approved text is frozen and waits for its time; the live page stays as it is.
    Status.SCHEDULED: StatusPolicy(False, "Scheduled to go live", Status.SCHEDULED),
    Status.ARCHIVED: StatusPolicy(True, "—", Status.ARCHIVED),
}
EDITABLE_STATUSES = frozenset(status for status, policy in STATUSES.items() if policy.editable)


def is_editable(article):
    return STATUSES[Status(article.status)].editable


def can_edit(article, user):
    return user is not None and user.has_perm(EDIT_PERMISSION) and is_editable(article)


def holder(article, reviewer=None):
    """Who has the article: "Editors", "Reviewer: sam", ..."""
    return STATUSES[Status(article.status)].holder.format(reviewer=reviewer or "unknown")


# --- Checks: each returns why a step may not be taken, or None --------------------


@dataclass
class Attempt:
    """One person (or the system) trying one step on one article."""

    article: Article
    user: object  # a User, or None for the system
    comment: str = ""
    # The edit version the user's page showed: None when the caller has no
    # page (a bulk action, a command); NOT_SHOWN when a form should have
    # sent it and did not.
    expected_version: object = None
    details: dict = field(default_factory=dict)


NOT_SHOWN = object()


def comment_given(attempt):
    if not attempt.comment.strip():
        return "Please write a comment saying what needs to change and why."
    return None


def citations_clean(attempt):
    problems = citation_problems(attempt.article.body, attempt.article.references_list())
    if problems:
        return "Fix the citations before submitting: " + " ".join(problems)
    return None


def not_own_edit(attempt):
    if attempt.user is not None and attempt.article.contributors.filter(pk=attempt.user.pk).exists():
        return "You wrote or edited this version, so someone else must approve it."
    return None


def submitted_by_user(attempt):
    last_submit = attempt.article.transitions.filter(action="submit").order_by("-at", "-id").first()
    if attempt.user is None or last_submit is None or last_submit.by_id != attempt.user.pk:
        return "Only the editor who submitted it can recall it; ask a reviewer to send it back instead."
    return None


def version_unchanged(attempt):
    expected = attempt.expected_version
    if expected not in (None, NOT_SHOWN) and int(expected) != attempt.article.edit_version:
        return "The article changed after you opened it. Review the new text and try again."
    return None


def version_named(attempt):
    """An approval names the version the reviewer read in the diff; without
    it a later edit could be published unseen."""
    if attempt.expected_version is NOT_SHOWN:
        return "Use the buttons on the review page, so that it is clear which version you read. Nothing was changed."
    return None


def go_live_in_future(attempt):
    when = attempt.details.get("go_live")
    if when is None:
        return "Give the date and time it should go live."
    if when <= timezone.now():
        return "The go-live time has passed. Give a later time, or approve it to go live now."
    return None


def replacement_published(attempt):
    """A named replacement must be another article readers can see now."""
    replacement = attempt.details.get("replacement")
    if replacement is None:
        return None
    if replacement.pk == attempt.article.pk or not replacement.is_published:
        return "Readers can only be sent to another published article. Choose one from the list."
    return None


def checker_keeps_a_live_link(attempt):
    """The checker's advice must never point at an article readers cannot see."""
    from articles.links import checker_links

    if attempt.details.get("replacement") is None and checker_links(attempt.article.slug):
        return (
            "The checker's advice links to this article, so name a published replacement that readers will be "
            "sent to (the checker's links then lead there)."
        )
    return None


# --- What each step does (the status and the audit row are written by `perform`) ---


def _nothing_more(attempt):
    return None


def _publish_working_copy(attempt):
    return _make_live(attempt.article, attempt.user, **attempt.details)


def _import_text(attempt):
    """The file's text was copied into the working copy: keep it as a saved
    version (as any save is), then publish it."""
    article = attempt.article
    article.edit_version += 1
    Version.objects.create(article=article, number=article.edit_version, saved_by=None, note=attempt.comment.strip(),
                           **snapshot(article))  # fmt: skip
    return _make_live(article, None, **attempt.details)


def _schedule(attempt):
    """Freeze the approved text now; it goes live at its time (`go_live`)."""
    article = attempt.article
    live, withdrawn = article.live, article.withdrawn
    revision = _make_live(article, attempt.user)
    article.live, article.withdrawn = live, withdrawn  # readers keep what they see now
    article.scheduled, article.goes_live_at = revision, attempt.details["go_live"]
    return revision


def _go_live(attempt):
    article = attempt.article
    article.live, article.withdrawn, article.replaced_by = article.scheduled, False, None
    article.scheduled, article.goes_live_at = None, None
    return article.live


def _unschedule(attempt):
    """Sent back before its time: the frozen version never goes live (it stays in the history)."""
    attempt.article.scheduled, attempt.article.goes_live_at = None, None
    return None


def _withdraw(attempt):
    _unschedule(attempt)
    attempt.article.withdrawn = True
    attempt.article.replaced_by = attempt.details.get("replacement")
    search_index.article_withdrawn(attempt.article)
    return None


# --- The steps ------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    target: Status
    permission: str
    checks: tuple[Callable, ...] = ()
    does: Callable = _nothing_more
    changes_public_pages: bool = False

    @property
    def comment_required(self):
        return comment_given in self.checks


ANYTHING_BUT_ARCHIVED = frozenset(set(Status) - {Status.ARCHIVED})

ACTIONS = {
    action.name: action
    for action in [
        Action("submit", "Submit for review", frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
               Status.SUBMITTED, EDIT_PERMISSION, checks=(citations_clean, version_unchanged)),
        Action("recall", "Recall (take back from review)", frozenset({Status.SUBMITTED}),
               Status.DRAFT, EDIT_PERMISSION, checks=(submitted_by_user, version_unchanged)),
        Action("start_review", "Start review", frozenset({Status.SUBMITTED}), Status.IN_REVIEW,
               APPROVE_PERMISSION, checks=(not_own_edit, version_unchanged)),
        Action("request_changes", "Request changes", frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.SCHEDULED}),
               Status.CHANGES_REQUESTED, APPROVE_PERMISSION, checks=(comment_given, version_unchanged),
               does=_unschedule),
        Action("approve", "Approve and publish", frozenset({Status.IN_REVIEW}), Status.APPROVED,
               APPROVE_PERMISSION, checks=(not_own_edit, citations_clean, version_named, version_unchanged),
               does=_publish_working_copy, changes_public_pages=True),
        Action("schedule", "Approve to go live later", frozenset({Status.IN_REVIEW}), Status.SCHEDULED,
               APPROVE_PERMISSION, checks=(not_own_edit, citations_clean, go_live_in_future, version_named,
                                           version_unchanged), does=_schedule),
        # Run by manage.py publish_scheduled (cron) once the time has come.
        Action("go_live", "Go live as scheduled", frozenset({Status.SCHEDULED}), Status.APPROVED, SYSTEM,
               does=_go_live, changes_public_pages=True),
        Action("archive", "Archive (withdraw from the site)", ANYTHING_BUT_ARCHIVED, Status.ARCHIVED,
               APPROVE_PERMISSION, checks=(comment_given, replacement_published, checker_keeps_a_live_link,
                                           version_unchanged), does=_withdraw,
               changes_public_pages=True),
        Action("restore", "Restore to draft", frozenset({Status.ARCHIVED}), Status.DRAFT, APPROVE_PERMISSION,
               checks=(version_unchanged,)),
        # The bundled articles (manage.py load_content): text a named
        # clinician reviewed outside the admin, published as it stands.
        Action("import", "Import reviewed text", frozenset({Status.DRAFT, Status.APPROVED}), Status.APPROVED,
               SYSTEM, checks=(citations_clean,), does=_import_text, changes_public_pages=True),
    ]
}  # fmt: skip


def _permission_refusal(action, user):
    if action.permission == SYSTEM:
        return None if user is None else f"Only the site's import can {action.label.lower()}."
    if user is None or not user.has_perm(action.permission):
        return f"You do not have permission to {action.label.lower()}."
    return None


def _state_refusal(action, article):
    if article.status not in action.sources:
        return f"An article that is “{article.get_status_display()}” cannot be sent to “{action.target.label}”."
    return None


def refusal_of(attempt, action_name, skip=()):
    """Why this attempt may not take the step, or None if it may (`skip`: checks not to run)."""
    action = ACTIONS.get(action_name)
    if action is None:
        return "That is not a workflow action."
    reason = _permission_refusal(action, attempt.user) or _state_refusal(action, attempt.article)
    if reason:
        return reason
    for check in action.checks:
        if check in skip:
            continue
        reason = check(attempt)
        if reason:
            return reason
    return None


def refusal(article, user, action_name, comment="", expected_version=None):
    return refusal_of(Attempt(article, user, comment, expected_version), action_name)


# Checks of what the user fills in on the button's own form (a comment, a
# replacement): a button is offered whatever they will type, and the step
# checks it when they press it.
FORM_CHECKS = frozenset({comment_given, replacement_published, checker_keeps_a_live_link, go_live_in_future})


def _as_offered(article, user, action):
    """Check an action as its button would be used, before its form is filled in."""
    return refusal_of(Attempt(article, user), action.name, skip=FORM_CHECKS)


def allowed_actions(article, user):
    """The steps this user may take now (a comment is assumed where needed)."""
    return [
        action
        for action in ACTIONS.values()
        if action.permission != SYSTEM and _as_offered(article, user, action) is None
    ]


def unavailable_actions(article, user):
    """(action, reason) for each step this user's role can take but not now,
    so the review page can say why a button is missing."""
    unavailable = []
    for action in ACTIONS.values():
        if action.permission == SYSTEM or _permission_refusal(action, user):
            continue
        reason = _as_offered(article, user, action)
        if reason:
            if _state_refusal(action, article):
                sources = " or ".join(f"“{s.label}”" for s in Status if s in action.sources)
                reason = f"Only from {sources}; this article is “{article.get_status_display()}”."
            unavailable.append((action, reason))
    return unavailable


def perform(article, user, action_name, comment="", expected_version=None, **details):
    """Take one step, or raise WorkflowError saying why not. Returns the audit row."""
    with transaction.atomic():
        # Lock the row so two reviewers cannot both act on the same state.
        article = Article.objects.select_for_update().get(pk=article.pk)
        attempt = Attempt(article, user, comment, expected_version, details)
        reason = refusal_of(attempt, action_name)
        if reason:
            raise WorkflowError(reason)
        action = ACTIONS[action_name]
        from_status = article.status
        revision = action.does(attempt)
        article.status = action.target
        article.save(update_fields=["status", "live", "withdrawn", "replaced_by", "scheduled", "goes_live_at",
                                    "edit_version", "updated_at"])  # fmt: skip
        step = Transition.objects.create(
            article=article,
            action=action.name,
            from_status=from_status,
            to_status=action.target,
            by=user,
            comment=comment.strip(),
            revision=revision,
        )
        if action.changes_public_pages:
            invalidate_public_pages()
        transaction.on_commit(lambda: notifications.transition_made(step))
    return step


def invalidate_public_pages():
    """The one place the workflow tells the page cache that readers' pages changed."""
    page_cache.pages_changed()


# --- Editing -------------------------------------------------------------------------


def record_edit(article, user, note="", created=False):
    """The working copy was saved with changes by `user` (None: the system).

    Keeps the saved text as a new Version, moves the status as STATUSES
    says (a live article's edit is a new draft: readers keep the approved
    text until the next approval, and the step is in the audit trail), and
    makes `user` a contributor, who may not approve this text."""
    from_status = article.status
    if not created:
        article.mark_edited()
        article.save(update_fields=["status", "edit_version", "updated_at"])
    if user is not None:
        article.contributors.add(user)
    version = Version.objects.create(article=article, number=article.edit_version, saved_by=user, note=note,
                                     **snapshot(article))  # fmt: skip
    if article.status != from_status:
        Transition.objects.create(
            article=article, action="edit", from_status=from_status, to_status=article.status, by=user,
            comment=note,
        )  # fmt: skip
    return version


def restore(article, source, user, label, expected_version=None):
    """Make an older version (a saved Version or an approved Revision) the
    working copy again: a new edit by `user`, kept and audited like any other.
    Nothing readers see changes until that text is approved."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if user is None or not user.has_perm(EDIT_PERMISSION):
            raise WorkflowError("You do not have permission to restore an older version.")
        if not is_editable(article):
            raise WorkflowError(
                "A reviewer has this article now, so it cannot be changed. Ask them to send it back first."
            )
        if expected_version is not None and int(expected_version) != article.edit_version:
            raise WorkflowError("The article changed after you opened it. Look at the new text and try again.")
        for name in ("title", "audience", "summary", "also_called", "body"):
            setattr(article, name, getattr(source, name))
        article.category_id = source.category_id
        if getattr(source, "review_interval_months", None):
            article.review_interval_months = source.review_interval_months
        article.save()
        article.references.all().delete()
        Reference.objects.bulk_create(_reference(article, n, ref) for n, ref in enumerate(source.references))
        article.related.set(Article.objects.filter(slug__in=source.related_slugs).exclude(pk=article.pk))
        return record_edit(article, user, note=f"Restored from {label}.")


def _reference(article, position, stored):
    """A Reference row from a version's stored copy of it (Reference.as_dict)."""
    values = {name: stored.get(name) or "" for name in ("key", "authors", "title", "publisher", "doi", "pmid", "url")}
    checked = stored.get("last_checked")
    return Reference(
        article=article,
        position=position,
        year=stored.get("year") or None,
        last_checked=datetime.date.fromisoformat(checked) if checked else None,
        **values,
    )


def snapshot(article):
    """The working copy's reviewable fields, as a Version stores them."""
    return {
        "title": article.title,
        "category": article.category,
        "audience": article.audience,
        "summary": article.summary,
        "also_called": article.also_called,
        "body": article.body,
        "references": article.references_list(),
        "related_slugs": list(article.related.order_by("title").values_list("slug", flat=True)),
        "review_interval_months": article.review_interval_months,
    }


def edit_refusal(current, started_from):
    """Why a save of the change form must be refused, or None.

    `current` is the article as stored now, `started_from` the edit version
    the form was opened at. Each message says who changed the article and
    when, that nothing was saved, and what to do next."""
    keep = "Your text is still in the form below: nothing you typed is lost, but it is not saved."
    if started_from is None:
        # A browser always sends it back; without it we cannot tell whether
        # this form would overwrite someone else's later save.
        return (
            "This form is missing the version of the article it was opened from, so your changes were NOT "
            f"saved. {keep} Copy it, open the article again and add your changes to it."
        )
    if not STATUSES[Status(current.status)].editable:
        step = current.transitions.filter(to_status=current.status).select_related("by").order_by("-at", "-id").first()
        who = person_name(step.by) if step else "A colleague"
        when = f" at {clock_time(step.at)}" if step else ""
        doing = {Status.IN_REVIEW: "started reviewing it", Status.SCHEDULED: "approved it to go live later"}.get(
            current.status, "submitted it for review"
        )
        return (
            f"{who} {doing}{when}, so the article cannot be changed now and your changes were NOT saved. {keep} "
            "Copy your text, then ask the reviewer to send it back with “Request changes” (or, if you "
            "submitted it, recall it on the review page) and add your changes again."
        )
    if current.edit_version != started_from:
        last = current.versions.select_related("saved_by").order_by("-number").first()
        who = person_name(last.saved_by) if last else "Someone else"
        when = f" at {clock_time(last.saved_at)}" if last else ""
        return (
            f"{who} saved this article{when}, while you were editing it, so your changes were NOT saved. {keep} "
            "Open the article in a new tab to see their version and add your changes to it. Or, to replace "
            "their version with yours, save this form again: their version stays in the article's history."
        )
    return None


# --- Publishing ------------------------------------------------------------------------


def publish(article, user, today=None, reviewer_name=None, reviewed_on=None):
    """Make the working copy live as a new approved version, with its audit
    row, whatever the article's status (for code that builds data: test
    factories, the benchmark's data set). Returns the new Revision."""
    with transaction.atomic():
        from_status = article.status
        revision = _make_live(article, user, today=today, reviewer_name=reviewer_name, reviewed_on=reviewed_on)
        article.status = Status.APPROVED
        article.save(update_fields=["status", "live", "withdrawn", "replaced_by", "updated_at"])
        Transition.objects.create(
            article=article, action="approve", from_status=from_status, to_status=Status.APPROVED, by=user,
            revision=revision,
        )  # fmt: skip
        invalidate_public_pages()
    return revision


def _make_live(article, user, today=None, reviewer_name=None, reviewed_on=None):
    """Freeze the working copy as a new approved Revision and point `live` at it."""
    today = today or timezone.localdate()
    reviewed_on = reviewed_on or today
    references = article.references_list()
    rendered = render_body(article.body, references)
    contributors = ", ".join(sorted(u.get_full_name() or u.get_username() for u in article.contributors.all()))
    revision = Revision.objects.create(
        article=article,
        number=article.revisions.count() + 1,
        title=article.title,
        category=article.category,
        audience=article.audience,
        summary=article.summary,
        also_called=article.also_called,
        body=article.body,
        references=references,
        related_slugs=list(article.related.order_by("title").values_list("slug", flat=True)),
        body_html=rendered.html,
        plain_text=rendered.plain_text,
        toc_html=rendered.page_toc,
        reading_minutes=reading_time_minutes(article.body),
        approved_by=user,
        reviewer_name=reviewer_name or _display_name(user),
        approved_at=timezone.now(),
        reviewed_on=reviewed_on,
        next_review_due=add_months(reviewed_on, article.review_interval_months),
        review_interval_months=article.review_interval_months,
        authors=contributors,
    )
    article.live = revision
    article.withdrawn = False
    article.replaced_by = None
    article.contributors.clear()
    search_index.article_published(revision)
    return revision


def _display_name(user):
    return (user.get_full_name() or user.get_username()) if user else "Leg Cramp Guide editorial team"


# --- Reviews due -------------------------------------------------------------------------


def publish_scheduled(now=None):
    """Make every scheduled version whose time has come live. Safe to run again:
    an article already live is no longer scheduled. Returns the steps taken."""
    now = now or timezone.now()
    due = Article.objects.filter(status=Status.SCHEDULED, goes_live_at__lte=now).order_by("goes_live_at")
    return [perform(article, None, "go_live") for article in due]


def review_due(within_days=0, today=None):
    """Published articles whose next review is overdue or due within N days."""
    today = today or timezone.localdate()
    limit = today + datetime.timedelta(days=within_days)
    return (
        Article.objects.published()
        .with_live()
        .filter(live__next_review_due__lte=limit)
        .order_by("live__next_review_due", "title")
    )
