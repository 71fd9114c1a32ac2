"""Emails that keep the workflow moving (console locally, SMTP in production)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

log = logging.getLogger(__name__)

REVIEWERS_GROUP = "Reviewers"


def _review_link(article):
    return settings.SITE_URL + reverse("admin:articles_article_workflow", args=[article.pk])


def _recipients_for(step):
    User = get_user_model()
    if step.action == "submit":
        users = User.objects.filter(groups__name=REVIEWERS_GROUP, is_active=True)
    elif step.action in {"request_changes", "approve"}:
        # The people who sent this version for review (since the last
        # approval), and the article's creator.
        earlier = step.article.transitions.filter(id__lt=step.id)
        last_approval = (
            earlier.filter(revision__isnull=False).order_by("-id").values_list("id", flat=True).first()
        )
        this_round = earlier.filter(action="submit", id__gt=last_approval or 0)
        ids = {step.article.created_by_id} | set(this_round.values_list("by_id", flat=True))
        users = User.objects.filter(pk__in=[i for i in ids if i], is_active=True)
    else:
        return []
    return sorted({u.email for u in users if u.email})


SUBJECTS = {
    "submit": "Awaiting review: {title}",
    "request_changes": "Changes requested: {title}",
    "approve": "Approved and published: {title}",
}


def transition_made(step):
    recipients = _recipients_for(step)
    if not recipients:
        return
    article = step.article
    lines = [
        f"“{article.title}” is now {step.get_to_status_display().lower()}.",
        f"By: {step.by.get_username() if step.by else 'the system'}",
    ]
    if step.comment:
        lines += ["", "Comment:", step.comment]
    lines += ["", f"Open its review page: {_review_link(article)}"]
    try:
        send_mail(
            # A header cannot hold a line break (Django refuses it outright).
            " ".join(SUBJECTS[step.action].format(title=article.title).split()),
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    except OSError:
        # A mail outage must not undo an approval; say so in the logs.
        log.exception("Could not send the %s email for article %s", step.action, article.pk)
