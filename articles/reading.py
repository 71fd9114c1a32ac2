"""What a reader's article page shows, built from an approved version (or,
for staff previews, from the working copy rendered the same way)."""

import datetime
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from articles import images
from articles.models import Article, Audience, Revision
from articles.readability import reading_time_minutes
from articles.rendering import render_body


def reference_link(ref):
    """The best link for a reference: DOI, then PubMed, then its URL."""
    if ref.get("doi"):
        return f"https://doi.org/{ref['doi']}"
    if ref.get("pmid"):
        return f"https://pubmed.ncbi.nlm.nih.gov/{ref['pmid']}/"
    return ref.get("url") or ""


@dataclass
class ArticlePage:
    slug: str
    title: str
    summary: str
    category: object
    audience: str
    body_html: str
    toc_html: str
    references: list
    reviewer_name: str
    reviewed_on: object
    next_review_due: object
    reading_minutes: int
    related: list = field(default_factory=list)
    is_preview: bool = False
    approved_at: object = None
    # A verified ReviewerProfile, or None: then the page says "Not yet reviewed by a clinician".
    clinical_reviewer: object = None
    # Did this text pass through "submitted" and "in review" (a reviewer approved it in the admin)?
    went_through_review: bool = False
    sources_last_checked: object = None
    also_called_names: list = field(default_factory=list)
    # The approved version's number (None in a preview); the feedback form sends it on.
    version: int | None = None

    @property
    def review_steps(self):
        """The public status of this version, as steps: (label, done)."""
        return [
            ("Written", True),
            ("Submitted for review", self.went_through_review),
            ("In review", self.went_through_review),
            ("Clinically reviewed", self.clinical_reviewer is not None),
        ]

    @property
    def is_professional(self):
        return self.audience == Audience.PROFESSIONALS

    @property
    def path(self):
        return f"/articles/{self.slug}/"

    def structured_data(self):
        """schema.org MedicalWebPage, as JSON for a <script type="application/ld+json">."""
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "headline": self.title,
            "description": self.summary,
            "url": settings.SITE_URL + self.path,
            "lastReviewed": self.reviewed_on.isoformat() if self.reviewed_on else None,
            "audience": {"@type": "MedicalAudience" if self.is_professional else "PeopleAudience",
                         "audienceType": "Clinician" if self.is_professional else "Patient"},
            "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
            "citation": [
                {"@type": "CreativeWork", "name": ref["title"], "url": ref["link"]}
                for ref in self.references if ref["link"]
            ],
        }  # fmt: skip
        if self.clinical_reviewer:
            # Claimed only for a version a verified clinician approved.
            data["reviewedBy"] = {"@type": "Person", "name": self.clinical_reviewer.name,
                                  "jobTitle": self.clinical_reviewer.profession}  # fmt: skip
        # json.dumps leaves "<" alone; escape it so text can never close the script tag.
        return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _references(refs):
    return [
        {**ref, "number": n, "link": reference_link(ref), "last_checked_date": _date(ref.get("last_checked"))}
        for n, ref in enumerate(refs, start=1)
    ]


def _date(iso):
    return datetime.date.fromisoformat(iso) if iso else None


def live_page(article: Article) -> ArticlePage:
    """The public page of a published article (two queries: article, related)."""
    revision: Revision = article.live
    related = list(
        Article.objects.published()
        .with_live()
        .filter(slug__in=revision.related_slugs)
        .exclude(pk=article.pk)
        .order_by("live__title")
    )
    return ArticlePage(
        slug=article.slug,
        title=revision.title,
        summary=revision.summary,
        category=revision.category,
        audience=revision.audience,
        body_html=revision.body_html,
        toc_html=revision.toc_html,
        references=_references(revision.references),
        reviewer_name=revision.reviewer_name,
        reviewed_on=revision.reviewed_on,
        next_review_due=revision.next_review_due,
        reading_minutes=revision.reading_minutes,
        related=related,
        approved_at=revision.approved_at,
        clinical_reviewer=revision.clinical_reviewer,
        went_through_review=revision.approved_by_id is not None,
        sources_last_checked=revision.sources_last_checked,
        also_called_names=revision.also_called_names,
        version=revision.number,
    )


def draft_page(article: Article) -> dict:
    """Template context for a staff preview of the working copy."""
    refs = article.references_list()
    rendered = render_body(article.body, refs)
    page = ArticlePage(
        slug=article.slug,
        title=article.title,
        summary=article.summary,
        category=article.category,
        audience=article.audience,
        body_html=rendered.html,
        toc_html=rendered.page_toc,
        references=_references(refs),
        reviewer_name="(not yet reviewed)",
        reviewed_on=None,
        next_review_due=None,
        reading_minutes=reading_time_minutes(article.body),
        related=list(article.related.published().with_live()),
        is_preview=True,
        approved_at=timezone.now(),
        sources_last_checked=Revision(references=refs).sources_last_checked,
        also_called_names=article.also_called_names,
    )
    return {
        "page": page,
        "preview": True,
        "unknown_citations": rendered.unknown_citations,
        "image_problems": images.tag_problems(article.body),
    }
