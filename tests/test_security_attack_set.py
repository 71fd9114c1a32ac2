"""The XSS attack set, re-run through every field an editor, a reviewer or a
reader can type into, and checked on every page that shows that field:
public pages (nothing that could run or fetch) and the admin (no live
markup from what was typed). tests/test_xss.py drives the same payloads
through Chromium on the article page."""

import html
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client

from articles.models import Article, Category, Feedback
from tests.factories import category, editor, ensure_roles_and_topics, published_article, reviewer
from tests.test_xss import DangerFinder, article_body
from tests.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "data", "background", "xlink:href", "poster"}


class LiveMarkupFinder(HTMLParser):
    """For admin pages, which have scripts and forms of their own: anything
    that could run script or reach another host, beyond the admin's own
    same-site scripts and JSON data."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: html.unescape(value or "") for name, value in attrs}
        for name, value in attributes.items():
            squashed = "".join(value.split()).lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            script_url = squashed.startswith(("javascript:", "vbscript:", "data:"))
            # A link may point anywhere (articles cite other sites); what loads by itself may not.
            loads_by_itself = not (name == "href" and tag != "link")
            elsewhere = urlsplit(value).hostname not in (None, "testserver") or squashed.startswith("//")
            if name in URL_ATTRIBUTES and (script_url or (loads_by_itself and elsewhere)):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            src = attributes.get("src", "")
            same_site = src.startswith("/") and not src.startswith("//")
            if attributes.get("type") not in ("application/json", "application/ld+json") and not same_site:
                self.problems.append(f"<script {attributes}>")
        if tag in {"iframe", "object", "embed", "frame", "frameset", "base"}:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append("<meta http-equiv>")


def live_markup(page_html):
    finder = LiveMarkupFinder()
    finder.feed(page_html)
    return finder.problems


def public_dangers(page_html, with_body=False):
    whole = DangerFinder()
    whole.feed(page_html)
    problems = whole.problems
    if with_body:
        body = DangerFinder()
        body._in_body = True
        body.feed(article_body(page_html))
        problems += body.problems
    return problems


@pytest.fixture
def staff(db):
    ensure_roles_and_topics()
    editor_client, reviewer_client = Client(), Client()
    editor_client.force_login(editor(username="attack-editor"))
    reviewer_client.force_login(reviewer(username="attack-reviewer"))
    return editor_client, reviewer_client


def article_form(n, payload):
    return {
        "title": f"Payload {n}: {payload[:120]}",
        "slug": f"attack-{n}",
        "category": str(category().pk),
        "audience": "readers",
        "summary": f"Summary {n}: {payload[:200]}",
        "also_called": payload[:250],
        "body": f"## Payload {n}\n\n{payload}\n\nCited here [ref:source{n}].\n",
        "review_interval_months": "36",
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "1000",
        "references-0-position": "0",
        "references-0-key": f"source{n}",
        "references-0-authors": payload[:480],
        "references-0-title": payload[:480],
        "references-0-publisher": payload[:280],
        "references-0-year": "2020",
        "references-0-pmid": "22963024",
        "_save": "Save",
    }


def publish_with_every_field(editor_client, reviewer_client, n, payload):
    """An article with the payload in each field an editor fills, and in the
    reviewer's comments, published through the admin."""
    response = editor_client.post("/admin/articles/article/add/", article_form(n, payload))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug=f"attack-{n}")
    transition = f"/admin/articles/article/{article.pk}/transition/"
    editor_client.post(transition, {"action": "submit"})
    reviewer_client.post(transition, {"action": "request_changes", "comment": payload})
    editor_client.post(transition, {"action": "submit"})
    reviewer_client.post(transition, {"action": "start_review"})
    article.refresh_from_db()
    reviewer_client.post(transition, {"action": "approve", "edit_version": article.edit_version, "comment": payload})
    article.refresh_from_db()
    assert article.is_published, f"payload {n} was not published: {article.status}"
    return article


def all_pages(client, first_url):
    """A paginated admin list, every page of it."""
    pages, url, number = [], first_url, 0
    while True:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.content.decode())
        number += 1
        if f"p={number}" not in pages[-1]:
            return pages
        url = f"{first_url}{'&' if '?' in first_url else '?'}p={number}"


def test_editor_and_reviewer_fields_are_inert_on_every_page_that_shows_them(client, staff):
    editor_client, reviewer_client = staff
    failures, loads = [], 0
    for n, payload in enumerate(PAYLOADS):
        article = publish_with_every_field(editor_client, reviewer_client, n, payload)
        public = client.get(article.get_absolute_url()).content.decode()
        loads += 1
        if problems := public_dangers(public, with_body=True):
            failures.append(f"article page, payload {n} {payload!r}: {problems}")
        for url in [f"/admin/articles/article/{article.pk}/change/", f"/admin/articles/article/{article.pk}/workflow/",
                    f"/admin/articles/article/{article.pk}/preview/"]:  # fmt: skip
            loads += 1
            if problems := live_markup(editor_client.get(url).content.decode()):
                failures.append(f"{url}, payload {n} {payload!r}: {problems}")
    for url in ["/", "/articles/", f"/topics/{category().slug}/", "/search/?q=payload", "/feed/", "/sitemap.xml"]:
        loads += 1
        page = client.get(url).content.decode()
        if problems := (public_dangers(page) if url not in ("/feed/", "/sitemap.xml") else []):
            failures.append(f"{url}: {problems}")
        if url in ("/feed/", "/sitemap.xml") and "<script" in page:
            failures.append(f"{url}: live markup")
    for url in ["/admin/articles/article/", "/admin/articles/transition/", "/admin/articles/revision/"]:
        for page in all_pages(reviewer_client, url):
            loads += 1
            if problems := live_markup(page):
                failures.append(f"{url}: {problems}")
    print(f"\nattack set: {len(PAYLOADS)} payloads x 10 editor/reviewer fields, {loads} page loads")
    assert not failures, "\n".join(failures)


def test_reader_fields_are_inert_on_public_pages_and_in_the_admin(client, staff):
    editor_client, _ = staff
    article = published_article(slug="feedback-target", title="Cramps payload target")
    failures = []
    for n, payload in enumerate(PAYLOADS):
        page = client.get(f"/search/?q={quote(payload)}").content.decode()
        if problems := public_dangers(page):
            failures.append(f"search, payload {n} {payload!r}: {problems}")
        cache.clear()  # the feedback rate limit
        client.post(f"/articles/{article.slug}/feedback/", {"helpful": "no", "comment": payload[:500]})
    assert Feedback.objects.count() == len(PAYLOADS)
    for page in all_pages(editor_client, "/admin/articles/feedback/"):
        if problems := live_markup(page):
            failures.append(f"feedback list: {problems}")
    for feedback in Feedback.objects.all()[:20]:
        page = editor_client.get(f"/admin/articles/feedback/{feedback.pk}/change/").content.decode()
        if problems := live_markup(page):
            failures.append(f"feedback {feedback.pk}: {problems}")
    assert not failures, "\n".join(failures)


def test_topic_fields_are_inert_on_public_pages_and_in_the_admin(client, staff):
    _, reviewer_client = staff
    topic = category("causes")
    failures = []
    for n, payload in enumerate(PAYLOADS):
        data = {"name": f"Topic {n} {payload[:80]}", "slug": topic.slug, "description": payload, "position": 0}
        response = reviewer_client.post(f"/admin/articles/category/{topic.pk}/change/", data)
        if response.status_code != 302:  # refused by the form (a duplicate name, say): nothing went public
            continue
        for url in ["/", f"/topics/{topic.slug}/"]:
            if problems := public_dangers(client.get(url).content.decode()):
                failures.append(f"{url}, payload {n} {payload!r}: {problems}")
        if problems := live_markup(reviewer_client.get(f"/admin/articles/category/{topic.pk}/change/").content.decode()):
            failures.append(f"topic admin, payload {n}: {problems}")
    for page in all_pages(reviewer_client, "/admin/articles/topicchange/"):
        if problems := live_markup(page):
            failures.append(f"topic changes: {problems}")
    assert Category.objects.get(pk=topic.pk).changes.count() > len(PAYLOADS) // 2
    assert not failures, "\n".join(failures)


def test_the_admin_markup_finder_does_see_live_markup():
    assert live_markup('<img src=x onerror="alert(1)">')
    assert live_markup('<a href="javascript:alert(1)">x</a>')
    assert live_markup("<script>alert(1)</script>")
    assert live_markup('<script src="http://evil.example/x.js"></script>')
    assert live_markup('<iframe src="/"></iframe>')
    assert live_markup('<img src="http://evil.example/x.png">')
    assert not live_markup('<a href="https://pubmed.ncbi.nlm.nih.gov/22963024/">a source</a>')
    assert not live_markup('<script src="/static/admin/js/core.js"></script><a href="/admin/">ok</a>')
    assert not live_markup("&lt;script&gt;alert(1)&lt;/script&gt;")
