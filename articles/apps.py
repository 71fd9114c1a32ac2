from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import page_cache
        from articles.models import Category

        # A topic's name and description are on every public page that lists
        # it, and topics change outside the workflow (their own admin page).
        # Articles invalidate explicitly, in the workflow's publish and archive.
        def topic_changed(**kwargs):
            page_cache.pages_changed()

        post_save.connect(topic_changed, sender=Category, dispatch_uid="pages-topic-saved", weak=False)
        post_delete.connect(topic_changed, sender=Category, dispatch_uid="pages-topic-deleted", weak=False)
