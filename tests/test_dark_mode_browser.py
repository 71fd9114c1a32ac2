"""The dark colour scheme (prefers-color-scheme: dark) for a reader at 3 a.m.:
the main pages turn dark and axe finds no contrast or other WCAG 2.2 AA
problem in them, the emergency box included."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.factories import ensure_roles_and_topics, published_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BODY = """## When to get help

!!! danger "Call [emergency-number] if"
    - you suddenly find it hard to breathe

!!! warning "Get help today if"
    - your calf is swollen and warm

A cramp is a sudden, tight pain in a muscle [ref:allen2012].
"""
PAGES = ["/", "/articles/", "/topics/causes/", "/articles/dark/", "/search/?q=cramp", "/articles/dark/feedback/",
         "/check/"]  # fmt: skip


@pytest.fixture(autouse=True)
def _topics():
    """An earlier transactional test may have flushed the topics the
    migrations create; articles need one."""
    ensure_roles_and_topics()


@pytest.fixture
def dark_reader(new_context):
    context = new_context(color_scheme="dark", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    return context.new_page()


def luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(n) for n in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("url", PAGES)
def test_main_pages_are_dark_and_accessible_in_dark_mode(dark_reader, url):
    published_article(title="Cramp or clot in the dark", slug="dark", body=BODY)
    dark_reader.goto(url)
    background = dark_reader.evaluate("getComputedStyle(document.body).backgroundColor")
    text = dark_reader.evaluate("getComputedStyle(document.body).color")
    assert luminance(background) < 0.02, background  # a dark page ...
    assert luminance(text) > 0.7, text  # ... with light text
    assert_accessible(dark_reader)


def test_a_feedback_error_is_readable_in_dark_mode(dark_reader):
    published_article(title="Cramp or clot in the dark", slug="dark", body=BODY)
    dark_reader.goto("/articles/dark/feedback/")
    dark_reader.get_by_role("button", name="Send feedback").click()
    expect(dark_reader.get_by_role("alert")).to_contain_text("Choose Yes or No.")
    assert_accessible(dark_reader)
