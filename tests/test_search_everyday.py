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
# 35 of 39 come first today on SQLite and 34 on PostgreSQL, with the content
# as of the content v2 rewrite: "water tablets" ties between the two medicine
# articles (both say "water pills") and the tie falls to each database's own
# rank. The four that miss on both: "naproxen" and "dialysis cramps"
# find nothing (no article names them any more: a gap for the editors, and
# exactly what the miss counts are for); "quinine" gives "Medicines linked to
# leg cramps" before "Preventing leg cramps"; "heat or ice for cramp" gives
# "Cramps in athletes" before "Treating a cramp". A change that costs one
# more fails here.
REQUIRED_FIRST = len(QUERIES) - 5


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
