"""The stretches article in a phone browser: each drawing loads, fits the
screen at its drawn shape, prints, and the page passes axe."""

import importlib

import pytest

from articles import bundled
from articles.models import Category
from tests.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PHONE = {"width": 390, "height": 844}


def drawings(page):
    return page.locator("figure.article-figure img").evaluate_all(
        "imgs => imgs.map(i => ({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0, "
        "w: i.getBoundingClientRect().width, h: i.getBoundingClientRect().height, alt: i.alt}))"
    )


@pytest.fixture
def topics():
    """The topics the data migration makes. After an earlier non-browser test,
    serialized_rollback may not bring them back on this thread's connection
    (see tests/test_reader_browser.py), so make sure."""
    migration = importlib.import_module("articles.migrations.0002_roles_and_categories")
    for position, (name, slug, description) in enumerate(migration.CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description,
                                                            "position": position})  # fmt: skip


def test_each_stretch_drawing_loads_fits_a_phone_and_prints(page, live_server, topics):
    bundled.load()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/articles/stretches-for-leg-cramps/")
    shown = drawings(page)
    assert len(shown) == 3
    for img in shown:
        assert img["loaded"], img["src"]
        assert img["alt"], img["src"]
        assert 250 <= img["w"] <= PHONE["width"] - 16, img
        assert abs(img["h"] / img["w"] - 0.75) < 0.01, img  # drawn 400 x 300, never squashed
    assert_accessible(page)
    page.emulate_media(media="print")
    for img in drawings(page):
        assert img["loaded"] and img["w"] > 200, img


def test_the_home_page_with_the_cramp_box_passes_axe(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
