"""What a reader's browser downloads: static files hashed, compressed and
cached for a year; an article page light (HTML, CSS and JavaScript under
50 KB before compression), with no render-blocking script and nothing
fetched from another host."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from articles.models import Article
from config import settings as production

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 50_000  # bytes; the stricter reading of "50 KB"
YEAR = 60 * 60 * 24 * 365


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic with the production storage, into a temporary STATIC_ROOT."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=production.STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


def _hashed(root, name):
    """The content-hashed copy of css/site.css: css/site.<12 hex>.css."""
    stem, ext = name.rsplit(".", 1)
    matches = [p for p in root.glob(f"{stem}.*.{ext}") if re.fullmatch(rf"[\w-]+\.[0-9a-f]{{12}}\.{ext}", p.name)]
    assert len(matches) == 1, matches
    return matches[0]


def test_production_uses_hashed_compressed_static_files_cached_for_a_year():
    assert production.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert production.WHITENOISE_MAX_AGE >= YEAR
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in production.MIDDLEWARE


@pytest.mark.parametrize("name", ["css/site.css", "checker/print.js"])
def test_collectstatic_writes_hashed_gzip_and_brotli_copies(collected, name):
    hashed = _hashed(collected, name)
    assert hashed.with_name(hashed.name + ".gz").exists()
    assert hashed.with_name(hashed.name + ".br").exists()


@pytest.mark.parametrize(("encoding", "expected"), [("br", "br"), ("gzip", "gzip"), ("", None)])
def test_a_hashed_file_is_served_compressed_with_far_future_headers(collected, encoding, expected):
    hashed = _hashed(collected, "css/site.css")
    url = "/static/" + hashed.relative_to(collected).as_posix()
    with override_settings(STATIC_ROOT=collected, STORAGES=production.STORAGES, WHITENOISE_MAX_AGE=YEAR):
        middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not served by whitenoise"))
        response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING=encoding))
    assert response.status_code == 200
    assert response.get("Content-Encoding") == expected
    cache_control = response["Cache-Control"]
    assert f"max-age={YEAR}" in cache_control and "immutable" in cache_control and "public" in cache_control
    body = b"".join(response.streaming_content)
    if expected is None:
        assert body == hashed.read_bytes()
    else:
        assert len(body) < hashed.stat().st_size / 2  # the stylesheet compresses well


def test_pages_link_the_hashed_files(collected):
    with override_settings(STATIC_ROOT=collected, STORAGES=production.STORAGES):
        page = Client().get("/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/site\.[0-9a-f]{12}\.css">', page)


# --- Page weight, on every bundled article -------------------------------------------


class _Resources(HTMLParser):
    """What a browser fetches or runs while loading a page."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.fetched = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href"):
            rels = set((a.get("rel") or "").split())
            if "stylesheet" in rels:
                self.stylesheets.append(a["href"])
            if rels & {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "manifest",
                       "modulepreload"}:  # fmt: skip
                self.fetched.append(a["href"])
        elif tag == "script":
            self.scripts.append(a)
            if a.get("src"):
                self.fetched.append(a["src"])
        elif tag in ("img", "iframe", "embed", "audio", "video", "source", "track", "input") and a.get("src"):
            self.fetched.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.fetched.append(a["data"])
        for name in ("srcset", "poster", "background"):
            if a.get(name):
                self.fetched.append(a[name])


def _static_file(url):
    assert url.startswith("/static/"), url
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is not a static file"
    with open(path, "rb") as handle:
        return handle.read()


@pytest.fixture
def bundled_articles():
    call_command("load_content", verbosity=0)
    slugs = list(Article.objects.published().values_list("slug", flat=True))
    assert len(slugs) >= 10, "the bundled articles did not load"
    return slugs


def _page(slug):
    response = Client().get(f"/articles/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    resources = _Resources()
    resources.feed(html)
    return response, html, resources


def test_every_bundled_article_weighs_under_50_kb_with_its_css_and_js(bundled_articles):
    weights = {}
    for slug in bundled_articles:
        response, html, resources = _page(slug)
        scripts = [s["src"] for s in resources.scripts if s.get("src")]
        assert resources.stylesheets, "the page should have its stylesheet"
        weights[slug] = len(response.content) + sum(len(_static_file(u)) for u in resources.stylesheets + scripts)
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] < PAGE_BUDGET, f"{heaviest}: {weights[heaviest]} bytes"


def test_no_render_blocking_script_on_an_article_page(bundled_articles):
    for slug in bundled_articles:
        _, _, resources = _page(slug)
        for script in resources.scripts:
            if script.get("type") in ("application/ld+json", "application/json"):
                continue  # data, never run
            assert script.get("src"), f"{slug}: inline script"
            assert "defer" in script or "async" in script or script.get("type") == "module", f"{slug}: {script}"


def test_nothing_on_an_article_page_comes_from_another_host(bundled_articles):
    for slug in bundled_articles:
        response, html, resources = _page(slug)
        for url in resources.fetched:
            for part in url.split(","):  # srcset lists
                address = part.strip().split(" ")[0]
                parts = urlsplit(address)
                assert not parts.scheme and not parts.netloc, f"{slug} fetches {address}"
        for url in resources.stylesheets:
            css = _static_file(url).decode()
            assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css), f"{url} loads from elsewhere"
        policy = response["Content-Security-Policy"]
        assert "http" not in policy and "*" not in policy
