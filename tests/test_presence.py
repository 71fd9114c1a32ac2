"""Presence leases (articles/presence.py): taken, renewed, lapsing, and what
they say about the person who holds one."""

import datetime

import pytest
from django.utils import timezone

from articles import presence
from articles.presence import EditLease
from tests.factories import editor, published_article

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def article():
    return published_article(title="Night cramps")


@pytest.fixture
def fran():
    return editor(username="fran", first_name="Fran", last_name="First")


def at(hour, minute):
    """Today at hour:minute in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(hour, minute)))


def test_a_lease_keeps_its_opening_time_while_it_is_renewed(article, fran):
    presence.renew(article, fran, unsaved=None, now=at(10, 42))
    lease = presence.renew(article, fran, unsaved=False, now=at(10, 49))
    assert (lease.opened_at, lease.renewed_at) == (at(10, 42), at(10, 49))
    assert EditLease.objects.count() == 1


def test_a_lease_lapses_minutes_after_its_last_renewal_and_then_starts_afresh(article, fran):
    other = editor(username="sam")
    presence.renew(article, fran, unsaved=True, now=at(10, 0))
    still_there = at(10, 0) + presence.LEASE_MINUTES * MINUTE
    assert [lease.user for lease in presence.others_editing(article, other, now=still_there)] == [fran]
    assert presence.others_editing(article, other, now=still_there + MINUTE) == []

    lease = presence.renew(article, fran, unsaved=None, now=at(11, 0))
    assert lease.opened_at == at(11, 0)


def test_unsaved_changes_are_dated_from_when_the_page_first_reported_them(article, fran):
    presence.renew(article, fran, unsaved=None, now=at(10, 30))
    presence.renew(article, fran, unsaved=False, now=at(10, 31))
    presence.renew(article, fran, unsaved=True, now=at(10, 38))
    lease = presence.renew(article, fran, unsaved=True, now=at(10, 42))
    assert lease.since == at(10, 38)
    assert lease.describe() == "Being edited by Fran First since 10:38, with unsaved changes."

    lease = presence.renew(article, fran, unsaved=False, now=at(10, 45))  # saved, or typed back
    assert lease.since == at(10, 30)
    assert lease.describe() == "Open in Fran First’s editor since 10:30, with no unsaved changes."


def test_a_page_that_cannot_report_is_taken_to_have_unsaved_changes(article, fran):
    lease = presence.renew(article, fran, unsaved=None, now=at(9, 5))
    assert lease.may_have_unsaved_changes
    assert lease.describe() == (
        "Being edited by Fran First since 09:05. They may have unsaved changes: their browser does not report them."
    )


def test_a_lease_from_another_day_names_the_day(article, fran):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    lease = presence.renew(article, fran, unsaved=True, now=yesterday)
    assert lease.short() == f"Fran First since {timezone.localtime(yesterday):%H:%M on %-d %B %Y}"


def test_nobody_is_shown_their_own_lease_and_others_are_listed_longest_first(article, fran):
    sam, kim = editor(username="sam"), editor(username="kim")
    presence.renew(article, sam, unsaved=True, now=at(10, 5))
    presence.renew(article, fran, unsaved=None, now=at(10, 0))
    now = at(10, 6)
    assert [lease.user for lease in presence.others_editing(article, kim, now=now)] == [fran, sam]
    assert [lease.user for lease in presence.others_editing(article, fran, now=now)] == [sam]


def test_the_list_shows_only_forms_that_may_hold_changes(article, fran):
    sam, kim, viewer = editor(username="sam"), editor(username="kim"), editor(username="viewer")
    presence.renew(article, fran, unsaved=True, now=at(10, 0))
    presence.renew(article, sam, unsaved=None, now=at(10, 0))
    presence.renew(article, kim, unsaved=False, now=at(10, 0))
    presence.renew(article, viewer, unsaved=True, now=at(10, 0))
    listed = presence.leases_for_list(viewer, now=at(10, 1))
    assert {lease.user for lease in listed} == {fran, sam}


def test_release_gives_the_lease_up(article, fran):
    presence.renew(article, fran, unsaved=True)
    presence.release(article, fran)
    assert presence.others_editing(article, editor(username="sam")) == []


def test_lapsed_leases_are_cleared_away_whichever_article_they_were_on(article, fran):
    forgotten = published_article(title="Calf stretches")
    presence.renew(forgotten, fran, unsaved=True, now=at(9, 0))
    presence.renew(article, editor(username="sam"), unsaved=True, now=at(11, 0))
    assert not EditLease.objects.filter(article=forgotten).exists()
