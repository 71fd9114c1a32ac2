"""A reader in a real browser: from the home page to an article through
search and through a topic, feedback with the keyboard alone, every page
checked with axe (WCAG 2.2 A/AA), every page readable 320 CSS px wide, and
everything working with JavaScript turned off."""

import importlib
import re

import pytest
from playwright.sync_api import expect

from articles.models import Category, Feedback, Status
from tests.a11y import assert_accessible
from tests.factories import ArticleFactory, ReferenceFactory, category, published_article

# The live server needs committed data; serialized_rollback brings back the
# groups and topics that the migrations create.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TIMEOUT_MS = 15_000
NARROW = {"width": 320, "height": 640}

LONG_BODY = """## What a cramp feels like

A cramp is a sudden, tight pain in a muscle, most often the calf [ref:allen2012].
Some people take magnesium, though the evidence says it rarely helps [ref:garrison2020].

## Who gets cramps

Older adults get them more often. A very long word must not push the page sideways:
Pneumonoultramicroscopicsilicovolcanoconiosisandthensomemorelettersthatkeepgoing.
Nor must a long address: https://www.example.org/a/very/long/path/that/never/seems/to/end/at/all/index.html

## What you can do

Stretch the calf by pulling your toes towards you.

| Sign | Cramp | Clot | Blocked artery | Nerve problem |
|------|-------|------|----------------|---------------|
| Starts | Suddenly, often at night | Slowly, over hours or days | When walking a set distance | Gradually |
| Lasts | Seconds to minutes | Keeps getting worse | Until you rest | Comes and goes |

## When to get help

!!! danger "Call [emergency-number] if"
    - you suddenly find it hard to breathe
"""


@pytest.fixture
def topics():
    """The topics a data migration creates. serialized_rollback should bring
    them back after an earlier transactional test flushed them, but when a
    non-browser database test ran first in the session the saved copy is on
    a connection object this thread no longer uses, so make sure here."""
    migration = importlib.import_module("articles.migrations.0002_roles_and_categories")
    for position, (name, slug, description) in enumerate(migration.CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description,
                                                            "position": position})  # fmt: skip


@pytest.fixture
def site(topics):
    """A small site: articles in two topics, one long with a table and two
    references, related to a shorter one."""
    short = published_article(title="Calf stretches for cramps", slug="calf-stretches",
                              category=category("prevention-and-stretches"),
                              summary="Three gentle stretches that ease a cramp.")  # fmt: skip
    long = ArticleFactory(title="Magnesium and night cramps", slug="magnesium", body=LONG_BODY,
                          summary="Whether magnesium helps night-time leg cramps.")  # fmt: skip
    ReferenceFactory(article=long, key="garrison2020", position=1, title="Magnesium for skeletal muscle cramps",
                     publisher="Cochrane Database of Systematic Reviews", year=2020,
                     doi="10.1002/14651858.CD009402.pub3", pmid="")  # fmt: skip
    long.related.add(short)
    from articles.workflow import publish

    publish(long, None, reviewer_name="Leg Cramp Guide editorial team")
    long.status = Status.APPROVED
    long.save()
    archived = published_article(title="Old quinine advice", slug="old-quinine")
    archived.status = Status.ARCHIVED
    archived.save()
    return {"long": long, "short": short}


@pytest.fixture
def reader(page):
    page.set_default_timeout(TIMEOUT_MS)
    return page


def tab_to(page, element_id, limit=120):
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} never got keyboard focus")


def tab_to_button(page, name, limit=120):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.tagName") == "BUTTON" and \
                page.evaluate("document.activeElement.textContent.trim()") == name:  # fmt: skip
            return
    raise AssertionError(f"the {name!r} button never got keyboard focus")


# --- Journeys --------------------------------------------------------------------------


def test_from_home_through_search_to_an_article_and_feedback_by_keyboard(reader, site):
    reader.goto("/")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Leg cramps and calf pain")
    assert_accessible(reader)

    reader.get_by_role("search", name="Site").get_by_label("Search articles").fill("magnesium")
    reader.keyboard.press("Enter")
    expect(reader.get_by_role("heading", level=2)).to_contain_text("1 result")
    results = reader.locator("ol.search-results")
    expect(results.locator("mark").first).to_have_text(re.compile("magnesium", re.I))
    assert_accessible(reader)

    results.get_by_role("link", name="Magnesium and night cramps").click()
    expect(reader).to_have_url(re.compile(r"/articles/magnesium/$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Magnesium and night cramps")
    expect(reader.get_by_role("navigation", name="On this page")).to_be_visible()
    expect(reader.locator(".review-info")).to_contain_text("Approved for publication by Leg Cramp Guide editorial team on")
    assert_accessible(reader)

    # A citation takes the reader to its reference.
    reader.locator("sup.citation a").nth(1).click()
    expect(reader).to_have_url(re.compile(r"#ref-2$"))
    expect(reader.locator("#ref-2 a")).to_have_attribute("href", "https://doi.org/10.1002/14651858.CD009402.pub3")

    # Feedback with the keyboard alone: "Yes" on the article, then the comment.
    reader.goto("/articles/magnesium/")
    tab_to_button(reader, "Yes")
    reader.keyboard.press("Enter")
    # The answer carries the version of the page the reader saw.
    expect(reader).to_have_url(re.compile(r"/articles/magnesium/feedback/\?version=1&helpful=yes$"))
    expect(reader.get_by_role("radio", name="Yes")).to_be_checked()
    assert_accessible(reader)
    tab_to(reader, "id_comment")
    reader.keyboard.type("Clear, thank you.")
    reader.keyboard.press("Tab")
    expect(reader.get_by_role("button", name="Send feedback")).to_be_focused()
    reader.keyboard.press("Enter")

    expect(reader.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    assert_accessible(reader)
    feedback = Feedback.objects.get()
    assert (feedback.article_id, feedback.helpful, feedback.comment) == (site["long"].pk, True, "Clear, thank you.")
    assert feedback.revision.number == 1

    reader.get_by_role("link", name=re.compile("Back to")).click()
    expect(reader).to_have_url(re.compile(r"/articles/magnesium/$"))


def test_from_home_through_a_topic_to_an_article(reader, site):
    reader.goto("/")
    reader.get_by_role("link", name="Prevention and stretches").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Prevention and stretches")
    expect(reader.get_by_text("Three gentle stretches that ease a cramp.")).to_be_visible()
    assert_accessible(reader)

    reader.get_by_role("link", name="Calf stretches for cramps").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Calf stretches for cramps")
    assert_accessible(reader)

    # On to the index, then a related article.
    reader.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("All articles")
    assert_accessible(reader)
    reader.get_by_role("link", name="Magnesium and night cramps").click()
    related = reader.locator("section.related")
    related.get_by_role("link", name="Calf stretches for cramps").click()
    expect(reader).to_have_url(re.compile(r"/articles/calf-stretches/$"))


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/about/", "About Leg Cramp Guide"),
        ("/editorial-policy/", "Editorial policy"),
        ("/search/?q=zebra", "Search"),
        ("/articles/no-such-page/", "Page not found"),
        ("/articles/old-quinine/", "This article has been withdrawn"),
    ],
)
def test_other_pages_pass_axe(reader, site, url, heading):
    reader.goto(url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(reader)


# --- 320 CSS px -----------------------------------------------------------------------------


NARROW_PAGES = [
    "/",
    "/articles/",
    "/topics/causes/",
    "/articles/magnesium/",
    "/articles/calf-stretches/",
    "/search/?q=magnesium",
    "/search/?q=" + "longword" * 20,
    "/about/",
    "/editorial-policy/",
    "/articles/no-such-page/",
    "/articles/old-quinine/",
]


def test_every_page_reads_at_320_px_without_sideways_scrolling(reader, site):
    reader.set_viewport_size(NARROW)
    too_wide = {}
    for url in NARROW_PAGES:
        response = reader.goto(url)
        assert response.status in (200, 404, 410), url
        expect(reader.get_by_role("heading", level=1)).to_be_visible()
        width = reader.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide[url] = width
    assert too_wide == {}, f"pages wider than {NARROW['width']} px: {too_wide}"


def test_a_wide_table_scrolls_inside_its_own_box_at_320_px(reader, site):
    reader.set_viewport_size(NARROW)
    reader.goto("/articles/magnesium/")
    box = reader.get_by_role("region", name="Table")
    expect(box).to_be_visible()
    assert reader.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    # Keyboard users can reach the box to scroll it.
    box.focus()
    expect(box).to_be_focused()


# --- Print ---------------------------------------------------------------------------------------


def test_printing_an_article_gives_the_article_and_its_references_only(reader, site):
    reader.goto("/articles/magnesium/")
    reader.emulate_media(media="print")
    for selector in [".site-header", ".site-nav", ".site-footer", ".skip-link", "nav.toc", "section.feedback",
                     "section.related", "form"]:  # fmt: skip
        assert reader.locator(selector).count() > 0, f"{selector} is not on the page, so this test proves nothing"
        for element in reader.locator(selector).all():
            expect(element).to_be_hidden()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Magnesium and night cramps")
    expect(reader.locator(".article-body")).to_contain_text("Stretch the calf by pulling your toes towards you.")
    expect(reader.locator(".review-info")).to_contain_text("Next review due")
    references = reader.locator("section.references")
    expect(references).to_be_visible()
    # Each reference's link target is printed after it, since paper has no links.
    printed_targets = reader.evaluate(
        """[...document.querySelectorAll('section.references a[href]')]
             .map(a => getComputedStyle(a, '::after').content)"""
    )
    assert printed_targets == [
        '" <https://pubmed.ncbi.nlm.nih.gov/22963024/>"',
        '" <https://doi.org/10.1002/14651858.CD009402.pub3>"',
    ], printed_targets

    # On screen, none of that is hidden.
    reader.emulate_media(media="screen")
    expect(reader.locator(".site-header")).to_be_visible()
    expect(reader.locator("section.feedback")).to_be_visible()
    assert reader.evaluate("getComputedStyle(document.querySelector('section.references a'), '::after').content") \
        == "none"


# --- Without JavaScript -----------------------------------------------------------------------------


def test_everything_works_with_javascript_turned_off(new_context, site):
    context = new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    page.goto("/")
    expect(page.get_by_role("link", name=re.compile("Should I see a doctor"))).to_have_attribute("href", "/check/")
    header_search = page.get_by_role("search", name="Site")
    header_search.get_by_label("Search articles").fill("stretches")
    header_search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=stretches$"))
    page.locator("ol.search-results").get_by_role("link", name="Calf stretches for cramps").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calf stretches for cramps")

    page.get_by_role("button", name="No").click()
    expect(page.get_by_role("radio", name="No")).to_be_checked()
    page.get_by_label(re.compile("How could we improve")).fill("More pictures, please.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    feedback = Feedback.objects.get()
    assert (feedback.article_id, feedback.helpful, feedback.comment) == (
        site["short"].pk,
        False,
        "More pictures, please.",
    )

    page.goto("/topics/prevention-and-stretches/")
    expect(page.get_by_role("link", name="Calf stretches for cramps")).to_be_visible()
    page.goto("/articles/magnesium/")
    page.locator("nav.toc a").first.click()
    expect(page).to_have_url(re.compile(r"/articles/magnesium/#"))
    context.close()
