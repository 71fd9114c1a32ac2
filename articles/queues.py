"""The admin home's work queues: what waits for reviewers, what came back to editors."""

from dataclasses import dataclass

from django.db.models import Prefetch

from articles.models import Article, Status, Transition


@dataclass
class QueueItem:
    article: Article
    submitted: Transition | None  # the step that sent this version for review
    started: Transition | None  # the reviewer's "start review" since then
    sent_back: Transition | None  # the reviewer's "request changes"


def _with_steps(articles):
    steps = Transition.objects.select_related("by").order_by("at", "id")
    return articles.select_related("category").prefetch_related(Prefetch("transitions", queryset=steps))


def _item(article):
    submitted = started = sent_back = None
    for step in article.transitions.all():  # oldest first
        if step.action == "submit":
            submitted, started, sent_back = step, None, None
        elif step.action == "start_review":
            started = step
        elif step.action == "request_changes":
            sent_back = step
        elif step.action == "recall":
            submitted = started = None
    return QueueItem(article, submitted, started, sent_back)


def awaiting_review():
    """Submitted or in review, longest waiting first (since submission, not the last step)."""
    items = [_item(a) for a in _with_steps(Article.objects.filter(status__in=[Status.SUBMITTED, Status.IN_REVIEW]))]
    return sorted(items, key=lambda item: (item.submitted.at if item.submitted else item.article.updated_at))


def sent_back_to(user):
    """Articles a reviewer sent back that this editor submitted or created, newest first."""
    candidates = Article.objects.filter(status=Status.CHANGES_REQUESTED)
    items = [_item(a) for a in _with_steps(candidates)]
    mine = [i for i in items if user.pk in {i.submitted and i.submitted.by_id, i.article.created_by_id}]
    return sorted(mine, key=lambda item: item.sent_back.at if item.sent_back else item.article.updated_at, reverse=True)


def last_sent_back(article):
    """The reviewer's request for changes that this working copy answers, or None."""
    if article.status != Status.CHANGES_REQUESTED:
        return None
    return article.transitions.filter(action="request_changes").select_related("by").order_by("-at", "-id").first()


def scheduled():
    """Approved versions waiting for their go-live time, soonest first."""
    return list(
        Article.objects.filter(status=Status.SCHEDULED)
        .select_related("scheduled", "scheduled__approved_by")
        .order_by("goes_live_at")
    )
