"""Every payload goes the editor's way to a public page: written in the
admin, submitted, reviewed, approved. No script may run and nothing may
load from another host."""

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client

from articles.models import Article
from tests.factories import category, editor, ensure_roles_and_topics, reviewer
from tests.xss_payloads import PAYLOADS

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "data", "background", "xlink:href", "poster",
                  "dynsrc", "lowsrc"}  # fmt: skip
# <meta content> is a URL only in these; in description, og:title and the like
# it is the article's own text, escaped, and may well mention "javascript:".
META_URL_PROPERTIES = {"og:url", "og:image", "og:video", "og:audio", "twitter:image", "twitter:player"}


def _is_script_url(value):
    squashed = "".join(value.split()).lower()
    return "javascript:" in squashed or "vbscript:" in squashed or squashed.startswith("data:")


def publish_via_admin(editor_client, reviewer_client, n, payload):
    slug = f"xss-{n}"
    form = {
        "title": f"Payload {n}: {payload[:120]}",
        "slug": slug,
        "category": str(category().pk),
        "audience": "readers",
        "summary": f"Summary {n}: {payload[:200]}",
        "body": f"## Payload {n}\n\nBefore the payload.\n\n{payload}\n\nAfter the payload.\n",
        "review_interval_months": "36",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    response = editor_client.post("/admin/articles/article/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug=slug)
    transition = f"/admin/articles/article/{article.pk}/transition/"
    editor_client.post(transition, {"action": "submit"})
    reviewer_client.post(transition, {"action": "start_review"})
    article.refresh_from_db()
    reviewer_client.post(transition, {"action": "approve", "edit_version": article.edit_version})
    article.refresh_from_db()
    assert article.is_published, f"payload {n} was not published: {article.status}"
    return f"/articles/{slug}/"


@pytest.fixture
def staff_clients(db):
    ensure_roles_and_topics()  # an earlier live-server test may have emptied the tables
    editor_client, reviewer_client = Client(), Client()
    editor_client.force_login(editor(username="xss-editor"))
    reviewer_client.force_login(reviewer(username="xss-reviewer"))
    return editor_client, reviewer_client


class DangerFinder(HTMLParser):
    """Collects anything in a page that could run script or fetch elsewhere."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = html.unescape(value or "")
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and _is_script_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style=...>")
        if tag == "meta":
            meta = {name: html.unescape(value or "") for name, value in attrs}
            if "http-equiv" in meta:  # no page of ours sends one: refresh, Link, Set-Cookie...
                self.problems.append(f"<meta http-equiv={meta['http-equiv']!r}>")
            url_meta = meta.get("property", meta.get("name", "")).lower() in META_URL_PROPERTIES
            if url_meta and (_is_script_url(meta.get("content", "")) or "evil.example" in meta.get("content", "")):
                self.problems.append(f"<meta content={meta.get('content')!r}>")
        if tag in {"script"} and ("type", "application/ld+json") not in attrs:
            self.problems.append("<script>")
        if tag in {"iframe", "object", "embed", "frame", "frameset", "base", "meta", "link", "style", "img",
                   "svg", "math", "form", "input", "button", "textarea", "select"} and self._in_body:  # fmt: skip
            self.problems.append(f"<{tag}> in the article body")

    _in_body = False


def article_body(page_html):
    start = page_html.index('<div class="article-body">')
    end = page_html.index("</article>")
    return page_html[start:end]


def test_no_payload_survives_into_the_public_html(client, staff_clients):
    failures = []
    for n, payload in enumerate(PAYLOADS):
        path = publish_via_admin(*staff_clients, n, payload)
        page_html = client.get(path).content.decode()
        whole = DangerFinder()
        whole.feed(page_html)
        body = DangerFinder()
        body._in_body = True
        body.feed(article_body(page_html))
        problems = whole.problems + body.problems
        if problems:
            failures.append(f"payload {n} {payload!r}: {problems}")
    assert not failures, "\n".join(failures)


@pytest.mark.browser
@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
def test_no_payload_runs_script_or_calls_another_host_in_chromium(browser, live_server, staff_clients, csp):
    """With the policy as served, and again with it switched off, so that
    the sanitiser alone is shown to be enough (the policy is a second wall)."""
    paths = [publish_via_admin(*staff_clients, n, payload) for n, payload in enumerate(PAYLOADS)]
    context = browser.new_context(base_url=live_server.url, bypass_csp=csp == "bypassed")
    page = context.new_page()
    dialogs, foreign_requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    local_host = urlsplit(live_server.url).hostname

    def watch(request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host not in {local_host, "localhost", "127.0.0.1"}:
            foreign_requests.append(request.url)

    page.on("request", watch)
    # The watchers do notice a script that runs and a request that leaves.
    page.goto("about:blank")
    page.evaluate("alert('canary'); fetch('http://evil.example/canary').catch(() => null)")
    page.wait_for_timeout(200)
    assert dialogs == ["canary"] and foreign_requests == ["http://evil.example/canary"]
    dialogs.clear()
    foreign_requests.clear()

    for n, path in enumerate(paths):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.get_by_role("heading", name=f"Payload {n}", exact=True).count() == 1, path
        # Give focus and hover handlers their chance to fire.
        for _ in range(6):
            page.keyboard.press("Tab")
        page.mouse.move(200, 300)
        page.mouse.move(100, 500)
    context.close()
    assert dialogs == []
    assert foreign_requests == []


@pytest.mark.parametrize(
    "snippet",
    [
        '<img src="x" onerror="alert(1)">',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="data:text/html,hi">x</a>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<meta property="og:url" content="javascript:alert(1)">',
        "<script>alert(1)</script>",
        '<p style="color:red">x</p>',
    ],
)
def test_the_danger_finder_spots_each_kind_of_danger(snippet):
    finder = DangerFinder()
    finder.feed(snippet)
    assert finder.problems


def test_the_danger_finder_accepts_escaped_text_in_a_description():
    finder = DangerFinder()
    finder.feed('<meta name="description" content="[x](javascript:alert(1)) &lt;img onerror=alert(1)&gt;">'
                '<script type="application/ld+json">{}</script>')  # fmt: skip
    assert finder.problems == []
