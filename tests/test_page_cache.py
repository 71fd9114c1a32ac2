"""The in-memory page store (articles/page_cache.py) as readers and editors
notice it: repeat visits cost no database work; an approval or withdrawal
shows at the next request on the server that made it and within
PAGE_CACHE_POLL_SECONDS on every other; an edit to a working copy changes
nothing readers see; nothing personal is ever stored."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from articles import page_generation
from articles.models import Category
from articles.workflow import perform
from tests.factories import ArticleFactory, category, editor, published_article, reviewer

pytestmark = pytest.mark.django_db

URL = "/articles/cached/"
FIRST = "## Start\n\nThe first approved wording [ref:allen2012].\n"
SECOND = "## Start\n\nThe second approved wording [ref:allen2012].\n"
PUBLIC_URLS = ["/", "/articles/", "/topics/causes/", URL, "/search/?q=approved+wording"]


@pytest.fixture
def article():
    return published_article(title="Cached page", slug="cached", body=FIRST)


def approve_new_version(article, body=SECOND, title=None):
    """An editor changes the text; a reviewer approves it (the real workflow)."""
    writer, checker = editor(), reviewer()
    article.refresh_from_db()
    article.body = body
    if title:
        article.title = title
    article.mark_edited()
    article.save()
    perform(article, writer, "submit")
    perform(article, checker, "start_review")
    perform(article, checker, "approve")


def queries_for(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


class Clock:
    """time.monotonic as page_generation reads it, moved by hand."""

    def __init__(self, monkeypatch):
        self.now = time.monotonic()
        monkeypatch.setattr(page_generation.time, "monotonic", lambda: self.now)

    def advance(self, seconds):
        self.now += seconds


# --- Repeat visits come from memory -------------------------------------------------


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_repeat_visit_is_served_without_touching_the_database(article, url):
    first, first_queries = queries_for(Client(), url)
    second, second_queries = queries_for(Client(), url)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0
    assert second_queries == 0
    assert "Cached page" in second.content.decode()
    assert second.content == first.content


def test_another_search_is_another_page(article):
    Client().get("/search/?q=approved+wording")
    other = Client().get("/search/?q=zzz-no-such-word").content.decode()
    assert "No articles matched" in other and "Cached page" not in other


def test_head_request_is_answered_from_memory(article):
    Client().get(URL)
    response, queries = queries_for(Client(), URL, REQUEST_METHOD="HEAD")
    assert response.status_code == 200 and queries == 0


# --- Changes show at once on this server ----------------------------------------------


def test_an_approval_shows_at_the_next_request(client, article, committed):
    assert "first approved wording" in client.get(URL).content.decode()
    with committed():
        approve_new_version(article)
    page = client.get(URL).content.decode()
    assert "second approved wording" in page
    assert "first approved wording" not in page


def test_an_approval_updates_the_lists_and_search_too(client, article, committed):
    urls = ["/", "/articles/", "/topics/causes/", "/search/?q=approved"]
    for url in urls:
        assert "Cached page" in client.get(url).content.decode()
    with committed():
        approve_new_version(article, title="Renamed page")
    for url in urls:
        page = client.get(url).content.decode()
        assert "Renamed page" in page and "Cached page" not in page, url


def test_a_new_article_appears_on_the_home_page_at_once(client, article, committed):
    client.get("/")
    new = ArticleFactory(title="Brand new page", slug="brand-new")
    with committed():
        perform(new, editor(), "submit")
        checker = reviewer()
        perform(new, checker, "start_review")
        perform(new, checker, "approve")
    assert "Brand new page" in client.get("/").content.decode()


def test_archiving_removes_the_page_and_its_search_result_at_once(client, article, committed):
    assert client.get(URL).status_code == 200
    assert "Cached page" in client.get("/").content.decode()
    assert "Cached page" in client.get("/search/?q=approved").content.decode()
    with committed():
        perform(article, reviewer(), "archive", comment="Out of date.")
    response = client.get(URL)
    assert response.status_code == 410
    assert "This article has been withdrawn" in response.content.decode()
    assert "Cached page" not in client.get("/").content.decode()
    assert "Cached page" not in client.get("/search/?q=approved").content.decode()


def test_saving_the_working_copy_invalidates_nothing(article, committed):
    """Readers only ever see approved text: an editor's save is not a reason
    to render every page again."""
    Client().get(URL)
    with committed():
        article.body = SECOND
        article.mark_edited()
        article.save()
    response, queries = queries_for(Client(), URL)
    assert queries == 0
    page = response.content.decode()
    assert "first approved wording" in page and "second approved wording" not in page


def test_renaming_a_topic_shows_at_once(client, article, committed):
    assert "Causes" in client.get("/topics/causes/").content.decode()
    with committed():
        topic = category("causes")
        topic.name = "Why cramps happen"
        topic.save()
    assert "Why cramps happen" in client.get("/topics/causes/").content.decode()
    assert "Why cramps happen" in client.get("/").content.decode()


def test_not_found_is_never_stored(client):
    assert client.get("/articles/coming-soon/").status_code == 404
    # Published without running the on-commit invalidation: a stored 404
    # would still be served.
    published_article(slug="coming-soon")
    assert client.get("/articles/coming-soon/").status_code == 200


# --- Another server's change shows here within the bound -------------------------------


def test_a_change_on_another_server_shows_here_within_the_poll_interval(article, monkeypatch, settings):
    clock = Clock(monkeypatch)
    assert "Causes" in Client().get(URL).content.decode()
    Category.objects.filter(slug="causes").update(name="Renamed elsewhere")  # no signal, as on another server
    cache.set(page_generation.KEY, "bumped-by-another-server", timeout=None)
    clock.advance(settings.PAGE_CACHE_POLL_SECONDS * 0.9)
    assert "Renamed elsewhere" not in Client().get(URL).content.decode()  # still the stored page
    clock.advance(settings.PAGE_CACHE_POLL_SECONDS * 0.2)
    assert "Renamed elsewhere" in Client().get(URL).content.decode()


def test_the_shared_generation_is_read_at_most_once_a_poll_interval(article, monkeypatch, settings):
    clock = Clock(monkeypatch)
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k))
    for _ in range(20):
        Client().get(URL)
        clock.advance(settings.PAGE_CACHE_POLL_SECONDS / 10)
    assert 1 <= reads.count(page_generation.KEY) <= 3  # 2 s of requests, a poll each second


DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "page_cache_test"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages-test"},
}


@pytest.fixture
def database_cache():
    from django.core.management import call_command

    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
        page_generation.forget()
        yield
        page_generation.forget()


def test_with_the_database_cache_another_servers_bump_shows_here(database_cache, article, monkeypatch, settings):
    clock = Clock(monkeypatch)
    assert "first approved wording" in Client().get(URL).content.decode()
    Category.objects.filter(slug="causes").update(name="Renamed elsewhere")
    assert "Renamed elsewhere" not in Client().get(URL).content.decode()
    cache.set(page_generation.KEY, "bumped-by-another-server", timeout=None)
    clock.advance(settings.PAGE_CACHE_POLL_SECONDS)
    assert "Renamed elsewhere" in Client().get(URL).content.decode()


def test_a_flushed_shared_cache_starts_a_new_generation(database_cache, monkeypatch, settings):
    clock = Clock(monkeypatch)
    first = page_generation.current()
    cache.clear()
    clock.advance(settings.PAGE_CACHE_POLL_SECONDS)
    second = page_generation.current()
    assert second and second != first
    clock.advance(settings.PAGE_CACHE_POLL_SECONDS)
    assert page_generation.current() == second


# --- Nothing personal is stored --------------------------------------------------------


def test_staff_always_get_a_page_rendered_for_them(article):
    Client().get(URL)
    staff = Client()
    staff.force_login(reviewer())
    response, queries = queries_for(staff, URL)
    assert response.status_code == 200 and queries > 0
    assert "first approved wording" in response.content.decode()


def test_a_page_first_opened_by_an_editor_is_rendered_afresh_for_readers(article):
    staff = Client()
    staff.force_login(editor())
    assert staff.get(URL).status_code == 200
    response, queries = queries_for(Client(), URL)
    assert queries > 0  # not the editor's copy
    assert queries_for(Client(), URL)[1] == 0  # the reader's copy is kept


def test_a_staff_members_message_is_never_shown_to_other_readers(article, committed):
    """A reviewer's “… is now in review” note (naming an unpublished article)
    must not be baked into a public page that every reader then gets."""
    secret = ArticleFactory(title="Unannounced draft title", slug="unannounced")
    writer, checker = editor(), reviewer()
    perform(secret, writer, "submit")
    staff = Client()
    staff.force_login(checker)
    with committed():
        staff.post(f"/admin/articles/article/{secret.pk}/transition/", {"action": "start_review"})
    staff.get(URL)  # before following the redirect, the reviewer opens a public page
    reader_page = Client().get(URL).content.decode()
    assert "Unannounced draft title" not in reader_page
    assert "is now in review" not in reader_page


def test_the_checker_and_the_admin_are_never_stored(article):
    for url in ["/check/", "/admin/login/"]:
        Client().get(url)
        response, queries = queries_for(Client(), url)
        assert response.status_code == 200, url
        assert "public" not in response.get("Cache-Control", ""), url
        assert "no-store" in response.get("Cache-Control", "") or "no-cache" in response.get("Cache-Control", ""), url


# --- A stored page is the page -------------------------------------------------------------

SECURITY_HEADERS = ["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                    "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cache-Control", "ETag"]  # fmt: skip


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_page_from_memory_has_every_header_of_a_fresh_one(article, url):
    fresh = Client().get(url)
    stored, queries = queries_for(Client(), url)
    assert queries == 0
    assert stored.status_code == fresh.status_code == 200
    for header in SECURITY_HEADERS:
        assert stored.has_header(header), header
        assert stored[header] == fresh[header], header
    assert int(stored["Content-Length"]) == len(stored.content)


def test_a_stored_page_is_refused_for_a_host_that_is_not_allowed(article):
    Client().get(URL)
    assert Client().get(URL, HTTP_HOST="attacker.example").status_code == 400
