from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles import views
from articles.cache_headers import public_page
from articles.feeds import NewlyApprovedFeed
from articles.sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_index, name="index"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("articles/<slug:slug>/feedback/thanks/", views.feedback_thanks, name="feedback_thanks"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("search/", views.search_view, name="search"),
    path("glossary/", views.glossary, name="glossary"),
    path("feed/", NewlyApprovedFeed(), name="feed"),
    # GET and HEAD only: TRACE, OPTIONS and the rest get 405 with an Allow header.
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("about/", public_page(TemplateView.as_view(template_name="articles/about.html")), name="about"),
    path("editorial-policy/", public_page(TemplateView.as_view(template_name="articles/editorial_policy.html")),
         name="policy"),
]
