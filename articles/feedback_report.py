"""What readers said about one article, for its next review.

Plain functions over `Feedback` (no HTTP): the helpful rate and counts
overall, per approved version and per month, and the comments that came in
since the last approval, each with the version the reader saw. A rate from
a handful of answers misleads, so under MIN_ANSWERS it is not given.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from articles.models import add_months

MIN_ANSWERS = 10  # fewer answers than this give no rate, only counts
MONTHS = 12  # the trend covers this month and the 11 before it
COMMENTS_SHOWN = 50  # on the review page; the admin's feedback list has the rest

_COUNTS = {
    "helpful_count": Count("pk", filter=Q(helpful=True)),
    "not_helpful_count": Count("pk", filter=Q(helpful=False)),
}


@dataclass(frozen=True)
class Tally:
    helpful: int = 0
    not_helpful: int = 0

    @property
    def total(self):
        return self.helpful + self.not_helpful

    @property
    def judged(self):
        return self.total >= MIN_ANSWERS

    @property
    def rate(self):
        """Per cent who found it helpful, or None under MIN_ANSWERS answers."""
        return round(100 * self.helpful / self.total) if self.judged else None

    @property
    def rate_text(self):
        if self.total == 0:
            return "no answers"
        return f"{self.rate}% helpful" if self.judged else "too few answers to judge"


@dataclass(frozen=True)
class VersionTally:
    number: int | None  # None: the version is not known
    approved_on: datetime.date | None
    is_live: bool
    tally: Tally


@dataclass(frozen=True)
class MonthTally:
    month: datetime.date  # the first day of the month
    tally: Tally


@dataclass(frozen=True)
class ReaderComment:
    created_at: datetime.datetime
    helpful: bool
    text: str
    version: int | None  # None: the version is not known


@dataclass(frozen=True)
class FeedbackReport:
    overall: Tally
    by_version: list
    by_month: list
    last_approval: object  # the newest approved Revision, or None
    since_last_approval: Tally
    comments: list  # since the last approval, newest first, at most COMMENTS_SHOWN
    comments_not_shown: int
    min_answers: int = MIN_ANSWERS


def _tally(counts):
    return Tally(counts["helpful_count"], counts["not_helpful_count"])


def _per_version(article):
    """{version number or None: Tally}, in one query."""
    rows = article.feedback.order_by().values("revision__number").annotate(**_COUNTS)
    return {row["revision__number"]: _tally(row) for row in rows}


def by_version(article, counts=None):
    """Every version readers could have seen (newest first), then answers of unknown version, if any."""
    counts = _per_version(article) if counts is None else counts
    rows = []
    if article.live_id:
        for revision in article.revisions.filter(number__lte=article.live.number).order_by("-number"):
            rows.append(VersionTally(revision.number, revision.reviewed_on, revision.pk == article.live_id,
                                     counts.get(revision.number, Tally())))  # fmt: skip
    if None in counts:
        rows.append(VersionTally(None, None, False, counts[None]))
    return rows


def by_month(article, today=None):
    """The last MONTHS months, oldest first, months without answers as zero (site time zone)."""
    today = today or timezone.localdate()
    first = add_months(today.replace(day=1), -(MONTHS - 1))
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        article.feedback.filter(created_at__gte=start)
        .order_by()
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(**_COUNTS)
    )
    counts = {_as_date(row["month"]): _tally(row) for row in rows}
    months = [add_months(first, n) for n in range(MONTHS)]
    return [MonthTally(month, counts.get(month, Tally())) for month in months]


def _as_date(value):
    return timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value


def last_approval(article):
    """The newest approved version (a scheduled one included): its review saw what came before."""
    return article.revisions.order_by("-number").first()


def answers_since(article, approval):
    """The answers given since `approval` (a Revision; None: all of them)."""
    answers = article.feedback.all()
    return answers.filter(created_at__gte=approval.approved_at) if approval else answers


def comments_since(article, approval, limit=None):
    """The comments given since `approval` (what the next review should see), newest first."""
    rows = answers_since(article, approval).exclude(comment="").order_by("-created_at", "-pk")
    return [ReaderComment(row["created_at"], row["helpful"], row["comment"], row["revision__number"])
            for row in rows.values("created_at", "helpful", "comment", "revision__number")[:limit]]  # fmt: skip


def for_article(article, today=None):
    """Everything the review page shows about readers' answers (six queries)."""
    per_version = _per_version(article)
    approval = last_approval(article)
    with_comment = Count("pk", filter=~Q(comment=""))
    since_counts = answers_since(article, approval).aggregate(**_COUNTS, comment_count=with_comment)
    comments = comments_since(article, approval, limit=COMMENTS_SHOWN)
    return FeedbackReport(
        overall=Tally(sum(t.helpful for t in per_version.values()), sum(t.not_helpful for t in per_version.values())),
        by_version=by_version(article, per_version),
        by_month=by_month(article, today),
        last_approval=approval,
        since_last_approval=_tally(since_counts),
        comments=comments,
        comments_not_shown=since_counts["comment_count"] - len(comments),
    )
