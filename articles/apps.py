from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import page_cache
        from articles.models import Category, ReviewerProfile

        # Topics (name, description) and reviewer profiles (verified or not)
        # are on public pages and change outside the workflow, on their own
        # admin pages. Articles invalidate explicitly, in the workflow's
        # publish and archive.
        def public_data_changed(**kwargs):
            page_cache.pages_changed()

        for model in (Category, ReviewerProfile):
            name = model.__name__
            post_save.connect(public_data_changed, sender=model, weak=False, dispatch_uid=f"pages-{name}-saved")
            post_delete.connect(public_data_changed, sender=model, weak=False, dispatch_uid=f"pages-{name}-gone")
