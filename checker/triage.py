"""The triage engine: from a reader's answers to a level of care and the reasons for it.

Pure Python, no Django: `assess(answers)` reads a mapping of criterion IDs
(checker/criteria.py) to answers and returns an `Assessment`.

The rules are data, in `RULES` below: a reviewer can read each rule's level,
condition, reason and source without following any code. The highest level
that any rule reaches wins; with no rule, self-care. Conditions only ever ask
whether something *is* so (a box ticked, a choice made), never whether it is
not, so ticking one more box can never lower the level.
"""

import enum
from dataclasses import dataclass, field

from checker.criteria import ARTERY_RISKS, CHOICE, CLOT_RISKS, CRITERIA, CRITERIA_BY_ID, YES_NO


class Level(enum.StrEnum):
    SELF_CARE = "self_care"
    SOON = "soon"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self):
        return _RANK[self]


_RANK = {Level.SELF_CARE: 0, Level.SOON: 1, Level.URGENT: 2, Level.EMERGENCY: 3}


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


# --- Rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    when: object
    # "{said}" becomes what the reader told us, e.g. "one of your legs is swollen".
    reason: str
    article: str
    source: str
    # Risk factors that change no level but matter for this reason: when the
    # reader ticked any, `context` is added, with "{said}" naming them.
    risk_factors: tuple[str, ...] = ()
    context: str = ""


SEED_CLOTS = "Seed 000 (ePainAssist, 'Are leg cramps a sign of blood clots?')"
SEED_CLINIC = "Seed 001 (clinic page 'Leg Cramping')"
SEED_CALF = "Seed 002 (Dr.Oracle, 'Calf muscle spasms and pain', citing Am Fam Physician 2012)"
SEED_DIFFERENTIAL = "Seed 003 (Dr.Oracle, 'Differential diagnosis for leg cramps')"
ISSUE = "Issue 4 rule list (clinical brief); not covered by the seed documents, needs clinical review"

CLOT_CONTEXT = "You also said {said}. This makes a blood clot more likely, so tell the doctor."
ARTERY_CONTEXT = "You also said {said}. These make narrowed arteries more likely, so tell the doctor."
LUNG_CLOT = (
    "With leg pain, this can be a sign that a blood clot from a leg vein has travelled to the lungs (a pulmonary "
    "embolism), which can kill if it is not treated straight away."
)

E, U, S = Level.EMERGENCY, Level.URGENT, Level.SOON


def lung_clot_sign(criterion):
    """An emergency sign of a clot in the lung: the four such rules differ only in their sign."""
    return Rule(criterion, E, yes(criterion), "You said {said}. " + LUNG_CLOT, "leg-cramp-or-blood-clot",
                f"{SEED_CLOTS}: a clot can travel to the lungs; {ISSUE} for the sign", CLOT_RISKS, CLOT_CONTEXT)


RULES = (
    # --- Emergency: any emergency sign ---------------------------------------------------------
    lung_clot_sign("sudden_breathlessness"),
    lung_clot_sign("chest_pain"),
    lung_clot_sign("coughing_blood"),
    lung_clot_sign("fainting"),
    Rule("cold_pale_leg", E, yes("cold_pale_leg"),
         "You said {said}. This can mean an artery to the leg is suddenly blocked, and the leg needs treatment "
         "within hours.",
         "when-to-see-a-doctor", f"{SEED_CALF}, 'Critical pitfall' (a blocked artery can threaten the leg); {ISSUE}",
         ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("severe_pain_after_injury", E, yes("severe_pain_after_injury"),
         "You said {said}. A broken bone, a torn muscle or dangerous pressure building up in the muscle needs "
         "treatment straight away.",
         "when-to-see-a-doctor", ISSUE),
    # --- Urgent: get medical help today --------------------------------------------------------
    Rule("one_leg_swollen", U, yes("one_leg_swollen"),
         "You said {said}. Swelling of one leg can be a sign of a blood clot in a deep vein (DVT), which needs "
         "checking today.",
         "leg-cramp-or-blood-clot", f"{SEED_CLOTS}: a calf clot brings swelling and redness of that leg",
         CLOT_RISKS, CLOT_CONTEXT),
    Rule("one_leg_lasting_pain", U, all_of(is_("legs_affected", "one"), yes("lasting_pain")),
         "You said {said}. Cramps pass within minutes; pain in one leg that lasts for days can be a sign of a "
         "blood clot.",
         "leg-cramp-or-blood-clot", f"{SEED_CLOTS}: clot pain stays for days or weeks and is usually in one leg",
         CLOT_RISKS, CLOT_CONTEXT),
    Rule("possible_infection", U, all_of(yes("fever"), yes("red_or_dark_skin", "warm_skin")),
         "You said {said}. Together these can be a sign of an infection of the skin or tissue under it, "
         "which needs treatment today.",
         "conditions-that-feel-like-cramps", f"{ISSUE}; {SEED_CLOTS} notes fever and redness with a clot too",
         CLOT_RISKS, CLOT_CONTEXT),
    Rule("cannot_bear_weight", U, yes("cannot_bear_weight"),
         "You said {said}. A doctor should examine a leg you cannot stand on.",
         "when-to-see-a-doctor", f"{SEED_CLINIC}, 'When to seek medical attention' (cannot put weight on the leg)"),
    Rule("severe_worsening_pain", U, yes("severe_worsening_pain"),
         "You said {said}. Pain like this can mean pressure is building up inside the muscle (compartment "
         "syndrome), which needs treatment quickly.",
         "conditions-that-feel-like-cramps", f"{ISSUE}; {SEED_CALF} describes compartment syndrome"),
    Rule("skin_changes_with_lasting_pain", U, all_of(yes("skin_changes"), yes("lasting_pain")),
         "You said {said}. Together these can be signs that the arteries are so narrow the leg is short of "
         "blood even at rest.",
         "calf-pain-when-walking", f"{SEED_CALF}, 'Critical pitfall' (rest pain and ulcers in severe artery disease)",
         ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("long_cramp", U, is_("cramp_length", "over_10_minutes"),
         "You said {said}. Ordinary cramps last from seconds to a few minutes; pain that lasts longer may not be "
         "a cramp.",
         "conditions-that-feel-like-cramps", f"{SEED_CLINIC} and {SEED_CALF}: cramps last seconds to minutes; {ISSUE}"),
    Rule("possible_tetanus", U, yes("recent_wound"),
         "You said {said}. After a wound, stiffness or spasms can be a sign of tetanus, which needs treatment "
         "today.",
         "conditions-that-feel-like-cramps", ISSUE),
    Rule("toxin_exposure", U, yes("toxin_exposure"),
         "You said {said}. Poisoning, for example with lead, can cause cramps and needs a doctor's tests today.",
         "causes-of-leg-cramps", f"{SEED_CLINIC}: lead poisoning is a cause of leg cramps; {ISSUE} for the level"),
    # --- Soon: make an appointment -------------------------------------------------------------
    Rule("claudication", S, is_("trigger", "walking_eases_with_rest"),
         "You said {said}. This is typical of narrowed leg arteries (peripheral artery disease), which a doctor "
         "can check and treat.",
         "calf-pain-when-walking", f"{SEED_CALF}, 'Intermittent claudication'",
         ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("frequent_cramps", S, is_("frequency", "several_weekly", "nightly"),
         "You said {said}. Frequent cramps are worth discussing with a doctor, who can look for a cause.",
         "causes-of-leg-cramps", f"{SEED_CLINIC}, 'When to seek medical attention' (frequent leg cramps)"),
    Rule("sleep_disrupted", S, yes("sleep_disrupted"),
         "You said {said}. A doctor can help when cramps spoil your sleep.",
         "treating-leg-cramps", f"{SEED_CLINIC}, 'When to seek medical attention' (cramps interfere with sleep)"),
    Rule("nerve_symptoms", S, yes("numbness_tingling", "weakness", "twitching"),
         "You said {said}. Along with cramps, these can come from a nerve problem, which a doctor should check.",
         "conditions-that-feel-like-cramps",
         f"{SEED_CALF}, 'Associated risk factors' (twitching, tingling, weakness); {SEED_CLINIC} (numbness, tingling)"),
    Rule("skin_signs", S, yes("red_or_dark_skin", "warm_skin", "tender_calf"),
         "You said {said}. These are not usual with cramps and can come with a blood clot or inflammation.",
         "leg-cramp-or-blood-clot", f"{SEED_CLINIC} (redness); {SEED_CLOTS} (a tender calf with a clot)",
         CLOT_RISKS, CLOT_CONTEXT),
    Rule("skin_or_knee_changes", S, yes("skin_changes", "swelling_behind_knee"),
         "You said {said}. A doctor should look at this: it can be a sign of poor blood flow or a cyst behind "
         "the knee.",
         "conditions-that-feel-like-cramps", f"{SEED_CALF}, 'Other conditions causing calf pain' and examination",
         ARTERY_RISKS, ARTERY_CONTEXT),
    Rule("new_medicine", S, yes("new_medicine"),
         "You said {said}. Some medicines can cause cramps; do not stop a medicine, but ask your doctor or "
         "pharmacist.",
         "medicines-linked-to-leg-cramps", f"{SEED_CLINIC} and {SEED_CALF}: medicines linked to cramps"),
    Rule("long_term_condition", S, yes("long_term_condition"),
         "You said {said}. These conditions can cause cramps, and treating the condition can help.",
         "causes-of-leg-cramps", f"{SEED_CLINIC}, 'Medical conditions that can cause leg cramps'"),
    Rule("not_improving", S, yes("not_improving"),
         "You said {said}. When self-care has not helped, a doctor can look for a cause and other treatments.",
         "treating-leg-cramps", f"{SEED_CLINIC}, 'Treatment' (persistent cramps); {ISSUE}"),
    Rule("one_leg_frequent", S,
         all_of(is_("legs_affected", "one"), is_("frequency", "weekly", "several_weekly", "nightly")),
         "You said {said}. Cramps that keep coming back in the same leg can be a sign of a blood clot.",
         "leg-cramp-or-blood-clot", f"{SEED_CLOTS}: cramps often in only one leg can be a sign of a clot",
         CLOT_RISKS, CLOT_CONTEXT),
    Rule("lasting_pain", S, yes("lasting_pain"),
         "You said {said}. Cramps usually pass within minutes, so pain that lasts for days needs a doctor to "
         "find the cause.",
         "leg-cramp-or-blood-clot", f"{SEED_CLOTS}: clot pain stays for days; {SEED_CLINIC}: soreness up to 24 hours",
         CLOT_RISKS, CLOT_CONTEXT),
    Rule("fever", S, yes("fever"),
         "You said {said}. A temperature with leg pain can be a sign of an infection or a blood clot.",
         "when-to-see-a-doctor", f"{SEED_CLOTS}: a low fever can come with a clot; {ISSUE}"),
    Rule("one_leg_clot_risk", S, all_of(is_("legs_affected", "one"), yes(*CLOT_RISKS)),
         "You said {said}. Cramps or pain in one leg, together with this, make a blood clot more likely than usual.",
         "leg-cramp-or-blood-clot", f"{SEED_CLOTS}: risk factors for clots (pregnancy, hormones, surgery, "
         "chemotherapy, bed rest)"),
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


def join_phrases(phrases):
    unique = list(dict.fromkeys(phrases))
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def normalise(answers):
    """Every criterion with a definite value: True/False for yes/no (missing is
    no), the chosen value or None (not answered) for a choice.

    Raises ValueError for an unknown criterion ID or an answer it cannot take.
    """
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
    reasons = []
    for rule in RULES:
        said = rule.when.said(clean)
        if said is None:
            continue
        risk_factors = [CRITERIA_BY_ID[c].said for c in rule.risk_factors if clean[c]]
        context = rule.context.format(said=join_phrases(risk_factors)) if risk_factors else ""
        text = rule.reason.format(said=join_phrases(said))
        reasons.append(Reason(rule.id, rule.level, text[0].upper() + text[1:], rule.article, context))
    # Most serious first, so the reader sees why the level is what it is.
    reasons.sort(key=lambda reason: -reason.level.rank)
    level = reasons[0].level if reasons else Level.SELF_CARE
    return Assessment(level=level, reasons=tuple(reasons))


def rule_table():
    """The rules as a Markdown table, for clinical review: `python -m checker.triage`."""
    rows = ["| Rule | Level | When | Reason | Read next | Source |", "|---|---|---|---|---|---|"]
    for rule in RULES:
        cells = [rule.id, rule.level.value, str(rule.when), rule.reason, rule.article, rule.source]
        rows.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(rule_table())
