"""Articles, their approved versions, and the editorial workflow.

An `Article` holds the working copy that editors change. Readers never see
it: they see the article's `live` `Revision`, a frozen copy that a reviewer
approved, with its HTML rendered once at approval. Editing an approved
article therefore changes nothing public until the next approval. Every
workflow step is a `Transition` row that can be added but never changed.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone


class CategoryManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences shown on the topic page.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Topics are listed in this order.")

    # A backup (dumpdata --natural-primary) names topics by address, not id:
    # the database it is restored into already has the topics its migration
    # made, and a topic deleted and made again has a new id but the same slug.
    objects = CategoryManager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class Audience(models.TextChoices):
    READERS = "readers", "Readers (the public)"
    PROFESSIONALS = "professionals", "Health professionals"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved (published)"
    SCHEDULED = "scheduled", "Approved, to go live later"
    ARCHIVED = "archived", "Archived (withdrawn)"


DEFAULT_REVIEW_INTERVAL_MONTHS = 36  # NHS content policy: at least every three years
# Health content older than five years unreviewed is not trustworthy; a typo
# such as 32767 would otherwise put the next review in the year 4757.
MAX_REVIEW_INTERVAL_MONTHS = 60


class PublishedArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: approved at least once and not withdrawn."""
        return self.filter(live__isnull=False, withdrawn=False).exclude(status=Status.ARCHIVED)

    def with_live(self):
        return self.select_related("live", "live__category")


class Article(models.Model):
    # --- The working copy, edited in admin --------------------------------
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text=(
            "The last part of the address, as in /articles/leg-cramps-at-night/. Filled in from the title; "
            "fixed once the article is published."
        ),
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.READERS)
    summary = models.CharField(
        max_length=300, help_text="One or two plain sentences. Also the description search engines show."
    )
    also_called = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other names readers use for this subject, separated by commas (charley horse, night cramps).",
    )
    body = models.TextField(
        help_text="Markdown. The change form lists the tags it may use (articles.rendering.markdown_help)."
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="+")
    review_interval_months = models.PositiveSmallIntegerField(
        default=DEFAULT_REVIEW_INTERVAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEW_INTERVAL_MONTHS)],
        help_text=f"Months an approval lasts before the next review is due (1 to {MAX_REVIEW_INTERVAL_MONTHS}).",
    )

    # --- Workflow ----------------------------------------------------------
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # Bumped on every save: a form that started from an older number is
    # refused instead of overwriting someone else's work.
    edit_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Everyone who wrote any of the pending text; none of them may approve it.
    contributors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    # --- What readers see ----------------------------------------------------
    live = models.OneToOneField(
        "Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    # Set when a reviewer archives the article and cleared only by the next
    # approval: restoring it to draft does not bring the withdrawn text back.
    withdrawn = models.BooleanField(default=False, editable=False)
    # Where readers of a withdrawn article are sent (301) instead of a 410;
    # named by the reviewer who archives it, cleared by the next approval.
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # An approved version waiting for its go-live time (manage.py publish_scheduled).
    scheduled = models.ForeignKey(
        "Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    goes_live_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    objects = PublishedArticleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        permissions = [("approve_article", "Can review, approve, send back and archive articles")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    @property
    def is_published(self):
        return self.live_id is not None and not self.withdrawn and self.status != Status.ARCHIVED

    @property
    def is_withdrawn(self):
        """Published once, then withdrawn and not approved again since."""
        return self.live_id is not None and (self.withdrawn or self.status == Status.ARCHIVED)

    @property
    def has_pending_changes(self):
        return self.status != Status.APPROVED and self.status != Status.ARCHIVED

    def references_list(self):
        return [ref.as_dict() for ref in self.references.all()]

    @property
    def also_called_names(self):
        return split_names(self.also_called)

    def mark_edited(self):
        """The working copy changed: it needs review again before it goes live
        (the status it moves to is the workflow's policy)."""
        from articles.workflow import STATUSES

        self.status = STATUSES[Status(self.status)].after_edit
        self.edit_version += 1


class Reference(models.Model):
    """A source an article cites, in the order it is listed."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=60, help_text="Cite it in the body as [ref:key].")
    authors = models.CharField(max_length=500)
    title = models.CharField(max_length=500)
    publisher = models.CharField("journal or publisher", max_length=300)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    pmid = models.CharField("PubMed ID", max_length=20, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    last_checked = models.DateField(
        null=True, blank=True, help_text="The day an editor last read the source and checked the claims it supports."
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="unique_reference_key_per_article")]

    def __str__(self):
        return f"{self.authors} ({self.year}). {self.title}"

    def clean(self):
        if not (self.doi or self.pmid or self.url):
            raise ValidationError("Give a DOI, a PubMed ID or a URL so readers can find the source.")

    def as_dict(self):
        return {
            "key": self.key,
            "authors": self.authors,
            "title": self.title,
            "publisher": self.publisher,
            "year": self.year,
            "doi": self.doi,
            "pmid": self.pmid,
            "url": self.url,
            "last_checked": self.last_checked.isoformat() if self.last_checked else "",
        }


class AppendOnlyQuerySet(models.QuerySet):
    """History rows are added, never changed or removed, not even in bulk."""

    def update(self, **kwargs):
        raise ValidationError(f"{self.model._meta.verbose_name_plural.capitalize()} can never be changed.")

    def delete(self):
        raise ValidationError(f"{self.model._meta.verbose_name_plural.capitalize()} can never be deleted.")


class Revision(models.Model):
    """A version a reviewer approved: frozen text and the HTML rendered from it."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    summary = models.CharField(max_length=300)
    also_called = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    references = models.JSONField(default=list)
    related_slugs = models.JSONField(default=list)
    body_html = models.TextField()
    # The rendered text without markup, for search and snippets.
    plain_text = models.TextField(blank=True)
    toc_html = models.TextField(blank=True)
    reading_minutes = models.PositiveSmallIntegerField(default=1)

    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Who approved it for publication, as readers see it (the bundled articles name the editorial
    # team). A clinical review is claimed only for a verified ReviewerProfile (articles/reading.py).
    reviewer_name = models.CharField(max_length=200)
    approved_at = models.DateTimeField(default=timezone.now)
    reviewed_on = models.DateField()
    next_review_due = models.DateField(db_index=True)
    authors = models.CharField(max_length=500, blank=True, help_text="Who wrote this version.")
    # Empty on versions approved before it was recorded; see interval_months.
    review_interval_months = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")]

    def __str__(self):
        return f"{self.title} (version {self.number})"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("An approved version can never be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("An approved version can never be deleted.")

    @property
    def is_professional(self):
        return self.audience == Audience.PROFESSIONALS

    @property
    def interval_months(self):
        """How long this approval lasts, in months."""
        if self.review_interval_months:
            return self.review_interval_months
        due, done = self.next_review_due, self.reviewed_on
        return (due.year - done.year) * 12 + due.month - done.month

    @property
    def also_called_names(self):
        return split_names(self.also_called)

    @property
    def clinical_reviewer(self):
        """The approver's profile if an administrator has verified it, else None.

        Only then may the page say "Clinically reviewed": text imported by
        load_content has no approver, and an approver without a verified
        profile is an editor, not a clinician the site can vouch for.
        """
        profile = getattr(self.approved_by, "reviewer_profile", None) if self.approved_by_id else None
        return profile if profile is not None and profile.verified else None

    @property
    def sources_last_checked(self):
        """The oldest "last checked" date among the references: every source was checked since."""
        dates = [ref.get("last_checked") for ref in self.references]
        if not dates or not all(dates):
            return None
        return datetime.date.fromisoformat(min(dates))


class ReviewerProfile(models.Model):
    """A clinician who reviews articles, as registered with their professional body.

    Readers see "Clinically reviewed by ..." only for versions approved by a
    reviewer whose profile an administrator has checked against the register.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile")
    name = models.CharField(max_length=200, help_text="As it appears on the professional register.")
    profession = models.CharField(max_length=100, help_text="For example: GP, physiotherapist, pharmacist.")
    registration_body = models.CharField(max_length=100, help_text="For example: GMC, HCPC, GPhC, NMC.")
    registration_number = models.CharField(max_length=50)
    verified = models.BooleanField(
        default=False,
        help_text="Tick only after checking the name and number on the register. Only administrators can change it.",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}"

    @property
    def credentials(self):
        """ "GP, GMC 1234567" """
        return f"{self.profession}, {self.registration_body} {self.registration_number}"


class Version(models.Model):
    """One save of the working copy, kept for good: who saved what, and when.

    Approved text is also frozen as a `Revision` (with its HTML); a Version
    is every draft on the way there, so any two can be compared and an
    older one restored."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="versions")
    # The article's edit_version this save produced.
    number = models.PositiveIntegerField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.CharField(max_length=300, blank=True, help_text="Why it was saved, where not by hand.")

    title = models.CharField(max_length=200)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    summary = models.CharField(max_length=300)
    also_called = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    references = models.JSONField(default=list)
    related_slugs = models.JSONField(default=list)
    review_interval_months = models.PositiveSmallIntegerField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.title} (saved version {self.number})"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("A saved version can never be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A saved version can never be deleted.")


class Transition(models.Model):
    """One step in an article's workflow: who, when, from, to and why."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    comment = models.TextField(blank=True)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.article}: {self.get_from_status_display()} → {self.get_to_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("The audit trail can never be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("The audit trail can never be deleted.")


class Feedback(models.Model):
    """A reader's answer to "Was this page helpful?". No personal data."""

    COMMENT_MAX_LENGTH = 500

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The approved version on the page the reader answered from; empty when
    # unknown (answers from before it was recorded, or a number that was not
    # one this article has shown). A version, not a person.
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback",
        verbose_name="version the reader saw",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{'Helpful' if self.helpful else 'Not helpful'}: {self.article}"


def split_names(text):
    """ "charley horse, night cramps" -> ["charley horse", "night cramps"]."""
    return [name.strip() for name in text.split(",") if name.strip()]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# --- Topics' audit trail -------------------------------------------------------------


class TopicChange(models.Model):
    """One change to a topic's public text: who, when, and each changed field
    before and after (`before` is empty when the topic was created). Only
    reviewers may change topics (the groups' permissions); this is the record.
    Added, never changed or removed."""

    FIELDS = ("name", "slug", "description", "position")

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "topic change"

    def __str__(self):
        return f"{self.category}: {', '.join(self.after)} changed"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("The audit trail can never be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("The audit trail can never be deleted.")

    @classmethod
    def save_topic(cls, category, by):
        """Save a topic and record what changed, in one transaction."""
        with transaction.atomic():
            old = Category.objects.select_for_update().filter(pk=category.pk).first() if category.pk else None
            category.save()
            before = {f: getattr(old, f) for f in cls.FIELDS} if old else {}
            after = {f: getattr(category, f) for f in cls.FIELDS}
            changed = [f for f in cls.FIELDS if f not in before or before[f] != after[f]]
            if not changed:
                return None
            return cls.objects.create(
                category=category,
                by=by,
                before={f: before[f] for f in changed if f in before},
                after={f: after[f] for f in changed},
            )


# --- The image library --------------------------------------------------------
# Its tables are in articles/image_models.py and its logic in articles/images.py;
# importing them here registers them with the app.
from articles.image_models import Image, ImageRendition  # noqa: E402, F401

# Who has an article open in the editor now; see articles/presence.py.
from articles.presence import EditLease  # noqa: E402, F401

# Site search's own models live beside it; importing them here makes them the articles app's.
from articles.search_models import (  # noqa: E402, F401
    SearchDocument,
    SearchMiss,
    SearchPromotion,
    SearchWord,
    Synonym,
)
