"""The triage engine (checker/triage.py): every rule, the safety properties
over generated answers, and the answers it must refuse."""

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from checker.advice import ARTICLES, doctor_summary, further_reading
from checker.criteria import ARTERY_RISKS, CHOICE, CRITERIA, CRITERIA_BY_ID, EMERGENCY_SIGNS, YES_NO
from checker.triage import RULES, RULES_BY_ID, Level, assess

YES_NO_IDS = [c.id for c in CRITERIA if c.kind == YES_NO]
CHOICE_IDS = [c.id for c in CRITERIA if c.kind == CHOICE]
ORDER = [Level.SELF_CARE, Level.SOON, Level.URGENT, Level.EMERGENCY]

# The smallest answers that should make each rule fire, written out by hand
# from issue 4's rule list (not derived from the rule table, so a wrong
# condition in the table fails here).
RULE_EXAMPLES = {
    "sudden_breathlessness": ({"sudden_breathlessness": True}, Level.EMERGENCY),
    "chest_pain": ({"chest_pain": True}, Level.EMERGENCY),
    "coughing_blood": ({"coughing_blood": True}, Level.EMERGENCY),
    "fainting": ({"fainting": True}, Level.EMERGENCY),
    "cold_pale_leg": ({"cold_pale_leg": True}, Level.EMERGENCY),
    "severe_pain_after_injury": ({"severe_pain_after_injury": True}, Level.EMERGENCY),
    "one_leg_swollen": ({"one_leg_swollen": True}, Level.URGENT),
    "one_leg_lasting_pain": ({"legs_affected": "one", "lasting_pain": True}, Level.URGENT),
    "possible_infection": ({"fever": True, "warm_skin": True}, Level.URGENT),
    "cannot_bear_weight": ({"cannot_bear_weight": True}, Level.URGENT),
    "severe_worsening_pain": ({"severe_worsening_pain": True}, Level.URGENT),
    "skin_changes_with_lasting_pain": ({"skin_changes": True, "lasting_pain": True}, Level.URGENT),
    "long_cramp": ({"cramp_length": "over_10_minutes"}, Level.URGENT),
    "possible_tetanus": ({"recent_wound": True}, Level.URGENT),
    "toxin_exposure": ({"toxin_exposure": True}, Level.URGENT),
    "claudication": ({"trigger": "walking_eases_with_rest"}, Level.SOON),
    "frequent_cramps": ({"frequency": "nightly"}, Level.SOON),
    "sleep_disrupted": ({"sleep_disrupted": True}, Level.SOON),
    "nerve_symptoms": ({"twitching": True}, Level.SOON),
    "skin_signs": ({"tender_calf": True}, Level.SOON),
    "skin_or_knee_changes": ({"swelling_behind_knee": True}, Level.SOON),
    "new_medicine": ({"new_medicine": True}, Level.SOON),
    "long_term_condition": ({"long_term_condition": True}, Level.SOON),
    "not_improving": ({"not_improving": True}, Level.SOON),
    "one_leg_frequent": ({"legs_affected": "one", "frequency": "weekly"}, Level.SOON),
    "lasting_pain": ({"lasting_pain": True}, Level.SOON),
    "fever": ({"fever": True}, Level.SOON),
    "one_leg_clot_risk": ({"legs_affected": "one", "long_journey": True}, Level.SOON),
}


def test_every_rule_has_an_example_and_the_issue_rules_all_exist():
    assert set(RULE_EXAMPLES) == set(RULES_BY_ID)
    assert len(RULES) == len(RULES_BY_ID), "two rules share an id"


@pytest.mark.parametrize("rule_id", sorted(RULE_EXAMPLES))
def test_each_rule_fires_with_its_level_and_a_reason_naming_what_was_said(rule_id):
    answers, level = RULE_EXAMPLES[rule_id]
    result = assess(answers)
    assert result.level == level
    reason = next(r for r in result.reasons if r.rule_id == rule_id)
    assert reason.level == level == RULES_BY_ID[rule_id].level
    assert reason.text.startswith("You said ")
    # The sentence repeats each answer that made the rule fire.
    for criterion_id, value in answers.items():
        criterion = CRITERIA_BY_ID[criterion_id]
        said = criterion.said if value is True else criterion.choice(value).said
        assert said in reason.text, (said, reason.text)
    assert reason.article in ARTICLES


@pytest.mark.parametrize(
    ("answers", "not_fired"),
    [
        ({"legs_affected": "both", "lasting_pain": True}, "one_leg_lasting_pain"),
        ({"fever": True}, "possible_infection"),
        ({"warm_skin": True, "red_or_dark_skin": True}, "possible_infection"),
        ({"skin_changes": True}, "skin_changes_with_lasting_pain"),
        ({"cramp_length": "under_10_minutes"}, "long_cramp"),
        ({"trigger": "after_exercise"}, "claudication"),
        ({"frequency": "weekly"}, "frequent_cramps"),
        ({"legs_affected": "one", "frequency": "less_than_weekly"}, "one_leg_frequent"),
        ({"legs_affected": "alternating", "frequency": "nightly"}, "one_leg_frequent"),
        ({"legs_affected": "both", "previous_clot": True}, "one_leg_clot_risk"),
    ],
)
def test_a_rule_does_not_fire_on_half_of_its_condition(answers, not_fired):
    assert not_fired not in assess(answers).rule_ids


def test_no_answers_and_harmless_answers_mean_self_care_with_no_reasons():
    assert assess({}) == assess({c: False for c in YES_NO_IDS})
    harmless = {
        "legs_affected": "both",
        "cramp_length": "under_10_minutes",
        "trigger": "night_or_rest",
        "frequency": "less_than_weekly",
        "since": "under_2_weeks",
    }
    result = assess(harmless)
    assert result.level == Level.SELF_CARE
    assert result.reasons == ()


def test_the_level_is_a_string_a_template_can_compare():
    assert assess({"fever": True}).level == "soon"
    assert [level.value for level in ORDER] == ["self_care", "soon", "urgent", "emergency"]


def test_the_most_serious_reason_comes_first():
    result = assess({"not_improving": True, "chest_pain": True, "one_leg_swollen": True})
    assert [r.level for r in result.reasons] == [Level.EMERGENCY, Level.URGENT, Level.SOON]


def test_risk_factors_change_no_level_but_are_named_in_the_reasons():
    artery_risks = {c: True for c in ARTERY_RISKS}
    assert assess(artery_risks).level == Level.SELF_CARE
    plain = assess({"trigger": "walking_eases_with_rest"})
    with_risks = assess({"trigger": "walking_eases_with_rest", **artery_risks})
    assert with_risks.level == plain.level == Level.SOON
    assert plain.reasons[0].context == ""
    context = with_risks.reasons[0].context
    for phrase in ("you smoke", "you have diabetes", "you are 65 or older"):
        assert phrase in context


def test_clot_risks_are_named_beside_a_swollen_leg():
    result = assess({"one_leg_swollen": True, "pregnant_or_postpartum": True})
    assert "you are pregnant or had a baby recently" in result.reasons[0].context


def test_a_reason_names_every_sign_of_a_group_that_was_ticked():
    reason = assess({"numbness_tingling": True, "weakness": True}).reasons[0]
    assert "You said you have numbness or tingling and your leg or foot feels weak." in reason.text


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"not_a_question": True}, "unknown"),
        ({"fever": "maybe"}, "fever"),
        ({"fever": 1.5}, "fever"),
        ({"legs_affected": "three"}, "legs_affected"),
        ({"legs_affected": True}, "legs_affected"),
        ({"frequency": ""}, "frequency"),
    ],
)
def test_unknown_criteria_and_impossible_answers_raise_value_error(answers, message):
    with pytest.raises(ValueError, match=message):
        assess(answers)


def test_yes_and_no_may_be_written_as_words():
    assert assess({"fever": "yes"}) == assess({"fever": True})
    assert assess({"fever": "no", "legs_affected": None}) == assess({})


def test_every_reason_links_to_a_reader_article_never_the_professional_one():
    for rule in RULES:
        assert rule.article in ARTICLES
        assert rule.article != "differential-diagnosis-of-calf-pain"
        assert rule.source, rule.id


def test_further_reading_puts_the_reasons_articles_first_then_what_fits_the_answers():
    answers = {"trigger": "walking_eases_with_rest", "pregnant_or_postpartum": True}
    slugs = [slug for slug, _ in further_reading(assess(answers), answers)]
    assert slugs[0] == "calf-pain-when-walking"
    assert "leg-cramps-in-pregnancy" in slugs
    assert len(slugs) == len(set(slugs))


def test_the_doctor_summary_gives_when_since_how_often_symptoms_and_medicines():
    answers = {
        "legs_affected": "one",
        "trigger": "night_or_rest",
        "since": "over_3_months",
        "frequency": "nightly",
        "tender_calf": True,
        "new_medicine": True,
        "smoker": True,
    }
    lines = {line.heading: line.items for line in doctor_summary(answers, {"emergency", "cramps", "leg", "about-you"})}
    assert lines["When do the cramps usually happen?"] == ("At night or when resting",)
    assert lines["How long have you had them?"] == ("More than 3 months",)
    assert lines["How often do you get them?"] == ("Every night",)
    assert lines["How long does each cramp last?"] == ("Not answered",)
    assert lines["Other symptoms in the leg"] == ("Your calf is sore to touch",)
    assert lines["Medicines"] == ("You started or changed a medicine in the last 3 months",)
    assert lines["Health, recent events and risk factors"] == ("You smoke",)
    assert lines["Emergency signs"] == ("None",)
    assert "How the cramps affect you" not in lines  # step 5 not answered yet


# --- Properties over generated answers --------------------------------------------------------

yes_no_value = st.sampled_from([True, False, "yes", "no", None])


@st.composite
def answer_sets(draw):
    answers = {}
    for criterion_id in draw(st.lists(st.sampled_from(YES_NO_IDS), unique=True)):
        answers[criterion_id] = draw(yes_no_value)
    for criterion_id in draw(st.lists(st.sampled_from(CHOICE_IDS), unique=True)):
        choices = [c.value for c in CRITERIA_BY_ID[criterion_id].choices]
        answers[criterion_id] = draw(st.sampled_from([*choices, None]))
    return answers


def is_yes(value):
    return value in (True, "yes")


@given(answer_sets(), st.sampled_from(EMERGENCY_SIGNS))
def test_any_emergency_sign_means_emergency_whatever_else_is_answered(answers, sign):
    result = assess({**answers, sign: True})
    assert result.level == Level.EMERGENCY
    assert sign in result.rule_ids


@given(answer_sets(), st.sampled_from(YES_NO_IDS))
def test_ticking_one_more_sign_never_lowers_the_level(answers, extra):
    before = assess(answers)
    after = assess({**answers, extra: True})
    assert ORDER.index(after.level) >= ORDER.index(before.level)
    # And no reason given before disappears.
    assert set(before.rule_ids) <= set(after.rule_ids)


@given(answer_sets())
def test_every_level_above_self_care_comes_with_a_reason_at_that_level(answers):
    result = assess(answers)
    if result.level != Level.SELF_CARE:
        assert result.reasons
        assert result.reasons[0].level == result.level
    assert all(ORDER.index(r.level) <= ORDER.index(result.level) for r in result.reasons)


@given(answer_sets())
def test_the_level_is_the_highest_level_of_the_rules_that_fired(answers):
    result = assess(answers)
    expected = max((RULES_BY_ID[r].level for r in result.rule_ids), key=ORDER.index, default=Level.SELF_CARE)
    assert result.level == expected


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_every_rule_can_fire_from_generated_answers(rule_id):
    found = find(
        answer_sets(),
        lambda answers: rule_id in assess(answers).rule_ids,
        settings=settings(max_examples=5000, suppress_health_check=list(HealthCheck), database=None),
    )
    assert rule_id in assess(found).rule_ids


@given(answer_sets())
def test_answers_given_as_words_or_booleans_assess_the_same(answers):
    as_booleans = {k: (is_yes(v) if k in YES_NO_IDS else v) for k, v in answers.items()}
    assert assess(answers) == assess(as_booleans)


def test_the_rule_table_for_reviewers_lists_every_rule_with_its_condition():
    from checker.triage import rule_table

    lines = rule_table().splitlines()
    assert len(lines) == 2 + len(RULES)
    row = next(line for line in lines if line.startswith("| one_leg_lasting_pain |"))
    assert "| urgent | legs_affected is one and lasting_pain |" in row
    assert "Seed 000" in row
