"""The checker in a real browser, by keyboard alone: one run to each of the
four results, the emergency short-cut from step 1, a mistake put right,
axe (WCAG 2.2 A/AA) on every page visited, 320 CSS px without sideways
scrolling, and the whole flow with JavaScript turned off."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TIMEOUT_MS = 15_000
NARROW = {"width": 320, "height": 640}
HARMLESS_CRAMPS = {"legs_affected": 1, "cramp_length": 0, "trigger": 0, "frequency": 0, "since": 0}


@pytest.fixture
def reader(page):
    page.set_default_timeout(TIMEOUT_MS)
    return page


def focused(page):
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return e ? {id: e.id, tag: e.tagName, text: (e.textContent || '').replace(/\\s+/g, ' ').trim()} : {}; })()"
    )


def tab_until(page, matches, what, limit=150):
    """Press Tab until the focused element matches, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if matches(focused(page)):
            return
    raise AssertionError(f"{what} never got keyboard focus")


def tab_to_id(page, element_id):
    tab_until(page, lambda f: f.get("id") == element_id, f"#{element_id}")


def press_button(page, label):
    """Tab to a submit button and press Enter; wait for the page it leads to."""
    tab_until(page, lambda f: f.get("tag") == "BUTTON" and f.get("text") == label, f"button {label!r}")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow_link(page, label):
    tab_until(page, lambda f: f.get("tag") == "A" and f.get("text") == label, f"link {label!r}")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def expect_step(page, number, heading):
    expect(page.get_by_text(f"Step {number} of 5")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def tick(page, *criteria):
    for criterion in criteria:
        tab_to_id(page, f"id_{criterion}")
        page.keyboard.press("Space")
        expect(page.locator(f"#id_{criterion}")).to_be_checked()


def choose(page, choices):
    """Pick the n-th answer of each radio group: Space on the first, arrows to move."""
    for criterion, index in choices.items():
        tab_to_id(page, f"id_{criterion}_0")
        if index == 0:
            page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        expect(page.locator(f"#id_{criterion}_{index}")).to_be_checked()


def start(page):
    page.goto("/check/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Should I see a doctor about my leg cramps?")
    assert_accessible(page)
    press_button(page, "Start now")
    expect_step(page, 1, "Do you have any of these right now?")


def run_to_result(page, leg=(), about_you=(), impact=(), cramps=None):
    """Steps 1 to 5 and check your answers, by keyboard, axe on every page."""
    start(page)
    press_button(page, "Continue")
    expect_step(page, 2, "About the cramps")
    choose(page, cramps or HARMLESS_CRAMPS)
    press_button(page, "Continue")
    expect_step(page, 3, "Do you have any of these in your leg?")
    tick(page, *leg)
    press_button(page, "Continue")
    expect_step(page, 4, "Do any of these apply to you?")
    tick(page, *about_you)
    press_button(page, "Continue")
    expect_step(page, 5, "Do any of these apply to you?")
    tick(page, *impact)
    press_button(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert_accessible(page)
    press_button(page, "See your result")


def expect_result(page, heading, css):
    expect(page).to_have_url(re.compile(r"/check/[A-Za-z0-9_-]{16}/result/$"))
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(f"Your result: {heading}")
    expect(page.locator(f".result--{css} svg.result__icon")).to_be_visible()
    expect(page.get_by_text("This is not a diagnosis.")).to_be_visible()
    expect(page.get_by_role("heading", name="What to tell your doctor")).to_be_visible()
    assert_accessible(page)


# --- One run to each result -------------------------------------------------------------------


def test_a_run_to_self_care_by_keyboard(reader):
    run_to_result(reader)
    expect_result(reader, "You can probably look after this at home", "self-care")
    expect(reader.get_by_role("heading", name="Why we say this")).to_have_count(0)
    expect(reader.get_by_role("link", name="Stretches for leg cramps")).to_have_attribute(
        "href", "/articles/stretches-for-leg-cramps/"
    )

    # Start again, by keyboard: back to the start page with the answers gone.
    result_url = reader.url
    press_button(reader, "Start again")
    expect(reader).to_have_url(re.compile(r"/check/$"))
    reader.goto(result_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Your answers are no longer here")
    assert_accessible(reader)


def test_a_run_to_make_an_appointment_by_keyboard(reader):
    run_to_result(reader, about_you=["smoker"], impact=["sleep_disrupted"])
    expect_result(reader, "Make an appointment with your doctor", "soon")
    expect(reader.get_by_text("You said the cramps disturb your sleep.")).to_be_visible()
    summary = reader.locator(".summary-list")
    expect(summary).to_contain_text("You smoke")
    expect(summary).to_contain_text("The cramps often wake you or keep you awake")


def test_a_run_to_medical_help_today_by_keyboard(reader):
    run_to_result(reader, leg=["one_leg_swollen", "tender_calf"], about_you=["long_journey"])
    expect_result(reader, "Get medical help today", "urgent")
    reasons = reader.locator("ul.reasons")
    expect(reasons).to_contain_text("You said one of your legs is swollen.")
    expect(reasons).to_contain_text("You also said you made a journey of 4 hours or more in the last 4 weeks.")
    expect(reader.get_by_role("heading", name="Call 999 if at any time")).to_be_visible()


def test_the_emergency_short_cut_from_step_1_by_keyboard(reader):
    start(reader)
    tick(reader, "chest_pain")
    press_button(reader, "Continue")
    expect_result(reader, "Call 999 now", "emergency")
    expect(reader.get_by_text("You said you have chest pain that is worse when you breathe in.")).to_be_visible()

    # Ticked by mistake: back to step 1, untick, and the questions carry on.
    follow_link(reader, "Change your answer about emergency signs")
    expect_step(reader, 1, "Do you have any of these right now?")
    expect(reader.locator("#id_chest_pain")).to_be_checked()
    tab_to_id(reader, "id_chest_pain")
    reader.keyboard.press("Space")
    press_button(reader, "Continue")
    expect_step(reader, 2, "About the cramps")


def test_a_full_run_then_an_emergency_sign_added_from_check_your_answers(reader):
    run_to_result(reader)
    expect_result(reader, "You can probably look after this at home", "self-care")
    reader.go_back()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Check your answers")
    follow_link(reader, "Change your answers about emergency signs")
    expect_step(reader, 1, "Do you have any of these right now?")
    tick(reader, "fainting")
    press_button(reader, "Continue")
    expect_result(reader, "Call 999 now", "emergency")


# --- Mistakes, Back, narrow screens, no JavaScript ---------------------------------------------


def test_a_missing_answer_is_explained_and_put_right_by_keyboard(reader):
    start(reader)
    press_button(reader, "Continue")
    expect_step(reader, 2, "About the cramps")
    choose(reader, {"legs_affected": 0})
    press_button(reader, "Continue")

    summary = reader.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Select how long each cramp lasts")).to_be_visible()
    expect(reader).to_have_title(re.compile(r"^Error: "))
    expect(reader.locator("#id_legs_affected_0")).to_be_checked()
    assert_accessible(reader)

    # The summary's link takes the keyboard to the question.
    tab_until(reader, lambda f: f.get("text") == "Select how often you get them", "the error summary's link")
    reader.keyboard.press("Enter")
    expect(reader).to_have_url(re.compile(r"#id_frequency_0$"))

    choose(reader, {k: v for k, v in HARMLESS_CRAMPS.items() if k != "legs_affected"})
    press_button(reader, "Continue")
    expect_step(reader, 3, "Do you have any of these in your leg?")

    # Back keeps the answers.
    follow_link(reader, "Back")
    expect_step(reader, 2, "About the cramps")
    expect(reader.locator("#id_legs_affected_0")).to_be_checked()
    expect(reader.locator("#id_since_0")).to_be_checked()


def test_a_step_and_the_result_read_at_320_px_without_sideways_scrolling(reader):
    reader.set_viewport_size(NARROW)
    start(reader)
    press_button(reader, "Continue")
    expect_step(reader, 2, "About the cramps")
    assert reader.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    choose(reader, HARMLESS_CRAMPS)
    press_button(reader, "Continue")
    for _ in range(3):
        press_button(reader, "Continue")
    press_button(reader, "See your result")
    expect_result(reader, "You can probably look after this at home", "self-care")
    assert reader.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_the_print_button_appears_with_javascript_and_the_csp_lets_its_script_run(reader):
    blocked = []
    reader.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    start(reader)
    tick(reader, "coughing_blood")
    press_button(reader, "Continue")
    expect_result(reader, "Call 999 now", "emergency")
    expect(reader.get_by_role("button", name="Print this page")).to_be_visible()
    assert blocked == []


def test_the_whole_checker_works_with_javascript_turned_off(new_context):
    context = new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/check/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("radio", name="Only one leg, always the same one").check()
    page.get_by_role("radio", name="Less than 10 minutes").check()
    page.get_by_role("radio", name="When walking, and they ease when I stop and rest").check()
    page.get_by_role("radio", name="About once a week").check()
    page.get_by_role("radio", name="More than 3 months").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("checkbox", name="Numbness or tingling").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    page.get_by_role("button", name="See your result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result: Make an appointment with your doctor")
    expect(page.get_by_text("use your browser’s Print command")).to_be_visible()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    page.get_by_role("button", name="Start again").click()
    expect(page).to_have_url(re.compile(r"/check/$"))
    context.close()
