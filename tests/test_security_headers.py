"""Every answer carries the security headers, including the ones given
before a view runs (the page cache's 400s, static files), and the feed,
sitemap and health check answer only the methods they serve."""

import pytest

from tests.factories import published_article
from tests.test_security import assert_security_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_pages(client):
    """Public pages already in the page cache, so the next request for them
    is answered by the cache's middleware, before the rest of the site."""
    article = published_article(slug="cached-article")
    urls = ["/", "/articles/", article.get_absolute_url()]
    for url in urls:
        assert client.get(url).status_code == 200
    return urls


def test_a_bad_host_on_a_cached_page_gets_400_with_the_headers(client, cached_pages):
    for url in cached_pages:
        response = client.get(url, HTTP_HOST="attacker.example")
        assert response.status_code == 400, url
        assert_security_headers(response)


def test_too_many_query_parameters_on_a_cached_search_get_400_with_the_headers(client):
    published_article(title="Night cramps", slug="night-cramps")
    assert client.get("/search/?q=cramps").status_code == 200  # now cached, and keyed by its query
    many = "&".join(f"p{i}=1" for i in range(201))
    response = client.get(f"/search/?q=cramps&{many}")
    assert response.status_code == 400
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/static/css/site.css", "/static/img/warning.svg", "/static/img/favicon.svg"])
def test_static_files_carry_the_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("method", ["POST", "OPTIONS", "TRACE"])
def test_static_files_refuse_other_methods_with_the_headers(client, method):
    response = client.generic(method, "/static/css/site.css")
    assert response.status_code == 405
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/feed/", "/sitemap.xml", "/health/", "/robots.txt"])
@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "DELETE", "POST"])
def test_feed_sitemap_health_and_robots_refuse_other_methods(client, path, method):
    published_article()
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.content == b""  # never the body a GET would get
    assert_security_headers(response)


@pytest.mark.parametrize("path", ["/feed/", "/sitemap.xml", "/health/", "/robots.txt"])
def test_head_answers_like_get_without_a_body(client, path):
    published_article()
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Type"] == client.get(path)["Content-Type"]
