"""The checker in a real browser, by keyboard alone: one run to each of the
four results, the post-surgery clot case reaching "today", the emergency
result straight from step 1 and from the leg page, the constant-pain reader
never asked a cramp question, the emergency action visible without scrolling
on a phone, a mistake put right, axe (WCAG 2.2 A/AA) on every page visited,
320 CSS px without sideways scrolling, and the whole flow with JavaScript
turned off."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TIMEOUT_MS = 15_000
NARROW = {"width": 320, "height": 640}
PHONE = {"width": 390, "height": 844}
HARMLESS_PAIN = {"legs_affected": 1, "cramp_length": 0, "since": 0}
HARMLESS_PATTERN = {"frequency": 0}
CRAMP_QUESTIONS = ("frequency", "lasting_pain")


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
    """Press Tab until the focused element matches, as a keyboard user would
    (no Tab at all if focus is already there, as after autofocus)."""
    if matches(focused(page)):
        return
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
    expect(page.get_by_text(f"Step {number} of 6")).to_be_visible()
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
    expect_step(page, 1, EMERGENCY_HEADING)
    # Focus starts on the page's first question.
    assert focused(page)["id"] == "id_sudden_breathlessness"


EMERGENCY_HEADING = "Have you had any of these, now or at any time since the leg pain started?"


def run_to(page, pain=None, pattern=(), pattern_choices=None, leg=(), about_you=(), impact=()):
    """Steps 1 to 6 by keyboard, axe on every page; stops early if a page leads to the result."""
    start(page)
    press_button(page, "Continue")
    expect_step(page, 2, "About the pain")
    assert focused(page)["id"] == "id_legs_affected_0"
    choose(page, pain or HARMLESS_PAIN)
    press_button(page, "Continue")
    if pattern_choices is None:
        pattern_choices = HARMLESS_PATTERN
    # Without the cramp question, the tick boxes' question is the page's heading.
    expect_step(page, 3, "When it happens" if pattern_choices else "When does the cramp or pain come on?")
    choose(page, pattern_choices)
    tick(page, *pattern)
    press_button(page, "Continue")
    expect_step(page, 4, "Do you have any of these?")
    tick(page, *leg)
    press_button(page, "Continue")
    if "/result/" in page.url:
        return
    expect_step(page, 5, "Do any of these apply to you?")
    tick(page, *about_you)
    press_button(page, "Continue")
    if "/result/" in page.url:
        return
    expect_step(page, 6, "Do any of these apply to you?")
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
    expect(page.get_by_role("heading", name="What to tell your doctor")).to_be_visible()
    assert_accessible(page)


# --- One run to each result -------------------------------------------------------------------


def test_a_run_to_self_care_by_keyboard(reader):
    run_to(reader, pattern=["at_night_or_rest"])
    expect_result(reader, "Look after it at home", "self-care")
    expect(reader.get_by_role("heading", name="Why we say this")).to_have_count(0)
    expect(reader.get_by_role("heading", name="Book an appointment with your GP if")).to_be_visible()
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


def test_a_run_to_book_an_appointment_by_keyboard(reader):
    run_to(reader, about_you=["smoker"], impact=["sleep_disrupted"])
    expect_result(reader, "Book an appointment with your GP", "soon")
    expect(reader.get_by_text("You said the cramps or pain disturb your sleep.")).to_be_visible()
    summary = reader.locator(".doctor-summary")
    expect(summary).to_contain_text("You smoke")
    expect(summary).to_contain_text("The cramps or pain often wake you or keep you awake")


def test_the_post_surgery_clot_case_reaches_get_help_today_by_keyboard(reader):
    run_to(
        reader,
        pain={"legs_affected": 0, "cramp_length": 0, "since": 0},
        leg=["one_calf_tender", "one_leg_red_or_dark", "one_leg_warm"],
        about_you=["recent_surgery_or_immobility"],
    )
    expect_result(reader, "Get medical help today", "urgent")
    expect(reader.locator(".result")).to_contain_text("Today, within the next few hours")
    expect(reader.locator(".result a[href='tel:111']")).to_have_text("Call NHS 111")
    reasons = reader.locator("ul.reasons").first
    expect(reasons).to_contain_text("one calf is sore to touch")
    expect(reasons).to_contain_text("You also said you had an operation, a hospital stay, bed rest or a cast")


def test_the_emergency_result_straight_from_step_1_by_keyboard(reader):
    start(reader)
    tick(reader, "chest_pain")
    press_button(reader, "Continue")
    expect_result(reader, "Call 999 now", "emergency")
    expect(reader.get_by_text("You said you had chest pain or tightness.")).to_be_visible()

    # Ticked by mistake: back to step 1, untick, and the questions carry on.
    follow_link(reader, "emergency signs")
    expect_step(reader, 1, EMERGENCY_HEADING)
    expect(reader.locator("#id_chest_pain")).to_be_checked()
    tab_to_id(reader, "id_chest_pain")
    reader.keyboard.press("Space")
    press_button(reader, "Continue")
    expect_step(reader, 2, "About the pain")


def test_the_compartment_syndrome_case_reaches_the_emergency_result_from_the_leg_page(reader):
    run_to(reader, pattern=["after_exercise"], leg=["severe_worsening_pain", "numbness_tingling"])
    expect_result(reader, "Call 999 now", "emergency")
    expect(reader.locator("ul.reasons").first).to_contain_text("compartment syndrome")
    # It came before the last pages: the reader never saw "About you".
    expect(reader.locator(".doctor-summary")).not_to_contain_text("About you")


def test_the_constant_pain_reader_is_never_asked_a_cramp_question(reader):
    asked = set()
    reader.on("load", lambda page: asked.update(page.eval_on_selector_all("input[name]", "els => els.map(e => e.name)")))
    run_to(reader, pain={"legs_affected": 1, "cramp_length": 2, "since": 1}, pattern_choices={})
    expect_result(reader, "Book an appointment with your GP", "soon")
    assert asked, "no page was seen"
    assert asked.isdisjoint(CRAMP_QUESTIONS)
    expect(reader.locator(".doctor-summary")).not_to_contain_text("How often do you get cramps?")


def test_the_emergency_action_is_visible_without_scrolling_on_a_phone(reader):
    reader.set_viewport_size(PHONE)
    start(reader)
    tick(reader, "fainting")
    press_button(reader, "Continue")
    expect_result(reader, "Call 999 now", "emergency")
    assert reader.evaluate("window.scrollY") == 0
    for selector in (".result__heading", ".result__when", ".result a[href='tel:999']", ".result__actions li"):
        box = reader.locator(selector).first.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (selector, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)


def test_start_now_is_within_the_first_phone_screen(reader):
    reader.set_viewport_size(PHONE)
    reader.goto("/check/")
    box = reader.get_by_role("button", name="Start now").bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box


def test_a_full_run_then_an_emergency_sign_added_from_check_your_answers(reader):
    run_to(reader)
    expect_result(reader, "Look after it at home", "self-care")
    reader.go_back()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Check your answers")
    follow_link(reader, "Change your answers about emergency signs")
    expect_step(reader, 1, EMERGENCY_HEADING)
    tick(reader, "fainting")
    press_button(reader, "Continue")
    expect_result(reader, "Call 999 now", "emergency")


# --- Mistakes, Back, narrow screens, no JavaScript ---------------------------------------------


def test_a_missing_answer_is_explained_and_put_right_by_keyboard(reader):
    start(reader)
    press_button(reader, "Continue")
    expect_step(reader, 2, "About the pain")
    choose(reader, {"legs_affected": 0})
    press_button(reader, "Continue")

    summary = reader.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Select how long each cramp lasts, or that you do not get cramps")).to_be_visible()  # noqa: E501
    expect(reader).to_have_title(re.compile(r"^Error: "))
    expect(reader.locator("#id_legs_affected_0")).to_be_checked()
    # Focus is on the error summary.
    assert "error-summary" in reader.evaluate("document.activeElement.className")
    assert_accessible(reader)

    # The summary's link takes the keyboard to the question.
    tab_until(reader, lambda f: f.get("text") == "Select how long you have had the cramps or pain", "the summary link")
    reader.keyboard.press("Enter")
    expect(reader).to_have_url(re.compile(r"#id_since_0$"))

    choose(reader, {k: v for k, v in HARMLESS_PAIN.items() if k != "legs_affected"})
    press_button(reader, "Continue")
    expect_step(reader, 3, "When it happens")

    # Back keeps the answers.
    follow_link(reader, "Back")
    expect_step(reader, 2, "About the pain")
    expect(reader.locator("#id_legs_affected_0")).to_be_checked()
    expect(reader.locator("#id_since_0")).to_be_checked()


def test_a_step_and_the_result_read_at_320_px_without_sideways_scrolling(reader):
    reader.set_viewport_size(NARROW)
    start(reader)
    press_button(reader, "Continue")
    expect_step(reader, 2, "About the pain")
    assert reader.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    choose(reader, HARMLESS_PAIN)
    press_button(reader, "Continue")
    choose(reader, HARMLESS_PATTERN)
    for _ in range(4):
        press_button(reader, "Continue")
    press_button(reader, "See your result")
    expect_result(reader, "Look after it at home", "self-care")
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
    page.get_by_role("radio", name="More than 3 months").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("radio", name="About once a week").check()
    page.get_by_role("checkbox", name="When you walk, and it eases within a few minutes when you stop").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("checkbox", name="Numbness or tingling in the leg or foot").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    page.get_by_role("button", name="See your result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result: Book an appointment with your GP")
    expect(page.get_by_text("use your browser’s Print command")).to_be_visible()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    page.get_by_role("button", name="Start again").click()
    expect(page).to_have_url(re.compile(r"/check/$"))
    context.close()


def test_the_result_of_a_common_case_prints_on_one_a4_page(reader):
    run_to(
        reader,
        pain={"legs_affected": 0, "cramp_length": 0, "since": 1},
        pattern_choices={"frequency": 1},
        leg=["one_leg_swollen"],
        about_you=["smoker", "long_journey"],
        impact=["sleep_disrupted"],
    )
    expect_result(reader, "Get medical help today", "urgent")
    reader.emulate_media(media="print")
    pdf = reader.pdf(format="A4", margin={side: "10mm" for side in ("top", "bottom", "left", "right")})
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
