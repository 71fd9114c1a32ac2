"""E-mails sent by steps taken in the admin."""

import pytest

from articles.models import Status
from articles.workflow import perform
from tests.admin_pages import as_user, messages_on, post_transition
from tests.factories import ArticleFactory, article_in, editor, reviewer

pytestmark = pytest.mark.django_db


def test_submitting_in_the_admin_emails_the_reviewers(client, mailoutbox, committed):
    first, second = reviewer(email="first@example.org"), reviewer(email="second@example.org")
    article = article_in(Status.DRAFT)
    as_user(client, editor())
    with committed():
        post_transition(client, article, "submit")
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == [first.email, second.email]
    assert mailoutbox[0].subject == f"Awaiting review: {article.title}"


def test_a_refused_step_sends_no_email(client, mailoutbox, committed):
    """The article has a submitter with an address, so an approval would
    e-mail them: only the refusal keeps the outbox empty."""
    submitter = editor(email="submitter@example.org")
    article = ArticleFactory(created_by=submitter)
    perform(article, submitter, "submit")
    perform(article, reviewer(), "start_review")

    as_user(client, editor())
    with committed():
        response = post_transition(client, article, "approve")
    assert messages_on(response) == ["You do not have permission to approve and publish."]
    assert mailoutbox == []

    # The same step by someone allowed to take it does send the e-mail.
    as_user(client, reviewer())
    with committed():
        post_transition(client, article, "approve")
    assert [mail.to for mail in mailoutbox] == [["submitter@example.org"]]
