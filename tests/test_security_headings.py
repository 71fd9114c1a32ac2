"""Headings reach "On this page" escaped exactly once: readers see
"Cramps & clots", never "Cramps &amp; clots", and markup stays text."""

import re

import pytest

from articles.rendering import render_body
from tests.factories import published_article

HEADINGS = ["Cramps & clots", "Pain <5 min or longer", 'What "tight" means', "Stretches <script>alert(1)</script>"]
BODY = "".join(f"## {heading}\n\nSome words about it.\n\n" for heading in HEADINGS)


def toc_link_texts(toc_html):
    return re.findall(r'<a href="#[^"]*">(.*?)</a>', toc_html)


def test_the_table_of_contents_escapes_each_heading_once():
    rendered = render_body(BODY, [])
    texts = toc_link_texts(rendered.toc_html)
    assert texts[0] == "Cramps &amp; clots"
    assert texts[1] == "Pain &lt;5 min or longer"
    assert "&amp;amp;" not in rendered.toc_html and "&amp;lt;" not in rendered.toc_html
    assert "<script>" not in rendered.toc_html
    assert rendered.headings[:2] == ["Cramps & clots", "Pain <5 min or longer"]


@pytest.mark.django_db
def test_readers_see_the_headings_as_written_on_the_page(client):
    article = published_article(slug="toc-page", body=BODY + "Cited [ref:allen2012].\n")
    page = client.get(article.get_absolute_url()).content.decode()
    toc = re.search(r'<nav class="toc".*?</nav>', page, re.S).group(0)
    assert "Cramps &amp; clots</a>" in toc
    assert "&amp;amp;" not in toc
    assert "<script>alert" not in page
