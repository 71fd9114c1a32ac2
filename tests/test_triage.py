"""The triage engine (checker/triage.py): every rule, the safety properties
over generated answers, and the answers it must refuse."""

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.advice import ARTICLES
from checker.criteria import (
    ARTERY_RISKS,
    CHOICE,
    CLOT_RISKS,
    CRITERIA,
    CRITERIA_BY_ID,
    EMERGENCY_SIGNS,
    REMOVED_IDS,
    YES_NO,
)
from checker.triage import RULES, RULES_BY_ID, Level, assess, level_for_sign, sign_levels

YES_NO_IDS = [c.id for c in CRITERIA if c.kind == YES_NO]
CHOICE_IDS = [c.id for c in CRITERIA if c.kind == CHOICE]
ORDER = [Level.SELF_CARE, Level.SOON, Level.URGENT, Level.EMERGENCY]
E, U, S = Level.EMERGENCY, Level.URGENT, Level.SOON

# The smallest answers that should make each rule fire, written out by hand
# from issue 11's rule list (not derived from the rule table, so a wrong
# condition in the table fails here).
RULE_EXAMPLES = {
    **{sign: ({sign: True}, E) for sign in EMERGENCY_SIGNS},
    "severe_pain_with_warning_sign": ({"severe_worsening_pain": True, "after_exercise": True}, E),
    "diabetic_foot_infection": ({"non_healing_sore": True, "diabetes": True, "fever": True}, E),
    "diabetic_rest_pain": ({"rest_pain_foot": True, "diabetes": True}, E),
    "one_leg_signs": ({"one_calf_tender": True}, U),
    "both_legs_swollen": ({"both_legs_swollen": True}, U),
    "one_leg_lasting_pain": ({"legs_affected": "one", "lasting_pain": True}, U),
    "severe_worsening_pain": ({"severe_worsening_pain": True}, U),
    "cannot_bear_weight": ({"cannot_bear_weight": True}, U),
    "sudden_pop": ({"sudden_pop": True}, U),
    "tingling_mouth_hands": ({"tingling_mouth_hands": True}, U),
    "rest_pain_foot": ({"rest_pain_foot": True}, U),
    "long_cramp": ({"cramp_length": "over_10_minutes"}, U),
    "sore_with_poor_blood_flow_or_infection": ({"non_healing_sore": True, "walking_eases_with_rest": True}, U),
    "infected_sore": ({"non_healing_sore": True, "fever": True}, U),
    "fever_with_cancer": ({"fever": True, "cancer": True}, U),
    "quinolone_antibiotic": ({"quinolone_antibiotic": True}, U),
    "weakness_with_medicine": ({"weakness": True, "statin": True}, U),
    "claudication": ({"walking_eases_with_rest": True}, S),
    "frequent_cramps": ({"frequency": "nightly"}, S),
    "sleep_disrupted": ({"sleep_disrupted": True}, S),
    "nerve_symptoms": ({"twitching": True}, S),
    "skin_changes": ({"skin_changes": True}, S),
    "swelling_behind_knee": ({"swelling_behind_knee": True}, S),
    "non_healing_sore": ({"non_healing_sore": True}, S),
    "new_medicine": ({"new_medicine": True}, S),
    "statin": ({"statin": True}, S),
    "long_term_condition": ({"long_term_condition": True}, S),
    "not_improving": ({"not_improving": True}, S),
    "lead_exposure": ({"lead_exposure": True}, S),
    "lasting_pain": ({"lasting_pain": True}, S),
    "fever": ({"fever": True}, S),
    "one_leg_frequent": ({"legs_affected": "one", "frequency": "weekly"}, S),
    "one_leg_clot_risk": ({"legs_affected": "one", "long_journey": True}, S),
}

# Issue 11's rule list, line by line: each case is answers -> the level they must reach at least.
ISSUE_RULES = [
    # Emergency: severe worsening pain with any of these companions.
    *[({"severe_worsening_pain": True, c: True}, E) for c in (
        "numbness_tingling", "weakness", "fever", "one_leg_red_or_dark", "one_leg_warm", "one_leg_swollen",
        "recent_surgery_or_immobility", "after_exercise")],
    ({"non_healing_sore": True, "diabetes": True, "fever": True}, E),
    ({"rest_pain_foot": True, "diabetes": True}, E),
    # Urgent.
    *[({sign: True}, U) for sign in ("one_leg_swollen", "one_leg_red_or_dark", "one_leg_warm", "one_calf_tender",
                                     "both_legs_swollen", "severe_worsening_pain", "cannot_bear_weight",
                                     "sudden_pop", "tingling_mouth_hands", "rest_pain_foot",
                                     "quinolone_antibiotic")],
    ({"legs_affected": "one", "lasting_pain": True}, U),
    ({"legs_affected": "one", "cramp_length": "no_cramps"}, U),
    ({"cramp_length": "over_10_minutes"}, U),
    *[({"non_healing_sore": True, c: True}, U) for c in (
        "diabetes", "walking_eases_with_rest", "one_leg_red_or_dark", "one_leg_warm")],
    ({"weakness": True, "new_medicine": True}, U),
    ({"weakness": True, "statin": True}, U),
    # Soon.
    *[({sign: True}, S) for sign in (
        "walking_eases_with_rest", "sleep_disrupted", "numbness_tingling", "weakness", "twitching", "skin_changes",
        "swelling_behind_knee", "non_healing_sore", "new_medicine", "statin", "long_term_condition",
        "not_improving", "lead_exposure", "lasting_pain", "fever")],
    ({"frequency": "several_weekly"}, S),
    ({"frequency": "nightly"}, S),
    ({"cramp_length": "no_cramps"}, S),
    *[({"legs_affected": "one", "frequency": f}, S) for f in ("weekly", "several_weekly", "nightly")],
    *[({"legs_affected": "one", risk: True}, S) for risk in CLOT_RISKS],
]  # fmt: skip


def test_every_rule_has_an_example_and_ids_are_unique():
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
    for criterion_id, value in answers.items():
        criterion = CRITERIA_BY_ID[criterion_id]
        said = criterion.said if value is True else criterion.choice(value).said
        assert said in reason.text, (said, reason.text)
    assert reason.article in ARTICLES


@pytest.mark.parametrize(("answers", "level"), ISSUE_RULES)
def test_the_issue_rule_list_line_by_line(answers, level):
    assert assess(answers).level == level


@pytest.mark.parametrize(
    ("answers", "not_fired"),
    [
        ({"legs_affected": "both", "lasting_pain": True}, "one_leg_lasting_pain"),
        ({"legs_affected": "alternating", "cramp_length": "no_cramps"}, "one_leg_lasting_pain"),
        ({"cramp_length": "under_10_minutes"}, "long_cramp"),
        ({"frequency": "weekly"}, "frequent_cramps"),
        ({"legs_affected": "one", "frequency": "less_than_weekly"}, "one_leg_frequent"),
        ({"legs_affected": "alternating", "frequency": "nightly"}, "one_leg_frequent"),
        ({"legs_affected": "both", "previous_clot": True}, "one_leg_clot_risk"),
        ({"severe_worsening_pain": True, "smoker": True}, "severe_pain_with_warning_sign"),
        ({"non_healing_sore": True, "diabetes": True}, "diabetic_foot_infection"),
        ({"non_healing_sore": True, "smoker": True}, "sore_with_poor_blood_flow_or_infection"),
        ({"weakness": True, "hormones": True}, "weakness_with_medicine"),
        ({"statin": True, "numbness_tingling": True}, "weakness_with_medicine"),
        ({"fever": True, "previous_clot": True}, "fever_with_cancer"),
    ],
)
def test_a_rule_does_not_fire_on_half_of_its_condition(answers, not_fired):
    assert not_fired not in assess(answers).rule_ids


def test_no_answers_and_harmless_answers_mean_self_care_with_no_reasons():
    assert assess({}) == assess({c: False for c in YES_NO_IDS})
    harmless = {
        "legs_affected": "both",
        "cramp_length": "under_10_minutes",
        "frequency": "less_than_weekly",
        "since": "under_2_weeks",
        "at_night_or_rest": True,
        "after_exercise": True,
    }
    result = assess(harmless)
    assert result.level == Level.SELF_CARE
    assert result.reasons == ()


def test_sore_calves_after_a_first_hill_run_are_self_care():
    # Issue 11: ordinary soreness in both calves after exercise was sent to a doctor.
    answers = {"legs_affected": "both", "cramp_length": "under_10_minutes", "frequency": "less_than_weekly",
               "since": "under_2_weeks", "after_exercise": True}
    assert assess(answers).level == Level.SELF_CARE


def test_a_healed_scratch_with_night_cramps_is_self_care():
    answers = {"legs_affected": "both", "cramp_length": "under_10_minutes", "frequency": "less_than_weekly",
               "since": "2_to_12_weeks", "at_night_or_rest": True}
    assert assess(answers).level == Level.SELF_CARE


def test_the_level_is_a_string_a_template_can_compare_and_has_words_for_a_clinician():
    assert assess({"fever": True}).level == "soon"
    assert [level.value for level in ORDER] == ["self_care", "soon", "urgent", "emergency"]
    assert Level.URGENT.words.startswith("Urgent: get medical help today")


def test_the_most_serious_reason_comes_first_and_lower_ones_are_set_apart():
    result = assess({"not_improving": True, "chest_pain": True, "one_leg_swollen": True})
    assert [r.level for r in result.reasons] == [E, U, S]
    assert [r.rule_id for r in result.main_reasons] == ["chest_pain"]
    assert [r.rule_id for r in result.other_reasons] == ["one_leg_signs", "not_improving"]


def test_risk_factors_change_no_level_but_are_named_once_beside_the_most_serious_reason():
    artery_risks = {c: True for c in ARTERY_RISKS}
    assert assess(artery_risks).level == Level.SELF_CARE
    plain = assess({"walking_eases_with_rest": True})
    with_risks = assess({"walking_eases_with_rest": True, **artery_risks})
    assert with_risks.level == plain.level == Level.SOON
    assert plain.reasons[0].context == ""
    for phrase in ("you smoke", "you have diabetes", "you are 65 or older"):
        assert phrase in with_risks.reasons[0].context

    # Issue 11: the same risk-factor sentence was repeated in four reasons.
    many = assess({"one_leg_swollen": True, "legs_affected": "one", "lasting_pain": True, "frequency": "nightly",
                   "pregnant_or_postpartum": True})
    contexts = [r.context for r in many.reasons if r.context]
    assert len(contexts) == 1
    assert "you are pregnant or had a baby recently" in many.reasons[0].context


def test_a_reason_names_every_sign_of_a_group_that_was_ticked():
    reason = assess({"numbness_tingling": True, "weakness": True}).reasons[0]
    assert "You said you have numbness or tingling and your leg or foot feels weak." in reason.text


def test_no_cramps_reads_as_lasting_pain_everywhere():
    for rule in RULES:
        if "lasting_pain" in rule.when.criteria():
            assert "cramp_length" in rule.when.criteria(), rule.id
    assert "lasting_pain" in assess({"cramp_length": "no_cramps"}).rule_ids
    assert assess({"legs_affected": "one", "cramp_length": "no_cramps"}).level == Level.URGENT


def test_the_poisons_reason_names_the_regions_poisons_line():
    reason = assess({"poisoning_now": True}).reasons[0]
    assert "{poisons_line}" in reason.text  # checker/advice.py fills in the region's words


def test_only_the_quinolone_reason_may_not_say_do_not_stop_a_medicine():
    quinolone = RULES_BY_ID["quinolone_antibiotic"].reason
    assert "do not stop" not in quinolone.lower()
    assert "today" in quinolone
    assert "do not stop" in RULES_BY_ID["new_medicine"].reason


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


@pytest.mark.parametrize("removed", sorted(REMOVED_IDS))
def test_removed_ids_are_refused(removed):
    with pytest.raises(ValueError, match=removed):
        assess({removed: True})
    with pytest.raises(ValueError):
        assess({removed: "walking_eases_with_rest"})


def test_yes_and_no_may_be_written_as_words():
    assert assess({"fever": "yes"}) == assess({"fever": True})
    assert assess({"fever": "no", "legs_affected": None}) == assess({})


def test_every_reason_links_to_a_reader_article_and_names_a_source_and_no_reviewer_yet():
    for rule in RULES:
        assert rule.article in ARTICLES
        assert rule.source, rule.id
        assert rule.reviewed_by == rule.reviewed_on == "", "never invent a reviewer"


def test_level_for_sign_gives_each_answers_level_on_its_own():
    assert level_for_sign("chest_pain") == E
    assert level_for_sign("one_calf_tender") == U
    assert level_for_sign("smoker") == Level.SELF_CARE
    assert level_for_sign("cramp_length", "over_10_minutes") == U
    table = sign_levels()
    assert table["fever"] == S
    assert table["cramp_length=no_cramps"] == S
    assert all(table[sign] == E for sign in EMERGENCY_SIGNS)
    assert len(table) == len(YES_NO_IDS) + sum(len(CRITERIA_BY_ID[c].choices) for c in CHOICE_IDS)


def test_the_rule_report_for_clinicians_shows_the_question_level_in_words_source_and_empty_review():
    output = subprocess.run(
        [sys.executable, "-m", "checker.triage"], capture_output=True, text=True, check=True
    ).stdout
    assert output.count("\nRule ") == len(RULES)
    block = output.split("Rule one_leg_lasting_pain\n")[1].split("\n\n")[0]
    assert 'answered "Which legs are affected?" with "Only one leg, always the same one"' in block
    assert 'ticked "Pain or aching that lasts for days, even between cramps"' in block
    assert "Urgent: get medical help today" in block
    assert "NICE NG158" in block
    assert "You also said [any ticked of:" in block
    assert "  reviewed_by:  \n" in block + "\n"


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
def test_ticking_one_more_box_never_lowers_the_level(answers, extra):
    before = assess(answers)
    after = assess({**answers, extra: True})
    assert ORDER.index(after.level) >= ORDER.index(before.level)
    # And no reason given before disappears.
    assert set(before.rule_ids) <= set(after.rule_ids)


@given(answer_sets())
def test_every_level_above_self_care_comes_with_a_reason_at_that_level(answers):
    result = assess(answers)
    if result.level != Level.SELF_CARE:
        assert result.main_reasons
        assert result.reasons[0].level == result.level
    assert all(ORDER.index(r.level) <= ORDER.index(result.level) for r in result.reasons)


@given(answer_sets())
def test_the_level_is_the_highest_level_of_the_rules_that_fired(answers):
    result = assess(answers)
    expected = max((RULES_BY_ID[r].level for r in result.rule_ids), key=ORDER.index, default=Level.SELF_CARE)
    assert result.level == expected


@given(answer_sets())
def test_each_risk_factor_sentence_appears_at_most_once(answers):
    contexts = [r.context for r in assess(answers).reasons if r.context]
    assert len(contexts) == len(set(contexts))


def test_every_rule_reads_only_real_criteria_and_real_answers():
    for rule in RULES:
        assert rule.when.criteria() <= set(CRITERIA_BY_ID), rule.id
        assert str(rule.when), rule.id


@given(answer_sets())
def test_answers_given_as_words_or_booleans_assess_the_same(answers):
    as_booleans = {k: (is_yes(v) if k in YES_NO_IDS else v) for k, v in answers.items()}
    assert assess(answers) == assess(as_booleans)
