"""Honest clinical review status on article pages.

Until a reviewer whose profile an administrator has verified approves a
version, the page says "Not yet reviewed by a clinician" near the title and in
the trust panel, and its structured data names no reviewer. Bundled text is
never marked as clinically reviewed.
"""

import datetime
import html
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.html import strip_tags

from articles import bundled
from articles.models import ReviewerProfile, Revision
from articles.workflow import perform
from tests.factories import ArticleFactory, editor, reviewer, superuser

pytestmark = pytest.mark.django_db

NOT_REVIEWED = "Not yet reviewed by a clinician"


def page_of(slug, client=None):
    response = (client or Client()).get(f"/articles/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def header_of(page):
    """From the title to the start of the body: what a reader sees first."""
    return page[page.index('<h1 id="article-title"') : page.index('<div class="article-body">')]


def trust_panel(page):
    match = re.search(r'<section class="trust-panel".*?</section>', page, re.S)
    assert match, "no trust panel"
    return " ".join(html.unescape(strip_tags(match.group(0))).split())


def structured_data(page):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def steps(page):
    """The review steps as (label, done)."""
    found = re.findall(r'<li class="review-step( review-step--done)?">([^<]+)<', page)
    return [(label, bool(done)) for done, label in found]


def approve_with(article, checker, today=datetime.date(2026, 12, 1)):
    perform(article, editor(), "submit")
    perform(article, checker, "start_review")
    perform(article, checker, "approve", today=today)
    article.refresh_from_db()


def profile(user, verified):
    return ReviewerProfile.objects.create(
        user=user, name="Priya Shah", profession="GP", registration_body="GMC",
        registration_number="7654321", verified=verified,
    )  # fmt: skip


def test_every_bundled_article_says_it_is_not_yet_reviewed_by_a_clinician():
    call_command("load_content", stdout=StringIO())
    for item in bundled.read_all():
        page = page_of(item.slug)
        assert NOT_REVIEWED in header_of(page), item.slug
        assert NOT_REVIEWED in trust_panel(page), item.slug
        assert "reviewedBy" not in structured_data(page), item.slug
        assert steps(page) == [("Written", True), ("Submitted for review", False), ("In review", False),
                               ("Clinically reviewed", False)], item.slug  # fmt: skip
        assert "Clinically reviewed by" not in page
    assert all(revision.clinical_reviewer is None for revision in Revision.objects.all())
    assert not Revision.objects.filter(approved_by__isnull=False).exists()


def test_an_approval_by_a_reviewer_without_a_verified_profile_is_not_a_clinical_review():
    unverified = reviewer()
    profile(unverified, verified=False)
    article = ArticleFactory(slug="night-cramps")
    approve_with(article, unverified)

    page = page_of("night-cramps")

    assert NOT_REVIEWED in header_of(page) and NOT_REVIEWED in trust_panel(page)
    assert "reviewedBy" not in structured_data(page)
    assert steps(page)[1:] == [("Submitted for review", True), ("In review", True), ("Clinically reviewed", False)]


def test_a_verified_reviewers_approval_is_shown_with_their_registration(committed):
    clinician = reviewer()
    registration = profile(clinician, verified=True)
    article = ArticleFactory(slug="night-cramps")
    approve_with(article, clinician, today=datetime.date(2026, 12, 1))

    page = page_of("night-cramps")

    shown = "Clinically reviewed by Priya Shah (GP, GMC 7654321), on 1 December 2026"
    assert shown in " ".join(html.unescape(strip_tags(header_of(page))).split())
    assert shown in trust_panel(page)
    assert NOT_REVIEWED not in page
    assert structured_data(page)["reviewedBy"] == {"@type": "Person", "name": "Priya Shah", "jobTitle": "GP"}
    assert all(done for _, done in steps(page))

    # An administrator withdraws the verification: the page stops claiming it.
    with committed():
        registration.verified = False
        registration.save()
    page = page_of("night-cramps")
    assert NOT_REVIEWED in header_of(page) and "reviewedBy" not in structured_data(page)


def test_only_an_administrator_can_verify_a_profile(client):
    clinician = reviewer()
    registration = profile(clinician, verified=False)
    url = f"/admin/articles/reviewerprofile/{registration.pk}/change/"
    form = {"user": clinician.pk, "name": "Priya Shah", "profession": "GP", "registration_body": "GMC",
            "registration_number": "7654321", "verified": "on"}  # fmt: skip

    client.force_login(clinician)
    assert client.post(url, form).status_code == 403
    registration.refresh_from_db()
    assert not registration.verified

    admin = superuser()
    client.force_login(admin)
    assert client.post(url, form).status_code == 302
    registration.refresh_from_db()
    assert registration.verified and registration.verified_by == admin and registration.verified_at


def test_each_page_shows_when_its_sources_were_last_checked():
    call_command("load_content", stdout=StringIO())
    for item in bundled.read_all():
        page = page_of(item.slug)
        oldest = min(datetime.date.fromisoformat(ref["last_checked"]) for ref in item.references)
        shown = f'Sources last checked <time datetime="{oldest.isoformat()}">'
        assert shown in header_of(page), item.slug
        assert shown in page[page.index('<section class="trust-panel"') :], item.slug
        shown_each = f'<span class="ref-checked">Checked {oldest.strftime("%-d %b %Y")}.</span>'
        assert page.count('<span class="ref-checked">Checked ') == len(item.references), item.slug
        assert shown_each in page, item.slug
