"""Who owns an article's next review, and the e-mails that remind them."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from articles.notifications import REVIEWERS_GROUP


def owner(article):
    """The reviewer who approved the live version, if a person did (imports have none)."""
    user = article.live.approved_by if article.live_id else None
    return user if user is not None and user.is_active else None


def owner_label(article):
    user = owner(article)
    if user is None:
        return f"no named reviewer (approved by {article.live.reviewer_name}): any reviewer"
    return f"{user.get_full_name() or user.get_username()} <{user.email or 'no e-mail'}>"


def review_link(article):
    return settings.SITE_URL + reverse("admin:articles_article_workflow", args=[article.pk])


def send_reminders(articles, today):
    """One e-mail per reviewer listing their articles; articles with no
    reviewer to ask go to every reviewer. Returns {address: [slugs]}."""
    by_address = defaultdict(list)
    everyone = sorted(
        get_user_model().objects.filter(groups__name=REVIEWERS_GROUP, is_active=True).exclude(email="")
        .values_list("email", flat=True)
    )  # fmt: skip
    for article in articles:
        user = owner(article)
        for address in [user.email] if user is not None and user.email else everyone:
            by_address[address].append(article)
    for address, listed in by_address.items():
        lines = ["These articles are due for clinical review:", ""]
        for article in listed:
            due = article.live.next_review_due
            when = "OVERDUE since" if due < today else "due"
            lines += [f"- {article.live.title}: {when} {due}", f"  {review_link(article)}"]
        lines += ["", "Open each one, check it against current guidance, and approve it again or send it back."]
        send_mail(
            f"Reviews due: {len(listed)} article{'s' if len(listed) != 1 else ''}",
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
    return {address: [a.slug for a in listed] for address, listed in by_address.items()}
