"""The whole-page cache (articles/page_cache.py) as readers and editors
notice it: repeat visits cost no database work, an approval or withdrawal
shows at the very next request, browsers can revalidate with ETags, and
every reader gets a CSRF token of their own in the cached page."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles import page_cache
from articles.models import Category, Feedback
from articles.workflow import perform
from tests.factories import ArticleFactory, category, editor, published_article, reviewer

pytestmark = pytest.mark.django_db

URL = "/articles/cached/"
FIRST = "## Start\n\nThe first approved wording [ref:allen2012].\n"
SECOND = "## Start\n\nThe second approved wording [ref:allen2012].\n"


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


def token_in(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


# --- Repeat visits come from the cache ---------------------------------------------


@pytest.mark.parametrize("url", ["/", "/articles/", "/topics/causes/", URL])
def test_a_repeat_visit_is_served_without_touching_the_database(client, article, url):
    first, first_queries = queries_for(client, url)
    second, second_queries = queries_for(Client(), url)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0
    assert second_queries == 0
    assert "Cached page" in second.content.decode()


def test_cached_article_page_is_marked_private(client, article):
    client.get(URL)
    response = client.get(URL)
    assert response["Cache-Control"] == "private, max-age=0, must-revalidate"
    assert response.has_header("Last-Modified")


def test_head_request_is_answered(client, article):
    response = client.head(URL)
    assert response.status_code == 200
    assert response.has_header("ETag")


# --- Changes show at once -------------------------------------------------------------


def test_an_approval_shows_at_the_next_request(client, article, committed):
    assert "first approved wording" in client.get(URL).content.decode()
    with committed():
        approve_new_version(article)
    page = client.get(URL).content.decode()
    assert "second approved wording" in page
    assert "first approved wording" not in page


def test_an_approval_updates_the_lists_too(client, article, committed):
    for url in ["/", "/articles/", "/topics/causes/"]:
        assert "Cached page" in client.get(url).content.decode()
    with committed():
        approve_new_version(article, title="Renamed page")
    for url in ["/", "/articles/", "/topics/causes/"]:
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


def test_archiving_removes_the_page_at_once(client, article, committed):
    assert client.get(URL).status_code == 200
    assert "Cached page" in client.get("/").content.decode()
    with committed():
        perform(article, reviewer(), "archive", comment="Out of date.")
    response = client.get(URL)
    assert response.status_code == 410
    assert "This article has been withdrawn" in response.content.decode()
    assert "Cached page" not in client.get("/").content.decode()


def test_saving_the_working_copy_keeps_the_approved_text(client, article, committed):
    client.get(URL)
    with committed():
        article.body = SECOND
        article.mark_edited()
        article.save()
    page = client.get(URL).content.decode()
    assert "first approved wording" in page and "second approved wording" not in page


def test_renaming_a_topic_shows_at_once(client, article, committed):
    assert "Causes" in client.get("/topics/causes/").content.decode()
    with committed():
        topic = category("causes")
        topic.name = "Why cramps happen"
        topic.save()
    assert "Why cramps happen" in client.get("/topics/causes/").content.decode()
    assert "Why cramps happen" in client.get("/").content.decode()


def test_a_change_on_another_server_shows_here(client, article):
    """Another server bumps the shared generation; this one renders afresh."""
    client.get(URL)
    Category.objects.filter(slug="causes").update(name="Renamed elsewhere")  # no signal here
    assert "Renamed elsewhere" not in client.get(URL).content.decode()  # still cached
    page_cache.bump_generation()
    assert "Renamed elsewhere" in client.get(URL).content.decode()


def test_not_found_is_never_cached(client):
    assert client.get("/articles/coming-soon/").status_code == 404
    # Published without running the on-commit invalidation: a cached 404
    # would still be served.
    published_article(slug="coming-soon")
    assert client.get("/articles/coming-soon/").status_code == 200


# --- ETag and 304 -----------------------------------------------------------------


def test_etag_and_if_none_match_give_304(client, article):
    response = client.get(URL)
    etag = response["ETag"]
    assert etag
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_wrong_etag_gets_the_full_page(client, article):
    client.get(URL)
    response = client.get(URL, HTTP_IF_NONE_MATCH='W/"not-this-one"')
    assert response.status_code == 200
    assert "first approved wording" in response.content.decode()


def test_after_an_approval_the_old_etag_gets_the_new_page(client, article, committed):
    old_etag = client.get(URL)["ETag"]
    with committed():
        approve_new_version(article)
    response = client.get(URL, HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200
    assert "second approved wording" in response.content.decode()
    assert response["ETag"] != old_etag


def test_a_reader_whose_cookie_is_gone_gets_a_fresh_page_not_a_304(article):
    """A browser keeps the page but the reader cleared their cookies (or the
    CSRF cookie changed at a staff login): a 304 would leave them a form whose
    token matches no cookie, and their feedback would be refused."""
    before = Client(enforce_csrf_checks=True)
    etag = before.get(URL)["ETag"]
    after = Client(enforce_csrf_checks=True)  # same browser cache, no cookies
    response = after.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    token = token_in(response)
    assert after.post(f"{URL}feedback/", {"helpful": "yes", "csrfmiddlewaretoken": token}).status_code == 302
    # With its new cookie, the same reader can revalidate again.
    assert after.get(URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_staff_login_does_not_leave_a_stale_token_in_the_kept_page(article):
    person = Client(enforce_csrf_checks=True)
    etag = person.get(URL)["ETag"]
    staff = editor()
    login_token = token_in(person.get("/admin/login/"))
    logged_in = person.post("/admin/login/?next=/admin/", {"username": staff.username, "csrfmiddlewaretoken": login_token,
                                                           "password": "correct-horse-battery-staple"})  # fmt: skip
    assert logged_in.status_code == 302 and logged_in["Location"] == "/admin/"  # and the CSRF secret rotated
    response = person.get(URL, HTTP_IF_NONE_MATCH=etag)
    if response.status_code == 304:
        pytest.fail("304 after the CSRF secret changed: the kept page's token no longer works")
    token = token_in(response)
    assert person.post(f"{URL}feedback/", {"helpful": "yes", "csrfmiddlewaretoken": token}).status_code == 302


# --- Each reader gets their own CSRF token ----------------------------------------------


def test_two_readers_get_their_own_working_csrf_tokens_from_the_cached_page(article):
    alice = Client(enforce_csrf_checks=True)
    bob = Client(enforce_csrf_checks=True)
    alice_page, _ = queries_for(alice, URL)
    bob_page, bob_queries = queries_for(bob, URL)
    assert bob_queries == 0  # Bob's page came from the cache
    alice_token, bob_token = token_in(alice_page), token_in(bob_page)
    for token in (alice_token, bob_token):
        assert page_cache.CSRF_MARKER not in token
    assert alice_token != bob_token
    assert alice.cookies["csrftoken"].value != bob.cookies["csrftoken"].value

    # Neither token works with the other reader's cookie ...
    assert bob.post(f"{URL}feedback/", {"helpful": "yes", "csrfmiddlewaretoken": alice_token}).status_code == 403
    assert alice.post(f"{URL}feedback/", {"helpful": "yes", "csrfmiddlewaretoken": bob_token}).status_code == 403
    # ... and each works for its own reader.
    assert alice.post(f"{URL}feedback/", {"helpful": "yes", "csrfmiddlewaretoken": alice_token}).status_code == 302
    assert bob.post(f"{URL}feedback/", {"helpful": "no", "csrfmiddlewaretoken": bob_token}).status_code == 302
    assert sorted(Feedback.objects.values_list("helpful", flat=True)) == [False, True]


def test_each_response_masks_the_readers_own_secret_afresh(article):
    """What Django's get_token gives: the cookie's secret, masked differently
    on every response (so a compressed page does not leak it, BREACH)."""
    from django.middleware.csrf import _unmask_cipher_token

    reader = Client(enforce_csrf_checks=True)
    tokens = [token_in(reader.get(URL)) for _ in range(3)]
    secret = reader.cookies["csrftoken"].value
    assert len(set(tokens)) == 3
    assert all(len(token) == 64 and _unmask_cipher_token(token) == secret for token in tokens)


def test_new_readers_get_well_formed_unpredictable_secrets():
    from django.middleware.csrf import CSRF_ALLOWED_CHARS
    from django.test import RequestFactory

    secrets = []
    for _ in range(4000):
        request = RequestFactory().get(URL)
        page_cache.reader_token(request)
        secrets.append(request.META["CSRF_COOKIE"])
        assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(set(secrets)) == 4000
    assert all(len(secret) == 32 and set(secret) <= set(CSRF_ALLOWED_CHARS) for secret in secrets)
    # Every character about equally often: 128,000 draws, 2,065 each give or
    # take 45; a plain `byte % 62` would give 8 of them about 2,500.
    counts = {char: 0 for char in CSRF_ALLOWED_CHARS}
    for secret in secrets:
        for char in secret:
            counts[char] += 1
    assert 1800 < min(counts.values()) and max(counts.values()) < 2330, counts


def test_a_returning_reader_keeps_a_token_that_matches_their_cookie(article):
    reader = Client(enforce_csrf_checks=True)
    reader.get(URL)
    cookie = reader.cookies["csrftoken"].value
    token = token_in(reader.get(URL))  # from the cache this time
    assert reader.cookies["csrftoken"].value == cookie
    assert reader.post(f"{URL}feedback/", {"helpful": "yes", "csrfmiddlewaretoken": token}).status_code == 302


def test_the_marker_never_reaches_a_reader(client, article):
    for _ in range(2):
        assert page_cache.CSRF_MARKER not in client.get(URL).content.decode()
    assert page_cache.CSRF_MARKER not in client.post(f"{URL}feedback/", {}).content.decode()


# --- Nothing personal is shared through the cache --------------------------------------


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
    # Before following the redirect, the reviewer opens a public page.
    staff.get(URL)
    reader_page = Client().get(URL).content.decode()
    assert "Unannounced draft title" not in reader_page
    assert "is now in review" not in reader_page


# --- The middleware that serves stored pages early ------------------------------------

SECURITY_HEADERS = ["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                    "Permissions-Policy", "Cross-Origin-Opener-Policy"]  # fmt: skip


@pytest.mark.parametrize("url", ["/", "/topics/causes/", URL, "/search/?q=approved"])
def test_a_page_from_the_cache_has_every_security_header_of_a_fresh_one(article, url):
    fresh = Client().get(url)
    cached, queries = queries_for(Client(), url)
    assert queries == 0
    assert cached.status_code == fresh.status_code == 200
    for header in SECURITY_HEADERS:
        assert cached.has_header(header), header
        assert cached[header] == fresh[header], header
    assert cached.get("Vary") == fresh.get("Vary")  # "Cookie" on the page with a form
    assert int(cached["Content-Length"]) == len(cached.content)


def test_a_cached_page_is_refused_for_a_host_that_is_not_allowed(article):
    Client().get(URL)
    assert Client().get(URL, HTTP_HOST="attacker.example").status_code == 400


def test_a_new_reader_gets_a_csrf_cookie_with_the_cached_page(article):
    Client().get(URL)
    reader = Client(enforce_csrf_checks=True)
    response = reader.get(URL)
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert reader.post(f"{URL}feedback/", {"helpful": "yes", "csrfmiddlewaretoken": token_in(response)}).status_code == 302


def test_a_forged_post_without_the_readers_token_is_refused(article):
    """A cached page must not make the feedback form accept a post from another site."""
    Client().get(URL)
    reader = Client(enforce_csrf_checks=True)
    reader.get(URL)
    assert reader.post(f"{URL}feedback/", {"helpful": "yes"}).status_code == 403
    assert not Feedback.objects.exists()


def test_a_staff_member_gets_the_same_public_page_as_everyone(article):
    Client().get(URL)
    staff = Client()
    staff.force_login(reviewer())
    response = staff.get(URL)
    assert response.status_code == 200
    assert "first approved wording" in response.content.decode()


def test_a_page_first_opened_by_an_editor_is_rendered_afresh_for_readers(article):
    staff = Client()
    staff.force_login(editor())
    assert staff.get(URL).status_code == 200
    response, queries = queries_for(Client(), URL)
    assert queries > 0  # not the editor's copy
    assert "first approved wording" in response.content.decode()
    assert queries_for(Client(), URL)[1] == 0  # the reader's copy is kept


def test_the_checker_and_the_admin_are_never_cached(client, article):
    for url in ["/check/", "/admin/login/"]:
        first, second = client.get(url), client.get(url)
        assert first.status_code == second.status_code == 200, url
        assert not second.has_header("ETag"), url
        assert "no-store" in second.get("Cache-Control", "") or "no-cache" in second.get("Cache-Control", ""), url


# --- Search results ---------------------------------------------------------------------


def test_a_repeated_search_is_served_from_the_cache(article):
    first, first_queries = queries_for(Client(), "/search/?q=approved+wording")
    second, second_queries = queries_for(Client(), "/search/?q=approved+wording")
    assert first_queries > 0 and second_queries == 0
    assert "Cached page" in second.content.decode()
    # Another query is another page.
    other = Client().get("/search/?q=zzz-no-such-word").content.decode()
    assert "No articles matched" in other and "Cached page" not in other


def test_an_approval_changes_search_results_at_once(article, committed):
    assert "No articles matched" in Client().get("/search/?q=second").content.decode()
    with committed():
        approve_new_version(article)
    assert "Cached page" in Client().get("/search/?q=second").content.decode()


def test_archiving_removes_an_article_from_search_at_once(article, committed):
    assert "Cached page" in Client().get("/search/?q=approved").content.decode()
    with committed():
        perform(article, reviewer(), "archive", comment="Out of date.")
    assert "Cached page" not in Client().get("/search/?q=approved").content.decode()


# --- The generation in the database cache (production without Redis) --------------------

DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "page_cache_test"}}


@pytest.fixture
def database_cache():
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
        yield


def test_with_the_database_cache_a_bump_shows_at_the_next_request(database_cache, client, article):
    first = page_cache.current_generation()
    assert page_cache.current_generation() == first
    assert "first approved wording" in client.get(URL).content.decode()
    Category.objects.filter(slug="causes").update(name="Renamed elsewhere")  # no signal: still cached
    assert "Renamed elsewhere" not in client.get(URL).content.decode()
    page_cache.bump_generation()  # as another server does after an approval
    assert page_cache.current_generation() != first
    assert "Renamed elsewhere" in client.get(URL).content.decode()


def test_with_the_database_cache_a_flushed_cache_starts_a_new_generation(database_cache, client, article):
    first = page_cache.current_generation()
    cache.clear()
    second = page_cache.current_generation()
    assert second and second != first
    assert page_cache.current_generation() == second
