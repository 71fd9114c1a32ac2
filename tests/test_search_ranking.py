"""Which article comes first: promoted, then for readers, then for health
professionals unless the query is clinical; the professional article stays
findable and marked."""

import pytest

from articles.models import Audience
from articles.search_models import SearchPromotion
from tests.factories import published_article
from tests.search_pages import items, links, seed_synonyms

pytestmark = pytest.mark.django_db


def body(sentence):
    return f"## About this\n\n{sentence} [ref:allen2012]\n"


@pytest.fixture
def site():
    seed_synonyms()
    return {
        "pro": published_article(
            title="Differential diagnosis of calf pain and swollen calf", slug="pro", audience=Audience.PROFESSIONALS,
            summary="Swollen calf, DVT, naproxen and calf pain when walking: the differential diagnosis.",
            body=body("Deep vein thrombosis presents with a swollen calf. Naproxen is linked to cramps.")),
        "clot": published_article(title="Leg cramp or blood clot?", slug="clot",
                                  summary="Calf pain from a cramp or a clot: how to tell them apart.",
                                  body=body("A clot in a leg vein can make the calf swollen.")),
        "medicines": published_article(title="Medicines linked to cramps", slug="medicines",
                                       summary="Some medicines can cause cramps.", body=body("Naproxen is one.")),
    }  # fmt: skip


@pytest.mark.parametrize(("query", "first"), [
    ("swollen calf", "/articles/clot/"),
    ("DVT", "/articles/clot/"),
    ("naproxen", "/articles/medicines/"),
])  # fmt: skip
def test_articles_for_readers_come_before_the_professional_one(client, site, query, first):
    found = links(client.get("/search/", {"q": query}))
    assert found[0] == first
    # Still findable, last, and marked.
    assert found[-1] == "/articles/pro/"
    assert items(client.get("/search/", {"q": query}))[-1].startswith(
        "Differential diagnosis of calf pain and swollen calf For health professionals"
    )


def test_a_clinical_query_ranks_the_professional_article_on_its_merits(client, site):
    # "differential diagnosis" is marked clinical in the synonym table.
    assert links(client.get("/search/?q=differential+diagnosis+swollen+calf"))[0] == "/articles/pro/"


def test_without_the_clinical_mark_the_same_query_puts_readers_first(client, site):
    from articles.search_models import Synonym

    Synonym.objects.filter(clinical=True).update(clinical=False)
    assert links(client.get("/search/?q=differential+diagnosis+swollen+calf"))[0] != "/articles/pro/"


def test_title_matches_come_before_body_matches(client, site):
    published_article(title="Quinine", slug="quinine-title", summary="An old medicine.")
    published_article(title="Old remedies", slug="quinine-body", summary="What people tried.",
                      body=body("Quinine, quinine and more quinine."))  # fmt: skip
    assert links(client.get("/search/?q=quinine")) == ["/articles/quinine-title/", "/articles/quinine-body/"]


def test_a_promoted_article_comes_first_for_its_term_only(client, site):
    SearchPromotion.objects.create(term="  Swollen CALF!", article=site["medicines"])
    assert links(client.get("/search/?q=swollen+calf"))[0] == "/articles/medicines/"
    assert links(client.get("/search/?q=swollen"))[0] == "/articles/clot/"


def test_a_promotion_answers_a_query_that_found_nothing(client, site):
    assert links(client.get("/search/?q=restless+legs")) == []
    SearchPromotion.objects.create(term="restless legs", article=site["clot"])
    assert links(client.get("/search/?q=Restless+legs")) == ["/articles/clot/"]


def test_a_promoted_article_that_is_archived_is_not_shown(client, site):
    from articles.workflow import perform
    from tests.factories import reviewer

    SearchPromotion.objects.create(term="restless legs", article=site["clot"])
    perform(site["clot"], reviewer(), "archive", comment="Out of date.")
    assert links(client.get("/search/?q=restless+legs")) == []
