"""The admin's own pages for an article: review, workflow steps, preview.

Views stay thin: who may do what is `articles.workflow`, what a reviewer
compares is `articles.review_diff`, what readers would see is
`articles.reading`.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles import feedback_report, presence, review_diff, workflow
from articles.links import what_links_here
from articles.models import Article
from articles.reading import draft_page


def review_url(article):
    return reverse("admin:articles_article_workflow", args=[article.pk])


class ArticleWorkflowViews:
    """Bound to the ArticleAdmin, whose permissions and site they use."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def _get_viewable(self, request, pk):
        article = get_object_or_404(Article.objects.select_related("live", "category"), pk=pk)
        if not self.model_admin.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def review(self, request, pk):
        """Review page: what changed since the live version, and the steps."""
        article = self._get_viewable(request, pk)
        choices = comparable_versions(article)
        old_key = request.GET.get("old") if request.GET.get("old") in choices else "live"
        new_key = request.GET.get("new") if request.GET.get("new") in choices else "working"
        (old, old_label), (new, new_label) = choices[old_key], choices[new_key]
        comparison = review_diff.compare(old, new, old_label, new_label)
        listed = [(key, label) for key, (_, label) in choices.items()]
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Article._meta,
            "title": f"Review and workflow: {article.title}",
            "article": article,
            "actions_allowed": workflow.allowed_actions(article, request.user),
            "actions_unavailable": workflow.unavailable_actions(article, request.user),
            "comparison": comparison,
            "compare_choices": {"old": listed, "new": listed},
            "compare_selected": {"old": old_key, "new": new_key},
            "transition_url": reverse("admin:articles_article_transition", args=[article.pk]),
            "preview_url": reverse("admin:articles_article_preview", args=[article.pk]),
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            "restore_url": reverse("admin:articles_article_restore", args=[article.pk]),
            "can_restore": old_key != "working" and old is not None and workflow.can_edit(article, request.user),
            "readability": self.model_admin.readability(article),
            "links_here": what_links_here(article),
            "time_zone": settings.TIME_ZONE,
            "replacements": Article.objects.published().exclude(pk=article.pk).order_by("title"),
            "timeline": self.model_admin.timeline(article),
            "presence_others": presence.others_with_unsaved_changes(article, request.user),
            "reader_feedback": feedback_report.for_article(article),
        }
        return TemplateResponse(request, "admin/articles/article/workflow.html", context)

    def transition(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._get_viewable(request, pk)
        seen_version = _int_or_none(request.POST.get("edit_version"))
        action = request.POST.get("action", "")
        details = {}
        if action == "schedule":
            details["go_live"] = _local_datetime(request.POST.get("go_live", ""))
        if action == "archive" and request.POST.get("replacement"):
            replacement = Article.objects.filter(pk=_int_or_none(request.POST["replacement"])).first()
            details["replacement"] = replacement or article  # an unknown id is refused as "not published"
        try:
            workflow.perform(
                article,
                request.user,
                action,
                comment=request.POST.get("comment", "")[:5000],
                # Every button's form names the version its page showed.
                expected_version=workflow.NOT_SHOWN if seen_version is None else seen_version,
                **details,
            )
        except workflow.WorkflowError as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(review_url(article))
        article.refresh_from_db()
        messages.success(request, f"“{article.title}” is now {article.get_status_display().lower()}.")
        return HttpResponseRedirect(review_url(article))

    def restore(self, request, pk):
        """Make the chosen older version the working copy (a new, audited edit)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._get_viewable(request, pk)
        choices = comparable_versions(article)
        key = request.POST.get("source", "")
        if key not in choices or key in ("working", "live") and choices[key][0] is None:
            messages.error(request, "Choose a saved or approved version to restore. Nothing was changed.")
            return HttpResponseRedirect(review_url(article))
        source, label = choices[key]
        if source is article:
            messages.error(request, "That is already the working copy. Nothing was changed.")
            return HttpResponseRedirect(review_url(article))
        try:
            version = workflow.restore(article, source, request.user, label[0].lower() + label[1:],
                                       expected_version=_int_or_none(request.POST.get("edit_version")))  # fmt: skip
        except workflow.WorkflowError as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(review_url(article))
        messages.success(request, f"{label} is the working copy again (saved version {version.number}). "
                                  "It needs review before readers see it.")  # fmt: skip
        return HttpResponseRedirect(review_url(article))

    # What the change form's script may say of itself.
    PRESENCE_STATES = {"unsaved": True, "saved": False}

    def presence(self, request, pk):
        """The change form's heartbeat: renews this person's lease and answers
        with who else has the article open. "closed" gives the lease up."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._get_viewable(request, pk)
        if not self.model_admin.has_change_permission(request):
            raise PermissionDenied
        state = request.POST.get("state", "")
        if state == "closed":
            presence.release(article, request.user)
        elif state in self.PRESENCE_STATES:
            presence.renew(article, request.user, unsaved=self.PRESENCE_STATES[state])
        else:
            return JsonResponse({"error": "state must be unsaved, saved or closed"}, status=400)
        others = presence.others_editing(article, request.user)
        return JsonResponse({"editing": [lease.describe() for lease in others]})

    def preview(self, request, pk):
        """Exactly what readers will see, from the working copy; never indexed."""
        article = self._get_viewable(request, pk)
        response = TemplateResponse(request, "articles/article_detail.html", draft_page(article))
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response


def comparable_versions(article):
    """{key: (source, label)}: the live version, the working copy, every
    approved version and every saved draft, for "compare any two"."""
    live_label = f"Live (version {article.live.number})" if article.live else "Live (nothing published yet)"
    choices = {"live": (article.live, live_label), "working": (article, "Pending (working copy)")}
    for revision in article.revisions.select_related("category").order_by("-number"):
        label = f"Approved version {revision.number} ({revision.reviewed_on:%Y-%m-%d}, {revision.reviewer_name})"
        choices[f"r{revision.number}"] = (revision, label)
    for version in article.versions.select_related("category", "saved_by").order_by("-number"):
        who = version.saved_by.get_username() if version.saved_by else "the site's import"
        when = timezone.localtime(version.saved_at).strftime("%Y-%m-%d %H:%M")
        choices[f"v{version.number}"] = (version, f"Saved version {version.number} ({when}, {who})")
    return choices


def _local_datetime(value):
    """A datetime-local field's "2026-12-24T09:00", in the site's time zone, or None."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
