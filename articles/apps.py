from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles import page_cache
        from articles.models import Article, Category, ReviewerProfile, Revision

        # Anything a public page shows changed: every server renders afresh.
        for model in (Article, Category, Revision, ReviewerProfile):
            bump = page_cache.bump_generation_on_commit
            post_save.connect(bump, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"del-{model.__name__}")
        m2m_changed.connect(
            page_cache.bump_generation_on_commit, sender=Article.related.through, dispatch_uid="bump-related"
        )
