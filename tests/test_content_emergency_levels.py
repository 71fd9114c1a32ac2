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


def test_every_statement_names_signs_the_checker_asks_about():
    for answers, *_ in STATEMENTS:
        assert set(answers) <= KNOWN_IDS, f"{answers}: {set(answers) - KNOWN_IDS} are not checker IDs"


def test_the_article_gives_the_checkers_level_for_the_same_answers():
    """Never less cautious (the safety rule); and, as the one list of red
    flags, exactly the checker's level, so the two say the same thing."""
    for answers, article_level, _where, words in STATEMENTS:
        level = checker_level(answers)
        assert level.rank <= article_level.rank, (
            f"the article says {article_level} for '{words}' {answers}, the checker says {level}"
        )
        assert level == article_level, f"'{words}' {answers}: the article says {article_level}, the checker {level}"


def test_every_sign_the_checker_calls_an_emergency_is_in_the_red_box(sections):
    emergency = {c.id for c in CRITERIA if c.kind == YES_NO and checker_level({c.id: True}) == E}
    assert emergency, "the checker has no emergency signs?"
    missing = emergency - set(EMERGENCY_SIGNS)
    assert not missing, f"the checker says 'call now' for {sorted(missing)}; the emergency article does not"
    extra = set(EMERGENCY_SIGNS) - emergency
    assert not extra, f"the article's red box has {sorted(extra)}, which the checker does not call emergencies"
    for sign in emergency:
        assert EMERGENCY_SIGNS[sign] in sections["red box"], sign


def test_a_lower_level_in_the_article_would_be_caught():
    """Claiming "today" for chest pain must fail the check above."""
    assert checker_level({"chest_pain": True}).rank > U.rank


# --- The home page's emergency box: a short list, every line an emergency in the checker too ----------------

HOME_BOX = [
    ({"sudden_breathlessness": True}, "you suddenly find it hard to breathe"),
    ({"chest_pain": True}, "you have chest pain or tightness of any kind"),
    ({"coughing_blood": True}, "you cough up blood"),
    ({"fainting": True}, "you fainted or felt about to faint, even if it has passed"),
    ({"cold_pale_leg": True}, "your leg or foot suddenly turns cold, pale or blue"),
    ({"leg_cannot_move": True}, "goes numb and you cannot move it well"),
    ({"severe_worsening_pain": True, "numbness_tingling": True}, "keeps getting worse, and the leg is numb"),
    ({"severe_worsening_pain": True, "weakness": True}, "keeps getting worse, and the leg is numb, tingling or weak"),
    ({"severe_pain_after_injury": True}, "cannot stand, after a fall, a blow or a twist"),
]


@pytest.mark.django_db
def test_every_sign_in_the_home_emergency_box_is_an_emergency_for_the_checker(client):
    page = client.get("/").content.decode()
    box = re.search(r'<section class="callout callout--emergency".*?</section>', page, re.S).group(0)
    assert 'href="/articles/leg-pain-that-is-an-emergency/"' in box
    for answers, words in HOME_BOX:
        assert words in box, words
        assert checker_level(answers) == E, answers


# --- The other new articles: each level they state, asked of the checker -------------------------------------

ARTICLE_STATEMENTS = {
    "stretches-for-leg-cramps": [
        ({"cramp_length": "over_10_minutes"}, U, "a cramp lasts more than 10 minutes: get help today"),
        ({"one_calf_tender": True}, U, "one calf is swollen, red, warm or sore to touch: get help today"),
        ({"walking_eases_with_rest": True}, S, "it goes when you rest: book a visit in the next week or two"),
        ({"sudden_breathlessness": True}, E, "Call [emergency-number] if you are suddenly short of breath"),
        ({"cold_pale_leg": True}, E, "Also call if your leg goes cold, pale or numb"),
    ],
    "night-cramps-in-older-adults": [
        ({"frequency": "several_weekly"}, S, "you get cramps several times a week, or every night"),
        ({"sleep_disrupted": True}, S, "they spoil your sleep"),
        ({"numbness_tingling": True}, S, "numbness, tingling, weakness or twitching in your legs"),
        ({"statin": True}, S, "you started a new medicine, or you take a statin"),
        ({"not_improving": True}, S, "stretching for 2 weeks has not helped"),
        ({"cramp_length": "over_10_minutes"}, U, "Get help today if a cramp lasts more than 10 minutes"),
        ({"one_leg_swollen": True}, U, "if one leg is swollen, red, warm or sore to touch"),
        ({"cold_pale_leg": True}, E, "Call [emergency-number] if your leg goes cold, pale or numb"),
        ({"chest_pain": True}, E, "if you are short of breath or have chest pain"),
    ],
    "medicines-and-cramps-statins-and-others": [
        ({"statin": True}, S, "Muscle ache with a statin, and you feel well: keep taking it and book a visit"),
        ({"weakness": True, "statin": True}, U, "Your muscles feel **weak** and you take a statin: get medical help today"),
        ({"dark_urine": True, "statin": True}, E, "Statin and dark pee: call [emergency-number] now"),
        ({"quinolone_antibiotic": True}, U, "Contact the doctor who prescribed it today"),
        ({"new_medicine": True}, S, "If cramps started after a new drug"),
    ],
    "cramps-in-athletes-and-after-exercise": [
        ({"sudden_pop": True}, U, "Felt a pop or a kick at the back of the calf? Get help today"),
        ({"severe_worsening_pain": True, "after_exercise": True, "numbness_tingling": True}, E,
         "your leg pain is very bad and keeps getting worse, **and** you have numbness"),
        ({"severe_worsening_pain": True}, U, "the pain is very bad and gets worse instead of better: get help today"),
        ({"one_leg_swollen": True}, U, "one leg is swollen, red, warm or sore to touch: get help today"),
        ({"dark_urine": True}, E, "your pee turns dark brown and your muscles hurt or feel weak: call"),
        ({"cannot_bear_weight": True}, U, "you cannot put weight on the leg"),
        ({"walking_eases_with_rest": True}, S, "pain in the calf that comes every time you run or walk and goes when you rest"),
    ],
}  # fmt: skip


@pytest.mark.parametrize("slug", sorted(ARTICLE_STATEMENTS))
def test_each_level_another_new_article_states_is_not_below_the_checker(slug):
    body = next(item.body for item in bundled.read_all() if item.slug == slug)
    for answers, article_level, words in ARTICLE_STATEMENTS[slug]:
        assert words in body, f"{slug}: '{words}' is not in the article"
        assert set(answers) <= KNOWN_IDS, f"{slug}: {set(answers) - KNOWN_IDS} are not checker IDs"
        level = checker_level(answers)
        assert level.rank <= article_level.rank, f"{slug} says {article_level} for {answers}; the checker says {level}"
