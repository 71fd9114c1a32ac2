"""Public pages run a fixed number of database queries, however many
articles are published: the same with 5 articles as with 500 (issue 8).

The page cache is emptied before each measurement, so the real view runs.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles import page_generation
from articles.models import Article, Audience
from articles.workflow import publish
from tests.factories import published_article, published_articles

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 500

PAGES = {
    "home": "/",
    "index": "/articles/",
    "topic": "/topics/causes/",
    "article": "/articles/measured/",
    "search": "/search/?q=cramp",
    "sitemap": "/sitemap.xml",
    "feed": "/feed/",
}


def measure(url):
    """Queries for one uncached request by a new reader."""
    page_generation.forget()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries], response.content.decode()


def relate_to_everything(measured):
    """Approve the measured article again, related to every other article."""
    measured.related.set(Article.objects.exclude(pk=measured.pk))
    publish(measured, None, reviewer_name="Leg Cramp Guide editorial team")
    measured.save()


def build(total):
    """`total` published articles: the measured one, and others over every topic,
    some for professionals."""
    measured = published_article(title="A measured article", slug="measured")
    others = published_articles(total - 1, prefix="first")
    Article.objects.filter(pk__in=[a.pk for a in others[::3]]).update(audience=Audience.PROFESSIONALS)
    relate_to_everything(measured)
    return measured


def grow(measured, total):
    published_articles(total - Article.objects.published().count(), prefix="more")
    relate_to_everything(measured)
    assert Article.objects.published().count() == total


def shown_articles(name, content):
    """How many articles the page lists (to be sure the real view ran)."""
    if name == "article":
        related = re.search(r'<section class="related".*?</section>', content, flags=re.S).group(0)
        return len(re.findall(r'href="/articles/', related))
    if name == "sitemap":
        return len(re.findall(r"<loc>[^<]*/articles/[^<]+/</loc>", content))
    if name == "feed":
        return len(re.findall(r"<entry>", content))
    if name == "search":
        results = re.search(r'<ol class="search-results">.*?</ol>', content, flags=re.S).group(0)
        return len(re.findall(r'<li><a href="/articles/[^"]+/">', results))
    main = re.search(r"<main\b.*?</main>", content, flags=re.S).group(0)
    # The home page's emergency box links to the emergency article: not a listed one.
    main = re.sub(r'<section class="callout callout--emergency".*?</section>', "", main, flags=re.S)
    return len(re.findall(r'href="/articles/[^"]+/"', main))


@pytest.mark.parametrize("name", PAGES)
def test_queries_do_not_grow_with_the_number_of_articles(name):
    url = PAGES[name]
    measured = build(SMALL)
    small_queries, small_page = measure(url)
    small_count = shown_articles(name, small_page)

    grow(measured, LARGE)
    large_queries, large_page = measure(url)
    large_count = shown_articles(name, large_page)

    assert large_count > small_count, f"{name}: the larger site should show more articles"
    assert len(large_queries) == len(small_queries), (
        f"{name}: {len(small_queries)} queries with 5 articles, {len(large_queries)} with {LARGE}:\n"
        + "\n".join(large_queries)
    )


EXPECTED_LISTED = {
    "home": LARGE,
    "index": LARGE,
    "topic": 101,  # the measured article and 100 of the 499 spread in turn over the five topics
    "article": LARGE - 1,  # related to every other article
    "search": LARGE,
    "sitemap": LARGE,
    "feed": 30,  # the newest 30 approvals
}


@pytest.mark.parametrize("name", PAGES)
def test_the_large_site_lists_everything_it_should(name):
    measured = build(SMALL)
    grow(measured, LARGE)
    _, page = measure(PAGES[name])
    assert shown_articles(name, page) == EXPECTED_LISTED[name]


@pytest.mark.parametrize("name", PAGES)
def test_a_small_number_of_queries_in_absolute_terms(name):
    """A page is a handful of queries, not one per topic or article."""
    build(SMALL)
    queries, _ = measure(PAGES[name])
    # Search also reads the synonyms, the index's vocabulary and the promotions
    # (articles/search.py) before the index and the articles.
    limit = 5 if name == "search" else 4
    assert len(queries) <= limit, "\n".join(queries)
