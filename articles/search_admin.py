"""Search in the admin: the synonyms editors keep, the searches that found
nothing, and the articles promoted for a search. Registered from
ArticlesConfig.ready()."""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Article
from articles.search_models import SearchMiss, SearchPromotion, Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "meaning", "register", "clinical"]
    list_filter = ["register", "clinical"]
    search_fields = ["term", "meaning"]


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """Read-only counts (see articles/search_misses.py); each row offers to
    promote an article for that search."""

    list_display = ["query", "searches", "week", "promote"]
    list_filter = ["week"]
    search_fields = ["query"]
    date_hierarchy = "week"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="")
    def promote(self, miss):
        url = reverse("admin:articles_searchpromotion_add") + "?" + urlencode({"term": miss.query})
        return format_html('<a href="{}">Promote an article for “{}”</a>', url, miss.query)


@admin.register(SearchPromotion)
class SearchPromotionAdmin(admin.ModelAdmin):
    list_display = ["term", "article", "created_by", "created_at"]
    search_fields = ["term", "article__title"]
    fields = ["term", "article"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            # Only what readers can see can be put first.
            kwargs["queryset"] = Article.objects.published().order_by("title")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
