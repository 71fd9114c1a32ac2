from django import template

from articles.models import Article, Status

register = template.Library()


@register.inclusion_tag("admin/articles/_awaiting_review.html", takes_context=True)
def awaiting_review(context):
    """The articles waiting for a reviewer, for the admin index page."""
    user = context["request"].user
    articles = []
    if user.has_perm("articles.view_article"):
        articles = list(
            Article.objects.filter(status__in=[Status.SUBMITTED, Status.IN_REVIEW])
            .select_related("category")
            .order_by("updated_at")
        )
    return {"articles": articles, "can_review": user.has_perm("articles.approve_article")}


@register.filter
def full_stop(text):
    """End a reference's title with a full stop, unless it already ends a sentence ("… blood clots?")."""
    text = str(text).rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."
