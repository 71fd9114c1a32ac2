"""The home page's "During a cramp, do this now" box: in its own include,
with the three things to do, and inside the first screen of a phone."""

import pytest
from django.test import Client

PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db
def test_the_home_page_says_what_to_do_during_a_cramp():
    page = Client().get("/").content.decode()
    box = page[page.index('<section class="cramp-now"') : page.index("</section>", page.index('class="cramp-now"'))]
    assert "During a cramp, do this now" in box
    assert "pull your toes up towards you" in box
    assert "Rub the tight muscle" in box
    assert "walk about on your heels" in box
    # Before anything else on the page but the heading.
    assert page.index('class="cramp-now"') < page.index('class="lede"')


@pytest.mark.browser
# No serialized_rollback: after the non-transactional test above its saved copy
# is stale; conftest puts the groups and topics back after the flush instead.
@pytest.mark.django_db(transaction=True)
def test_the_box_is_in_the_first_phone_screen(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    box = page.locator(".cramp-now").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert box["width"] <= PHONE["width"], box
    # It reads as a box: the heading and all three steps are on screen.
    for step in page.locator(".cramp-now li").all():
        step_box = step.bounding_box()
        assert step_box["y"] + step_box["height"] <= PHONE["height"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_emergency_signs_start_in_the_first_phone_screen(page, live_server):
    """Someone in trouble sees "Call ... now if" and the first signs before
    scrolling, below the cramp box and before anything general."""
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    heading = page.locator("#emergency-heading").bounding_box()
    assert heading["y"] + heading["height"] <= PHONE["height"], heading
    first_sign = page.locator(".callout--emergency li").first.bounding_box()
    assert first_sign["y"] + first_sign["height"] <= PHONE["height"], first_sign
