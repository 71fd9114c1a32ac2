"""A picture from upload to the public page, in a real browser.

An editor uploads a drawing in the admin (first with a file name for alt
text, which is refused with the typed words kept), puts its tag in an
article and submits it; a reviewer approves; a reader sees the picture,
loaded as WebP, sized to the column, under the site's strict CSP.

Set SCREENSHOT_DIR to keep screenshots of the upload page and the public
article at phone and desktop widths.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.image_models import Image
from articles.models import Article
from tests.a11y import assert_accessible
from tests.factories import editor, ensure_roles_and_topics, published_article, reviewer
from tests.image_factories import CALF_STRETCH_ALT, picture_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
TIMEOUT_MS = 15_000
CAPTION = "Lean on the wall until you feel the stretch in your calf. Hold it for 30 seconds."
CREDIT = "Drawing: Leg Cramp Guide"
SIZES = [(390, 844), (1280, 900)]


@pytest.fixture(autouse=True)
def roles_topics_and_media(settings, tmp_path):
    ensure_roles_and_topics()
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def open_session(new_context):
    def open_page(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.csp_errors = []
        page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text))
        return page

    return open_page


def log_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def screenshot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_image_goes_from_upload_to_the_public_page_after_approval(open_session, tmp_path):
    writer, checker = editor(username="image-editor"), reviewer(username="image-reviewer")
    article = published_article(title="Stretches for leg cramps", slug="stretches-for-leg-cramps")
    drawing = tmp_path / "calf-stretch.png"
    drawing.write_bytes(picture_bytes(width=1600, height=1200, fmt="PNG"))

    # --- The editor uploads the drawing --------------------------------------------
    page = open_session()
    log_in(page, writer)
    page.get_by_role("link", name="Images", exact=True).click()
    page.get_by_role("link", name="Add image").click()
    expect(page.get_by_role("heading", name="Add image")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Picture:").set_input_files(str(drawing))
    page.get_by_label("Alt text:").fill("calf-stretch.png")
    page.get_by_label("Caption:").fill(CAPTION)
    page.get_by_label("Credit:").fill(CREDIT)
    page.get_by_role("button", name="Save", exact=True).click()
    # Refused: the reason is shown, and what was typed is still there.
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.get_by_text("This looks like a file name.")).to_be_visible()
    expect(page.get_by_text("Choose the picture again")).to_be_visible()
    expect(page.get_by_label("Caption:")).to_have_value(CAPTION)
    expect(page.get_by_label("Credit:")).to_have_value(CREDIT)
    expect(page.get_by_label("Alt text:")).to_have_value("calf-stretch.png")
    assert_accessible(page)
    screenshot(page, "image-upload-refused")
    assert not Image.objects.exists()

    page.get_by_label("Picture:").set_input_files(str(drawing))
    page.get_by_label("Alt text:").fill(CALF_STRETCH_ALT)
    page.get_by_label("Name in articles:").fill("calf-stretch-at-a-wall")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text("[image:calf-stretch-at-a-wall]")
    expect(page.get_by_role("img", name=CALF_STRETCH_ALT)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "image-view")

    # --- ... and shows it in the article -----------------------------------------------
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    body = page.locator("#article_form fieldset").first.get_by_label("Body:")
    body.fill(body.input_value() + "\n[image:calf-stretch-at-a-wall]\n")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator("ul.messagelist")).to_contain_text("was changed successfully")
    page.goto(f"/admin/articles/article/{article.pk}/preview/")
    expect(page.locator(".article-body").get_by_role("img", name=CALF_STRETCH_ALT)).to_be_visible()
    page.goto(f"/admin/articles/article/{article.pk}/workflow/")
    page.get_by_role("button", name="Submit for review", exact=True).click()
    expect(page.locator("ul.messagelist")).to_contain_text("is now submitted for review")

    # Readers still see the approved version, without the picture.
    reader = open_session()
    reader.goto(f"/articles/{article.slug}/")
    expect(reader.locator(".article-body")).to_be_visible()
    expect(reader.locator(".article-body img")).to_have_count(0)

    # --- A reviewer approves ---------------------------------------------------------------
    review = open_session()
    log_in(review, checker)
    review.goto(f"/admin/articles/article/{article.pk}/workflow/")
    review.get_by_role("button", name="Start review", exact=True).click()
    expect(review.locator("ul.messagelist")).to_contain_text("is now in review")
    review.get_by_role("button", name="Approve and publish", exact=True).click()
    expect(review.locator("ul.messagelist")).to_contain_text("is now approved")

    # --- The reader sees it: loaded, WebP, sized to the column, caption and credit -------------
    for width, height in SIZES:
        reader = open_session(viewport={"width": width, "height": height})
        reader.goto(f"/articles/{article.slug}/")
        figure = reader.locator("figure.article-image")
        img = figure.get_by_role("img", name=CALF_STRETCH_ALT)
        img.scroll_into_view_if_needed()
        expect(img).to_be_visible()
        reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        assert img.evaluate("img => img.currentSrc").endswith(".webp")
        box, column = img.bounding_box(), reader.locator(".article-body").bounding_box()
        assert box["width"] <= min(column["width"], width) + 1
        assert box["width"] >= min(column["width"], 600) - 1  # fills the column, up to 42rem
        assert abs(box["height"] - box["width"] * 1200 / 1600) <= 2  # its own shape
        expect(figure.locator("figcaption")).to_contain_text(CAPTION)
        expect(figure.locator("figcaption")).to_contain_text(CREDIT)
        assert reader.csp_errors == []
        assert_accessible(reader)
    screenshot(reader, "public-article-with-image")
    assert Article.objects.get(pk=article.pk).live.number == 2
