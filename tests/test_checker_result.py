"""The result page: the action first, tel: links, "if it gets worse" advice
for every level, reasons most serious first, the dated summary for the doctor
with yes AND no answers, and one region's words only."""

import re

import pytest
from django.test import override_settings

from tests.test_checker_views import CHOICE_ANSWERS, answer, begin, complete, text, url

pytestmark = pytest.mark.django_db

CASES = {
    "emergency": {"severe_worsening_pain": True, "weakness": True},
    "urgent": {"one_leg_swollen": True},
    "soon": {"walking_eases_with_rest": True},
    "self_care": {},
}
UK_WORDS = ("999", "NHS 111", "GP", "A&E", "surgery")
US_WORDS = ("911", "doctor's office", "urgent care center", "emergency room", "Poison Help")


def result_page(client, answers):
    return client.get(url(complete(client, answers), "result"))


def action_box(html):
    start = html.index('<div class="result ')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize("level", CASES)
def test_the_action_comes_first_with_who_and_how_soon(client, level):
    html = result_page(client, CASES[level]).content.decode()
    box = action_box(html)
    assert html.index('<div class="result ') < html.find("Why we say this") or "Why we say this" not in html
    assert "How soon:" in box
    assert {"emergency": "Now", "urgent": "Today, within the next few hours", "soon": "In the next week or two",
            "self_care": "Tonight"}[level] in box


def test_emergency_and_urgent_results_have_tel_links(client):
    emergency = action_box(result_page(client, CASES["emergency"]).content.decode())
    assert '<a class="button button--call" href="tel:999">Call 999</a>' in emergency
    urgent = action_box(result_page(client, CASES["urgent"]).content.decode())
    assert '<a class="button button--call" href="tel:111">Call NHS 111</a>' in urgent
    assert "or your GP surgery if it is open" in urgent


@pytest.mark.parametrize("level", CASES)
def test_every_level_ends_with_what_to_do_if_it_gets_worse(client, level):
    words = text(result_page(client, CASES[level]))
    if level == "emergency":
        assert "While you wait for help" in words
        assert "If you get worse, or new signs start, call 999 again." in words
    else:
        assert "Call 999 now if at any time you get" in words
        assert "Chest pain or tightness of any kind" in words
    if level in ("soon", "self_care"):
        assert "Get help today (call NHS 111) if" in words
        assert "One leg is swollen, more than the other" in words
        assert "A cramp lasts 10 minutes or more" in words
    if level == "self_care":
        assert "Book an appointment with your GP if" in words
        assert "Cramps come several times a week" in words


def test_nothing_on_an_emergency_result_reads_as_reassurance(client):
    words = text(result_page(client, {**CASES["emergency"], "sleep_disrupted": True}))
    for reassuring in ("harmless", "probably", "not an emergency", "does not need to be today", "This is not a diagnosis",
                       "look after", "Read more"):
        assert reassuring.lower() not in words.lower(), reassuring


def test_lower_level_reasons_go_under_also_tell_the_doctor_and_a_risk_factor_is_said_once(client):
    page = result_page(client, {"one_leg_swollen": True, "legs_affected": "one", "lasting_pain": True,
                                "frequency": "nightly", "sleep_disrupted": True, "long_journey": True})
    words = text(page)
    why, also = words.split("Why we say this")[1].split("Also tell the doctor")
    assert "You said one leg is swollen." in why
    assert "You said you get cramps every night." not in why
    assert "You said you get cramps every night." in also
    assert "the cramps or pain disturb your sleep" in also
    assert words.count("You also said you made a journey of 4 hours or more") == 1


def test_the_summary_is_dated_and_gives_yes_and_no_answers_and_medicines(client):
    page = result_page(client, {"one_calf_tender": True, "statin": True, "smoker": True})
    html, words = page.content.decode(), text(page)
    summary = words.split("What to tell your doctor")[1]
    assert re.search(r"Checked on \d{1,2} [A-Z][a-z]+ 20\d\d at \d\d:\d\d", summary)
    assert re.search(r'<time datetime="20\d\d-\d\d-\d\dT', html)
    medicines = summary.split("Medicines")[1].split("How it affects you")[0]
    assert "Said yes to You take a statin" in medicines
    assert "ciprofloxacin" in medicines.split("Said no to")[1]
    legs = summary.split("Your legs")[1].split("About you")[0]
    assert "Said yes to One calf is sore" in legs
    # The no's in short words, so the summary fits one printed page.
    assert "one leg swollen" in legs.split("Said no to")[1]
    assert "Said no to sudden breathlessness; chest pain or tightness" in summary.split("Emergency signs")[1]
    assert "Questions your doctor may ask" in summary


@override_settings(SITE_REGION="us")
def test_a_us_site_uses_only_us_words_on_every_checker_page(client):
    run_id = begin(client)
    pages = [client.get("/check/"), client.get(url(run_id, "emergency"))]
    answer(client, run_id, "emergency", {})
    pages.append(client.get(url(run_id, "pain")))
    answer(client, run_id, "pain", CHOICE_ANSWERS)
    for slug in ("pattern", "leg", "about-you", "impact"):
        pages.append(client.get(url(run_id, slug)))
        answer(client, run_id, slug, CHOICE_ANSWERS)
    pages.append(client.get(url(run_id, "check-answers")))
    for answers in CASES.values():
        pages.append(result_page(client, answers))
    pages.append(result_page(client, {"poisoning_now": True}))
    for page in pages:
        words = text(page)
        for uk in UK_WORDS:
            assert uk not in words, (uk, page.request["PATH_INFO"])
    assert "Call 911" in text(pages[-2]) or "Call 911" in text(pages[-1])
    assert "Contact your doctor's office or an urgent care center now." in text(result_page(client, CASES["urgent"]))
    assert "Poison Help (1-800-222-1222) can also advise you" in text(pages[-1])


def test_a_uk_site_uses_only_uk_words_on_every_checker_page(client):
    pages = [client.get("/check/")]
    for answers in (*CASES.values(), {"poisoning_now": True}):
        pages.append(result_page(client, answers))
    for page in pages:
        words = text(page)
        for us in US_WORDS:
            assert us not in words, (us, page.request["PATH_INFO"])
    assert "NHS 111 can also advise you" in text(pages[-1])
