"""Where the checker sends a reader (checker/flow.py), through Django's test
client: emergency first, the emergency result from any page whose answers
reach it, and no cramp question for a reader who does not get cramps."""

import re

import pytest

from checker.criteria import CRAMP_ONLY
from tests.test_checker_views import CHOICE_ANSWERS, answer, begin, complete, parse, text, url

pytestmark = pytest.mark.django_db

NO_CRAMPS = {"legs_affected": "both", "cramp_length": "no_cramps", "since": "2_to_12_weeks"}


def test_the_first_page_asks_the_emergency_signs_now_or_since_the_pain_started(client):
    run_id = begin(client)
    words = text(client.get(url(run_id, "emergency")))
    assert "Have you had any of these, now or at any time since the leg pain started?" in words
    assert "Tick any you have had, even if it has passed." in words
    assert "Chest pain or tightness of any kind" in words


def test_the_compartment_syndrome_case_reaches_the_emergency_result_from_the_leg_page(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    answer(client, run_id, "pain", {"legs_affected": "one", "cramp_length": "no_cramps", "since": "under_2_weeks"})
    answer(client, run_id, "pattern", {"after_exercise": "yes"})
    response = answer(client, run_id, "leg", {"severe_worsening_pain": "yes", "numbness_tingling": "yes"})
    assert response["Location"] == url(run_id, "result")
    words = text(client.get(response["Location"]))
    assert "Your result: Call 999 now" in words
    assert "compartment syndrome" in words
    # The reader may change the page that led here, and only answered pages are open.
    assert "Change your answers about your legs" in words or "Change your answers about when it happens" in words
    assert client.get(url(run_id, "about-you"))["Location"] == url(run_id, "result")
    assert client.get(url(run_id, "check-answers"))["Location"] == url(run_id, "result")
    assert client.get(url(run_id, "leg")).status_code == 200


def test_an_emergency_from_two_pages_together_is_found_on_the_later_page(client):
    # Rest pain in the foot (leg page) with diabetes (about you): NICE NG19, refer immediately.
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    answer(client, run_id, "pain", CHOICE_ANSWERS)
    answer(client, run_id, "pattern", CHOICE_ANSWERS)
    assert answer(client, run_id, "leg", {"rest_pain_foot": "yes"})["Location"] == url(run_id, "about-you")
    assert answer(client, run_id, "about-you", {"diabetes": "yes"})["Location"] == url(run_id, "result")
    assert "Your result: Call 999 now" in text(client.get(url(run_id, "result")))


def test_putting_the_emergency_answer_right_lets_the_reader_carry_on(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    answer(client, run_id, "pain", CHOICE_ANSWERS)
    answer(client, run_id, "pattern", CHOICE_ANSWERS)
    answer(client, run_id, "leg", {"severe_worsening_pain": "yes", "weakness": "yes"})
    assert answer(client, run_id, "leg", {"severe_worsening_pain": "yes"})["Location"] == url(run_id, "about-you")


def test_a_reader_without_cramps_is_never_asked_a_cramp_question(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    answer(client, run_id, "pain", NO_CRAMPS)
    seen = set()
    for slug in ("pattern", "leg", "about-you", "impact"):
        page = client.get(url(run_id, slug))
        seen |= {field["name"] for field in parse(page).inputs}
        answer(client, run_id, slug, {})
    assert seen.isdisjoint(CRAMP_ONLY)
    assert "How often do you get cramps?" not in text(client.get(url(run_id, "pattern")))
    # The summary for the doctor invents no cramp answers, as yes or as no.
    client.post(url(run_id, "check-answers"))
    result = text(client.get(url(run_id, "result")))
    assert "How often do you get cramps?" not in result
    assert "Pain or aching that lasts for days, even between cramps" not in result.split("What to tell your doctor")[1]
    assert "I do not get cramps: the pain is there most of the time" in result
    # Pain most of the time reads as lasting pain: a doctor should see it.
    assert "Your result: Book an appointment with your GP" in result


def test_a_cramp_answer_given_before_choosing_no_cramps_is_dropped(client):
    run_id = complete(client, {"frequency": "nightly", "lasting_pain": True}, confirm=False)
    answer(client, run_id, "pain", NO_CRAMPS)
    answers = text(client.get(url(run_id, "check-answers")))
    assert "Every night" not in answers
    assert "Pain or aching that lasts for days" not in answers
    # Back to cramps: the frequency question must be answered again before the result.
    answer(client, run_id, "pain", CHOICE_ANSWERS)
    assert client.get(url(run_id, "check-answers"))["Location"] == url(run_id, "pattern")


def test_the_post_surgery_dvt_case_reaches_get_help_today(client):
    run_id = complete(
        client,
        {"legs_affected": "one", "one_calf_tender": True, "one_leg_red_or_dark": True, "one_leg_warm": True,
         "recent_surgery_or_immobility": True},
    )
    words = text(client.get(url(run_id, "result")))
    assert "Your result: Get medical help today" in words
    assert "Today, within the next few hours" in words


@pytest.mark.parametrize("slug", ["emergency", "pain", "pattern", "leg", "about-you", "impact"])
def test_focus_lands_on_the_first_question_of_each_page(client, slug):
    run_id = complete(client, {}, confirm=False)
    html = client.get(url(run_id, slug)).content.decode()
    first_input = re.search(r"<input [^>]*type=\"(?:radio|checkbox)\"[^>]*>", html).group(0)
    assert "autofocus" in first_input
    assert html.count("autofocus") == 1
