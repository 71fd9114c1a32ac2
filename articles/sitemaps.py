from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().with_live().order_by("slug")

    def lastmod(self, article):
        return article.live.approved_at


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        # Only topics with something published in them.
        return Category.objects.filter(pk__in=Article.objects.published().values("live__category")).order_by("slug")


class StaticSitemap(Sitemap):
    priority = 0.6

    def items(self):
        # Not the symptom checker: robots.txt keeps crawlers out of /check/,
        # and a sitemap must not list an address robots.txt forbids.
        return ["articles:home", "articles:index", "articles:about", "articles:policy"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"articles": ArticleSitemap, "topics": TopicSitemap, "pages": StaticSitemap}
