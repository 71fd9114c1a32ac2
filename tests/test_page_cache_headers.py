"""What browsers and shared caches are told (articles/cache_headers.py):
public pages are the same bytes for every reader, so any cache may keep
them for PAGE_MAX_AGE seconds; strong ETags let a kept copy be revalidated;
nothing varies by reader; staff pages are never kept."""

import re

import pytest
from django.test import Client

from articles.workflow import perform
from tests.factories import editor, published_article, reviewer

pytestmark = pytest.mark.django_db

URL = "/articles/shared/"
PUBLIC_URLS = ["/", "/articles/", "/topics/causes/", URL, "/search/?q=wording", "/about/", "/editorial-policy/"]


@pytest.fixture
def article():
    return published_article(title="Shared page", slug="shared", body="## Start\n\nThe approved wording [ref:allen2012].\n")


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_two_readers_get_byte_identical_pages(article, url):
    """Different browsers, addresses and cookies (one has used the feedback
    page and has a CSRF cookie): the same bytes, the same cache headers."""
    alice = Client(REMOTE_ADDR="198.51.100.1", HTTP_USER_AGENT="Alice-Phone/1.0")
    bob = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Bob-Laptop/2.0")
    bob.get(f"{URL}feedback/?helpful=yes")
    assert "csrftoken" in bob.cookies
    first, second = alice.get(url), bob.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    for header in ("Cache-Control", "ETag", "Content-Length", "Content-Security-Policy"):
        assert first[header] == second[header], header
    assert not first.cookies and not second.cookies  # no Set-Cookie: nothing of the reader's


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_may_be_kept_by_any_cache_for_a_short_time(article, url, settings):
    response = Client().get(url)
    assert directives(response) == {
        "public",
        f"max-age={settings.PAGE_MAX_AGE}",
        f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE}",
    }
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_vary_on_nothing(article, url):
    """No request header changes the bytes, so a shared cache keeps one copy."""
    for _ in range(2):  # rendered, then from memory
        assert not Client().get(url).has_header("Vary"), url


def test_a_withdrawn_article_is_public_too(article, committed):
    with committed():
        perform(article, reviewer(), "archive", comment="Out of date.")
    response = Client().get(URL)
    assert response.status_code == 410
    assert "public" in directives(response)


def test_a_missing_page_is_not_marked_public():
    response = Client().get("/articles/no-such-page/")
    assert response.status_code == 404
    assert "public" not in directives(response)


# --- ETags --------------------------------------------------------------------------


def test_the_etag_is_strong_and_a_match_gives_304(article):
    etag = Client().get(URL)["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)  # strong: no W/ prefix
    again = Client().get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "public" in directives(again)


def test_a_wrong_etag_gets_the_full_page(article):
    Client().get(URL)
    response = Client().get(URL, HTTP_IF_NONE_MATCH='"not-this-one"')
    assert response.status_code == 200
    assert "approved wording" in response.content.decode()


def test_after_an_approval_the_old_etag_gets_the_new_page(article, committed):
    old_etag = Client().get(URL)["ETag"]
    writer, checker = editor(), reviewer()
    article.refresh_from_db()
    article.body = "## Start\n\nThe corrected wording [ref:allen2012].\n"
    article.mark_edited()
    article.save()
    with committed():
        perform(article, writer, "submit")
        perform(article, checker, "start_review")
        perform(article, checker, "approve")
    response = Client().get(URL, HTTP_IF_NONE_MATCH=old_etag)
    assert response.status_code == 200
    assert "corrected wording" in response.content.decode()
    assert response["ETag"] != old_etag


def test_the_article_says_when_it_was_approved(article):
    assert Client().get(URL).has_header("Last-Modified")


# --- Staff ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_signed_in_staff_get_pages_no_cache_keeps(article, url):
    staff = Client()
    staff.force_login(editor())
    response = staff.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)


def test_the_feedback_page_with_its_token_is_never_kept(article):
    response = Client().get(f"{URL}feedback/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert "csrfmiddlewaretoken" in response.content.decode()
