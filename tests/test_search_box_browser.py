"""The search boxes in a real browser: one in the header of every page (but
the search page, which has its own), one on the home page; they work without
JavaScript, the header box leaves the phone header uncrowded, and the empty
search page starts with the cursor in its box."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.factories import ensure_roles_and_topics, published_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def site():
    ensure_roles_and_topics()
    return published_article(title="Calf stretches for cramps", slug="calf-stretches",
                             summary="Three gentle stretches that ease a cramp.")  # fmt: skip


@pytest.fixture
def reader(new_context):
    context = new_context(java_script_enabled=False)
    context.set_default_timeout(15_000)
    return context.new_page()


def header_boxes(page):
    header = page.locator(".site-header").bounding_box()
    name = page.locator(".site-header__name").bounding_box()
    links = [page.locator(".site-nav a").nth(i).bounding_box() for i in range(page.locator(".site-nav a").count())]
    field = page.get_by_role("search", name="Site").get_by_label("Search articles").bounding_box()
    button = page.get_by_role("search", name="Site").get_by_role("button", name="Search").bounding_box()
    return header, name, links, field, button


def test_the_header_box_searches_from_any_page_without_javascript(reader, site):
    reader.goto("/articles/calf-stretches/")
    box = reader.get_by_role("search", name="Site")
    box.get_by_label("Search articles").fill("stretching")
    box.get_by_role("button", name="Search").click()
    expect(reader).to_have_url(re.compile(r"/search/\?q=stretching$"))
    expect(reader.locator("ol.search-results").get_by_role("link")).to_have_text(["Calf stretches for cramps"])
    # The search page has one box, its own.
    expect(reader.get_by_role("search", name="Site")).to_have_count(0)


def test_on_a_phone_the_header_box_takes_its_own_row_and_crowds_nothing(reader, site):
    reader.set_viewport_size(PHONE)
    reader.goto("/")
    header, name, links, field, button = header_boxes(reader)
    # The name and the links keep the rows they had; the box is a row of its own below them.
    assert all(link["y"] >= name["y"] + name["height"] - 1 for link in links)
    assert len({round(link["y"]) for link in links}) == 1
    assert field["y"] >= max(link["y"] + link["height"] for link in links) - 1
    # Big enough to tap and to read what is typed; the whole header stays under a fifth of the screen.
    assert field["height"] >= 44 and button["height"] >= 44
    assert field["width"] >= 200  # room for about 20 characters
    assert header["height"] <= PHONE["height"] / 5
    # The emergency box on the home page still starts on the first screen.
    assert reader.locator(".callout--emergency").first.bounding_box()["y"] < PHONE["height"]


def test_on_a_desktop_the_header_is_one_row(reader, site):
    reader.set_viewport_size(DESKTOP)
    reader.goto("/")
    header, name, links, field, button = header_boxes(reader)
    assert header["height"] <= 64
    assert abs((field["y"] + field["height"] / 2) - (name["y"] + name["height"] / 2)) < 8
    assert field["x"] > max(link["x"] + link["width"] for link in links)


def test_the_home_page_has_its_own_search_box_near_the_top(reader, site):
    reader.set_viewport_size(PHONE)
    reader.goto("/")
    home_box = reader.get_by_role("search", name="Articles")
    home_box.get_by_label("Search our articles").fill("cramp")
    assert home_box.bounding_box()["y"] < reader.get_by_role("heading", name="Topics").bounding_box()["y"]
    home_box.get_by_role("button", name="Search").click()
    expect(reader).to_have_url(re.compile(r"/search/\?q=cramp$"))


def test_the_empty_search_page_starts_with_the_cursor_in_the_box(reader, site):
    reader.goto("/search/")
    assert reader.evaluate("document.activeElement.id") == "q"
    reader.keyboard.type("stretch")
    reader.keyboard.press("Enter")
    expect(reader).to_have_url(re.compile(r"/search/\?q=stretch$"))
    assert reader.evaluate("document.activeElement.id") != "q"


@pytest.mark.parametrize("url", ["/", "/search/", "/search/?q=blod+stretch", "/articles/calf-stretches/"])
def test_pages_with_search_boxes_pass_axe(new_context, site, url):
    page = new_context().new_page()
    for viewport in [PHONE, DESKTOP]:
        page.set_viewport_size(viewport)
        page.goto(url)
        assert_accessible(page)
