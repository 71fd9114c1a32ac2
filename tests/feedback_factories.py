"""Readers' answers, and articles with a history of approved versions."""

import datetime
from unittest import mock

import factory
from django.utils import timezone

from articles import workflow
from articles.models import Feedback
from tests.factories import editor, published_article


class FeedbackFactory(factory.django.DjangoModelFactory):
    """An answer from a reader of the article's live version."""

    class Meta:
        model = Feedback

    helpful = True
    comment = ""
    revision = factory.LazyAttribute(lambda answer: answer.article.live)


def utc(*parts):
    return datetime.datetime(*parts, tzinfo=datetime.UTC)


def approved_at(moment):
    """Approvals made inside this block are dated `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def article_approved_at(moment, **kwargs):
    with approved_at(moment):
        return published_article(reviewed_on=moment.date(), **kwargs)


def approve_again(article, moment, new_sentence="It usually passes in a few minutes."):
    """Edit the working copy and publish it as the next approved version, dated `moment`."""
    article.body = article.body.rstrip("\n") + f"\n\n{new_sentence}\n"
    article.save()
    with approved_at(moment):
        revision = workflow.publish(article, None, reviewed_on=moment.date())
    article.refresh_from_db()
    return revision


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def article_in_review_with_feedback():
    """Live version 2 (approved 60 days ago), answered since; an edit now in review."""
    article = article_approved_at(days_ago(200), title="Night-time leg cramps", slug="night-cramps")
    first = article.live
    for n in range(9):
        FeedbackFactory(article=article, revision=first, helpful=n < 6, created_at=days_ago(100 - n))
    FeedbackFactory(article=article, revision=first, helpful=False, created_at=days_ago(90),
                    comment="Reviewed already: the old text was too long.")  # fmt: skip
    approve_again(article, days_ago(60))
    FeedbackFactory(article=article, helpful=True, created_at=days_ago(20), comment="Clear, thank you.")
    FeedbackFactory(article=article, helpful=False, created_at=days_ago(10),
                    comment="Pictures of the stretches would help.\nThe table is hard on a phone.")  # fmt: skip
    FeedbackFactory(article=article, revision=None, helpful=False, created_at=days_ago(5),
                    comment="<b>Bold</b> text typed by a reader.")  # fmt: skip
    writer = editor(username="feedback-editor")
    article.summary = "A new summary."
    article.save()
    workflow.record_edit(article, writer)
    workflow.perform(article, writer, "submit")
    return article
