"""Searches that found nothing are counted per normalised query and ISO
week, with nothing about who searched, and a query reaches the database
only once three searches used it."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from articles.search_misses import THRESHOLD, record
from articles.search_models import SearchMiss, SearchPromotion
from tests.factories import published_article, superuser
from tests.search_pages import search_editor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article():
    return published_article(title="Night cramps", slug="night", summary="Why calves tighten at night.")


def search(query, **headers):
    return Client(**headers).get("/search/", {"q": query})


def test_a_query_is_stored_only_from_the_third_search(article):
    search("restless legs")
    search("Restless  LEGS!")
    assert SearchMiss.objects.count() == 0  # two searches: nothing in the database
    search("restless legs")
    [miss] = SearchMiss.objects.all()
    assert (miss.query, miss.searches) == ("restless legs", THRESHOLD)
    search("restless legs")
    miss.refresh_from_db()
    assert miss.searches == 4


def test_nothing_about_the_reader_is_kept(article):
    for address in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
        search("restless legs", REMOTE_ADDR=address, HTTP_COOKIE="sessionid=abc")
    fields = {f.name for f in SearchMiss._meta.get_fields()}
    assert fields == {"id", "week", "query", "searches"}
    # The cache holds a count under a keyed hash, never the words.
    assert not any("restless" in str(key) for key in cache._cache)  # locmem's store


def test_a_search_that_finds_something_is_not_counted(article):
    for _ in range(THRESHOLD + 1):
        search("night cramps")
    assert SearchMiss.objects.count() == 0


def test_a_promoted_query_is_not_a_miss(article):
    SearchPromotion.objects.create(term="restless legs", article=article)
    for _ in range(THRESHOLD):
        search("restless legs")
    assert SearchMiss.objects.count() == 0


def test_weeks_are_counted_apart():
    monday, sunday, next_monday = datetime.date(2026, 11, 30), datetime.date(2026, 12, 6), datetime.date(2026, 12, 7)
    for day in [monday, monday, sunday, next_monday]:
        record("restless legs", today=day)
    assert list(SearchMiss.objects.values_list("week", "searches")) == [(monday, 3)]


def test_queries_with_contact_details_or_numbers_are_never_counted():
    for query in ["jo@example.com", "07700 900123", "485 777 3456 nhs number"]:
        for _ in range(THRESHOLD + 1):
            record(query)
    assert SearchMiss.objects.count() == 0


def test_a_search_that_finds_nothing_is_counted_each_time_not_served_from_the_cache(article):
    # A cached page would hide every search after the first.
    for _ in range(THRESHOLD):
        assert "No articles matched" in search("zebra stripes").content.decode()
    assert SearchMiss.objects.get().searches == THRESHOLD


def test_editors_see_the_counts_and_promote_an_article_for_one(article):
    for _ in range(THRESHOLD):
        record("restless legs")
    client = Client()
    client.force_login(search_editor())
    page = client.get("/admin/articles/searchmiss/").content.decode()
    assert "restless legs" in page
    assert "/admin/articles/searchpromotion/add/?term=restless+legs" in page
    form = client.get("/admin/articles/searchpromotion/add/?term=restless+legs").content.decode()
    assert 'value="restless legs"' in form
    response = client.post("/admin/articles/searchpromotion/add/", {"term": "restless legs", "article": article.pk})
    assert response.status_code == 302
    assert SearchPromotion.objects.get().article == article
    assert 'href="/articles/night/"' in search("restless legs").content.decode()


def test_editors_keep_the_synonyms_in_the_admin():
    client = Client()
    client.force_login(search_editor())
    response = client.post("/admin/articles/synonym/add/", {"term": "Gammy leg", "meaning": "calf pain",
                                                            "register": "lay"})  # fmt: skip
    assert response.status_code == 302
    assert client.get("/admin/articles/synonym/?q=gammy").content.decode().count("gammy leg") >= 1


def test_miss_counts_cannot_be_edited_or_added():
    client = Client()
    client.force_login(superuser())
    assert client.get("/admin/articles/searchmiss/add/").status_code == 403


def test_no_cache_may_keep_a_miss_but_any_may_keep_a_hit(article):
    miss, hit = search("zebra stripes"), search("night cramps")
    assert "no-store" in miss["Cache-Control"] and "public" not in miss["Cache-Control"]
    assert "public" in hit["Cache-Control"]
