"""The checker's web flow through Django's test client: the pages a reader
sees, where their answers go (only a sealed cookie of their own), and every
way a request can go wrong without ever producing a 500."""

import logging
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.core import signing
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import sealing, storage
from checker.criteria import CRITERIA, STEPS, criteria_for_step

pytestmark = pytest.mark.django_db

CHOICE_ANSWERS = {
    "legs_affected": "both",
    "cramp_length": "under_10_minutes",
    "frequency": "less_than_weekly",
    "since": "under_2_weeks",
}
STEP_SLUGS = [step.slug for step in STEPS]
HEADINGS = {
    "emergency": "Call 999 now",
    "urgent": "Get medical help today",
    "soon": "Book an appointment with your GP",
    "self_care": "Look after it at home",
}


# --- Helpers ---------------------------------------------------------------------------------


class FormParser(HTMLParser):
    """Collects what a test needs from a page: inputs, forms, scripts, styles."""

    def __init__(self):
        super().__init__()
        self.inputs, self.forms, self.links, self.scripts, self.style_attrs = [], [], [], [], []
        self.checked = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.style_attrs.append(tag)
        if tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            self.inputs.append(attrs)
            if "checked" in attrs:
                self.checked.add((attrs["name"], attrs["value"]))
        elif tag == "form":
            self.forms.append(attrs)
        elif tag == "a":
            self.links.append(attrs.get("href"))
        elif tag == "script":
            self.scripts.append(attrs)


def parse(response):
    parser = FormParser()
    parser.feed(response.content.decode())
    return parser


def text(response):
    """The page's visible words, tags removed, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&quot;", '"')


def begin(client):
    response = client.post("/check/start/")
    assert response.status_code == 303
    run_id = re.fullmatch(r"/check/([A-Za-z0-9_-]{16})/emergency/", response["Location"]).group(1)
    return run_id


def url(run_id, page):
    return f"/check/{run_id}/{page}/"


def answer(client, run_id, slug, data):
    response = client.post(url(run_id, slug), data)
    assert response.status_code == 303, text(response)[:2000]
    return response


def complete(client, answers, confirm=True):
    """A whole run with these answers; returns the run id."""
    run_id = begin(client)
    for step in STEPS:
        data = {}
        for criterion in criteria_for_step(step.slug):
            value = answers.get(criterion.id, CHOICE_ANSWERS.get(criterion.id))
            if value is True:
                data[criterion.id] = "yes"
            elif value:
                data[criterion.id] = value
        answer(client, run_id, step.slug, data)
    if confirm:
        assert client.post(url(run_id, "check-answers"))["Location"] == url(run_id, "result")
    return run_id


def run_cookie(client, run_id):
    return client.cookies[storage.cookie_name(run_id)]


# --- Start page ------------------------------------------------------------------------------


@override_settings(EMERGENCY_NUMBER="112")
def test_the_start_page_says_what_the_checker_does_and_that_nothing_is_kept(client):
    response = client.get("/check/")
    assert response.status_code == 200
    words = text(response)
    assert "Should I see a doctor about my leg cramps?" in words
    assert "For adults aged 16 and over." in words
    assert "It is not a diagnosis" in words
    assert "Not for emergencies." in words
    assert "For a child under 16" in words
    assert "Nothing you enter is kept" in words
    assert "Call 112 now, without using this checker, if you have leg pain and" in words
    assert "Coughing up blood" in words
    assert 'href="tel:112"' in response.content.decode()
    assert parse(response).forms[-1] == {"method": "post", "action": "/check/start/"}
    assert "no-store" in response["Cache-Control"]


def test_starting_needs_a_post_and_sets_a_private_short_lived_cookie(client):
    assert client.get("/check/start/").status_code == 405
    run_id = begin(client)
    cookie = run_cookie(client, run_id)
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == f"/check/{run_id}/"
    assert cookie["max-age"] == 2 * 60 * 60
    assert not cookie["secure"]  # the tests speak plain HTTP


@override_settings(SESSION_COOKIE_SECURE=True)
def test_the_cookie_is_secure_when_the_site_is_served_over_https(client):
    run_id = begin(client)
    assert run_cookie(client, run_id)["secure"] is True


# --- The steps -------------------------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS, ids=STEP_SLUGS)
def test_each_step_asks_its_questions_with_field_names_that_are_criterion_ids(client, step):
    run_id = complete(client, {}, confirm=False)
    response = client.get(url(run_id, step.slug))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    words = text(response)
    assert f"Step {step.number} of 6" in words
    assert step.legend in words
    names = {field["name"] for field in parse(response).inputs}
    assert names == {criterion.id for criterion in criteria_for_step(step.slug)}
    for criterion in criteria_for_step(step.slug):
        assert criterion.label in words or criterion.label.replace("'", "&#x27;") in response.content.decode()
    form = next(f for f in parse(response).forms if f.get("class") == "checker-form")  # not the header's search
    assert form["method"] == "post" and "action" not in form  # posts to its own URL: no answers in a URL


def test_the_back_link_goes_to_the_previous_step_and_it_shows_the_answers_given(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    answer(client, run_id, "pain", CHOICE_ANSWERS)
    answer(client, run_id, "pattern", {"frequency": "nightly", "at_night_or_rest": "yes"})
    response = client.get(url(run_id, "leg"))
    assert f'class="back-link" href="/check/{run_id}/pattern/"' in response.content.decode()

    previous = parse(client.get(url(run_id, "pattern")))
    assert {("frequency", "nightly"), ("at_night_or_rest", "yes")} <= previous.checked
    assert ("legs_affected", "both") in parse(client.get(url(run_id, "pain"))).checked
    first = client.get(url(run_id, "emergency"))
    assert 'class="back-link" href="/check/"' in first.content.decode()


def test_a_missing_answer_is_shown_in_an_error_summary_and_beside_the_question(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    response = client.post(url(run_id, "pain"), {"legs_affected": "one"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: About the pain" in html
    summary = html[html.index('class="error-summary"') : html.index("</div>", html.index('class="error-summary"'))]
    assert 'role="alert"' in summary
    for question, message in [
        ("cramp_length", "Select how long each cramp lasts, or that you do not get cramps"),
        ("since", "Select how long you have had the cramps or pain"),
    ]:
        assert f'href="#id_{question}_0">{message}</a>' in summary
        assert f'id="{question}-error"><span class="visually-hidden">Error:</span> {message}' in html
        assert re.search(rf'<fieldset [^>]*aria-describedby="[^"]*\b{question}-error\b', html)
    assert "Select which legs are affected" not in html
    # What was chosen is still chosen.
    assert ("legs_affected", "one") in parse(response).checked
    # Focus lands on the error summary, not on the first question.
    assert re.search(r'class="error-summary"[^>]*autofocus', html)
    assert html.count("autofocus") == 1
    # Nothing was saved: the next step still refuses to open.
    assert client.get(url(run_id, "pattern"))["Location"] == url(run_id, "pain")


def test_hints_are_linked_to_their_questions(client):
    run_id = complete(client, {}, confirm=False)
    pain = client.get(url(run_id, "pain")).content.decode()
    assert '<fieldset class="question" aria-describedby="cramp_length-hint">' in pain
    assert 'id="cramp_length-hint">A cramp is a muscle that suddenly tightens' in pain
    about_you = client.get(url(run_id, "about-you")).content.decode()
    assert re.search(r'id="id_new_medicine" value="yes" aria-describedby="new_medicine-hint">', about_you)
    assert 'id="new_medicine-hint">Include medicines bought' in about_you
    assert '<fieldset aria-describedby="step-hint">' in about_you


def test_a_tampered_value_gets_a_clear_message_and_is_not_saved(client):
    run_id = complete(client, {}, confirm=False)
    response = client.post(url(run_id, "leg"), {"fever": "maybe", "one_calf_tender": "yes"})
    assert response.status_code == 200
    assert "We could not read this answer" in text(response)
    html = response.content.decode()
    assert 'href="#id_fever">A high temperature' in html
    assert 'id="id_fever" value="yes" aria-invalid="true" aria-describedby="fever-error">' in html
    client.post(url(run_id, "check-answers"))
    assert "You said one calf is sore" not in text(client.get(url(run_id, "result")))
    assert HEADINGS["self_care"] in text(client.get(url(run_id, "result")))


def test_an_invalid_choice_is_refused_with_a_message(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    response = client.post(url(run_id, "pain"), {**CHOICE_ANSWERS, "legs_affected": "three"})
    assert response.status_code == 200
    assert "that answer is not one of the choices" in text(response)


def test_extra_fields_and_answers_for_other_steps_are_ignored(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    answer(client, run_id, "pain", {**CHOICE_ANSWERS, "chest_pain": "yes", "made_up": "x" * 500})
    for slug in ("pattern", "leg", "about-you", "impact"):
        answer(client, run_id, slug, {**CHOICE_ANSWERS, "coughing_blood": "yes"})
    client.post(url(run_id, "check-answers"))
    assert HEADINGS["self_care"] in text(client.get(url(run_id, "result")))


def test_an_unticked_box_on_a_second_visit_replaces_the_first_answer(client):
    run_id = complete(client, {"one_leg_swollen": True}, confirm=False)
    answer(client, run_id, "leg", {})
    client.post(url(run_id, "check-answers"))
    assert HEADINGS["self_care"] in text(client.get(url(run_id, "result")))


# --- Order, check your answers, result -------------------------------------------------------


def test_a_step_posted_out_of_order_is_not_saved_and_the_reader_is_sent_back(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    response = client.post(url(run_id, "about-you"), {"smoker": "yes"})
    assert response.status_code == 303
    assert response["Location"] == url(run_id, "pain")
    page = client.get(response["Location"])
    assert "Answer this page first" in text(page)
    # Shown once only.
    assert "Answer this page first" not in text(client.get(url(run_id, "pain")))
    for page_name in ("result", "check-answers"):
        assert client.get(url(run_id, page_name))["Location"] == url(run_id, "pain")
    # The out-of-order answer was dropped.
    answer(client, run_id, "pain", CHOICE_ANSWERS)
    answer(client, run_id, "pattern", CHOICE_ANSWERS)
    answer(client, run_id, "leg", {})
    assert ("smoker", "yes") not in parse(client.get(url(run_id, "about-you"))).checked


def test_check_your_answers_lists_every_step_with_a_change_link_and_change_returns_there(client):
    run_id = complete(client, {"one_calf_tender": True, "smoker": True}, confirm=False)
    response = client.get(url(run_id, "check-answers"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    words = text(response)
    assert "Check your answers" in words
    assert "One calf is sore when you press it, or its veins are hard and sore Yes" in words
    assert "You smoke Yes" in words
    assert "Which legs are affected? Both legs" in words
    for step in STEPS:
        assert url(run_id, step.slug) in parse(response).links
        assert f"Change your answers about {step.title.lower()}" in words
    # Changing a step leads back to this page, not through the later steps.
    assert answer(client, run_id, "leg", {})["Location"] == url(run_id, "check-answers")
    # And the result waits until the answers are confirmed again.
    assert client.get(url(run_id, "result"))["Location"] == url(run_id, "check-answers")


@pytest.mark.parametrize(
    ("answers", "level", "reason"),
    [
        ({"chest_pain": True}, "emergency", "You said you had chest pain or tightness."),
        ({"one_leg_swollen": True}, "urgent", "You said one leg is swollen."),
        ({"walking_eases_with_rest": True, "smoker": True}, "soon", "You also said you smoke."),
        ({}, "self_care", None),
    ],
)
def test_each_result_page_shows_its_level_reasons_advice_and_summary(client, answers, level, reason):
    run_id = complete(client, {k: v for k, v in answers.items() if k != "chest_pain"})
    if "chest_pain" in answers:
        answer(client, run_id, "emergency", {"chest_pain": "yes"})
    response = client.get(url(run_id, "result"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html, words = response.content.decode(), text(response)
    assert f'class="result result--{level.replace("_", "-")}"' in html
    assert f"Your result: {HEADINGS[level]}" in words
    assert '<svg class="result__icon" aria-hidden="true"' in html
    assert ("This is not a diagnosis." in words) == (level != "emergency")
    assert "How soon:" in words
    assert "What to tell your doctor" in words
    assert "Checked on " in words
    if level != "emergency":
        assert "How often do you get cramps? Less than once a week" in words
    if reason:
        assert reason in words
    else:
        assert "Why we say this" not in words
    if level != "emergency":
        assert "Call 999 now if at any time you get" in words
        links = parse(response).links
        assert any(re.fullmatch(r"/articles/[a-z-]+/", link or "") for link in links)
    links = parse(response).links
    assert "/articles/differential-diagnosis-of-calf-pain/" not in links
    assert "use your browser’s Print command" in words
    assert {"method": "post", "action": url(run_id, "start-again")} in parse(response).forms


@override_settings(EMERGENCY_NUMBER="000")
def test_the_emergency_number_comes_from_settings(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {"fainting": "yes"})
    assert "Your result: Call 000 now" in text(client.get(url(run_id, "result")))


def test_any_emergency_sign_at_step_1_goes_straight_to_the_emergency_result(client):
    run_id = begin(client)
    response = answer(client, run_id, "emergency", {"cold_pale_leg": "yes"})
    assert response["Location"] == url(run_id, "result")
    page = client.get(response["Location"])
    words = text(page)
    assert f"Your result: {HEADINGS['emergency']}" in words
    assert "You said your leg or foot suddenly went cold, pale or blue." in words
    assert "Ticked something by mistake? Change your answers about emergency signs" in words
    # Later steps lead back to the result until step 1 changes.
    assert client.get(url(run_id, "pain"))["Location"] == url(run_id, "result")
    assert answer(client, run_id, "emergency", {})["Location"] == url(run_id, "pain")


def test_the_result_page_has_no_inline_script_or_style_and_its_print_script_exists(client):
    run_id = complete(client, {})
    page = parse(client.get(url(run_id, "result")))
    assert page.style_attrs == []
    assert page.scripts and all(script.get("src") for script in page.scripts)
    assert Path(apps.get_app_config("checker").path, "static/checker/print.js").is_file()
    assert client.get("/static/checker/print.js").status_code == 200


# --- Privacy ---------------------------------------------------------------------------------


def test_a_full_run_never_touches_the_database(client, django_assert_num_queries):
    counts_before = {model: model.objects.count() for model in apps.get_models()}
    with django_assert_num_queries(0):
        run_id = complete(client, {"one_leg_swollen": True, "smoker": True, "not_improving": True})
        client.get(url(run_id, "result"))
        client.post(url(run_id, "start-again"))
    assert {model: model.objects.count() for model in apps.get_models()} == counts_before


def test_no_url_and_no_log_line_carries_an_answer(client, caplog):
    caplog.set_level(logging.DEBUG)
    run_id = begin(client)
    locations = []
    for slug, data in [
        ("emergency", {}),
        ("pain", CHOICE_ANSWERS),
        ("pattern", {**CHOICE_ANSWERS, "walking_eases_with_rest": "yes"}),
        ("leg", {"swelling_behind_knee": "yes"}),
        ("about-you", {"lead_exposure": "yes", "previous_clot": "nonsense"}),  # a 200 with an error
        ("about-you", {"lead_exposure": "yes"}),
        ("impact", {"not_improving": "yes"}),
    ]:
        response = client.post(url(run_id, slug), data)
        locations.append(response.get("Location", ""))
    client.post(url(run_id, "check-answers"))
    client.get(url(run_id, "result"))
    client.post(url("AAAAAAAAAAAAAAAA", "leg"), {"one_leg_swollen": "yes"})  # a 400
    assert all("?" not in location for location in locations)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("walking_eases_with_rest", "swelling_behind_knee", "lead_exposure", "not_improving", "nonsense"):
        assert secret not in logged
        assert all(secret not in location for location in locations)


def test_start_again_deletes_the_answers(client):
    run_id = complete(client, {"one_leg_swollen": True})
    response = client.post(url(run_id, "start-again"))
    assert response.status_code == 303
    assert response["Location"] == "/check/"
    assert run_cookie(client, run_id).value == ""
    assert run_cookie(client, run_id)["max-age"] == 0
    page = client.get(url(run_id, "result"))
    assert "Your answers are no longer here" in text(page)


def test_two_tabs_keep_their_own_answers(client):
    first = complete(client, {"one_leg_swollen": True}, confirm=False)
    second = complete(client, {}, confirm=False)
    client.post(url(first, "check-answers"))
    client.post(url(second, "check-answers"))
    assert HEADINGS["urgent"] in text(client.get(url(first, "result")))
    assert HEADINGS["self_care"] in text(client.get(url(second, "result")))


def test_a_browser_keeps_at_most_four_runs(client):
    run_ids = [begin(client) for _ in range(4)]
    response = client.post("/check/start/")
    forgotten = response.cookies[storage.cookie_name(run_ids[0])]
    assert forgotten.value == "" and forgotten["path"] == f"/check/{run_ids[0]}/"
    for kept in run_ids[1:]:
        assert storage.cookie_name(kept) not in response.cookies
    assert "Your answers are no longer here" in text(client.get(url(run_ids[0], "emergency")))
    assert client.get(url(run_ids[1], "emergency")).status_code == 200


# --- Robustness ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_run_with_no_cookie_offers_a_fresh_start(method):
    client = Client()
    response = getattr(client, method)(url("A" * 16, "leg"))
    assert response.status_code == (200 if method == "get" else 400)
    assert "Your answers are no longer here" in text(response)
    assert "no-store" in response["Cache-Control"]
    assert 'href="/check/"' in response.content.decode()


def test_an_expired_cookie_is_refused_and_deleted(client):
    run_id = complete(client, {"one_leg_swollen": True}, confirm=False)
    payload = sealing.unseal(run_cookie(client, run_id).value, storage._salt(run_id), max_age=storage.MAX_AGE_SECONDS)
    two_hours_and_a_bit_ago = int(time.time()) - 2 * 60 * 60 - 60
    # The same cookie, as if written just over two hours ago.
    client.cookies[storage.cookie_name(run_id)] = sealing.seal(payload, storage._salt(run_id), now=two_hours_and_a_bit_ago)
    response = client.get(url(run_id, "check-answers"))
    assert response.status_code == 200
    assert "more than 2 hours old" in text(response)
    assert response.cookies[storage.cookie_name(run_id)]["max-age"] == 0
    assert client.post(url(run_id, "check-answers")).status_code == 400


@pytest.mark.parametrize(
    "forge",
    [
        lambda value: value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"),  # a broken signature
        lambda value: value[:5] + ("B" if value[5] != "B" else "C") + value[6:],  # edited content
        lambda value: signing.dumps({"a": {"chest_pain": True}, "d": ["emergency"], "c": False}),  # signed, not sealed
        lambda value: "not a cookie at all",
    ],
    ids=["signature", "content", "salt", "garbage"],
)
def test_a_forged_or_edited_cookie_is_refused(client, forge):
    run_id = complete(client, {}, confirm=False)
    client.cookies[storage.cookie_name(run_id)] = forge(run_cookie(client, run_id).value)
    response = client.get(url(run_id, "check-answers"))
    assert "We could not use the answers your browser sent" in text(response)
    assert client.post(url(run_id, "leg"), {}).status_code == 400


def test_a_cookie_moved_to_another_run_is_refused(client):
    first = complete(client, {}, confirm=False)
    second = begin(client)
    client.cookies[storage.cookie_name(second)] = run_cookie(client, first).value
    assert "We could not use the answers" in text(client.get(url(second, "leg")))


def test_a_cookie_signed_by_us_with_impossible_answers_is_refused(client):
    run_id = begin(client)
    bad = sealing.seal({"a": {"fever": "maybe"}, "d": ["emergency"], "c": False}, storage._salt(run_id))
    client.cookies[storage.cookie_name(run_id)] = bad
    assert "We could not use the answers" in text(client.get(url(run_id, "leg")))


@pytest.mark.parametrize("bad", ["short", "A" * 17, "A" * 15 + "!", "../../etc"])
def test_a_malformed_run_id_is_not_found(client, bad):
    assert client.get(f"/check/{bad}/emergency/").status_code == 404


def test_an_unknown_step_is_not_found(client):
    run_id = begin(client)
    assert client.get(url(run_id, "step-six")).status_code == 404
    assert client.post(url(run_id, "step-six")).status_code == 404


def test_a_double_submit_does_no_harm(client):
    run_id = begin(client)
    first = client.post(url(run_id, "emergency"), {})
    second = client.post(url(run_id, "emergency"), {})
    assert first["Location"] == second["Location"] == url(run_id, "pain")
    run_id = complete(client, {"fever": True}, confirm=False)
    assert client.post(url(run_id, "check-answers"))["Location"] == url(run_id, "result")
    assert client.post(url(run_id, "check-answers"))["Location"] == url(run_id, "result")
    assert HEADINGS["soon"] in text(client.get(url(run_id, "result")))
    # The start button pressed twice: two runs, both usable.
    assert begin(client) != begin(client)


def test_an_oversized_body_is_refused_without_a_server_error(client):
    run_id = complete(client, {}, confirm=False)
    big = client.post(url(run_id, "leg"), {"fever": "yes", "padding": "x" * 300_000})
    assert big.status_code == 400
    too_many = client.post(url(run_id, "leg"), {f"field{i}": "yes" for i in range(300)})
    assert too_many.status_code == 400
    huge = client.generic(
        "POST", url(run_id, "leg"), b"x" * 10, content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )  # fmt: skip
    assert huge.status_code == 413
    # The run is untouched and carries on.
    assert client.get(url(run_id, "leg")).status_code == 200


def test_wrong_methods_are_refused(client):
    run_id = begin(client)
    assert client.get(url(run_id, "start-again")).status_code == 405
    assert client.put(url(run_id, "emergency")).status_code == 405
    assert client.post("/check/").status_code == 405
    assert client.post(url(run_id, "result")).status_code == 405
    assert client.head("/check/").status_code == 200  # link checkers may ask with HEAD


def test_the_run_address_leads_to_the_next_question(client):
    run_id = begin(client)
    answer(client, run_id, "emergency", {})
    assert client.get(f"/check/{run_id}/")["Location"] == url(run_id, "pain")


form_keys = st.sampled_from([c.id for c in CRITERIA] + ["csrfmiddlewaretoken", "x", ""]) | st.text(max_size=20)
form_values = st.sampled_from(["yes", "no", "one", "nightly", ""]) | st.text(max_size=30)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    step=st.sampled_from(STEP_SLUGS + ["check-answers", "start-again"]),
    fields=st.dictionaries(form_keys, st.lists(form_values, max_size=3), max_size=8),
    raw=st.binary(max_size=300),
    use_raw=st.booleans(),
    cookie=st.none() | st.text(alphabet=st.characters(codec="ascii", exclude_characters=';\\\r\n"'), max_size=60),
)
def test_arbitrary_bodies_posted_to_any_step_never_cause_a_server_error(step, fields, raw, use_raw, cookie):
    client = Client(raise_request_exception=False)
    run_id = complete(client, {}, confirm=False)
    if cookie is not None:
        client.cookies[storage.cookie_name(run_id)] = cookie
    if use_raw:
        response = client.generic("POST", url(run_id, step), raw, content_type="application/x-www-form-urlencoded")
    else:
        response = client.post(url(run_id, step), fields)
    assert response.status_code < 500
    assert response.status_code in (200, 303, 400)
