"""No article gives a lower level than the checker for the same signs.

The article "Leg pain that is an emergency" puts every red flag in one place.
Each statement it makes ("call now if ...", "get help today if ...") is
written down here as the checker's answers plus the words the reader sees,
and the checker is asked what it says for exactly those answers. The
article may be more cautious than the checker, never less. And every sign
that on its own makes the checker say "emergency" must be in the article's
red box, so the two lists stay the same as the checker's rules change.
"""

import re

import pytest

from articles import bundled
from checker.criteria import CRITERIA, YES_NO
from checker.triage import Level, assess

EMERGENCY_ARTICLE = "leg-pain-that-is-an-emergency"
E, U, S = Level.EMERGENCY, Level.URGENT, Level.SOON

# Issue 11 fixes these IDs for the emergency signs (asked "now, or at any time since the pain started").
EMERGENCY_SIGNS = {
    "sudden_breathlessness": "suddenly short of breath",
    "chest_pain": "pain or tightness in your chest of any kind",
    "coughing_blood": "cough up blood",
    "fainting": "fainted, fell down or felt about to faint",
    "cold_pale_leg": "suddenly gone cold, pale or blue",
    "leg_cannot_move": "suddenly gone numb, or you cannot move it well",
    "severe_pain_after_injury": "after a fall, a blow or a twist",
    "stroke_signs": "your speech is slurred",
    "very_unwell": "confused or very sleepy",
    "dark_urine": "pee is dark brown, like cola or tea",
    "saddle_or_bladder": "numb around your bottom or private parts",
    "spreading_weakness": "spreading up your body or gets worse each day",
    "tetanus_signs": "your jaw is stiff",
    "poisoning_now": "swallowed, breathed in or touched a poison",
}

# (answers, the level the article gives, the section it is in, words the reader sees there)
STATEMENTS = [
    *[({sign: True}, E, "red box", words) for sign, words in EMERGENCY_SIGNS.items()],
    *[({"severe_worsening_pain": True, partner: True}, E, "both", words) for partner, words in {
        "numbness_tingling": "numbness or pins and needles",
        "weakness": "weakness in the leg",
        "fever": "a high temperature",
        "one_leg_red_or_dark": "one leg that is red, dark, warm or swollen",
        "one_leg_warm": "one leg that is red, dark, warm or swollen",
        "one_leg_swollen": "one leg that is red, dark, warm or swollen",
        "recent_surgery_or_immobility": "an operation, a plaster cast, or a long time in bed",
        "after_exercise": "during or after exercise",
    }.items()],
    ({"rest_pain_foot": True, "diabetes": True}, E, "both", "eases only when the leg hangs down"),
    ({"non_healing_sore": True, "diabetes": True, "fever": True}, E, "both", "a sore on the leg or foot that will not heal"),
    ({"one_leg_swollen": True}, U, "today", "One leg is swollen"),
    ({"one_leg_red_or_dark": True}, U, "today", "One leg has red or darker skin"),
    ({"one_leg_warm": True}, U, "today", "One leg feels warm"),
    ({"one_calf_tender": True}, U, "today", "One calf is sore to touch"),
    ({"both_legs_swollen": True}, U, "today", "Both legs have swollen in the last few days"),
    ({"legs_affected": "one", "lasting_pain": True}, U, "today", "pain in one leg that is there most of the time"),
    ({"severe_worsening_pain": True}, U, "today", "very bad and keeps getting worse"),
    ({"cannot_bear_weight": True}, U, "today", "cannot put weight on the leg"),
    ({"sudden_pop": True}, U, "today", "sudden pop or snap at the back of the calf"),
    ({"tingling_mouth_hands": True}, U, "today", "tingling round your mouth"),
    ({"rest_pain_foot": True}, U, "today", "a toe is turning black"),
    ({"cramp_length": "over_10_minutes"}, U, "today", "A cramp lasts more than 10 minutes"),
    ({"non_healing_sore": True, "diabetes": True}, U, "today", "sore on your leg or foot that will not heal"),
    ({"quinolone_antibiotic": True}, U, "today", "ciprofloxacin, levofloxacin, moxifloxacin or ofloxacin"),
    ({"weakness": True, "statin": True}, U, "today", "muscles feel weak and you take a statin"),
    ({"weakness": True, "new_medicine": True}, U, "today", "you started a new medicine"),
]  # fmt: skip

# IDs that issue 11 adds; until engine v2 is in main the checker does not know them yet.
ISSUE_11_NEW_IDS = {
    "leg_cannot_move", "stroke_signs", "very_unwell", "dark_urine", "saddle_or_bladder", "spreading_weakness",
    "tetanus_signs", "poisoning_now", "both_legs_swollen", "one_leg_red_or_dark", "one_leg_warm",
    "one_calf_tender", "sudden_pop", "tingling_mouth_hands", "non_healing_sore", "rest_pain_foot", "statin",
    "quinolone_antibiotic", "lead_exposure", "at_night_or_rest", "walking_eases_with_rest", "after_exercise",
}  # fmt: skip
KNOWN_IDS = {criterion.id for criterion in CRITERIA}


@pytest.fixture(scope="module")
def sections():
    body = next(item.body for item in bundled.read_all() if item.slug == EMERGENCY_ARTICLE)
    red_box = re.search(r'^!!! danger "Call \[emergency-number\] now.*?\n((?:    .*\n)+)', body, re.M).group(1)
    return {
        "red box": red_box,
        "both": _section(body, "Also call [emergency-number] now if you have both of these"),
        "today": _section(body, "Get medical help today"),
    }


def _section(body, heading):
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", body, re.M | re.S)
    assert match, f"no section '{heading}'"
    return match.group(1)


def checker_level(answers):
    return assess(answers).level


def test_every_statement_is_in_its_section_of_the_article(sections):
    for answers, _level, section, words in STATEMENTS:
        assert words in sections[section], f"'{words}' ({answers}) is not in the article's {section}"


def test_the_article_is_never_less_cautious_than_the_checker():
    checked = 0
    for answers, article_level, _where, words in STATEMENTS:
        unknown = set(answers) - KNOWN_IDS
        assert unknown <= ISSUE_11_NEW_IDS, f"{answers}: {unknown} are not checker IDs"
        if unknown:
            continue  # the checker cannot be asked about a sign it does not have yet
        level = checker_level(answers)
        assert level.rank <= article_level.rank, (
            f"the article says {article_level} for '{words}' {answers}, the checker says {level}"
        )
        checked += 1
    assert checked >= 8


def test_every_sign_the_checker_calls_an_emergency_is_in_the_red_box(sections):
    emergency = {c.id for c in CRITERIA if c.kind == YES_NO and checker_level({c.id: True}) == E}
    assert emergency, "the checker has no emergency signs?"
    missing = emergency - set(EMERGENCY_SIGNS)
    assert not missing, f"the checker says 'call now' for {sorted(missing)}; the emergency article does not"
    for sign in emergency:
        assert EMERGENCY_SIGNS[sign] in sections["red box"], sign


def test_a_lower_level_in_the_article_would_be_caught():
    """Claiming "today" for chest pain must fail the check above."""
    assert checker_level({"chest_pain": True}).rank > U.rank
