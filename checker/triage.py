"""The triage engine: from a reader's answers to a level of care and the reasons for it.

Pure Python, no Django: `assess(answers)` reads a mapping of criterion IDs
(checker/criteria.py) to answers and returns an `Assessment`.

The rules are data, in `RULES` below: a reviewer can read each rule's level,
condition, reason and source without following any code (`python -m
checker.triage` prints them). The highest level that any rule reaches wins;
with no rule, self-care. Conditions only ever ask whether something *is* so
(a box ticked, a choice made), never whether it is not, so ticking one more
box can never lower the level.

A reader who does not get cramps (`cramp_length` = `no_cramps`) has pain
most of the time: every rule that reads `lasting_pain` reads that too.
"""

import enum
from dataclasses import dataclass, field

from checker.criteria import (
    ARTERY_RISKS,
    CHOICE,
    CLOT_RISKS,
    CRITERIA,
    CRITERIA_BY_ID,
    EMERGENCY_SIGNS,
    NO_CRAMPS,
    REMOVED_IDS,
    YES_NO,
)


class Level(enum.StrEnum):
    SELF_CARE = "self_care"
    SOON = "soon"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self):
        return _RANK[self]

    @property
    def words(self):
        return _WORDS[self]


_RANK = {Level.SELF_CARE: 0, Level.SOON: 1, Level.URGENT: 2, Level.EMERGENCY: 3}
_WORDS = {
    Level.SELF_CARE: "Self-care: look after it at home",
    Level.SOON: "Soon: book an appointment in the next week or two",
    Level.URGENT: "Urgent: get medical help today, within hours",
    Level.EMERGENCY: "Emergency: call the emergency number or go to the emergency department now",
}


# --- Conditions ------------------------------------------------------------------------------
# Each returns the phrases of what the reader said that made it true, or None
# when it does not hold, so a reason can repeat the reader's own answers.


@dataclass(frozen=True)
class Yes:
    """The reader ticked this yes/no criterion."""

    criterion: str

    def said(self, answers):
        return [CRITERIA_BY_ID[self.criterion].said] if answers[self.criterion] else None

    def criteria(self):
        return {self.criterion}

    def __str__(self):
        return self.criterion


@dataclass(frozen=True)
class Is:
    """The reader chose one of these answers to a choice criterion."""

    criterion: str
    values: tuple[str, ...]

    def said(self, answers):
        value = answers[self.criterion]
        return [CRITERIA_BY_ID[self.criterion].choice(value).said] if value in self.values else None

    def criteria(self):
        return {self.criterion}

    def __str__(self):
        return f"{self.criterion} is {' or '.join(self.values)}"


@dataclass(frozen=True)
class AnyOf:
    """At least one holds; the reason names every one that does."""

    parts: tuple

    def said(self, answers):
        phrases = [phrase for part in self.parts for phrase in (part.said(answers) or [])]
        return phrases or None

    def criteria(self):
        return set().union(*(part.criteria() for part in self.parts))

    def __str__(self):
        return "(" + " or ".join(str(part) for part in self.parts) + ")"


@dataclass(frozen=True)
class AllOf:
    parts: tuple

    def said(self, answers):
        phrases = []
        for part in self.parts:
            part_said = part.said(answers)
            if part_said is None:
                return None
            phrases.extend(part_said)
        return phrases

    def criteria(self):
        return set().union(*(part.criteria() for part in self.parts))

    def __str__(self):
        return " and ".join(str(part) for part in self.parts)


def yes(*criteria):
    """One criterion ticked, or any of several."""
    return Yes(criteria[0]) if len(criteria) == 1 else AnyOf(tuple(Yes(c) for c in criteria))


def is_(criterion, *values):
    return Is(criterion, tuple(values))


def all_of(*parts):
    return AllOf(tuple(parts))


# Pain for days between cramps, or pain most of the time instead of cramps.
LASTING_PAIN = AnyOf((Yes("lasting_pain"), Is("cramp_length", (NO_CRAMPS,))))


# --- Rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    when: object
    # "{said}" becomes what the reader told us, e.g. "one leg is swollen".
    # Other {names} are the region's words (checker/advice.py fills them in).
    reason: str
    article: str
    source: str
    # Risk factors that change no level but matter for this reason. When the
    # reader ticked any, `context` (with "{said}" naming them) is added to the
    # most serious reason that has this context, and to no other.
    risk_factors: tuple[str, ...] = ()
    context: str = ""
    # Filled in by a named clinician when they have reviewed the rule; empty
    # until then (we never invent a reviewer).
    reviewed_by: str = ""
    reviewed_on: str = ""


# Sources, as named in issue 11 and read in stored copies (see docs/clinical-safety/).
NG158 = ("NICE NG158 (2020), Venous thromboembolic diseases: diagnosis, management and thrombophilia testing, "
         "1.1.3: DVT Wells score 2 or more, scan within 4 hours")
NG158_PE = "NICE NG158 (2020), 1.1 and 1.2: suspected DVT and pulmonary embolism"
BOAST10 = ("BOAST 10 (British Orthopaedic Association, 2014), Diagnosis and management of compartment syndrome "
           "of the limbs: pain out of proportion is the key early finding")
NG51 = "NICE NG51 (2016), Sepsis: recognition, diagnosis and early management, high-risk criteria"
NG19 = ("NICE NG19 (2015), Diabetic foot problems: prevention and management: refer limb- or life-threatening "
        "problems immediately, other active problems within 1 working day")
CG147 = "NICE CG147 (2012), Peripheral arterial disease: diagnosis and management (claudication, critical ischaemia)"
CG151 = "NICE CG151 (2012), Neutropenic sepsis: prevention and management in people with cancer"
CKS_CRAMPS = "NICE CKS, Leg cramps (2012): cramps last up to 10 minutes; features that point to another cause"
NHS_CRAMPS = ("NHS, Leg cramps: see a GP if cramps last longer than 10 minutes, disturb sleep, or come with "
              "numbness or swelling")
MHRA_FQ = ("MHRA Drug Safety Update, March 2019, Fluoroquinolone antibiotics: stop at the first sign of tendon "
           "pain and contact the doctor")
NHS_CES = "NHS and NHS trust leaflets, Cauda equina syndrome: go to A&E immediately"
NHS_STROKE = "NHS FAST campaign (NHS ambulance trust and GP practice pages): face, arms, speech, time to call 999"
NHS_RHABDO = "Rhabdomyolysis: dark (cola-coloured) urine with muscle pain or weakness needs emergency care"
UKHSA_TETANUS = ("UKHSA (2024), Guidance on the management of suspected tetanus cases and the assessment and "
                 "management of tetanus-prone wounds: treat on the clinical diagnosis (trismus, spasms)")
NHS_GBS = "NHS, Symptoms of Guillain-Barre syndrome: weakness spreading over days; seek immediate help"
NHS_ACHILLES = "NHS trust advice, Achilles tendon rupture: go to an urgent treatment centre or A&E"
NHS_POISON = "NHS, Poisoning: call 999 if someone is very unwell after a poison; NHS 111 for advice"
OWN = "Our decision, raised above issue 11's list (see docs/clinical-safety/hazard-log.md)"

CLOT_CONTEXT = "You also said {said}. This makes a blood clot more likely, so tell the doctor."
ARTERY_CONTEXT = "You also said {said}. These make narrowed arteries more likely, so tell the doctor."
LUNG_CLOT = (
    "With leg pain, this can mean a blood clot has travelled to the lungs, or a heart problem. It needs "
    "treatment straight away."
)

E, U, S = Level.EMERGENCY, Level.URGENT, Level.SOON


def clot_sign(criterion):
    """An emergency sign of a clot in the lung: these rules differ only in their sign."""
    return Rule(criterion, E, yes(criterion), "You said {said}. " + LUNG_CLOT, "leg-cramp-or-blood-clot",
                NG158_PE, CLOT_RISKS, CLOT_CONTEXT)


# Signs that, with severe pain that keeps getting worse, mean pressure in the
# muscle, a blocked artery or a flesh-eating infection (BOAST 10, NG51).
SEVERE_PAIN_COMPANIONS = (
    "numbness_tingling", "weakness", "fever", "one_leg_red_or_dark", "one_leg_warm", "one_leg_swollen",
    "recent_surgery_or_immobility", "after_exercise",
)
# Raised by us: a foot already short of blood, or a wound, with pain getting
# worse fast (acute-on-chronic ischaemia; necrotising infection from a wound).
SEVERE_PAIN_RAISED = ("rest_pain_foot", "non_healing_sore")
ONE_LEG_SIGNS = ("one_leg_swollen", "one_leg_red_or_dark", "one_leg_warm", "one_calf_tender")

RULES = (
    # --- Emergency: any emergency sign ---------------------------------------------------------
    clot_sign("sudden_breathlessness"),
    clot_sign("chest_pain"),
    clot_sign("coughing_blood"),
    clot_sign("fainting"),
    Rule("cold_pale_leg", E, yes("cold_pale_leg"),
         "You said {said}. This can mean an artery to the leg is suddenly blocked. The leg needs treatment within "
         "hours.",
         "when-to-see-a-doctor", CG147, ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("leg_cannot_move", E, yes("leg_cannot_move"),
         "You said {said}. This can mean the blood supply or a nerve is suddenly cut off. It needs treatment "
         "within hours.",
         "when-to-see-a-doctor", f"{CG147}; {BOAST10}", ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("severe_pain_after_injury", E, yes("severe_pain_after_injury"),
         "You said {said}. A broken bone, a torn muscle or pressure building up in the muscle needs treatment "
         "straight away.",
         "when-to-see-a-doctor", BOAST10),
    Rule("stroke_signs", E, yes("stroke_signs"),
         "You said {said}. These are signs of a stroke. Every minute counts.",
         "when-to-see-a-doctor", NHS_STROKE),
    Rule("very_unwell", E, yes("very_unwell"),
         "You said {said}. These can be signs of sepsis, a reaction to an infection that can kill.",
         "when-to-see-a-doctor", NG51),
    Rule("dark_urine", E, yes("dark_urine"),
         "You said {said}. This can mean muscle is breaking down (rhabdomyolysis), which can harm the kidneys "
         "within hours.",
         "medicines-linked-to-leg-cramps", NHS_RHABDO),
    Rule("saddle_or_bladder", E, yes("saddle_or_bladder"),
         "You said {said}. This can mean the nerves at the bottom of the spine are being squashed (cauda "
         "equina syndrome). It needs an emergency scan.",
         "conditions-that-feel-like-cramps", NHS_CES),
    Rule("spreading_weakness", E, yes("spreading_weakness"),
         "You said {said}. Weakness that spreads can come from a nerve problem that can affect breathing.",
         "conditions-that-feel-like-cramps", NHS_GBS),
    Rule("tetanus_signs", E, yes("tetanus_signs"),
         "You said {said}. After a wound, these can be signs of tetanus, which needs hospital treatment now.",
         "conditions-that-feel-like-cramps", UKHSA_TETANUS),
    Rule("poisoning_now", E, yes("poisoning_now"),
         "You said {said}. Poisons can cause cramps and much worse. If you are not very unwell, {poisons_line} "
         "can also advise you; take the pack or bottle with you.",
         "causes-of-leg-cramps", NHS_POISON),
    # --- Emergency: combinations -----------------------------------------------------------------
    Rule("severe_pain_with_warning_sign", E,
         all_of(yes("severe_worsening_pain"), yes(*SEVERE_PAIN_COMPANIONS, *SEVERE_PAIN_RAISED)),
         "You said {said}. Together these can mean pressure building up inside the muscle (compartment "
         "syndrome), a blocked artery or a fast-spreading infection. The muscle or leg can be saved only with "
         "treatment within hours.",
         "conditions-that-feel-like-cramps",
         f"{BOAST10}; {NG51}; {OWN} for rest_pain_foot and non_healing_sore", CLOT_RISKS, CLOT_CONTEXT),
    Rule("diabetic_foot_infection", E, all_of(yes("non_healing_sore"), yes("diabetes"), yes("fever")),
         "You said {said}. With diabetes, an infected sore can spread fast and threaten the foot.",
         "when-to-see-a-doctor", NG19),
    Rule("diabetic_rest_pain", E, all_of(yes("rest_pain_foot"), yes("diabetes")),
         "You said {said}. With diabetes, this means the foot is short of blood and may be at risk.",
         "calf-pain-when-walking", NG19),
    # --- Urgent: get medical help today --------------------------------------------------------
    Rule("one_leg_signs", U, yes(*ONE_LEG_SIGNS),
         "You said {said}. This can be a sign of a blood clot in a deep vein (DVT) or a skin infection. A "
         "clot needs a scan within hours.",
         "leg-cramp-or-blood-clot", f"{NG158}; NHS, DVT: get help urgently", CLOT_RISKS, CLOT_CONTEXT),
    Rule("both_legs_swollen", U, yes("both_legs_swollen"),
         "You said {said}. New swelling of both legs can come from the heart, kidneys, liver or a medicine, "
         "and needs checking today.",
         "conditions-that-feel-like-cramps", "NHS, Swollen ankles, feet and legs (oedema): get help today if it "
         "is sudden", CLOT_RISKS, CLOT_CONTEXT),
    Rule("one_leg_lasting_pain", U, all_of(is_("legs_affected", "one"), LASTING_PAIN),
         "You said {said}. Pain in one leg that does not go away can be a sign of a blood clot.",
         "leg-cramp-or-blood-clot", NG158, CLOT_RISKS, CLOT_CONTEXT),
    Rule("severe_worsening_pain", U, yes("severe_worsening_pain"),
         "You said {said}. Pain like this can mean pressure is building up inside the muscle, which needs "
         "treatment quickly.",
         "conditions-that-feel-like-cramps", BOAST10),
    Rule("cannot_bear_weight", U, yes("cannot_bear_weight"),
         "You said {said}. A doctor should examine a leg you cannot stand on.",
         "when-to-see-a-doctor", "NHS, Leg pain: get help today if you cannot put weight on the leg"),
    Rule("sudden_pop", U, yes("sudden_pop"),
         "You said {said}. This can mean a torn Achilles tendon or calf muscle, which heals best when treated "
         "early.",
         "conditions-that-feel-like-cramps", NHS_ACHILLES),
    Rule("tingling_mouth_hands", U, yes("tingling_mouth_hands"),
         "You said {said}. This can be a sign of low calcium in the blood, which needs a blood test today.",
         "causes-of-leg-cramps", f"{CKS_CRAMPS} (calcium among the tests for a secondary cause)"),
    Rule("rest_pain_foot", U, yes("rest_pain_foot"),
         "You said {said}. This can mean the arteries are so narrow that the foot is short of blood even at rest.",
         "calf-pain-when-walking", CG147, ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("long_cramp", U, is_("cramp_length", "over_10_minutes"),
         "You said {said}. Ordinary cramps pass within 10 minutes; longer pain may not be a cramp.",
         "conditions-that-feel-like-cramps", f"{NHS_CRAMPS}; {CKS_CRAMPS}"),
    Rule("sore_with_poor_blood_flow_or_infection", U,
         all_of(yes("non_healing_sore"), yes("diabetes", "walking_eases_with_rest", "one_leg_red_or_dark",
                                             "one_leg_warm")),
         "You said {said}. A sore that does not heal, with this, needs to be seen today so it does not get "
         "infected or worse.",
         "calf-pain-when-walking", f"{NG19}; {CG147}", ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("infected_sore", U, all_of(yes("non_healing_sore"), yes("fever")),
         "You said {said}. A temperature with a sore that is not healing can mean the sore is infected.",
         "when-to-see-a-doctor", f"{NG51}; {OWN}"),
    Rule("fever_with_cancer", U, all_of(yes("fever"), yes("cancer")),
         "You said {said}. With cancer or its treatment, a temperature can mean a serious infection. If you have "
         "had chemotherapy, call your cancer team's 24-hour line now.",
         "when-to-see-a-doctor", f"{CG151}; {OWN}"),
    Rule("quinolone_antibiotic", U, yes("quinolone_antibiotic"),
         "You said {said}. These antibiotics can damage tendons and nerves, even months after the last dose. "
         "Contact the doctor who prescribed it today: they may tell you to stop it.",
         "medicines-linked-to-leg-cramps", MHRA_FQ),
    Rule("weakness_with_medicine", U, all_of(yes("weakness"), yes("new_medicine", "statin")),
         "You said {said}. Weakness after a medicine change can mean low potassium or muscle damage from a "
         "statin, which needs a blood test today.",
         "medicines-linked-to-leg-cramps", f"{CKS_CRAMPS} (medicines; creatine kinase and electrolytes)"),
    # --- Soon: make an appointment -------------------------------------------------------------
    Rule("claudication", S, yes("walking_eases_with_rest"),
         "You said {said}. This is typical of narrowed leg arteries, which a doctor can check and treat.",
         "calf-pain-when-walking", CG147, ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("frequent_cramps", S, is_("frequency", "several_weekly", "nightly"),
         "You said {said}. A doctor can look for a cause.",
         "causes-of-leg-cramps", CKS_CRAMPS),
    Rule("sleep_disrupted", S, yes("sleep_disrupted"),
         "You said {said}. A doctor can help when cramps spoil your sleep.",
         "treating-leg-cramps", NHS_CRAMPS),
    Rule("nerve_symptoms", S, yes("numbness_tingling", "weakness", "twitching"),
         "You said {said}. These can come from a nerve problem, which a doctor should check.",
         "conditions-that-feel-like-cramps", f"{CKS_CRAMPS}; {NHS_CRAMPS}"),
    Rule("skin_changes", S, yes("skin_changes"),
         "You said {said}. This can be a sign of poor blood flow in the veins or arteries.",
         "calf-pain-when-walking", CG147, ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("swelling_behind_knee", S, yes("swelling_behind_knee"),
         "You said {said}. This is often a harmless cyst, but a doctor should check it.",
         "conditions-that-feel-like-cramps", CKS_CRAMPS),
    Rule("non_healing_sore", S, yes("non_healing_sore"),
         "You said {said}. A nurse or doctor should look at it.",
         "when-to-see-a-doctor", CG147, ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("new_medicine", S, yes("new_medicine"),
         "You said {said}. Some medicines can cause cramps; do not stop a medicine, but ask your doctor or "
         "pharmacist.",
         "medicines-linked-to-leg-cramps", CKS_CRAMPS),
    Rule("statin", S, yes("statin"),
         "You said {said}. Statins can cause muscle aches and cramps; do not stop it, but ask your doctor.",
         "medicines-linked-to-leg-cramps", NHS_CRAMPS),
    Rule("long_term_condition", S, yes("long_term_condition"),
         "You said {said}. These conditions can cause cramps, and treating the condition can help.",
         "causes-of-leg-cramps", CKS_CRAMPS),
    Rule("not_improving", S, yes("not_improving"),
         "You said {said}. A doctor can look for a cause and other treatments.",
         "treating-leg-cramps", CKS_CRAMPS),
    Rule("lead_exposure", S, yes("lead_exposure"),
         "You said {said}. Lead can build up in the body and cause cramps; a blood test can check.",
         "causes-of-leg-cramps", "UKHSA, Lead: toxicological overview (muscle and nerve effects)"),
    Rule("lasting_pain", S, LASTING_PAIN,
         "You said {said}. Cramps pass within minutes, so pain that stays needs a doctor to find the cause.",
         "leg-cramp-or-blood-clot", CKS_CRAMPS, CLOT_RISKS, CLOT_CONTEXT),
    Rule("fever", S, yes("fever"),
         "You said {said}. A temperature with leg pain can be a sign of an infection.",
         "when-to-see-a-doctor", NG51),
    Rule("one_leg_frequent", S,
         all_of(is_("legs_affected", "one"), is_("frequency", "weekly", "several_weekly", "nightly")),
         "You said {said}. Cramps that keep coming back in the same leg are worth checking.",
         "leg-cramp-or-blood-clot", CKS_CRAMPS, CLOT_RISKS, CLOT_CONTEXT),
    Rule("one_leg_clot_risk", S, all_of(is_("legs_affected", "one"), yes(*CLOT_RISKS)),
         "You said {said}. Together, these make a blood clot more likely than usual.",
         "leg-cramp-or-blood-clot", NG158),
)  # fmt: skip

RULES_BY_ID = {rule.id: rule for rule in RULES}


# --- Assessment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    rule_id: str
    level: Level
    text: str
    article: str
    context: str = ""


@dataclass(frozen=True)
class Assessment:
    level: Level
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def rule_ids(self):
        return [reason.rule_id for reason in self.reasons]

    @property
    def main_reasons(self):
        """The reasons for the level itself, most serious first."""
        return tuple(reason for reason in self.reasons if reason.level == self.level)

    @property
    def other_reasons(self):
        """Reasons of a lower level: worth telling the doctor, not why the level is what it is."""
        return tuple(reason for reason in self.reasons if reason.level != self.level)


def join_phrases(phrases):
    unique = list(dict.fromkeys(phrases))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def normalise(answers):
    """Every criterion with a definite value: True/False for yes/no (missing is
    no), the chosen value or None (not answered) for a choice.

    Raises ValueError for a removed or unknown criterion ID, or an answer it cannot take.
    """
    removed = set(answers) & REMOVED_IDS
    if removed:
        raise ValueError(f"removed criteria (no longer asked): {', '.join(sorted(removed))}")
    unknown = set(answers) - set(CRITERIA_BY_ID)
    if unknown:
        raise ValueError(f"unknown criteria: {', '.join(sorted(unknown))}")
    clean = {}
    for criterion in CRITERIA:
        value = answers.get(criterion.id)
        if criterion.kind == YES_NO:
            if value in (None, False, "no"):
                clean[criterion.id] = False
            elif value in (True, "yes"):
                clean[criterion.id] = True
            else:
                raise ValueError(f"{criterion.id} must be yes or no, not {value!r}")
        elif criterion.kind == CHOICE:
            if value is not None:
                criterion.choice(value)  # raises ValueError
            clean[criterion.id] = value
    return clean


def assess(answers):
    clean = normalise(answers)
    fired = [(rule, said) for rule in RULES if (said := rule.when.said(clean)) is not None]
    # Most serious first, so the reader sees why the level is what it is.
    fired.sort(key=lambda pair: -pair[0].level.rank)
    reasons, contexts_given = [], set()
    for rule, said in fired:
        risk_factors = [CRITERIA_BY_ID[c].said for c in rule.risk_factors if clean[c]]
        context = ""
        # Each risk factor is said once: beside the most serious reason it matters for.
        if risk_factors and rule.context not in contexts_given:
            contexts_given.add(rule.context)
            context = rule.context.format(said=join_phrases(risk_factors))
        text = rule.reason.replace("{said}", join_phrases(said))
        reasons.append(Reason(rule.id, rule.level, text[0].upper() + text[1:], rule.article, context))
    level = reasons[0].level if reasons else Level.SELF_CARE
    return Assessment(level=level, reasons=tuple(reasons))


def level_for_sign(criterion_id, value=True):
    """The level the checker gives one answer on its own, everything else unanswered.

    For the article writers' consistency test: an article's "call now" or "get
    help today" list may not name a sign whose level here is higher.
    """
    return assess({criterion_id: value}).level


def sign_levels():
    """`level_for_sign` for every answer: {criterion id: level} for yes/no
    criteria and {"criterion id=value": level} for each choice."""
    table = {}
    for criterion in CRITERIA:
        if criterion.kind == YES_NO:
            table[criterion.id] = level_for_sign(criterion.id)
        else:
            for choice in criterion.choices:
                table[f"{criterion.id}={choice.value}"] = level_for_sign(criterion.id, choice.value)
    return table


def _condition_in_words(condition):
    """The condition as the reader saw the questions, e.g. 'Ticked: "One leg is swollen..."'."""
    if isinstance(condition, Yes):
        return f'ticked "{CRITERIA_BY_ID[condition.criterion].label}"'
    if isinstance(condition, Is):
        criterion = CRITERIA_BY_ID[condition.criterion]
        answers = " or ".join(f'"{criterion.choice(v).label}"' for v in condition.values)
        return f'answered "{criterion.label}" with {answers}'
    joiner = " AND " if isinstance(condition, AllOf) else " OR "
    inner = joiner.join(_condition_in_words(part) for part in condition.parts)
    return f"({inner})" if isinstance(condition, AnyOf) and len(condition.parts) > 1 else inner


def rule_report():
    """The rules for a clinician to review: `python -m checker.triage`."""
    lines = ["Leg Cramp Guide checker: the triage rules", "The highest level reached wins; none means self-care.", ""]
    for rule in RULES:
        risk_text = ""
        if rule.risk_factors:
            names = ", ".join(f'"{CRITERIA_BY_ID[c].label}"' for c in rule.risk_factors)
            risk_text = rule.context.replace("{said}", "[any ticked of: " + names + "]")
        lines += [
            f"Rule {rule.id}",
            f"  Level:        {rule.level.words}",
            f"  When:         {_condition_in_words(rule.when)}",
            f"  Reason shown: {rule.reason}",
            f"  Risk factors: {risk_text or '(none)'}",
            f"  Source:       {rule.source}",
            f"  Read next:    /articles/{rule.article}/",
            f"  reviewed_by:  {rule.reviewed_by}",
            f"  reviewed_on:  {rule.reviewed_on}",
            "",
        ]
    return "\n".join(lines)


# Every emergency sign has a rule of its own, so the emergency short-cut never
# depends on a combination.
assert all(RULES_BY_ID[sign].level == Level.EMERGENCY for sign in EMERGENCY_SIGNS)

if __name__ == "__main__":
    print(rule_report())
