"""Search understands the words readers type: word endings (stemming), stop
words, synonyms from the editors' table, "also called" names and typos.
Every test runs on SQLite here and on PostgreSQL in CI (DATABASE_URL)."""

import pytest

from articles.search_models import SearchWord, Synonym
from tests.factories import published_article
from tests.search_pages import items, links, main_text, seed_synonyms

pytestmark = pytest.mark.django_db


def body(sentence):
    return f"## About this\n\n{sentence} [ref:allen2012]\n"


@pytest.fixture
def site():
    seed_synonyms()
    return {
        "cramps": published_article(title="Night cramps", slug="night", summary="Why calves tighten at night.",
                                    body=body("A cramp can wake you. Stretching helps.")),
        "clot": published_article(title="Cramp or blood clot?", slug="clot", summary="How to tell them apart.",
                                  body=body("A clot in a leg vein makes the calf swollen, red and warm.")),
        "medicines": published_article(title="Medicines linked to cramps", slug="medicines",
                                       summary="Some tablets can cause cramps.",
                                       body=body("Diuretics, naproxen and steroids are named.")),
        "walking": published_article(title="Calf pain when walking", slug="walking", summary="Pain that stops at rest.",
                                     body=body("Narrowed arteries are one cause.")),
    }  # fmt: skip


@pytest.mark.parametrize("word", ["cramp", "cramps", "cramping", "Cramped", "CRAMPS"])
def test_word_endings_find_the_same_articles(client, site, word):
    assert set(links(client.get("/search/", {"q": word}))) == {
        "/articles/night/", "/articles/clot/", "/articles/medicines/"}  # fmt: skip


def test_a_word_with_a_different_ending_is_highlighted(client, site):
    [item] = [i for i in items(client.get("/search/?q=cramping")) if i.startswith("Night cramps")]
    page = client.get("/search/?q=cramping").content.decode()
    assert "<mark>cramps</mark>" in page and "Night <mark>cramps</mark>" in page
    assert item


def test_stop_words_do_not_match_everything(client, site):
    # Every article has "at" or "a" somewhere; only the night one is about cramps at night.
    assert links(client.get("/search/?q=cramp+at+night")) == ["/articles/night/"]
    response = client.get("/search/?q=at")
    assert links(response) == []
    assert "Please search for a word that says what you are looking for" in main_text(response)


def test_a_synonym_finds_what_the_articles_call_it(client, site):
    # Nobody wrote "water tablets": the synonym table says they are diuretics.
    assert links(client.get("/search/?q=water+tablets")) == ["/articles/medicines/"]
    assert links(client.get("/search/?q=DVT")) == ["/articles/clot/"]


def test_a_synonym_is_added_to_the_query_never_replacing_it(client, site):
    published_article(title="Water tablets explained", slug="water-tablets", summary="Tablets and water.")
    # The article with the words typed is still found, as well as the one the synonym leads to.
    assert set(links(client.get("/search/?q=water+tablets"))) == {"/articles/water-tablets/", "/articles/medicines/"}


def test_editors_synonyms_take_effect(client, site):
    assert links(client.get("/search/?q=gammy+leg")) == []
    Synonym.objects.create(term="Gammy leg", meaning="calf pain")
    assert links(client.get("/search/?q=gammy+leg")) == ["/articles/walking/"]


def test_also_called_names_count_as_title_words_and_are_shown(client, site):
    published_article(title="What are leg cramps?", slug="what", summary="A muscle tightens.",
                      also_called="charley horse, night cramps", body=body("It passes."))  # fmt: skip
    response = client.get("/search/?q=charley+horse")
    assert links(response)[0] == "/articles/what/"
    assert items(response)[0].startswith("What are leg cramps? Also called charley horse")
    assert "Also called <mark>charley</mark> <mark>horse</mark>" in response.content.decode()
    # A search that matched the title does not claim the name as the reason.
    assert "Also called" not in items(client.get("/search/?q=what+are+leg+cramps"))[0]


@pytest.mark.parametrize(("typed", "meant", "slug"), [
    ("blod clot", "blood clot", "clot"),  # a letter missing
    ("night crams", "night cramp", "night"),  # a letter changed
    ("naproxne", "naproxen", "medicines"),  # two letters swapped
    ("swolen calf", "swollen calf", "clot"),
    ("calff pain", "calf pain", "walking"),  # a letter too many
])  # fmt: skip
def test_a_one_letter_typo_still_finds_the_article_and_offers_the_right_word(client, site, typed, meant, slug):
    response = client.get("/search/", {"q": typed})
    assert links(response)[0] == f"/articles/{slug}/"
    assert f"Did you mean {meant}?" in main_text(response)
    assert f'<a href="/search/?q={meant.replace(" ", "%20")}">{meant}</a>' in response.content.decode()


def test_the_suggestion_comes_from_the_sites_own_words(client, site):
    assert not SearchWord.objects.filter(word="zebra").exists()
    assert SearchWord.objects.filter(word="naproxen").exists()
    response = client.get("/search/?q=naproxan")
    assert "Did you mean naproxen?" in main_text(response)


def test_a_word_further_off_is_offered_but_not_searched(client, site):
    # "unwalking" is two letters from "walking": it could mean something else.
    response = client.get("/search/?q=unwalking")
    assert links(response) == []
    assert "Did you mean walking?" in main_text(response)


def test_a_word_the_site_knows_is_never_corrected(client, site):
    response = client.get("/search/?q=swollen")
    assert "Did you mean" not in main_text(response)
    assert links(response) == ["/articles/clot/"]


def test_archiving_takes_an_article_and_its_words_out_of_search(client, site):
    from articles.workflow import perform
    from tests.factories import reviewer

    assert SearchWord.objects.filter(word="naproxen").exists()
    perform(site["medicines"], reviewer(), "archive", comment="Out of date.")
    assert links(client.get("/search/?q=naproxen")) == []
    assert not SearchWord.objects.filter(word="naproxen").exists()
