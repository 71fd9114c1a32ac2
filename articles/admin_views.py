"""The admin's own pages for an article: review, workflow steps, preview.

Views stay thin: who may do what is `articles.workflow`, what a reviewer
compares is `articles.review_diff`, what readers would see is
`articles.reading`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from articles import review_diff, workflow
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
        comparison = review_diff.compare(article.live, article)
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Article._meta,
            "title": f"Review and workflow: {article.title}",
            "article": article,
            "actions_allowed": workflow.allowed_actions(article, request.user),
            "actions_unavailable": workflow.unavailable_actions(article, request.user),
            "comparison": comparison,
            "transition_url": reverse("admin:articles_article_transition", args=[article.pk]),
            "preview_url": reverse("admin:articles_article_preview", args=[article.pk]),
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            "readability": self.model_admin.readability(article),
            "timeline": self.model_admin.timeline(article),
        }
        return TemplateResponse(request, "admin/articles/article/workflow.html", context)

    def transition(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._get_viewable(request, pk)
        seen_version = _int_or_none(request.POST.get("edit_version"))
        try:
            workflow.perform(
                article,
                request.user,
                request.POST.get("action", ""),
                comment=request.POST.get("comment", "")[:5000],
                # Every button's form names the version its page showed.
                expected_version=workflow.NOT_SHOWN if seen_version is None else seen_version,
            )
        except workflow.WorkflowError as refusal:
            messages.error(request, str(refusal))
            return HttpResponseRedirect(review_url(article))
        article.refresh_from_db()
        messages.success(request, f"“{article.title}” is now {article.get_status_display().lower()}.")
        return HttpResponseRedirect(review_url(article))

    def preview(self, request, pk):
        """Exactly what readers will see, from the working copy; never indexed."""
        article = self._get_viewable(request, pk)
        response = TemplateResponse(request, "articles/article_detail.html", draft_page(article))
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
