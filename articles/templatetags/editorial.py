from django import template

from articles import queues

register = template.Library()


@register.inclusion_tag("admin/articles/_queues.html", takes_context=True)
def work_queues(context):
    """The admin home's queues: for reviewers what awaits review, for editors what was sent back to them."""
    user = context["request"].user
    can_review = user.has_perm("articles.approve_article")
    can_edit = user.has_perm("articles.change_article")
    return {
        "awaiting": queues.awaiting_review() if user.has_perm("articles.view_article") else [],
        "sent_back": queues.sent_back_to(user) if can_edit else [],
        "scheduled": queues.scheduled() if user.has_perm("articles.view_article") else [],
        "can_review": can_review,
        "can_edit": can_edit,
    }


@register.filter
def full_stop(text):
    """End a reference's title with a full stop, unless it already ends a sentence ("… blood clots?")."""
    text = str(text).rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."
