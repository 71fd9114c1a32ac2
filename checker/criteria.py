"""What the checker asks: every criterion, its step, its wording and its answers.

Pure Python (no Django), shared by the triage engine, the forms and the
summary for the doctor, so that a question's ID, wording and allowed answers
live in one place. IDs are fixed by issue 4; the wording is ours.

`said` is how a "yes" (or a choice) reads after "You said ...", so that a
reason can repeat back what the reader told us.
"""

from dataclasses import dataclass, field

YES_NO = "yes_no"
CHOICE = "choice"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    said: str


@dataclass(frozen=True)
class Criterion:
    id: str
    kind: str
    step: str
    label: str
    said: str = ""
    hint: str = ""
    choices: tuple[Choice, ...] = field(default_factory=tuple)

    def choice(self, value):
        for choice in self.choices:
            if choice.value == value:
                return choice
        raise ValueError(f"{value!r} is not an answer to {self.id}")


@dataclass(frozen=True)
class Step:
    slug: str
    number: int
    title: str
    legend: str
    hint: str


STEPS = (
    Step(
        "emergency",
        1,
        "Emergency signs",
        "Do you have any of these right now?",
        "Tick any that you have. If you have none of them, select Continue.",
    ),
    Step("cramps", 2, "About the cramps", "About the cramps", "Answer each question about the cramps or pain."),
    Step(
        "leg",
        3,
        "Your leg",
        "Do you have any of these in your leg?",
        "Tick all that apply. If none apply, select Continue.",
    ),
    Step(
        "about-you",
        4,
        "About you",
        "Do any of these apply to you?",
        "Tick all that apply. If none apply, select Continue.",
    ),
    Step(
        "impact",
        5,
        "How the cramps affect you",
        "Do any of these apply to you?",
        "Tick all that apply. If none apply, select Continue.",
    ),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def _yes(id, step, label, said, hint=""):
    return Criterion(id=id, kind=YES_NO, step=step, label=label, said=said, hint=hint)


def _choice(id, step, label, choices, hint=""):
    return Criterion(id=id, kind=CHOICE, step=step, label=label, hint=hint, choices=tuple(Choice(*c) for c in choices))


CRITERIA = (
    # Step 1: emergency signs
    _yes("sudden_breathlessness", "emergency", "Sudden shortness of breath", "you suddenly find it hard to breathe"),
    _yes(
        "chest_pain",
        "emergency",
        "Chest pain that is worse when you breathe in",
        "you have chest pain that is worse when you breathe in",
    ),
    _yes("coughing_blood", "emergency", "Coughing up blood", "you are coughing up blood"),
    _yes(
        "fainting",
        "emergency",
        "Fainting, or feeling that you are about to faint",
        "you have fainted or feel you are about to faint",
    ),
    _yes(
        "cold_pale_leg",
        "emergency",
        "Your leg or foot has suddenly gone cold, pale or blue, or numb and hard to move",
        "your leg or foot has suddenly gone cold, pale or blue, or numb and hard to move",
    ),
    _yes(
        "severe_pain_after_injury",
        "emergency",
        "Severe pain after an injury to your leg",
        "you have severe pain after an injury",
    ),
    # Step 2: about the cramps
    _choice(
        "legs_affected",
        "cramps",
        "Which legs are affected?",
        [
            ("one", "Only one leg, always the same one", "the cramps or pain affect only one leg"),
            ("both", "Both legs", "the cramps affect both legs"),
            ("alternating", "Sometimes one leg, sometimes the other", "the cramps affect one leg, then the other"),
        ],
    ),
    _choice(
        "cramp_length",
        "cramps",
        "How long does each cramp last?",
        [
            ("under_10_minutes", "Less than 10 minutes", "each cramp lasts less than 10 minutes"),
            ("over_10_minutes", "10 minutes or more", "a cramp lasts 10 minutes or more"),
        ],
        hint="From when the muscle tightens until it lets go. Soreness afterwards does not count.",
    ),
    _choice(
        "trigger",
        "cramps",
        "When do the cramps usually happen?",
        [
            ("night_or_rest", "At night or when resting", "the cramps come at night or when you are resting"),
            (
                "walking_eases_with_rest",
                "When walking, and they ease when I stop and rest",
                "the pain comes on when you walk and eases when you stop and rest",
            ),
            ("after_exercise", "During or after exercise or hard work", "the cramps come during or after exercise"),
            ("no_pattern", "There is no pattern", "the cramps follow no pattern"),
        ],
    ),
    _choice(
        "frequency",
        "cramps",
        "How often do you get them?",
        [
            ("less_than_weekly", "Less than once a week", "you get cramps less than once a week"),
            ("weekly", "About once a week", "you get cramps about once a week"),
            ("several_weekly", "Several times a week", "you get cramps several times a week"),
            ("nightly", "Every night", "you get cramps every night"),
        ],
    ),
    _choice(
        "since",
        "cramps",
        "How long have you had them?",
        [
            ("under_2_weeks", "Less than 2 weeks", "they started less than 2 weeks ago"),
            ("2_to_12_weeks", "2 to 12 weeks", "they started 2 to 12 weeks ago"),
            ("over_3_months", "More than 3 months", "you have had them for more than 3 months"),
        ],
    ),
    # Step 3: the leg
    _yes(
        "lasting_pain",
        "leg",
        "Pain or aching that lasts for days, even between cramps",
        "you have pain or aching that lasts for days, even between cramps",
    ),
    _yes("one_leg_swollen", "leg", "One leg is swollen", "one of your legs is swollen"),
    _yes(
        "red_or_dark_skin",
        "leg",
        "Red or darker skin on the painful area",
        "the skin over the painful area is red or darker",
    ),
    _yes("warm_skin", "leg", "The painful area feels warm", "the painful area feels warm"),
    _yes("tender_calf", "leg", "Your calf is sore to touch", "your calf is sore to touch"),
    _yes(
        "fever",
        "leg",
        "A high temperature, or feeling hot and shivery",
        "you have a high temperature or feel hot and shivery",
    ),
    _yes("cannot_bear_weight", "leg", "You cannot put weight on the leg", "you cannot put weight on the leg"),
    _yes(
        "severe_worsening_pain",
        "leg",
        "Severe pain that keeps getting worse and is not eased by rest",
        "you have severe pain that keeps getting worse and is not eased by rest",
    ),
    _yes("numbness_tingling", "leg", "Numbness or tingling", "you have numbness or tingling"),
    _yes("weakness", "leg", "Weakness in the leg or foot", "your leg or foot feels weak"),
    _yes("twitching", "leg", "Muscle twitching", "your muscles twitch"),
    _yes(
        "skin_changes",
        "leg",
        "Shiny or hairless skin on the leg, or sores that do not heal",
        "you have shiny or hairless skin on the leg, or sores that do not heal",
    ),
    _yes("swelling_behind_knee", "leg", "A swelling behind the knee", "you have a swelling behind the knee"),
    # Step 4: about you
    _yes(
        "recent_surgery_or_immobility",
        "about-you",
        "An operation, a hospital stay, bed rest or a plaster cast in the last 12 weeks",
        "you had an operation, a hospital stay, bed rest or a cast in the last 12 weeks",
    ),
    _yes(
        "long_journey",
        "about-you",
        "A journey of 4 hours or more in the last 4 weeks",
        "you made a journey of 4 hours or more in the last 4 weeks",
        hint="By car, coach, train or plane.",
    ),
    _yes("previous_clot", "about-you", "You have had a blood clot before", "you have had a blood clot before"),
    _yes(
        "cancer",
        "about-you",
        "Cancer, or cancer treatment in the last 6 months",
        "you have cancer or had cancer treatment in the last 6 months",
    ),
    _yes(
        "pregnant_or_postpartum",
        "about-you",
        "You are pregnant or had a baby in the last 6 weeks",
        "you are pregnant or had a baby recently",
    ),
    _yes(
        "hormones",
        "about-you",
        "You take the combined contraceptive pill, hormone replacement therapy (HRT) or raloxifene",
        "you take the combined pill, HRT or raloxifene",
    ),
    _yes("smoker", "about-you", "You smoke", "you smoke"),
    _yes("diabetes", "about-you", "You have diabetes", "you have diabetes"),
    _yes(
        "heart_or_circulation_risk",
        "about-you",
        "Heart disease, a stroke, high blood pressure or high cholesterol",
        "you have heart disease, high blood pressure, high cholesterol or have had a stroke",
    ),
    _yes("age_65_or_over", "about-you", "You are 65 or older", "you are 65 or older"),
    _yes(
        "long_term_condition",
        "about-you",
        "Kidney disease or dialysis, liver disease, a thyroid problem, Addison's disease or Parkinson's disease",
        "you have a long-term condition such as kidney, liver or thyroid disease, Addison's or Parkinson's",
    ),
    _yes(
        "new_medicine",
        "about-you",
        "You started or changed a medicine in the last 3 months",
        "you started or changed a medicine in the last 3 months",
        hint="Include medicines bought from a pharmacy or shop, and a change of dose.",
    ),
    _yes(
        "recent_wound",
        "about-you",
        "A wound in the last 3 weeks, and now stiffness or spasms (for example of your jaw)",
        "you had a wound in the last 3 weeks and now have stiffness or spasms",
    ),
    _yes(
        "toxin_exposure",
        "about-you",
        "You may have been exposed to lead or another poison",
        "you may have been exposed to lead or another poison",
    ),
    # Step 5: impact
    _yes("sleep_disrupted", "impact", "The cramps often wake you or keep you awake", "the cramps disturb your sleep"),
    _yes(
        "not_improving",
        "impact",
        "They are no better after 2 weeks of stretching and looking after yourself",
        "they are no better after 2 weeks of stretching and self-care",
    ),
)

CRITERIA_BY_ID = {criterion.id: criterion for criterion in CRITERIA}


def criteria_for_step(slug):
    return [criterion for criterion in CRITERIA if criterion.step == slug]


EMERGENCY_SIGNS = tuple(criterion.id for criterion in criteria_for_step("emergency"))
CLOT_RISKS = (
    "recent_surgery_or_immobility",
    "long_journey",
    "previous_clot",
    "cancer",
    "pregnant_or_postpartum",
    "hormones",
)
# Make narrowed arteries more likely; they change no level on their own.
ARTERY_RISKS = ("smoker", "diabetes", "heart_or_circulation_risk", "age_65_or_over")
