"""The editors' and reviewers' workspace.

Every state change goes through `articles.workflow.perform`, which checks
roles on the server; the admin only decides which buttons to show.
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import presence, queues, workflow
from articles.admin_views import ArticleWorkflowViews, _int_or_none
from articles.forms import ArticleForm
from articles.models import Article, Feedback, Reference, ReviewerProfile, Revision, Transition, Version
from articles.readability import (
    READER_GRADE_LIMIT,
    READER_SMOG_LIMIT,
    flesch_kincaid_grade,
    reading_time_minutes,
    smog_index,
)
from articles.rendering import citation_problems
from articles.topic_admin import CategoryAdmin, TopicChangeAdmin  # noqa: F401 (registers the topics' admin)


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    # A source address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [("position", "key"), "authors", "title", ("publisher", "year"), ("doi", "pmid"), "url", "last_checked"]


class ReviewDueFilter(admin.SimpleListFilter):
    title = "next review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("90", "Due within 90 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(live__next_review_due__lt=today)
        if self.value() == "90":
            return queryset.filter(pk__in=workflow.review_due(90, today).values("pk"))
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    inlines = [ReferenceInline]
    list_display = [
        "title", "status", "category", "holder", "being_edited", "last_reviewed", "next_review_due", "helpful_count",
        "not_helpful_count",
    ]  # fmt: skip
    list_filter = ["status", ReviewDueFilter, "category", "audience"]
    search_fields = ["title", "slug", "summary", "body"]
    list_select_related = ["category", "live"]
    actions = ["submit_selected", "start_review_selected"]
    readonly_fields = ["status", "published_version", "readability", "timeline"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "audience", "summary", "also_called", "body", "edit_version"]}),
        ("Reading level", {"fields": ["readability"]}),
        ("Related articles and review", {"fields": ["related", "review_interval_months"]}),
        ("Workflow", {"fields": ["status", "published_version", "timeline"]}),
    ]

    # --- Lists -------------------------------------------------------------

    def get_queryset(self, request):
        started_by = (
            Transition.objects.filter(article=OuterRef("pk"), action="start_review")
            .order_by("-at", "-id")
            .values("by__username")[:1]
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_reviewer=Subquery(started_by),
                helpful_total=Count("feedback", filter=Q(feedback__helpful=True), distinct=True),
                not_helpful_total=Count("feedback", filter=Q(feedback__helpful=False), distinct=True),
            )
            .prefetch_related(
                Prefetch("edit_leases", queryset=presence.leases_for_list(request.user), to_attr="open_elsewhere")
            )
        )

    @admin.display(description="Who has it")
    def holder(self, obj):
        return workflow.holder(obj, reviewer=obj.last_reviewer)

    @admin.display(description="Being edited")
    def being_edited(self, obj):
        """Someone else's open form that may hold unsaved changes."""
        return "; ".join(lease.short() for lease in obj.open_elsewhere) or "—"

    @admin.display(description="Last reviewed", ordering="live__reviewed_on")
    def last_reviewed(self, obj):
        return obj.live.reviewed_on if obj.live else "—"

    @admin.display(description="Next review due", ordering="live__next_review_due")
    def next_review_due(self, obj):
        if not obj.live:
            return "—"
        due = obj.live.next_review_due
        return format_html("<strong>{} (overdue)</strong>", due) if due < timezone.localdate() else due

    @admin.display(description="Helpful", ordering="helpful_total")
    def helpful_count(self, obj):
        return obj.helpful_total

    @admin.display(description="Not helpful", ordering="not_helpful_total")
    def not_helpful_count(self, obj):
        return obj.not_helpful_total

    # --- The change page ---------------------------------------------------

    def view_on_site(self, obj):
        # Only a published article has a public page; a draft would be a 404.
        return obj.get_absolute_url() if obj.is_published else None

    def get_prepopulated_fields(self, request, obj=None):
        if obj and obj.live_id:
            return {}  # the slug is read-only once published
        return {"slug": ["title"]}

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj and obj.live_id:
            fields.append("slug")  # published addresses never change
        return fields

    @admin.display(description="Published version")
    def published_version(self, obj):
        if not obj.live_id:
            return "Not published yet."
        live = obj.live
        if obj.is_withdrawn:
            return format_html(
                "Version {} was withdrawn: readers are told the article has been withdrawn until a new version "
                "is approved.",
                live.number,
            )
        return format_html(
            'Version {} approved by {} on {}. Next review due {}. <a href="{}">View the public page</a>.',
            live.number, live.reviewer_name, live.reviewed_on, live.next_review_due, obj.get_absolute_url(),
        )  # fmt: skip

    @admin.display(description="Reading level of the working copy")
    def readability(self, obj):
        if not obj.pk:
            return "Shown after the first save."
        grade, smog = flesch_kincaid_grade(obj.body), smog_index(obj.body)
        minutes = reading_time_minutes(obj.body)
        text = format_html("Flesch-Kincaid grade {} · about {} min to read. SMOG index {}.", grade, minutes, smog)
        if obj.audience != "readers":
            return text
        problems = []
        if grade > READER_GRADE_LIMIT:
            problems.append(f"above grade {READER_GRADE_LIMIT} for a reader article")
        if smog > READER_SMOG_LIMIT:
            problems.append(f"SMOG above {READER_SMOG_LIMIT} for a reader article")
        if problems:
            return format_html(
                '{} <strong class="readability-warning">Warning: {}. '
                "Try shorter sentences and everyday words.</strong>",
                text, "; ".join(problems),
            )  # fmt: skip
        return text

    @admin.display(description="Timeline")
    def timeline(self, obj):
        """Edits and workflow steps together, oldest first."""
        if not obj.pk:
            return "—"
        steps = [(s.at, self._step_line(s)) for s in obj.transitions.select_related("by") if s.action != "edit"]
        edits = [(v.saved_at, self._edit_line(v)) for v in obj.versions.select_related("saved_by")]
        if not steps and not edits:
            return "Nothing has happened to this article yet."
        # sorted() is stable: at the same moment an edit comes before a step.
        entries = sorted(edits + steps, key=lambda entry: entry[0])
        items = format_html_join("", "<li>{}</li>", ((line,) for _, line in entries))
        return format_html('<ol class="timeline">{}</ol>', items)

    @staticmethod
    def _step_line(step):
        return format_html(
            "<strong>{}</strong>: {} → {} by {}{}",
            timezone.localtime(step.at).strftime("%Y-%m-%d %H:%M"),
            step.get_from_status_display(),
            step.get_to_status_display(),
            step.by.get_username() if step.by else "the system",
            format_html(". Comment: “{}”", step.comment) if step.comment else "",
        )

    @staticmethod
    def _edit_line(version):
        return format_html(
            "<strong>{}</strong>: edited by {} (saved version {}){}",
            timezone.localtime(version.saved_at).strftime("%Y-%m-%d %H:%M"),
            version.saved_by.get_username() if version.saved_by else "the system",
            version.number,
            format_html(". {}", version.note) if version.note else "",
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or request.method == "POST":
            # A save of an article a reviewer now holds still reaches the
            # form, which refuses it and shows the typed text again.
            return allowed
        # While a reviewer holds an article, editors see it read-only.
        return allowed and workflow.is_editable(obj)

    def has_delete_permission(self, request, obj=None):
        return False  # withdraw with "Archive" instead; history is kept

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # One edit per save, whether the fields, the references or both changed.
        if not change or form.has_changed() or any(formset.has_changed() for formset in formsets):
            workflow.record_edit(form.instance, request.user, created=not change)
        problems = citation_problems(form.instance.body, form.instance.references_list())
        if problems:
            fix = "Saved, but it cannot be submitted for review until the citations are fixed: "
            messages.warning(request, fix + " ".join(problems))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if _int_or_none(object_id) is None:  # "abc", or a preview's relative link: no such article
            raise Http404("No article has that id.")
        extra_context = extra_context or {}
        extra_context["workflow_url"] = reverse("admin:articles_article_workflow", args=[object_id])
        extra_context["preview_url"] = reverse("admin:articles_article_preview", args=[object_id])
        article = Article.objects.filter(pk=object_id).first()
        extra_context["sent_back"] = queues.last_sent_back(article) if article else None
        editing = article is not None and self.has_change_permission(request, article)
        if article is not None:
            extra_context.update(self._presence_on_open(request, article, editing))
        response = super().change_view(request, object_id, form_url, extra_context)
        if editing and request.method == "POST":
            self._presence_after_save(request, article, response)
        return response

    def _presence_on_open(self, request, article, editing):
        """Who else has the article open; on a form this person may save,
        their own lease too, and where the page's script renews it."""
        context = {"presence_others": presence.others_editing(article, request.user)}
        if editing:
            if request.method == "GET":
                presence.renew(article, request.user, unsaved=None)  # the page's script says more at once
            context["presence_url"] = reverse("admin:articles_article_presence", args=[article.pk])
            context["presence_heartbeat_seconds"] = presence.HEARTBEAT_SECONDS
        return context

    def _presence_after_save(self, request, article, response):
        """A save renews the lease: a refused one still holds typed text; a
        saved one leaves nothing unsaved. Other people's open forms are
        checked now too, for browsers that never ran the page's script."""
        if response.status_code != 302:
            presence.renew(article, request.user, unsaved=True)
            return
        if "_continue" in request.POST:
            presence.renew(article, request.user, unsaved=False)
        else:
            presence.release(article, request.user)  # back to the list: no longer editing
        for lease in presence.others_with_unsaved_changes(article, request.user):
            messages.warning(
                request,
                f"{lease.describe()} Your save went in. If they save after you, their save will be stopped "
                "and their text kept, so that they can add it to yours: tell them, if you can.",
            )

    # --- Workflow pages (articles/admin_views.py) --------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        views = ArticleWorkflowViews(self)
        return [
            path("<int:pk>/workflow/", wrap(views.review), name="articles_article_workflow"),
            path("<int:pk>/transition/", wrap(views.transition), name="articles_article_transition"),
            path("<int:pk>/preview/", wrap(views.preview), name="articles_article_preview"),
            path("<int:pk>/restore/", wrap(views.restore), name="articles_article_restore"),
            path("<int:pk>/presence/", wrap(views.presence), name="articles_article_presence"),
        ] + super().get_urls()

    # --- Bulk actions, each through the same workflow checks ---------------

    def _bulk(self, request, queryset, action_name):
        done = 0
        for article in queryset:
            try:
                workflow.perform(article, request.user, action_name)
                done += 1
            except workflow.WorkflowError as refusal:
                messages.error(request, f"{article.title}: {refusal}")
        if done:
            messages.success(request, f"{done} article(s) updated.")

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Start reviewing selected articles", permissions=["approve"])
    def start_review_selected(self, request, queryset):
        self._bulk(request, queryset, "start_review")

    def has_approve_permission(self, request):
        return request.user.has_perm(workflow.APPROVE_PERMISSION)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History: visible to staff, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["at", "article", "action", "from_status", "to_status", "by"]
    list_filter = ["action", "to_status"]
    list_select_related = ["article", "by"]
    search_fields = ["article__title", "comment"]


@admin.register(Version)
class VersionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "saved_by", "saved_at", "note"]
    list_select_related = ["article", "saved_by"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "reviewer_name", "reviewed_on", "next_review_due"]
    list_select_related = ["article"]
    exclude = ["body_html", "toc_html"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    """Every answer; the review page links here filtered by its article."""

    list_display = ["answered", "article", "version_seen", "answer", "comment"]
    list_filter = ["helpful", "article"]
    list_select_related = ["article", "revision"]
    search_fields = ["comment"]

    def _one_article(self, request):
        """The article the list is filtered to (the review page's link), or None."""
        return Article.objects.filter(pk=_int_or_none(request.GET.get("article__id__exact"))).first()

    def get_list_display(self, request):
        # Filtered to one article, its name in every row would only take the comments' room;
        # the title names it instead.
        if self._one_article(request):
            return [name for name in self.list_display if name != "article"]
        return self.list_display

    def changelist_view(self, request, extra_context=None):
        article = self._one_article(request)
        if article:
            extra_context = {**(extra_context or {}), "title": f"Readers’ answers to “{article.title}”"}
        return super().changelist_view(request, extra_context)

    @admin.display(description="Answered", ordering="created_at")
    def answered(self, feedback):
        return timezone.localtime(feedback.created_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description="Helpful?", ordering="helpful")
    def answer(self, feedback):
        return "Yes" if feedback.helpful else "No"  # words, not a green or red icon alone

    @admin.display(description="Version", ordering="revision__number")
    def version_seen(self, feedback):
        return feedback.revision.number if feedback.revision else "unknown"

    def has_delete_permission(self, request, obj=None):
        # Editors may remove abusive comments.
        return request.user.has_perm("articles.delete_feedback")


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    """Clinical reviewers' registrations. Only administrators add, change or
    verify them, so nobody can vouch for their own credentials."""

    list_display = ["name", "profession", "registration_body", "registration_number", "verified", "verified_at"]
    list_filter = ["verified", "profession"]
    list_select_related = ["user"]
    search_fields = ["name", "registration_number", "user__username"]
    fields = ["user", "name", "profession", "registration_body", "registration_number", "verified",
              "verified_by", "verified_at"]  # fmt: skip
    readonly_fields = ["verified_by", "verified_at"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if "verified" in form.changed_data:
            obj.verified_by, obj.verified_at = (request.user, timezone.now()) if obj.verified else (None, None)
        super().save_model(request, obj, form, change)


# The image library's admin is in its own module; importing it registers it.
from articles import image_admin  # noqa: E402, F401
