"""Readers' answers, and articles with a history of approved versions."""

import datetime
from unittest import mock

import factory

from articles import workflow
from articles.models import Feedback
from tests.factories import published_article


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
