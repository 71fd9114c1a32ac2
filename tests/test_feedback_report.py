"""articles/feedback_report.py: what readers said about an article, as its
next reviewer sees it: the helpful rate and counts overall, per approved
version and per month, and the comments since the last approval, each with
the version the reader saw. Under ten answers there is no rate."""

import datetime

import pytest

from articles import feedback_report, workflow
from articles.feedback_report import Tally
from articles.models import Article
from tests.factories import editor, reviewer
from tests.feedback_factories import FeedbackFactory, approve_again, approved_at, article_approved_at, utc

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def history():
    """An article approved three times, answered over 14 months:

    v1 (approved 1 Sep 2025): 8 helpful, 3 not (three in Oct 2025 and one on
       31 Dec 2025, outside the 12 months; then Jan and Feb 2026).
    v2 (approved 15 Jul 2026): 8 helpful, 4 not (Aug; one helpful in Sep with a comment).
    v3 (approved 20 Oct 2026, live): 2 helpful, 3 not in Nov, some with comments.
    Unknown version: 1 not helpful in Nov (an answer from before versions were kept).
    """
    article = article_approved_at(utc(2025, 9, 1, 9, 0), title="Night cramps", slug="night-cramps")
    v1 = article.live
    v2 = approve_again(article, utc(2026, 7, 15, 9, 0))
    v3 = approve_again(article, utc(2026, 10, 20, 10, 0), "Stretch your calf before bed.")

    def answers(revision, when, helpful, count=1, comment=""):
        for n in range(count):
            FeedbackFactory(article=article, revision=revision, helpful=helpful, comment=comment,
                            created_at=when + datetime.timedelta(minutes=n))  # fmt: skip

    answers(v1, utc(2025, 10, 3, 8), True, 3)
    answers(v1, utc(2025, 12, 31, 23, 59), True)  # the last minute before the 12 months
    answers(v1, utc(2026, 1, 1, 0, 0), False)  # the first minute of them
    answers(v1, utc(2026, 2, 10, 12), True, 4)
    answers(v1, utc(2026, 2, 11, 12), False, 2)
    answers(v2, utc(2026, 8, 5, 12), True, 7)
    answers(v2, utc(2026, 8, 6, 12), False, 4)
    answers(v2, utc(2026, 9, 1, 12), True, comment="Good, but before the rewrite.")
    answers(v3, utc(2026, 10, 20, 9, 59), False, comment="Seen just before version 3 was approved.")
    answers(v3, utc(2026, 11, 5, 8), True, comment="Clear, thank you.")
    answers(v3, utc(2026, 11, 6, 8), True)
    answers(v3, utc(2026, 11, 12, 21), False, comment="Pictures of the stretches would help.")
    answers(v3, utc(2026, 11, 13, 7), False)
    answers(None, utc(2026, 11, 20, 6), False, comment="The page\nlooked different last week.")
    return article


# --- The rate --------------------------------------------------------------------


@pytest.mark.parametrize(
    "helpful, not_helpful, rate, text",
    [
        (0, 0, None, "no answers"),
        (9, 0, None, "too few answers to judge"),
        (3, 6, None, "too few answers to judge"),
        (7, 3, 70, "70% helpful"),
        (2, 1, None, "too few answers to judge"),
        (20, 1, 95, "95% helpful"),
        (1, 2, None, "too few answers to judge"),
        (0, 10, 0, "0% helpful"),
    ],
)
def test_a_rate_is_given_from_ten_answers_only(helpful, not_helpful, rate, text):
    tally = Tally(helpful, not_helpful)
    assert tally.total == helpful + not_helpful
    assert (tally.rate, tally.rate_text) == (rate, text)


def test_overall_counts_every_answer_of_every_version(history):
    overall = feedback_report.for_article(history, today=TODAY).overall
    assert (overall.helpful, overall.not_helpful, overall.total) == (18, 11, 29)
    assert overall.rate_text == "62% helpful"  # 18 of 29 is 62.1%


# --- Per version ---------------------------------------------------------------------


def test_each_approved_version_has_its_counts_newest_first_then_the_unknown(history):
    rows = [(row.number, row.approved_on, row.is_live, row.tally.helpful, row.tally.not_helpful, row.tally.rate_text)
            for row in feedback_report.by_version(history)]  # fmt: skip
    assert rows == [
        (3, datetime.date(2026, 10, 20), True, 2, 3, "too few answers to judge"),
        (2, datetime.date(2026, 7, 15), False, 8, 4, "67% helpful"),
        (1, datetime.date(2025, 9, 1), False, 8, 3, "73% helpful"),
        (None, None, False, 0, 1, "too few answers to judge"),
    ]


def test_a_version_without_answers_is_listed_with_none_and_no_unknown_row_without_unknown_answers():
    article = article_approved_at(utc(2026, 1, 5, 9))
    approve_again(article, utc(2026, 6, 1, 9))
    FeedbackFactory(article=article, helpful=True)  # on version 2
    rows = [(row.number, row.tally.total, row.tally.rate_text) for row in feedback_report.by_version(article)]
    assert rows == [(2, 1, "too few answers to judge"), (1, 0, "no answers")]


def test_a_version_scheduled_for_later_is_not_a_version_readers_saw(history):
    writer = editor(username="scheduling-editor")
    history.body += "\nA scheduled change.\n"
    history.save()
    workflow.record_edit(history, writer)
    workflow.perform(history, writer, "submit")
    clinician = reviewer(username="scheduling-reviewer")
    workflow.perform(history, clinician, "start_review")
    with approved_at(utc(2026, 11, 30, 9)):
        workflow.perform(history, clinician, "schedule", go_live=utc(2026, 12, 24, 9))
    history.refresh_from_db()
    assert (history.scheduled.number, history.live.number) == (4, 3)
    assert [row.number for row in feedback_report.by_version(history)] == [3, 2, 1, None]
    # Its approval is the last one: its reviewer saw the comments that came before.
    report = feedback_report.for_article(history, today=TODAY)
    assert report.last_approval.number == 4
    assert report.comments == [] and report.since_last_approval.total == 0


# --- Per month -----------------------------------------------------------------------


def test_the_last_twelve_months_oldest_first_with_empty_months_as_zero(history):
    months = {row.month: (row.tally.helpful, row.tally.not_helpful) for row in feedback_report.by_month(history, TODAY)}
    assert list(months) == [datetime.date(2026, month, 1) for month in range(1, 13)]
    assert months == {
        datetime.date(2026, 1, 1): (0, 1),  # 1 Jan 00:00 is in; 31 Dec 23:59 is not
        datetime.date(2026, 2, 1): (4, 2),
        datetime.date(2026, 3, 1): (0, 0),
        datetime.date(2026, 4, 1): (0, 0),
        datetime.date(2026, 5, 1): (0, 0),
        datetime.date(2026, 6, 1): (0, 0),
        datetime.date(2026, 7, 1): (0, 0),
        datetime.date(2026, 8, 1): (7, 4),
        datetime.date(2026, 9, 1): (1, 0),
        datetime.date(2026, 10, 1): (0, 1),
        datetime.date(2026, 11, 1): (2, 3),  # the answer of unknown version counts too
        datetime.date(2026, 12, 1): (0, 0),
    }


def test_the_twelve_months_move_with_today(history):
    months = feedback_report.by_month(history, datetime.date(2026, 3, 31))
    assert [row.month for row in months][0] == datetime.date(2025, 4, 1)
    assert [row.month for row in months][-1] == datetime.date(2026, 3, 1)
    counts = {row.month: row.tally.total for row in months}
    assert counts[datetime.date(2025, 10, 1)] == 3
    assert counts[datetime.date(2025, 12, 1)] == 1
    assert sum(counts.values()) == 3 + 1 + 1 + 6


# --- Since the last approval ---------------------------------------------------------


def test_the_comments_since_the_last_approval_newest_first_with_the_version_seen(history):
    comments = feedback_report.comments_since(history, feedback_report.last_approval(history))
    assert [(c.created_at, c.helpful, c.text, c.version) for c in comments] == [
        (utc(2026, 11, 20, 6), False, "The page\nlooked different last week.", None),
        (utc(2026, 11, 12, 21), False, "Pictures of the stretches would help.", 3),
        (utc(2026, 11, 5, 8), True, "Clear, thank you.", 3),
    ]


def test_the_report_says_what_the_next_review_has_not_seen(history, django_assert_max_num_queries):
    article = Article.objects.select_related("live").get(pk=history.pk)  # as the review page has it
    with django_assert_max_num_queries(6):  # however many versions, months and comments
        report = feedback_report.for_article(article, today=TODAY)
    assert report.last_approval.number == 3
    since = report.since_last_approval
    assert (since.helpful, since.not_helpful, since.rate_text) == (2, 3, "too few answers to judge")
    assert len(report.comments) == 3 and report.comments_not_shown == 0
    assert report.overall.total == 29
    assert len(report.by_month) == 12 and [row.number for row in report.by_version] == [3, 2, 1, None]


def test_the_review_page_shows_the_newest_comments_and_counts_the_rest(history, monkeypatch):
    monkeypatch.setattr(feedback_report, "COMMENTS_SHOWN", 2)
    report = feedback_report.for_article(history, today=TODAY)
    assert [c.text for c in report.comments] == ["The page\nlooked different last week.",
                                                 "Pictures of the stretches would help."]  # fmt: skip
    assert report.comments_not_shown == 1


def test_an_article_nobody_answered_has_an_empty_report():
    article = article_approved_at(utc(2026, 5, 1, 9))
    report = feedback_report.for_article(article, today=TODAY)
    assert report.overall.total == 0 and report.comments == [] and report.comments_not_shown == 0
    assert [row.tally.total for row in report.by_month] == [0] * 12
    assert [(row.number, row.tally.total) for row in report.by_version] == [(1, 0)]
