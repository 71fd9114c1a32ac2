"""The editors' and reviewers' workspace.

Every state change goes through `articles.workflow.perform`, which checks
roles on the server; the admin only decides which buttons to show.
"""

import difflib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import workflow
from articles.models import (
    EDITABLE_STATUSES,
    Article,
    Audience,
    Category,
    Feedback,
    Reference,
    ReviewerProfile,
    Revision,
    Status,
    Transition,
)
from articles.readability import (
    READER_GRADE_LIMIT,
    READER_SMOG_LIMIT,
    flesch_kincaid_grade,
    reading_time_minutes,
    smog_index,
)
from articles.reading import draft_page


class ReferenceInline(admin.StackedInline):
    model = Reference
    extra = 0
    # A source address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [("position", "key"), "authors", "title", ("publisher", "year"), ("doi", "pmid"), "url", "last_checked"]


class MarkdownField(forms.CharField):
    """Markdown as typed, with the browser's CRLF line ends made LF.

    Without this, posting an unchanged body back (browsers send CRLF, and
    the default field strips the final newline) would look like an edit.
    """

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "strip": False})

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class ArticleForm(forms.ModelForm):
    # The version of the text this form started from; see clean().
    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title", "slug", "category", "audience", "summary", "also_called", "body", "related",
            "review_interval_months",
        ]  # fmt: skip
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "body": forms.Textarea(attrs={"rows": 30})}
        field_classes = {"body": MarkdownField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("edit_version", self.instance.edit_version)

    def clean(self):
        cleaned = super().clean()
        # Only compared, never saved: the admin lists it in the fieldsets, so
        # without this the posted value (empty on the add form) would be
        # written to the model. save_model() bumps the real one.
        started_from = cleaned.pop("edit_version", None)
        if self.instance.pk:
            current = (
                Article.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("edit_version", "status")
                .first()
            )
            if current and started_from is None:
                # A browser always sends it back; without it we cannot tell whether
                # this form would overwrite someone else's later save.
                raise forms.ValidationError(
                    "This form is missing the version of the article it was opened from, so your changes were "
                    "NOT saved. Your text is still in the form below: copy it, open the article again and add "
                    "your changes to it.",
                    code="edit_conflict",
                )
            if current and current[0] != started_from:
                raise forms.ValidationError(
                    "Someone else saved this article while you were editing it, so your changes were NOT saved. "
                    "Your text is still in the form below: copy what you need, open the article again to see "
                    "their version, and add your changes to it.",
                    code="edit_conflict",
                )
            if current and current[1] not in EDITABLE_STATUSES:
                raise forms.ValidationError(
                    "This article is with a reviewer, so it cannot be changed now. Ask them to send it back "
                    "with “Request changes”.",
                    code="under_review",
                )
        return cleaned


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
        "title", "status", "category", "holder", "last_reviewed", "next_review_due", "helpful_count",
        "not_helpful_count",
    ]  # fmt: skip
    list_filter = ["status", ReviewDueFilter, "category", "audience"]
    search_fields = ["title", "slug", "summary", "body"]
    list_select_related = ["category", "live"]
    filter_horizontal = ["related"]
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
        last_by = Transition.objects.filter(article=OuterRef("pk")).order_by("-at", "-id").values("by__username")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_actor=Subquery(last_by),
                helpful_total=Count("feedback", filter=Q(feedback__helpful=True), distinct=True),
                not_helpful_total=Count("feedback", filter=Q(feedback__helpful=False), distinct=True),
            )
        )

    @admin.display(description="Who has it")
    def holder(self, obj):
        if obj.status == Status.SUBMITTED:
            return "Reviewers (waiting)"
        if obj.status == Status.IN_REVIEW:
            return f"Reviewer: {obj.last_actor}"
        if obj.status in {Status.DRAFT, Status.CHANGES_REQUESTED}:
            return "Editors"
        return "—"

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
        if not obj.pk:
            return "—"
        steps = obj.transitions.select_related("by")
        if not steps:
            return "No workflow steps yet."
        return format_html(
            '<ol class="timeline">{}</ol>',
            format_html_join(
                "",
                "<li><strong>{}</strong>: {} → {} by {}{}</li>",
                (
                    (
                        timezone.localtime(step.at).strftime("%Y-%m-%d %H:%M"),
                        step.get_from_status_display(),
                        step.get_to_status_display(),
                        step.by.get_username() if step.by else "the system",
                        format_html(". Comment: “{}”", step.comment) if step.comment else "",
                    )
                    for step in steps
                ),
            ),
        )

    def has_change_permission(self, request, obj=None):
        # While a reviewer holds an article, editors see it read-only.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status in EDITABLE_STATUSES)

    def has_delete_permission(self, request, obj=None):
        return False  # withdraw with "Archive" instead; history is kept

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        elif form.has_changed():
            obj.mark_edited()
        super().save_model(request, obj, form, change)
        if not change or form.has_changed():
            obj.contributors.add(request.user)

    def save_formset(self, request, form, formset, change):
        if change and formset.has_changed() and not form.has_changed():
            # Only the references changed: that is an edit too.
            obj = form.instance
            obj.mark_edited()
            obj.save(update_fields=["status", "edit_version", "updated_at"])
            obj.contributors.add(request.user)
        super().save_formset(request, form, formset, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if _int_or_none(object_id) is None:  # "abc", or a preview's relative link: no such article
            raise Http404("No article has that id.")
        extra_context = extra_context or {}
        extra_context["workflow_url"] = reverse("admin:articles_article_workflow", args=[object_id])
        extra_context["preview_url"] = reverse("admin:articles_article_preview", args=[object_id])
        return super().change_view(request, object_id, form_url, extra_context)

    # --- Workflow pages ----------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/workflow/", wrap(self.workflow_view), name="articles_article_workflow"),
            path("<int:pk>/transition/", wrap(self.transition_view), name="articles_article_transition"),
            path("<int:pk>/preview/", wrap(self.preview_view), name="articles_article_preview"),
        ] + super().get_urls()

    def _get_viewable(self, request, pk):
        article = get_object_or_404(Article.objects.select_related("live", "category"), pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def workflow_view(self, request, pk):
        """Review page: the pending text beside the live one, and the actions."""
        article = self._get_viewable(request, pk)
        live_text = _comparable_text(article.live) if article.live else ""
        pending_text = _comparable_text(article)
        diff_table = difflib.HtmlDiff().make_table(  # no wrapcolumn: it cuts words; CSS wraps lines
            live_text.splitlines(),
            pending_text.splitlines(),
            fromdesc=f"Live (version {article.live.number})" if article.live else "Live (nothing published yet)",
            todesc="Pending (working copy)",
            context=False,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Review and workflow: {article.title}",
            "article": article,
            "actions_allowed": workflow.allowed_actions(article, request.user),
            "diff_table": diff_table,
            "has_changes": live_text != pending_text,
            "transition_url": reverse("admin:articles_article_transition", args=[article.pk]),
            "preview_url": reverse("admin:articles_article_preview", args=[article.pk]),
            "readability": self.readability(article),
            "timeline": self.timeline(article),
        }
        return TemplateResponse(request, "admin/articles/article/workflow.html", context)

    def transition_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._get_viewable(request, pk)
        action = request.POST.get("action", "")
        seen_version = _int_or_none(request.POST.get("edit_version"))
        try:
            if action == "approve" and seen_version is None and request.user.has_perm(workflow.APPROVE_PERMISSION):
                # An approval names the version the reviewer read in the diff;
                # without it a later edit could be published unseen.
                raise workflow.WorkflowError(
                    "Approve from the review page, so that it is clear which version you read. Nothing was changed."
                )
            workflow.perform(
                article,
                request.user,
                action,
                comment=request.POST.get("comment", "")[:5000],
                expected_version=seen_version,
            )
        except workflow.WorkflowError as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(reverse("admin:articles_article_workflow", args=[article.pk]))
        article.refresh_from_db()
        messages.success(request, f"“{article.title}” is now {article.get_status_display().lower()}.")
        return HttpResponseRedirect(reverse("admin:articles_article_workflow", args=[article.pk]))

    def preview_view(self, request, pk):
        """Exactly what readers will see, from the working copy; never indexed."""
        article = self._get_viewable(request, pk)
        response = TemplateResponse(request, "articles/article_detail.html", draft_page(article))
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

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


def _comparable_text(source):
    """Everything a reviewer approves, as lines for the review diff: the
    text, the topic, the audience, related articles and every reference
    detail readers see (a changed DOI alone is a change to review)."""
    if isinstance(source, Revision):
        refs, related = source.references, source.related_slugs
    else:
        refs = source.references_list()
        related = list(source.related.order_by("title").values_list("slug", flat=True))
    lines = [
        f"Title: {source.title}",
        f"Topic: {source.category.name}",
        f"Audience: {Audience(source.audience).label}",
        f"Summary: {source.summary}",
        f"Also called: {source.also_called or 'none'}",
        "",
        *source.body.splitlines(),
        "",
        "References:",
    ]
    for r in refs:
        lines.append(f"  [{r['key']}] {r['authors']} ({r['year']}). {r['title']}. {r['publisher']}.")
        lines += [f"      {label}: {r[field]}" for field, label in REFERENCE_LINKS if r.get(field)]
    lines += ["", "Related articles: " + (", ".join(related) or "none")]
    return "\n".join(lines)


REFERENCE_LINKS = [("doi", "DOI"), ("pmid", "PubMed ID"), ("url", "URL")]


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]


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


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "reviewer_name", "reviewed_on", "next_review_due"]
    list_select_related = ["article"]
    exclude = ["body_html", "toc_html"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "article", "helpful", "comment"]
    list_filter = ["helpful", "article"]
    list_select_related = ["article"]
    search_fields = ["comment"]

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
