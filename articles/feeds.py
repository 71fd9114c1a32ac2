from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from articles.models import Transition


class TextSummaryAtom1Feed(Atom1Feed):
    """Atom with each summary sent as text (type="text"), not as HTML.

    Django's Atom feed labels the summary type="html", which tells a feed
    reader to decode it as markup: a summary typed as `<img onerror=...>`
    would become a live tag in a reader that does not sanitise, and `&` or
    `<5 min` would read wrongly. Our summaries are plain text, so say so.
    """

    def add_item_elements(self, handler, item):
        summary = item["description"]
        super().add_item_elements(handler, {**item, "description": None})
        if summary is not None:
            handler.addQuickElement("summary", summary, {"type": "text"})


@method_decorator(require_safe, name="__call__")  # GET and HEAD; TRACE, OPTIONS ... get 405
class NewlyApprovedFeed(Feed):
    """An Atom feed of the latest approvals of published articles."""

    feed_type = TextSummaryAtom1Feed
    link = "/articles/"
    subtitle = "Newly approved and updated articles about leg cramps and calf pain."

    def title(self):
        return f"{settings.SITE_NAME}: new and updated articles"

    def items(self):
        return (
            # Every step that made a version live: approvals and imports.
            Transition.objects.filter(revision__isnull=False, article__live__isnull=False)
            .exclude(article__status="archived")
            .exclude(article__withdrawn=True)
            .select_related("article", "revision")
            .order_by("-at")[:30]
        )

    def item_title(self, step):
        return step.revision.title

    def item_description(self, step):
        return step.revision.summary

    def item_link(self, step):
        return step.article.get_absolute_url()

    def item_guid(self, step):
        return f"{settings.SITE_URL}{step.article.get_absolute_url()}#version-{step.revision.number}"

    def item_pubdate(self, step):
        return step.at

    def item_updateddate(self, step):
        return step.at
