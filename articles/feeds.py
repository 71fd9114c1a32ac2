from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from articles.models import Transition


class NewlyApprovedFeed(Feed):
    """An Atom feed of the latest approvals of published articles."""

    feed_type = Atom1Feed
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
