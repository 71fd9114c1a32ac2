"""The Atom feed, read by a real feed parser: summaries and titles arrive as
the text the editor typed, never as markup a feed reader would run."""

import feedparser
import pytest

from tests.factories import published_article

pytestmark = pytest.mark.django_db

HOSTILE_SUMMARY = "<img src=x onerror=alert(1)> Stretch & rest: eases in <5 min"
HOSTILE_TITLE = "Cramps & clots <b>compared</b>"


def read_feed(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    return feedparser.parse(response.content)


def test_summaries_are_sent_as_text_exactly_as_typed(client):
    published_article(title=HOSTILE_TITLE, summary=HOSTILE_SUMMARY, slug="hostile")
    feed = read_feed(client)
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    assert entry.summary_detail.type == "text/plain"
    assert entry.summary == HOSTILE_SUMMARY
    assert entry.title_detail.type == "text/plain"
    assert entry.title == HOSTILE_TITLE


def test_no_summary_reaches_a_reader_as_markup(client):
    published_article(summary=HOSTILE_SUMMARY, slug="hostile")
    raw = client.get("/feed/").content.decode()
    assert "<img" not in raw  # XML-escaped in the document itself
    assert 'type="html"' not in raw


def test_a_plain_summary_with_ampersands_reads_the_same(client):
    published_article(summary="Calf & foot cramps: what helps, in under 5 minutes.", slug="plain")
    (entry,) = read_feed(client).entries
    assert entry.summary == "Calf & foot cramps: what helps, in under 5 minutes."
