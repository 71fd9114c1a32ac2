"""What a reader sees: the home page, topics, the index, article pages, the
staff preview, robots.txt, the sitemap and the Atom feed.

Only approved, non-archived text ever reaches a public page; the working
copy that editors change stays out of sight until a reviewer approves it.
"""

import datetime
import html
import json
import re
import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

import pytest
from django.test import Client, override_settings
from django.utils.html import strip_tags

from articles.models import Audience, Status
from articles.workflow import perform
from tests.factories import (
    ArticleFactory,
    ReferenceFactory,
    category,
    editor,
    published_article,
    reviewer,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

LONG_BODY = """## What a cramp feels like

A cramp is a sudden, tight pain in a muscle [ref:allen2012].

## Who gets cramps

Older adults and pregnant women get them more often [ref:jansen2009].

## What you can do

Stretch the calf by pulling your toes towards you.

## When to get help

See a doctor if cramps keep coming back.
"""


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - our own sitemap and feed, in a test


def text_of(response):
    """The page as a reader reads it: no tags, entities decoded, spaces collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(strip_tags(body)).split())


def main_text(response):
    """The text of <main> only (the header and footer are on every page)."""
    body = response.content.decode()
    main = re.search(r"<main\b.*?</main>", body, flags=re.S).group(0)
    return " ".join(html.unescape(strip_tags(main)).split())


def section(response, pattern):
    match = re.search(pattern, response.content.decode(), flags=re.S)
    assert match, f"{pattern!r} not found"
    return match.group(0)


def approve_via_workflow(article, today=None, **reviewer_kwargs):
    """Submit, review and approve through the real workflow; returns the reviewer."""
    writer = editor()
    checker = reviewer(**reviewer_kwargs)
    perform(article, writer, "submit")
    perform(article, checker, "start_review")
    perform(article, checker, "approve", today=today)
    article.refresh_from_db()
    return checker


def visibility_cast():
    """One article in each state that matters to readers."""
    return {
        "published": published_article(title="Published cramp page", slug="published-cramp-page"),
        "edited": _edited(published_article(title="Edited cramp page", slug="edited-cramp-page")),
        "draft": ArticleFactory(title="Draft cramp page", slug="draft-cramp-page"),
        "submitted": ArticleFactory(title="Submitted cramp page", slug="submitted-cramp-page",
                                    status=Status.SUBMITTED),
        "in_review": ArticleFactory(title="In review cramp page", slug="in-review-cramp-page",
                                    status=Status.IN_REVIEW),
        "archived": _archived(published_article(title="Archived cramp page", slug="archived-cramp-page")),
    }  # fmt: skip


def _edited(article):
    """A published article whose working copy has unapproved changes."""
    article.title = "Unapproved new title"
    article.mark_edited()
    article.save()
    return article


def _archived(article):
    article.status = Status.ARCHIVED
    article.save()
    return article


VISIBLE = {"published": "Published cramp page", "edited": "Edited cramp page"}
HIDDEN = {
    "draft": "Draft cramp page",
    "submitted": "Submitted cramp page",
    "in_review": "In review cramp page",
    "archived": "Archived cramp page",
    "working copy": "Unapproved new title",
}


# --- Home page ---------------------------------------------------------------


def test_home_has_a_two_sentence_intro_and_a_prominent_link_to_the_checker(client):
    response = client.get("/")
    assert response.status_code == 200
    lede = section(response, r'<p class="lede">.*?</p>')
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", strip_tags(lede).strip()) if s]
    assert len(sentences) == 2, sentences
    main = section(response, r"<main\b.*?</main>")
    # The emergency signs come first (their box links to the emergency article).
    main = re.sub(r'<section class="callout callout--emergency".*?</section>', "", main, flags=re.S)
    first_link = re.search(r'<a\b[^>]*href="([^"]+)"[^>]*>(.*?)</a>', main, flags=re.S)
    # The first link on the page after the emergency signs, before the topics: hard to miss.
    assert first_link.group(1) == "/check/"
    assert "Should I see a doctor?" in first_link.group(2)


def test_home_shows_the_emergency_signs_with_the_uk_number_by_default(client):
    box = section(client.get("/"), r'<section class="callout callout--emergency".*?</section>')
    text = " ".join(strip_tags(box).split())
    assert "Call 999 now" in text
    assert "hard to breathe" in text and "chest pain" in text


@override_settings(EMERGENCY_NUMBER="112")
def test_home_emergency_box_uses_the_configured_number(client):
    box = section(client.get("/"), r'<section class="callout callout--emergency".*?</section>')
    text = " ".join(strip_tags(box).split())
    assert "Call 112 now" in text
    assert "999" not in text


def test_home_lists_topics_with_their_articles(client):
    published_article(title="Why calves cramp at night", slug="night-cramps", category=category("causes"))
    published_article(title="Statins and cramps", slug="statins", category=category("medicines"))
    response = client.get("/")
    causes = section(response, r'<section aria-labelledby="topic-causes">.*?</section>')
    medicines = section(response, r'<section aria-labelledby="topic-medicines">.*?</section>')
    assert 'href="/topics/causes/"' in causes and 'href="/articles/night-cramps/"' in causes
    assert "Why calves cramp at night" in causes and "Statins and cramps" not in causes
    assert 'href="/articles/statins/"' in medicines and "Why calves cramp at night" not in medicines
    # A topic with nothing published is not offered.
    assert 'aria-labelledby="topic-prevention-and-stretches"' not in response.content.decode()


def test_home_without_articles_says_so(client):
    assert "No articles have been published yet." in text_of(client.get("/"))


# --- Topic pages and the index ---------------------------------------------------


def test_topic_page_lists_its_approved_articles_with_summaries(client):
    published_article(title="Night cramps", slug="night", summary="Why cramps come at night.")
    published_article(title="Cramps and pregnancy", slug="pregnancy", summary="Cramps are common when pregnant.")
    published_article(title="Statins and cramps", slug="statins", category=category("medicines"))
    response = client.get("/topics/causes/")
    assert response.status_code == 200
    text = main_text(response)
    assert "Causes" in text
    assert "Night cramps Why cramps come at night." in text
    assert "Cramps and pregnancy Cramps are common when pregnant." in text
    assert "Statins and cramps" not in text
    # Alphabetical by title.
    assert text.index("Cramps and pregnancy") < text.index("Night cramps")


def test_topic_page_without_articles_says_so(client):
    response = client.get("/topics/medicines/")
    assert response.status_code == 200
    assert "There are no published articles in this topic yet." in text_of(response)


def test_unknown_topic_is_404(client):
    response = client.get("/topics/no-such-topic/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_index_lists_every_published_article_by_topic_with_summaries(client):
    published_article(title="Night cramps", slug="night", summary="Why cramps come at night.")
    published_article(title="Statins and cramps", slug="statins", summary="A side effect of statins.",
                      category=category("medicines"))  # fmt: skip
    published_article(title="Calf stretches", slug="stretches", summary="Three stretches.",
                      category=category("prevention-and-stretches"))  # fmt: skip
    response = client.get("/articles/")
    assert response.status_code == 200
    causes = section(response, r'<section aria-labelledby="topic-causes">.*?</section>')
    medicines = section(response, r'<section aria-labelledby="topic-medicines">.*?</section>')
    stretches = section(response, r'<section aria-labelledby="topic-prevention-and-stretches">.*?</section>')
    assert "Night cramps" in causes and "Why cramps come at night." in causes
    assert "Statins and cramps" in medicines and "A side effect of statins." in medicines
    assert "Calf stretches" in stretches and "Three stretches." in stretches
    assert 'href="/feed/"' in response.content.decode()


def test_professional_articles_are_marked_in_lists_and_on_the_page(client):
    published_article(title="Quinine prescribing", slug="quinine", audience=Audience.PROFESSIONALS)
    published_article(title="Night cramps", slug="night")
    for url in ["/topics/causes/", "/articles/"]:
        text = main_text(client.get(url))
        assert "Quinine prescribing For health professionals" in text, url
        assert "Night cramps For health professionals" not in text, url
    assert "For health professionals" in main_text(client.get("/articles/quinine/"))
    assert "For health professionals" not in main_text(client.get("/articles/night/"))


# --- Only approved, non-archived text is public --------------------------------


@pytest.mark.parametrize("url", ["/", "/articles/", "/topics/causes/", "/search/?q=cramp+page"])
def test_lists_show_only_approved_non_archived_articles(client, url):
    visibility_cast()
    text = main_text(client.get(url))
    for name, title in VISIBLE.items():
        assert title in text, f"{name} article missing from {url}"
    for name, title in HIDDEN.items():
        assert title not in text, f"{name} text shown on {url}"


def test_sitemap_and_feed_show_only_approved_non_archived_articles(client):
    cast = visibility_cast()
    sitemap = client.get("/sitemap.xml").content.decode()
    feed = client.get("/feed/").content.decode()
    for name in ["published", "edited"]:
        assert f"/articles/{cast[name].slug}/" in sitemap, name
        assert f"/articles/{cast[name].slug}/" in feed, name
    for name in ["draft", "submitted", "in_review", "archived"]:
        assert f"/articles/{cast[name].slug}/" not in sitemap, name
        assert f"/articles/{cast[name].slug}/" not in feed, name
    assert "Unapproved new title" not in sitemap + feed


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED])
def test_never_approved_article_is_404(client, status):
    ArticleFactory(slug="not-yet", title="Not yet approved", status=status)
    response = client.get("/articles/not-yet/")
    assert response.status_code == 404
    assert "Not yet approved" not in text_of(response)
    assert "Page not found" in text_of(response)


def test_unknown_article_is_a_friendly_404(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    text = text_of(response)
    assert "Page not found" in text
    assert "Search the site" in text


def test_archived_article_is_410_with_a_friendly_page(client):
    _archived(published_article(title="Old advice on quinine", slug="old-quinine", body="## Q\n\nSecret old text.\n",
                                references=False))  # fmt: skip
    response = client.get("/articles/old-quinine/")
    assert response.status_code == 410
    text = text_of(response)
    assert "This article has been withdrawn" in text
    assert "Old advice on quinine" in text
    assert "Secret old text" not in text
    assert 'href="/articles/"' in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_archived_through_the_workflow_is_410(client, committed):
    article = published_article(slug="to-withdraw")
    assert client.get("/articles/to-withdraw/").status_code == 200
    with committed():
        perform(article, reviewer(), "archive", comment="Out of date.")
    assert client.get("/articles/to-withdraw/").status_code == 410


def test_the_page_shows_the_approved_text_not_the_working_copy(client, committed):
    article = published_article(title="Cramp basics", slug="basics", summary="Approved summary.",
                                body="## Start\n\nApproved wording [ref:allen2012].\n")  # fmt: skip
    with committed():
        article.title = "Changed title"
        article.summary = "Changed summary."
        article.body = "## Start\n\nUnapproved wording [ref:allen2012].\n"
        article.mark_edited()
        article.save()
    response = client.get("/articles/basics/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Cramp basics" in text and "Approved summary." in text and "Approved wording" in text
    assert "Changed title" not in text and "Changed summary" not in text and "Unapproved wording" not in text
    assert "No articles matched" in main_text(client.get("/search/?q=unapproved"))

    with committed():
        approve_via_workflow(article)
    text = text_of(client.get("/articles/basics/"))
    assert "Changed title" in text and "Unapproved wording" in text
    assert "Approved wording" not in text


# --- The article page ------------------------------------------------------------------


def test_article_page_shows_title_summary_and_review_dates(client):
    article = ArticleFactory(title="Night-time leg cramps", slug="night-cramps", summary="Why cramps wake you.")
    approve_via_workflow(article, today=datetime.date(2025, 3, 3), first_name="Ana", last_name="Lopez")
    response = client.get("/articles/night-cramps/")
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'<h1 id="article-title">Night-time leg cramps</h1>', body)
    assert re.search(r'<p class="lede">Why cramps wake you.</p>', body)
    assert "Approved for publication by Ana Lopez on 3 March 2025 · Next review due 3 March 2028" in text_of(response)
    assert "<title>Night-time leg cramps – Leg Cramp Guide</title>" in body


def test_long_article_has_a_table_of_contents_and_a_short_one_has_none(client):
    long = published_article(slug="long", body=LONG_BODY)
    ReferenceFactory(article=long, key="jansen2009", position=1)
    short = published_article(slug="short")  # two headings
    long_page = client.get("/articles/long/").content.decode()
    toc = re.search(r'<nav class="toc".*?</nav>', long_page, flags=re.S)
    assert toc, "no table of contents on a long article"
    links = re.findall(r'href="#([^"]+)"', toc.group(0))
    assert len(links) == 4
    for anchor in links:
        assert f'id="{anchor}"' in long_page  # each entry leads to its heading
    assert "On this page" in toc.group(0)
    short_page = client.get(f"/articles/{short.slug}/").content.decode()
    assert 'class="toc"' not in short_page and "On this page" not in short_page


def test_citations_are_numbered_and_link_to_the_reference_list(client):
    article = ArticleFactory(slug="cited", body=LONG_BODY, references=False)
    ReferenceFactory(article=article, key="allen2012", position=0, pmid="22963024", doi="")
    ReferenceFactory(article=article, key="jansen2009", position=1, title="Leg cramps in pregnancy",
                     doi="10.1002/14651858.CD000121.pub2", pmid="")  # fmt: skip
    approve_via_workflow(article)
    body = client.get("/articles/cited/").content.decode()
    assert re.search(r'<sup class="citation"><a href="#ref-1"[^>]*>\[1\]</a></sup>', body)
    assert re.search(r'<sup class="citation"><a href="#ref-2"[^>]*>\[2\]</a></sup>', body)
    refs = section(client.get("/articles/cited/"), r'<section class="references".*?</section>')
    items = re.findall(r'<li id="ref-(\d+)">(.*?)</li>', refs, flags=re.S)
    assert [n for n, _ in items] == ["1", "2"]
    assert "Nocturnal leg cramps" in items[0][1]
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/22963024/"' in items[0][1]
    assert "Leg cramps in pregnancy" in items[1][1]
    assert 'href="https://doi.org/10.1002/14651858.CD000121.pub2"' in items[1][1]


@pytest.mark.django_db
def test_a_reference_title_ending_in_a_question_mark_gets_no_extra_full_stop(client):
    article = ArticleFactory(slug="asked", body=LONG_BODY, references=False)
    ReferenceFactory(article=article, key="allen2012", position=0, title="Leg cramps or blood clots?")
    ReferenceFactory(article=article, key="jansen2009", position=1, title="Nocturnal leg cramps")
    approve_via_workflow(article)
    refs = section(client.get("/articles/asked/"), r'<section class="references".*?</section>')
    assert "Leg cramps or blood clots? <em>" in refs and "clots?." not in refs
    assert "Nocturnal leg cramps. <em>" in refs


def test_related_articles_show_only_published_ones(client, committed):
    stretches = published_article(title="Calf stretches", slug="stretches")
    quinine = published_article(title="Quinine", slug="quinine")
    draft = ArticleFactory(title="Unpublished neighbour", slug="neighbour")
    article = ArticleFactory(slug="main")
    article.related.add(stretches, quinine, draft)
    approve_via_workflow(article)
    related = section(client.get("/articles/main/"), r'<section class="related".*?</section>')
    assert 'href="/articles/stretches/"' in related and 'href="/articles/quinine/"' in related
    assert "Unpublished neighbour" not in related and "/articles/neighbour/" not in related

    with committed():
        perform(quinine, reviewer(), "archive", comment="Withdrawn.")
    related = section(client.get("/articles/main/"), r'<section class="related".*?</section>')
    assert "Calf stretches" in related and "Quinine" not in related


def test_article_page_has_feedback_buttons_and_a_disclaimer(client):
    published_article(slug="with-form")
    response = client.get("/articles/with-form/")
    # Yes and No go to the feedback page (which carries the CSRF token), so
    # the article holds nothing that differs between readers.
    form = section(response, r'<form method="get" action="/articles/with-form/feedback/".*?</form>')
    assert re.search(r'<button type="submit" name="helpful" value="yes"[^>]*>Yes</button>', form)
    assert re.search(r'<button type="submit" name="helpful" value="no"[^>]*>No</button>', form)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Was this page helpful?" in text_of(response)
    assert "This page gives general information, not a diagnosis." in text_of(response)


def test_article_page_head_has_canonical_description_and_open_graph(client):
    published_article(title="Night cramps", slug="night", summary="Why cramps come at night & what helps.")
    body = client.get("/articles/night/").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/articles/night/">' in body
    assert '<meta name="description" content="Why cramps come at night &amp; what helps.">' in body
    og = dict(re.findall(r'<meta property="og:([a-z_]+)" content="([^"]*)">', body))
    assert og == {
        "type": "article",
        "title": "Night cramps",
        "description": "Why cramps come at night &amp; what helps.",
        "url": "http://127.0.0.1:8000/articles/night/",
        "site_name": "Leg Cramp Guide",
    }
    assert "noindex" not in body


def test_article_page_has_medical_web_page_structured_data(client):
    article = ArticleFactory(title="Night cramps </script><b>", slug="night", summary="Why they come at night.")
    approve_via_workflow(article, today=datetime.date(2025, 3, 3), first_name="Ana", last_name="Lopez")
    body = client.get("/articles/night/").content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, flags=re.S)
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == "Night cramps </script><b>"
    assert data["description"] == "Why they come at night."
    assert data["url"] == "http://127.0.0.1:8000/articles/night/"
    assert data["lastReviewed"] == "2025-03-03"
    # Ana Lopez has no verified clinical reviewer profile: no clinical review is claimed.
    assert "reviewedBy" not in data
    assert data["citation"][0]["url"] == "https://pubmed.ncbi.nlm.nih.gov/22963024/"


def test_professional_article_structured_data_names_the_clinician_audience_and_claims_no_reviewer(client):
    published_article(slug="quinine", audience=Audience.PROFESSIONALS)
    body = client.get("/articles/quinine/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, flags=re.S).group(1))
    assert data["audience"]["audienceType"] == "Clinician"
    assert "reviewedBy" not in data


# --- Staff preview -----------------------------------------------------------------


def test_staff_preview_shows_the_working_copy_and_is_never_indexed(client):
    article = ArticleFactory(title="Draft about cramps", slug="draft", body="## Start\n\nDraft words [ref:allen2012].\n")
    client.force_login(editor())
    response = client.get(f"/admin/articles/article/{article.pk}/preview/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Draft about cramps" in text and "Draft words" in text
    assert "Preview of the working copy" in text
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    assert '<link rel="canonical"' not in response.content.decode()


def test_preview_of_a_published_article_shows_unapproved_edits_only_to_staff(client, committed):
    article = published_article(slug="edited", body="## Start\n\nApproved words [ref:allen2012].\n")
    with committed():
        article.body = "## Start\n\nPending words [ref:allen2012].\n"
        article.mark_edited()
        article.save()
    assert "Pending words" not in text_of(client.get("/articles/edited/"))
    client.force_login(reviewer())
    assert "Pending words" in text_of(client.get(f"/admin/articles/article/{article.pk}/preview/"))


@pytest.mark.parametrize("who", ["anonymous", "not staff"])
def test_readers_cannot_reach_the_preview(who):
    article = ArticleFactory(title="Secret draft", slug="secret", body="## Start\n\nSecret words [ref:allen2012].\n")
    reader = Client()
    if who == "not staff":
        user = editor(username="plain-reader")
        user.is_staff = False
        user.save()
        reader.force_login(user)
    url = f"/admin/articles/article/{article.pk}/preview/"
    response = reader.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    followed = reader.get(url, follow=True)
    assert "Secret words" not in followed.content.decode()
    assert "Secret draft" not in followed.content.decode()


# --- robots.txt, sitemap and feed --------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_admin_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the articles themselves stay crawlable
    # Every path it names exists (there is no /preview/: staff preview is in the admin).
    for line in lines:
        if line.startswith("Disallow:"):
            assert client.get(line.split(":", 1)[1].strip()).status_code != 404, line


@pytest.mark.parametrize("url", ["/", "/articles/", "/topics/causes/", "/articles/with-feed/", "/search/?q=cramp"])
def test_public_pages_point_feed_readers_at_the_atom_feed(client, url):
    published_article(slug="with-feed")
    head = section(client.get(url), r"<head>.*?</head>")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="/feed/">', head)
    feed = client.get("/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")


def test_sitemap_lists_articles_with_lastmod_topics_and_pages(client):
    published_article(slug="night")
    published_article(slug="statins", category=category("medicines"))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = parse_xml(response.content)
    entries = {u.findtext(f"{SITEMAP}loc"): u for u in root.findall(f"{SITEMAP}url")}
    for slug in ["night", "statins"]:
        entry = entries[f"http://testserver/articles/{slug}/"]
        lastmod = entry.findtext(f"{SITEMAP}lastmod")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod), lastmod
    assert "http://testserver/topics/causes/" in entries
    assert "http://testserver/topics/medicines/" in entries
    assert "http://testserver/topics/prevention-and-stretches/" not in entries  # nothing published there
    for page in ["/", "/articles/", "/about/", "/editorial-policy/"]:
        assert f"http://testserver{page}" in entries


def test_every_sitemap_address_may_be_crawled_under_robots_txt(client):
    """A sitemap that lists an address robots.txt forbids is an error that
    search consoles report ("Submitted URL blocked by robots.txt")."""
    published_article(slug="night")
    rules = RobotFileParser()
    rules.parse(client.get("/robots.txt").content.decode().splitlines())
    root = parse_xml(client.get("/sitemap.xml").content)
    locations = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert locations
    blocked = [loc for loc in locations if not rules.can_fetch("Googlebot", loc)]
    assert blocked == []
    assert not rules.can_fetch("Googlebot", "http://testserver/admin/")


def test_feed_is_atom_with_the_newest_approval_first(client, committed):
    first = ArticleFactory(title="First approved", slug="first")
    approve_via_workflow(first)
    second = ArticleFactory(title="Second approved", slug="second")
    approve_via_workflow(second)
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse_xml(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]
    assert titles == ["Second approved", "First approved"]

    # An update of the older article puts it back on top.
    first.title = "First approved, updated"
    first.mark_edited()
    first.save()
    approve_via_workflow(first)
    root = parse_xml(client.get("/feed/").content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries][0] == "First approved, updated"
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/articles/first/"
    assert entries[0].findtext(f"{ATOM}summary") == first.summary


@pytest.mark.parametrize(
    "url",
    ["/", "/articles/", "/topics/causes/", "/articles/night/", "/search/?q=cramp", "/about/", "/editorial-policy/",
     "/sitemap.xml", "/feed/"],
)  # fmt: skip
def test_public_pages_answer_head_requests(client, url):
    """Link checkers and monitors ask with HEAD; a 405 would report the page broken."""
    published_article(slug="night")
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("url", ["/", "/articles/", "/topics/causes/", "/articles/night/", "/search/"])
def test_public_pages_refuse_posts(client, url):
    published_article(slug="night")
    assert client.post(url).status_code == 405


# --- Editorial policy, about page and the head of every page ---------------------------

# What an honest page must never claim: the reviewers are the editorial team,
# not named clinicians with credentials the site cannot show.
INVENTED_CREDENTIALS = re.compile(
    r"\bDr\b\.?|\bMD\b|\bMBBS\b|\bFRCP\b|\bRN\b|\bPhD\b|board[- ]certified|clinically reviewed|medically reviewed"
    r"|reviewed by (?:a |our )?(?:doctor|clinician|physician|nurse|pharmacist)s?",
    re.IGNORECASE,
)
# The honest status every unreviewed page shows is not a claim of review.
HONEST_STATUS = re.compile(
    r'Not yet reviewed by a clinician|Clinically reviewed: not yet|says "Clinically reviewed by" a named person only when'
)


def claimed_credentials(text):
    return INVENTED_CREDENTIALS.search(HONEST_STATUS.sub("", text))


def head_of(response):
    return section(response, r"<head>.*?</head>")


def test_editorial_policy_says_how_articles_are_written_who_reviews_them_and_how_often(client):
    response = client.get("/editorial-policy/")
    assert response.status_code == 200
    text = main_text(response)
    for heading in ["How articles are written", "Who reviews them", "How often they are checked"]:
        assert heading in text
    assert "Articles are reviewed by the Leg Cramp Guide editorial team." in text
    assert "No article, and no change to an article, is published until a reviewer approves it." in text
    assert "A reviewer can never approve a version they wrote or edited themselves." in text
    assert "at least every three years" in text
    assert "US grade 6 or lower and a SMOG score of 8 or lower" in text
    assert "no clinician has reviewed them yet" in text
    assert not claimed_credentials(text_of(response)), claimed_credentials(text_of(response))


def test_about_page_says_who_we_are_and_carries_the_disclaimer(client):
    response = client.get("/about/")
    assert response.status_code == 200
    text = main_text(response)
    assert "written and reviewed by the Leg Cramp Guide editorial team" in text
    assert "It is not a diagnosis and it does not replace advice from a doctor" in text
    assert "In an emergency, call 999." in text
    assert 'href="/editorial-policy/"' in section(response, r"<main\b.*?</main>")
    assert not claimed_credentials(text_of(response)), claimed_credentials(text_of(response))


def test_the_reviewer_readers_see_on_bundled_style_articles_is_the_editorial_team(client):
    """published_article() approves the way load_content does: in the team's name."""
    published_article(slug="night")
    text = text_of(client.get("/articles/night/"))
    assert "Approved for publication by Leg Cramp Guide editorial team on 1 November 2026" in text
    assert not claimed_credentials(text)


@pytest.mark.parametrize(
    "url,canonical",
    [
        ("/", "http://127.0.0.1:8000/"),
        ("/articles/", "http://127.0.0.1:8000/articles/"),
        ("/topics/causes/", "http://127.0.0.1:8000/topics/causes/"),
        ("/about/", "http://127.0.0.1:8000/about/"),
        ("/editorial-policy/", "http://127.0.0.1:8000/editorial-policy/"),
        ("/articles/night/", "http://127.0.0.1:8000/articles/night/"),
    ],
)
def test_every_public_page_has_one_canonical_link_and_its_own_description(client, url, canonical):
    published_article(slug="night", summary="Why cramps come at night, and what you can do about them.")
    head = head_of(client.get(url))
    assert re.findall(r'<link rel="canonical" href="([^"]+)">', head) == [canonical]
    descriptions = re.findall(r'<meta name="description" content="([^"]+)">', head)
    assert len(descriptions) == 1 and len(descriptions[0]) > 40
    assert "noindex" not in head
    assert not INVENTED_CREDENTIALS.search(descriptions[0]), descriptions[0]


def test_search_results_are_not_indexed_and_have_no_canonical(client):
    head = head_of(client.get("/search/?q=cramp"))
    assert '<meta name="robots" content="noindex">' in head
    assert 'rel="canonical"' not in head


def test_sitemap_lastmod_is_the_date_of_the_latest_approval(client):
    article = ArticleFactory(slug="dated")
    approve_via_workflow(article)
    entries = {
        u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
        for u in parse_xml(client.get("/sitemap.xml").content).findall(f"{SITEMAP}url")
    }
    assert entries["http://testserver/articles/dated/"] == article.live.approved_at.date().isoformat()


# --- Rendered once, at approval; the preview is what readers get ---------------------------


def test_readers_get_html_rendered_at_approval_not_per_request(client, monkeypatch):
    published_article(slug="night")

    def no_rendering(*args, **kwargs):
        raise AssertionError("Markdown was rendered for a reader's request")

    monkeypatch.setattr("articles.rendering.render_body", no_rendering)
    monkeypatch.setattr("articles.reading.render_body", no_rendering)
    monkeypatch.setattr("articles.workflow.render_body", no_rendering)
    for url in ["/articles/night/", "/", "/articles/", "/topics/causes/", "/search/?q=cramp", "/feed/", "/sitemap.xml"]:
        assert client.get(url).status_code == 200, url


def article_body_html(response):
    return section(response, r'<div class="article-body">.*?</div>\s*(?=<section class="references"|</article>)')


def test_the_preview_shows_exactly_what_readers_will_see_once_approved(client):
    article = ArticleFactory(slug="previewed", body=LONG_BODY, references=False)
    ReferenceFactory(article=article, key="allen2012", position=0)
    ReferenceFactory(article=article, key="jansen2009", position=1, title="Leg cramps in pregnancy")
    staff = Client()
    staff.force_login(editor())
    preview = staff.get(f"/admin/articles/article/{article.pk}/preview/")
    approve_via_workflow(article)
    public = client.get("/articles/previewed/")

    assert article_body_html(preview) == article_body_html(public)
    for part in [r'<nav class="toc".*?</nav>', r'<section class="references".*?</section>', r'<h1 .*?</h1>',
                 r'<p class="lede">.*?</p>']:  # fmt: skip
        assert section(preview, part) == section(public, part), part


# --- Withdrawn stays withdrawn until a new approval -------------------------------------------


def test_restoring_a_withdrawn_article_to_draft_does_not_bring_its_text_back(client, committed):
    checker = reviewer()
    article = published_article(title="Quinine for cramps", slug="quinine-advice",
                                body="## Q\n\nWithdrawn quinine wording [ref:allen2012].\n")  # fmt: skip
    with committed():
        perform(article, checker, "archive", comment="Out of date: quinine is no longer advised.")
        perform(article, checker, "restore")
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.live is not None

    response = client.get("/articles/quinine-advice/")
    assert response.status_code == 410
    assert "Withdrawn quinine wording" not in text_of(response)
    for url in ["/", "/articles/", "/topics/causes/", "/search/?q=quinine", "/sitemap.xml", "/feed/"]:
        assert "quinine-advice" not in client.get(url).content.decode(), url
    assert client.post("/articles/quinine-advice/feedback/", {"helpful": "yes"}).status_code == 404

    # Reworked and approved again: back for readers, with the new text only.
    with committed():
        article.body = "## Q\n\nNew reviewed wording [ref:allen2012].\n"
        article.mark_edited()
        article.save()
        approve_via_workflow(article)
    response = client.get("/articles/quinine-advice/")
    assert response.status_code == 200
    assert "New reviewed wording" in text_of(response) and "Withdrawn quinine wording" not in text_of(response)
    assert "/articles/quinine-advice/" in client.get("/sitemap.xml").content.decode()
