"""The articles added in content v2 (issue 12): the emergency signs in one
place, night cramps in older adults, medicines (statins and others), and
cramps in athletes.

Each is a reader article at Flesch-Kincaid grade 6 or lower and SMOG 8 or
lower, names the editorial team as its writer (never a clinician), cites
only references a reader can find, and every link in it opens a real page.
"""

import re

import pytest
from django.test import Client

from articles import bundled
from articles.models import Article, Audience
from articles.readability import flesch_kincaid_grade, smog_index

NEW_ARTICLES = {
    "leg-pain-that-is-an-emergency": "when-to-see-a-doctor",
    "night-cramps-in-older-adults": "causes",
    "medicines-and-cramps-statins-and-others": "medicines",
    "cramps-in-athletes-and-after-exercise": "causes",
}
SITE_ARTICLES_AT_LEAST = 16
FK_GRADE_LIMIT = 6
SMOG_LIMIT = 8
EDITORIAL_TEAM = "Leg Cramp Guide editorial team"
INTERNAL_LINK = re.compile(r"\]\((/[^)\s]*)\)")


@pytest.fixture(scope="module")
def articles():
    return {item.slug: item for item in bundled.read_all()}


@pytest.fixture(scope="module")
def new_articles(articles):
    missing = sorted(set(NEW_ARTICLES) - set(articles))
    assert not missing, f"missing articles: {missing}"
    return [articles[slug] for slug in NEW_ARTICLES]


def test_the_site_has_at_least_sixteen_articles(articles):
    assert len(articles) >= SITE_ARTICLES_AT_LEAST


def test_each_new_article_is_for_readers_in_its_topic_written_by_the_editorial_team(new_articles):
    for item in new_articles:
        assert item.category == NEW_ARTICLES[item.slug], item.slug
        assert item.audience == Audience.READERS, item.slug
        # The loader needs a reviewer; this is the team that wrote it, not a clinician.
        assert item.reviewer == EDITORIAL_TEAM, item.slug
        assert item.also_called, f"{item.slug}: no 'also called' names for search"


def test_each_new_article_reads_at_grade_6_or_lower(new_articles):
    grades = {item.slug: flesch_kincaid_grade(item.body) for item in new_articles}
    print(grades)
    assert all(grade <= FK_GRADE_LIMIT for grade in grades.values()), grades


def test_each_new_article_scores_smog_8_or_lower(new_articles):
    # SMOG counts words of three or more syllables per sentence.
    scores = {item.slug: smog_index(item.body) for item in new_articles}
    print(scores)
    assert all(score <= SMOG_LIMIT for score in scores.values()), scores


def test_the_scores_would_catch_hard_text():
    hard = ("Rhabdomyolysis necessitates immediate hospitalisation and intravenous rehydration. "
            "Fluoroquinolone antibiotics occasionally precipitate tendinopathy, particularly "
            "among elderly individuals receiving concomitant corticosteroid medication.")  # fmt: skip
    assert flesch_kincaid_grade(hard) > FK_GRADE_LIMIT
    assert smog_index(hard) > SMOG_LIMIT


def test_every_reference_can_be_found_by_a_reader_and_says_when_it_was_checked(new_articles):
    for item in new_articles:
        assert len(item.references) >= 2, item.slug
        for ref in item.references:
            assert ref["title"] and ref["authors"], f"{item.slug}: {ref['key']}"
            assert ref["pmid"] or ref["doi"] or ref["url"].startswith("https://"), f"{item.slug}: {ref['key']}"
            assert ref["last_checked"], f"{item.slug}: {ref['key']} has no last_checked date"


@pytest.mark.django_db
def test_every_link_in_the_new_articles_opens_a_page(new_articles):
    bundled.load()
    client = Client()
    for item in new_articles:
        page = client.get(f"/articles/{item.slug}/")
        assert page.status_code == 200, item.slug
        for path in set(INTERNAL_LINK.findall(item.body)) | {f"/articles/{slug}/" for slug in item.related}:
            response = client.get(path)
            assert response.status_code == 200, f"{item.slug} links to {path}: {response.status_code}"


@pytest.mark.django_db
def test_the_new_articles_name_the_region_emergency_number_and_no_placeholder(new_articles, settings):
    settings.SITE_REGION = "us"
    settings.EMERGENCY_NUMBER = ""
    bundled.load()
    for item in new_articles:
        html = Article.objects.get(slug=item.slug).live.body_html
        assert "[emergency-number]" not in html
        assert "999" not in html and "Call 911" in html, item.slug
        assert "NHS 111" not in html and "A&amp;E" not in html and "GP surgery" not in html, item.slug
