"""The editorial workflow: who may move an article from which state to which.

The table `ACTIONS` is the whole policy. Every path that changes an
article's state (admin buttons, admin actions, a hand-made POST, a
management command) goes through `perform`, which checks the permission,
the state, separation of duties and the edit version on the server.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from articles import notifications, page_cache
from articles.models import Article, Revision, Status, Transition, add_months
from articles.readability import reading_time_minutes
from articles.rendering import citation_problems, render_body

EDIT_PERMISSION = "articles.change_article"
APPROVE_PERMISSION = "articles.approve_article"


class WorkflowError(Exception):
    """A transition that is not allowed; the message is shown to the user."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    target: Status
    permission: str
    comment_required: bool = False


ACTIONS = {
    action.name: action
    for action in [
        Action("submit", "Submit for review", frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
               Status.SUBMITTED, EDIT_PERMISSION),
        Action("start_review", "Start review", frozenset({Status.SUBMITTED}), Status.IN_REVIEW, APPROVE_PERMISSION),
        Action("request_changes", "Request changes", frozenset({Status.SUBMITTED, Status.IN_REVIEW}),
               Status.CHANGES_REQUESTED, APPROVE_PERMISSION, comment_required=True),
        Action("approve", "Approve and publish", frozenset({Status.IN_REVIEW}), Status.APPROVED, APPROVE_PERMISSION),
        Action("archive", "Archive (withdraw from the site)",
               frozenset({Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED}),
               Status.ARCHIVED, APPROVE_PERMISSION, comment_required=True),
        Action("restore", "Restore to draft", frozenset({Status.ARCHIVED}), Status.DRAFT, APPROVE_PERMISSION),
    ]
}  # fmt: skip


def refusal(article, user, action_name, comment=""):
    """Why `user` may not take this action now, or None if they may."""
    action = ACTIONS.get(action_name)
    if action is None:
        return "That is not a workflow action."
    if not user.has_perm(action.permission):
        return f"You do not have permission to {action.label.lower()}."
    if article.status not in action.sources:
        return f"An article that is “{article.get_status_display()}” cannot be sent to “{action.target.label}”."
    if action.comment_required and not comment.strip():
        return "Please write a comment saying what needs to change and why."
    if action.name == "submit":
        problems = citation_problems(article.body, article.references_list())
        if problems:
            return "Fix the citations before submitting: " + " ".join(problems)
    if action.name == "approve" and article.contributors.filter(pk=user.pk).exists():
        return "You wrote or edited this version, so someone else must approve it."
    return None


def allowed_actions(article, user):
    """The actions this user may take now (a comment is assumed where needed)."""
    return [
        action
        for action in ACTIONS.values()
        if refusal(article, user, action.name, comment="-" if action.comment_required else "") is None
    ]


def perform(article, user, action_name, comment="", expected_version=None, today=None):
    """Carry out a transition, or raise WorkflowError saying why not."""
    with transaction.atomic():
        # Lock the row so two reviewers cannot both act on the same state.
        article = Article.objects.select_for_update().get(pk=article.pk)
        reason = refusal(article, user, action_name, comment)
        if reason:
            raise WorkflowError(reason)
        if expected_version is not None and int(expected_version) != article.edit_version:
            raise WorkflowError("The article changed after you opened it. Review the new text and try again.")
        action = ACTIONS[action_name]
        from_status = article.status
        revision = publish(article, user, today=today) if action.name == "approve" else None
        if action.name == "archive":
            article.withdrawn = True
            page_cache.pages_changed()
        article.status = action.target
        article.save(update_fields=["status", "live", "withdrawn", "updated_at"])
        step = Transition.objects.create(
            article=article,
            action=action.name,
            from_status=from_status,
            to_status=action.target,
            by=user,
            comment=comment.strip(),
            revision=revision,
        )
        transaction.on_commit(lambda: notifications.transition_made(step))
    return step


def publish(article, user, today=None, reviewer_name=None, reviewed_on=None):
    """Freeze the working copy as a new approved Revision and make it live."""
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
        authors=contributors,
    )
    article.live = revision
    article.withdrawn = False
    article.contributors.clear()
    page_cache.pages_changed()
    return revision


def _display_name(user):
    return (user.get_full_name() or user.get_username()) if user else "Leg Cramp Guide editorial team"


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
