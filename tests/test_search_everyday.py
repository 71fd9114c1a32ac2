"""The everyday-query set (tests/search_everyday_queries.csv): what readers
actually type, against the bundled articles, with the article that should
come first. Runs on SQLite and, in CI, on PostgreSQL; prints the score."""

import csv
import pathlib

import pytest
from django.core.management import call_command
from django.test import Client

from tests.search_pages import links, seed_synonyms

pytestmark = pytest.mark.django_db

QUERIES = list(csv.DictReader((pathlib.Path(__file__).parent / "search_everyday_queries.csv").open()))
# All but two come first today, on both databases: "dialysis cramps" gives
# "What are leg cramps?" (which names dialysis too) before "Causes of leg
# cramps", and "pain behind knee" gives "Calf pain when walking" (pain in its
# title) before the article on Baker's cysts. A change that costs one more
# fails here.
REQUIRED_FIRST = len(QUERIES) - 2


def test_the_set_is_big_enough():
    assert len(QUERIES) >= 30
    assert len({row["query"] for row in QUERIES}) == len(QUERIES)


def test_everyday_queries_find_the_best_article_first(capsys):
    seed_synonyms()
    call_command("load_content", verbosity=0)
    client = Client()
    misses = []
    for row in QUERIES:
        found = links(client.get("/search/", {"q": row["query"]}))
        expected = f"/articles/{row['expected first result']}/"
        if not found or found[0] != expected:
            misses.append(f"{row['query']!r}: expected {expected}, got {found[:3]}")
    first = len(QUERIES) - len(misses)
    with capsys.disabled():
        print(f"\neveryday queries: {first} of {len(QUERIES)} come first")
    assert first >= REQUIRED_FIRST, "\n".join(misses)
