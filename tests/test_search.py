"""Site search at /search/?q=: approved text only, title matches first,
highlighted snippets, and a calm answer to anything a reader types.

Nothing here relies on how one database compares text: the words searched
for appear in the articles exactly as typed (or differ in ASCII case only),
so the same tests pass on SQLite and PostgreSQL.
"""

import html
import re

import pytest
from django.utils.html import escape, strip_tags
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, Audience, Feedback, Status
from tests.factories import ArticleFactory, published_article
from tests.search_pages import links, results

pytestmark = pytest.mark.django_db


def body_with(sentence):
    return f"## About this\n\n{sentence} [ref:allen2012]\n"


def main_text(response):
    main = re.search(r"<main\b.*?</main>", response.content.decode(), flags=re.S).group(0)
    return " ".join(html.unescape(strip_tags(main)).split())


@pytest.fixture
def library():
    """Published articles where one word sits in the title, the summary or the body."""
    return {
        "title": published_article(title="Magnesium and cramps", slug="in-title",
                                   summary="A mineral some people take.", body=body_with("Nothing to see.")),
        "summary": published_article(title="Supplements", slug="in-summary",
                                     summary="Whether magnesium helps night cramps.", body=body_with("Plain text.")),
        "body": published_article(title="Diet and cramps", slug="in-body", summary="What to eat.",
                                  body=body_with("Some people try magnesium, or more magnesium, or magnesium.")),
        "none": published_article(title="Calf stretches", slug="unrelated", summary="Three stretches.",
                                  body=body_with("Stand facing a wall.")),
    }  # fmt: skip


def test_finds_articles_by_title_summary_and_body(client, library):
    found = links(client.get("/search/?q=magnesium"))
    assert set(found) == {"/articles/in-title/", "/articles/in-summary/", "/articles/in-body/"}
    assert "3 results for “magnesium”" in main_text(client.get("/search/?q=magnesium"))


def test_title_matches_come_before_summary_and_body_only_matches(client, library):
    # The body-only article mentions the word three times; the title still wins.
    assert links(client.get("/search/?q=magnesium")) == [
        "/articles/in-title/",
        "/articles/in-summary/",
        "/articles/in-body/",
    ]


def test_search_ignores_ascii_case(client, library):
    assert links(client.get("/search/?q=MAGNESIUM")) == links(client.get("/search/?q=magnesium"))


def test_every_word_must_match_when_any_article_has_them_all(client, library):
    response = client.get("/search/?q=magnesium+night")
    assert links(response) == ["/articles/in-summary/"]
    assert "No article has all of your words" not in main_text(response)


def test_a_long_query_with_one_unknown_word_finds_the_articles_with_the_others(client, library):
    response = client.get("/search/?q=magnesium+night+zebra")
    assert links(response) == ["/articles/in-summary/"]
    assert "No article has all of your words. These have some of them." in main_text(response)
    # Two words: both count.
    assert links(client.get("/search/?q=magnesium+zebra")) == []


def test_matches_are_highlighted_in_title_and_snippet(client, library):
    found = dict((link, (title, snippet)) for link, title, snippet in results(client.get("/search/?q=magnesium")))
    assert found["/articles/in-title/"][0] == "<mark>Magnesium</mark> and cramps"
    assert "Whether <mark>magnesium</mark> helps night cramps." == found["/articles/in-summary/"][1]
    body_snippet = found["/articles/in-body/"][1]
    assert body_snippet.count("<mark>magnesium</mark>") == 3
    assert "Some people try" in body_snippet


def test_long_body_snippet_is_cut_around_the_match(client):
    filler = "Walking helps. " * 40
    published_article(slug="long", summary="Exercise.", body=body_with(f"{filler}Quinine is rarely used now. {filler}"))
    [(link, title, snippet)] = results(client.get("/search/?q=quinine"))
    assert "<mark>Quinine</mark> is rarely used now." in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(strip_tags(snippet)) < 250


def test_only_approved_non_archived_text_is_searchable(client):
    published_article(title="Approved zinc page", slug="approved-zinc", body=body_with("Zinc in the approved text."))
    ArticleFactory(title="Draft zinc page", slug="draft-zinc", body=body_with("Zinc."))
    ArticleFactory(title="Zinc under review", slug="review-zinc", status=Status.IN_REVIEW, body=body_with("Zinc."))
    archived = published_article(title="Archived zinc page", slug="archived-zinc", body=body_with("Zinc."))
    archived.status = Status.ARCHIVED
    archived.save()
    edited = published_article(title="Iron", slug="iron", summary="Iron levels.", body=body_with("Iron and cramps."))
    edited.title = "Iron and zinc"
    edited.body = body_with("Zinc working copy text, not approved.")
    edited.mark_edited()
    edited.save()
    assert links(client.get("/search/?q=zinc")) == ["/articles/approved-zinc/"]
    # The approved text of the edited article is still what search finds.
    assert links(client.get("/search/?q=iron")) == ["/articles/iron/"]
    assert "working copy" not in main_text(client.get("/search/?q=iron"))


def test_professional_articles_are_marked_in_results(client):
    published_article(title="Quinine prescribing", slug="quinine-pro", audience=Audience.PROFESSIONALS)
    published_article(title="Quinine for readers", slug="quinine-readers")
    text = main_text(client.get("/search/?q=quinine"))
    assert "Quinine prescribing For health professionals" in text
    assert "Quinine for readers For health professionals" not in text


def test_no_match_suggests_browsing(client, library):
    response = client.get("/search/?q=zebra")
    text = main_text(response)
    assert "0 results for “zebra”" in text
    assert "No articles matched." in text
    assert 'href="/articles/"' in response.content.decode()


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_or_blank_query_shows_just_the_form(client, library, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    text = main_text(response)
    assert "Search articles" in text
    assert "result" not in text and "No articles matched" not in text
    assert results(response) == []


def test_search_page_without_q_shows_the_form(client):
    response = client.get("/search/")
    assert response.status_code == 200
    # The cursor starts in the box, without JavaScript.
    assert '<input type="search" id="q" name="q" value="" maxlength="200" autofocus>' in response.content.decode()


def test_a_results_page_does_not_move_the_cursor_to_the_box(client, library):
    # Focus in the box would make a screen reader start there, not at the results.
    page = client.get("/search/?q=magnesium").content.decode()
    assert re.search(r'<input type="search" id="q"[^>]*>', page).group(0).endswith('maxlength="200">')


def test_a_very_long_query_gets_a_calm_message(client, library):
    query = "magnesium " * 50  # 500 characters
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Your search was too long" in main_text(response)
    assert results(response) == []
    value = re.search(r'<input type="search"[^>]*value="([^"]*)"', response.content.decode()).group(1)
    assert len(html.unescape(value)) <= 200


def test_a_query_of_exactly_the_limit_is_searched(client, library):
    query = "magnesium".ljust(200, " ")
    response = client.get("/search/", {"q": query})
    assert "too long" not in main_text(response)
    assert len(links(response)) == 3
    assert "too long" in main_text(client.get("/search/", {"q": query + "x"}))


ODD_QUERIES = [
    "' OR '1'='1",
    '"; DROP TABLE articles_article; --',
    "magnesium' --",
    "%",
    "%%%",
    "_",
    "__",
    "100% cure",
    "\\",
    "[a-z]*",
    "(((",
    "ñandú crampe über",
    "痙攣",
    "🦵💥",
    "cramp 🦵",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "&amp; &lt;",
    "\u200b\u200d",
    "NULL",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_input_answers_calmly_and_is_escaped(client, library, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    value = re.search(r'<input type="search"[^>]*value="([^"]*)"', page).group(1)
    assert html.unescape(value) == query  # shown back as typed, as text
    assert Article.objects.count() == 4  # nothing was dropped or changed


def test_script_in_query_is_shown_as_text(client):
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})
    page = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "“<script>alert(1)</script>”" in main_text(response)  # as text the reader can read


@pytest.mark.parametrize("query", ["%", "_", "%_%"])
def test_like_wildcards_match_only_themselves(client, library, query):
    # A LIKE wildcard left unescaped would match every article.
    assert links(client.get("/search/", {"q": query})) == []


def test_underscore_in_the_text_is_found_literally(client, library):
    published_article(title="File names", slug="underscores", body=body_with("The file cramp_log is a diary."))
    assert links(client.get("/search/", {"q": "cramp_log"})) == ["/articles/underscores/"]


def test_unicode_and_emoji_in_articles_are_found_and_highlighted(client):
    published_article(title="Crampes nocturnes 🦵", slug="francais", summary="Une crampe est une douleur soudaine.",
                      body=body_with("Étirez le mollet; ça passe en général vite."))  # fmt: skip
    assert links(client.get("/search/", {"q": "crampes"})) == ["/articles/francais/"]
    [(_, title, snippet)] = results(client.get("/search/", {"q": "ça passe"}))
    assert "<mark>ça</mark> <mark>passe</mark>" in snippet
    assert title == "Crampes nocturnes 🦵"
    # An emoji is not a word: a calm "no results", never an error.
    response = client.get("/search/", {"q": "🦵"})
    assert response.status_code == 200 and results(response) == []


def test_article_text_in_results_is_escaped(client):
    published_article(title="Salt <i>and</i> cramps", slug="salt", summary="Salt & water <b>balance</b>.")
    [(_, title, snippet)] = results(client.get("/search/", {"q": "salt"}))
    assert title == "<mark>Salt</mark> &lt;i&gt;and&lt;/i&gt; cramps"
    assert snippet == "<mark>Salt</mark> &amp; water &lt;b&gt;balance&lt;/b&gt;."


def test_search_does_not_change_anything(client, library):
    before = (Article.objects.count(), Feedback.objects.count())
    client.get("/search/", {"q": "magnesium"})
    assert (Article.objects.count(), Feedback.objects.count()) == before


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=260))
def test_any_text_answers_200_and_never_echoes_markup(client, library, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    # Whatever was typed comes back in the search box as escaped text.
    assert f'value="{escape(query[:200])}"' in page
    assert page.count("<main") == 1


@pytest.mark.parametrize("query", ["étirez", "ÉTIREZ", "Étirez", "über", "ÜBER"])
def test_accented_words_are_found_whatever_their_case(client, query):
    """Case-insensitive for every letter, not only ASCII: SQLite's LIKE (and
    PostgreSQL under the C locale) would only fold A-Z."""
    published_article(title="Über nächtliche Wadenkrämpfe", slug="deutsch", summary="Ein Krampf in der Wade.",
                      body=body_with("Étirez le mollet doucement."))  # fmt: skip
    assert links(client.get("/search/", {"q": query})) == ["/articles/deutsch/"]
