"""Presence: who else has an article open in the editor, and since when.

Each person has at most one lease on an article. It is taken or renewed
when the change form loads, when a save is tried, and by the form's
heartbeat (static/js/presence.js) while the page stays open; it lapses
LEASE_MINUTES after the last renewal, so a closed tab or a sleeping laptop
frees it. The heartbeat also says whether the form holds unsaved changes.
A page without JavaScript cannot say, so its lease is shown as "may have
unsaved changes": on the next person's page load, and again at their save.

Presence only tells people. What stops one save overwriting another is the
edit-version check in `ArticleForm.clean`, which keeps the typed text.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.staff_wording import clock_time, person_name

LEASE_MINUTES = 10
# How often an open form renews its lease; well inside LEASE_MINUTES, so a
# missed beat or two does not make a person vanish.
HEARTBEAT_SECONDS = 60


class EditLease(models.Model):
    """One person having one article open in the change form."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="edit_leases")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField()
    renewed_at = models.DateTimeField(db_index=True)
    # The page's last word: True or False from the heartbeat, None when it
    # has not said (no JavaScript, or it has only just loaded).
    unsaved = models.BooleanField(null=True)
    unsaved_since = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="one_lease_per_person")]

    def __str__(self):
        return f"{self.user} editing {self.article}"

    @property
    def since(self):
        return self.unsaved_since or self.opened_at

    @property
    def may_have_unsaved_changes(self):
        return self.unsaved is not False

    def describe(self):
        who, when = person_name(self.user), clock_time(self.since)
        if self.unsaved:
            return f"Being edited by {who} since {when}, with unsaved changes."
        if self.unsaved is None:
            return (
                f"Being edited by {who} since {when}. They may have unsaved changes: "
                "their browser does not report them."
            )
        return f"Open in {who}’s editor since {when}, with no unsaved changes."

    def short(self):
        """For the article list: "Fran First since 10:42"."""
        return f"{person_name(self.user)} since {clock_time(self.since)}"


def _cutoff(now):
    return now - datetime.timedelta(minutes=LEASE_MINUTES)


def active_leases(now=None):
    return EditLease.objects.filter(renewed_at__gte=_cutoff(now or timezone.now())).select_related("user")


def renew(article, user, *, unsaved, now=None):
    """Take or renew `user`'s lease on `article`. `unsaved` is what their page
    says: True, False, or None when it cannot say."""
    now = now or timezone.now()
    # Lapsed leases, on any article, go: one that comes back starts afresh.
    EditLease.objects.filter(renewed_at__lt=_cutoff(now)).delete()
    lease, _ = EditLease.objects.get_or_create(
        article=article, user=user, defaults={"opened_at": now, "renewed_at": now}
    )
    lease.renewed_at = now
    if not unsaved:
        lease.unsaved_since = None
    elif not (lease.unsaved and lease.unsaved_since):
        lease.unsaved_since = now  # changes began now; they keep that date until saved
    lease.unsaved = unsaved
    lease.save(update_fields=["renewed_at", "unsaved", "unsaved_since"])
    return lease


def release(article, user):
    """They closed the form, or saved and left it."""
    EditLease.objects.filter(article=article, user=user).delete()


def others_editing(article, user, now=None):
    """Everyone but `user` with the article open now, longest first."""
    return list(active_leases(now).filter(article=article).exclude(user=user).order_by("opened_at", "pk"))


def others_with_unsaved_changes(article, user, now=None):
    """Those of them whose form may hold changes: worth a warning."""
    return [lease for lease in others_editing(article, user, now) if lease.may_have_unsaved_changes]


def leases_for_list(user, now=None):
    """For the article list: other people's open forms that may hold changes."""
    return active_leases(now).exclude(user=user).exclude(unsaved=False).order_by("opened_at", "pk")
