"""The bundled articles, the glossary and the review status in a real browser:
axe-clean (WCAG 2.2 A/AA) in light and dark schemes, the clinical review
status visible without scrolling on a phone, and glossary links that land on
their entry with JavaScript turned off."""

import importlib
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Category
from tests.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
PAGES = ["/articles/leg-cramp-or-blood-clot/", "/articles/when-to-see-a-doctor/",
         "/articles/medicines-linked-to-leg-cramps/", "/articles/differential-diagnosis-of-calf-pain/", "/glossary/"]  # fmt: skip


@pytest.fixture
def bundled_site():
    migration = importlib.import_module("articles.migrations.0002_roles_and_categories")
    for position, (name, slug, description) in enumerate(migration.CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description,
                                                            "position": position})  # fmt: skip
    call_command("load_content", stdout=StringIO())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_pages_and_the_glossary_pass_axe(bundled_site, browser, live_server, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    for path in PAGES:
        page.goto(live_server.url + path)
        assert_accessible(page)
    context.close()


def test_the_review_status_is_on_the_first_phone_screen(bundled_site, browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/articles/leg-cramp-or-blood-clot/")
    status = page.locator(".article .review-status").first
    expect(status).to_have_text("Not yet reviewed by a clinician")
    box = status.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert box["width"] <= PHONE["width"]
    steps = page.locator(".trust-panel .review-step")
    expect(steps).to_have_count(4)
    context.close()


def test_a_glossary_link_lands_on_its_entry_without_javascript(bundled_site, browser, live_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/articles/leg-cramp-or-blood-clot/")
    page.locator(".article-body a[href='/glossary/#pulmonary-embolism']").first.click()
    page.wait_for_url("**/glossary/#pulmonary-embolism")
    entry = page.locator("#pulmonary-embolism")
    expect(entry).to_have_text("Pulmonary embolism")
    expect(entry).to_be_in_viewport()
    context.close()
