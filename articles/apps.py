from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import page_cache, search_admin  # noqa: F401 - search_admin registers its admin pages
        from articles.models import Category, ReviewerProfile, SearchPromotion, Synonym

        # Topics and reviewers' profiles show on public pages and change
        # outside the workflow (their own admin pages). Articles invalidate
        # explicitly, in the workflow's publish and archive. Synonyms and
        # promoted results change what a search page shows.
        def shown_elsewhere_changed(**kwargs):
            page_cache.pages_changed()

        for model in (Category, ReviewerProfile, Synonym, SearchPromotion):
            name = model.__name__
            post_save.connect(shown_elsewhere_changed, sender=model, dispatch_uid=f"pages-{name}-saved", weak=False)
            post_delete.connect(shown_elsewhere_changed, sender=model, dispatch_uid=f"pages-{name}-deleted", weak=False)
