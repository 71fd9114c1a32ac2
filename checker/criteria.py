"""What the checker asks: every criterion, its page, its wording and its answers.

Pure Python (no Django), shared by the triage engine, the flow, the forms and
the summary for the doctor, so that a question's ID, wording and allowed
answers live in one place. IDs are fixed by issue 11 (an independent clinical
test set checks the engine by them); the wording is ours.

`said` is how a "yes" (or a choice) reads after "You said ...", so that a
reason can repeat back what the reader told us. `cramp_only` marks the
questions that only make sense for someone who gets cramps: a reader who
answers `cramp_length` = `no_cramps` is never asked them (checker/flow.py).
"""

from dataclasses import dataclass, field

YES_NO = "yes_no"
CHOICE = "choice"

# IDs that earlier versions used. The engine refuses them like any unknown ID,
# so an old client or test set cannot be silently read with a new meaning.
REMOVED_IDS = frozenset({"trigger", "red_or_dark_skin", "warm_skin", "tender_calf", "recent_wound", "toxin_exposure"})
NO_CRAMPS = "no_cramps"


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
    cramp_only: bool = False

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
    # The question over the page's tick boxes (the page's heading when it has
    # only tick boxes), and its hint.
    legend: str
    hint: str


STEPS = (
    Step(
        "emergency",
        1,
        "Emergency signs",
        "Have you had any of these, now or at any time since the leg pain started?",
        "Tick any you have had, even if it has passed. If you have had none of them, select Continue.",
    ),
    Step("pain", 2, "About the pain", "About the pain", "Answer each question about the cramps or pain."),
    Step(
        "pattern",
        3,
        "When it happens",
        "When does the cramp or pain come on?",
        "Tick all that apply. If none of these fit, select Continue.",
    ),
    Step(
        "leg",
        4,
        "Your legs",
        "Do you have any of these?",
        "Tick all that apply. If none apply, select Continue.",
    ),
    Step(
        "about-you",
        5,
        "About you",
        "Do any of these apply to you?",
        "Tick all that apply. If none apply, select Continue.",
    ),
    Step(
        "impact",
        6,
        "How it affects you",
        "Do any of these apply to you?",
        "Tick all that apply. If none apply, select Continue.",
    ),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def _yes(id, step, label, said, hint="", cramp_only=False):
    return Criterion(id=id, kind=YES_NO, step=step, label=label, said=said, hint=hint, cramp_only=cramp_only)


def _choice(id, step, label, choices, hint="", cramp_only=False):
    return Criterion(
        id=id,
        kind=CHOICE,
        step=step,
        label=label,
        hint=hint,
        choices=tuple(Choice(*c) for c in choices),
        cramp_only=cramp_only,
    )


CRITERIA = (
    # --- Step 1: emergency signs, "now, or at any time since the leg pain started" -----------------
    _yes("sudden_breathlessness", "emergency", "Sudden shortness of breath", "you had sudden shortness of breath"),
    _yes(
        "chest_pain",
        "emergency",
        "Chest pain or tightness of any kind",
        "you had chest pain or tightness",
        hint="Sharp, dull, crushing or tight, constant or coming and going.",
    ),
    _yes("coughing_blood", "emergency", "Coughing up blood", "you coughed up blood"),
    _yes(
        "fainting",
        "emergency",
        "Fainting, collapsing, or feeling you were about to faint",
        "you fainted, collapsed or felt about to faint",
    ),
    _yes(
        "cold_pale_leg",
        "emergency",
        "A leg or foot that suddenly went cold, pale or blue",
        "your leg or foot suddenly went cold, pale or blue",
    ),
    _yes(
        "leg_cannot_move",
        "emergency",
        "A leg or foot that suddenly went numb, or that you cannot move properly, and it stays like that after any "
        "cramp has passed",
        "your leg or foot suddenly went numb or you cannot move it properly, even after the cramp passed",
        hint="A cramp can lock the foot for a few minutes, and a foot can 'go to sleep' after sitting: "
        "those are not this.",
    ),
    _yes(
        "severe_pain_after_injury",
        "emergency",
        "Severe pain, or you cannot stand, after a fall, a blow or a twist",
        "you have severe pain, or cannot stand, after a fall, blow or twist",
    ),
    _yes(
        "stroke_signs",
        "emergency",
        "Sudden weakness or numbness of the face, arm or leg on one side, a drooping face, or slurred speech",
        "you had sudden weakness or numbness on one side, a drooping face or slurred speech",
    ),
    _yes(
        "very_unwell",
        "emergency",
        "Confused, very drowsy, breathing very fast, or skin that is blotchy, very pale or blue",
        "you are confused, very drowsy, breathing very fast, or your skin is blotchy, very pale or blue",
    ),
    _yes(
        "dark_urine",
        "emergency",
        "Dark brown pee, the colour of cola or tea, with muscle pain or weakness",
        "your pee is dark brown, like cola or tea, and your muscles hurt or feel weak",
    ),
    _yes(
        "saddle_or_bladder",
        "emergency",
        "Numbness around your bottom or genitals, new loss of control of your pee or poo, or you cannot pee",
        "you have numbness around your bottom or genitals, new loss of control of pee or poo, or cannot pee",
        hint="Constipation alone is not this.",
    ),
    _yes(
        "spreading_weakness",
        "emergency",
        "Weakness or numbness that is spreading up your legs, or getting worse day by day",
        "you have weakness or numbness spreading up your legs or getting worse day by day",
    ),
    _yes(
        "tetanus_signs",
        "emergency",
        "A cut or wound in the last 3 weeks, and now a stiff jaw, trouble opening your mouth, or painful spasms "
        "of the neck, back or stomach",
        "you had a wound in the last 3 weeks and now have a stiff jaw or painful spasms",
    ),
    _yes(
        "poisoning_now",
        "emergency",
        "You may have swallowed, breathed in or touched a poison in the last few hours",
        "you may have swallowed, breathed in or touched a poison in the last few hours",
    ),
    # --- Step 2: about the pain ---------------------------------------------------------------
    _choice(
        "legs_affected",
        "pain",
        "Which legs are affected?",
        [
            ("one", "Only one leg, always the same one", "the cramps or pain affect only one leg"),
            ("both", "Both legs", "the cramps or pain affect both legs"),
            (
                "alternating",
                "Sometimes one leg, sometimes the other",
                "the cramps or pain move from one leg to the other",
            ),
        ],
    ),
    _choice(
        "cramp_length",
        "pain",
        "How long does each cramp last?",
        [
            ("under_10_minutes", "Less than 10 minutes", "each cramp lasts less than 10 minutes"),
            ("over_10_minutes", "10 minutes or more", "a cramp lasts 10 minutes or more"),
            (
                NO_CRAMPS,
                "I do not get cramps: the pain is there most of the time",
                "the pain is there most of the time, not in cramps",
            ),
        ],
        hint="A cramp is a muscle that suddenly tightens. Count from when it tightens until it lets go; "
        "soreness afterwards does not count.",
    ),
    _choice(
        "since",
        "pain",
        "How long have you had the cramps or pain?",
        [
            ("under_2_weeks", "Less than 2 weeks", "it started less than 2 weeks ago"),
            ("2_to_12_weeks", "2 to 12 weeks", "it started 2 to 12 weeks ago"),
            ("over_3_months", "More than 3 months", "you have had it for more than 3 months"),
        ],
    ),
    # --- Step 3: when it happens -----------------------------------------------------------------
    _choice(
        "frequency",
        "pattern",
        "How often do you get cramps?",
        [
            ("less_than_weekly", "Less than once a week", "you get cramps less than once a week"),
            ("weekly", "About once a week", "you get cramps about once a week"),
            ("several_weekly", "Several times a week", "you get cramps several times a week"),
            ("nightly", "Every night", "you get cramps every night"),
        ],
        cramp_only=True,
    ),
    _yes("at_night_or_rest", "pattern", "At night, or when you are resting", "it comes at night or when you rest"),
    _yes(
        "walking_eases_with_rest",
        "pattern",
        "When you walk, and it eases within a few minutes when you stop and stand still",
        "the pain comes on when you walk and eases when you stop",
    ),
    _yes(
        "after_exercise",
        "pattern",
        "During or after exercise or hard work",
        "it came on during or after exercise or hard work",
    ),
    # --- Step 4: the legs (one-sided signs asked as one-sided) -----------------------------------
    _yes(
        "lasting_pain",
        "leg",
        "Pain or aching that lasts for days, even between cramps",
        "you have pain or aching that lasts for days",
        cramp_only=True,
    ),
    _yes("one_leg_swollen", "leg", "One leg is swollen, more than the other", "one leg is swollen"),
    _yes(
        "both_legs_swollen",
        "leg",
        "Both legs became swollen in the last few days and stay swollen",
        "both legs became swollen in the last few days",
        hint="Not ankles that puff up on a hot day and go down overnight.",
    ),
    _yes("one_leg_red_or_dark", "leg", "Red or darker skin on one leg", "the skin on one leg is red or darker"),
    _yes("one_leg_warm", "leg", "One leg feels warm to touch where it hurts", "one leg feels warm where it hurts"),
    _yes(
        "one_calf_tender",
        "leg",
        "One calf is sore when you press it, or its veins are hard and sore",
        "one calf is sore to touch",
    ),
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
        "Severe pain that keeps getting worse, and rest or painkillers do not ease it",
        "you have severe pain that keeps getting worse",
    ),
    _yes(
        "sudden_pop",
        "leg",
        "A sudden pop or snap, or a feeling of being kicked, at the back of the calf or ankle",
        "you felt a sudden pop, snap or kick at the back of the calf or ankle",
    ),
    _yes("numbness_tingling", "leg", "Numbness or tingling in the leg or foot", "you have numbness or tingling"),
    _yes("weakness", "leg", "Weakness in the leg or foot", "your leg or foot feels weak"),
    _yes("twitching", "leg", "Muscle twitching you can see under the skin", "your muscles twitch"),
    _yes(
        "tingling_mouth_hands",
        "leg",
        "Tingling around your mouth (with or without tingling fingers), or your hands going into spasm",
        "you have tingling around the mouth or your hands go into spasm",
    ),
    _yes("swelling_behind_knee", "leg", "A swelling behind the knee", "you have a swelling behind the knee"),
    _yes(
        "skin_changes",
        "leg",
        "Shiny or hairless skin, or brown stains on the skin, of the lower legs",
        "the skin of your lower legs is shiny, hairless or stained brown",
    ),
    _yes(
        "non_healing_sore",
        "leg",
        "A sore or wound on the leg or foot that is not healing",
        "you have a sore or wound on the leg or foot that is not healing",
    ),
    _yes(
        "rest_pain_foot",
        "leg",
        "An ache in the foot or toes most nights that eases only when you hang the leg down or sleep in a chair, "
        "or a toe turning black",
        "your foot aches at night until you hang the leg down, or a toe is turning black",
        hint="This is a constant ache, not a cramp.",
    ),
    # --- Step 5: about you -------------------------------------------------------------------
    _yes(
        "recent_surgery_or_immobility",
        "about-you",
        "An operation, a hospital stay, bed rest, or a plaster cast or boot on the leg in the last 12 weeks",
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
        "statin",
        "about-you",
        "You take a statin for cholesterol (such as atorvastatin or simvastatin)",
        "you take a statin",
    ),
    _yes(
        "quinolone_antibiotic",
        "about-you",
        "You take, or took in the last 3 months, the antibiotic ciprofloxacin, levofloxacin, moxifloxacin or ofloxacin",
        "you take, or recently took, ciprofloxacin or a similar antibiotic",
        hint="These can harm tendons, even months after the last dose.",
    ),
    _yes(
        "lead_exposure",
        "about-you",
        "Your work or a hobby involves lead: old paint, car batteries, soldering, lead shot or roofing",
        "your work or a hobby involves lead",
    ),
    # --- Step 6: how it affects you ----------------------------------------------------------
    _yes(
        "sleep_disrupted",
        "impact",
        "The cramps or pain often wake you or keep you awake",
        "the cramps or pain disturb your sleep",
    ),
    _yes(
        "not_improving",
        "impact",
        "It is no better after 2 weeks of stretching and looking after yourself",
        "it is no better after 2 weeks of stretching and self-care",
    ),
)

CRITERIA_BY_ID = {criterion.id: criterion for criterion in CRITERIA}


def criteria_for_step(slug):
    return [criterion for criterion in CRITERIA if criterion.step == slug]


EMERGENCY_SIGNS = tuple(criterion.id for criterion in criteria_for_step("emergency"))
CRAMP_ONLY = tuple(criterion.id for criterion in CRITERIA if criterion.cramp_only)
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
MEDICINES = ("new_medicine", "statin", "quinolone_antibiotic", "hormones")

# Short names for the summary for the doctor, so it fits one printed page.
SHORT_LABELS = {
    "sudden_breathlessness": "sudden breathlessness",
    "chest_pain": "chest pain or tightness",
    "coughing_blood": "coughing blood",
    "fainting": "fainting or near-fainting",
    "cold_pale_leg": "cold, pale or blue leg",
    "leg_cannot_move": "sudden numb or weak leg",
    "severe_pain_after_injury": "severe pain after injury",
    "stroke_signs": "stroke signs",
    "very_unwell": "confused, drowsy, fast breathing or mottled skin",
    "dark_urine": "dark urine with muscle pain",
    "saddle_or_bladder": "saddle numbness or bladder/bowel change",
    "spreading_weakness": "spreading weakness",
    "tetanus_signs": "wound, then stiff jaw or spasms",
    "poisoning_now": "possible poisoning",
    "at_night_or_rest": "at night or at rest",
    "walking_eases_with_rest": "on walking, eases with rest",
    "after_exercise": "during or after exercise",
    "lasting_pain": "pain lasting days",
    "one_leg_swollen": "one leg swollen",
    "both_legs_swollen": "both legs newly swollen",
    "one_leg_red_or_dark": "one leg red or dark",
    "one_leg_warm": "one leg warm",
    "one_calf_tender": "one calf tender",
    "fever": "fever",
    "cannot_bear_weight": "cannot bear weight",
    "severe_worsening_pain": "severe, worsening pain",
    "sudden_pop": "sudden pop at back of calf or ankle",
    "numbness_tingling": "numbness or tingling",
    "weakness": "weakness",
    "twitching": "twitching",
    "tingling_mouth_hands": "tingling round mouth or hand spasm",
    "swelling_behind_knee": "swelling behind knee",
    "skin_changes": "shiny, hairless or stained skin",
    "non_healing_sore": "sore not healing",
    "rest_pain_foot": "night foot pain eased by hanging leg down, or black toe",
    "recent_surgery_or_immobility": "operation, hospital, bed rest or cast (12 weeks)",
    "long_journey": "journey of 4 hours or more (4 weeks)",
    "previous_clot": "previous clot",
    "cancer": "cancer (6 months)",
    "pregnant_or_postpartum": "pregnant or recent birth",
    "hormones": "combined pill, HRT or raloxifene",
    "smoker": "smokes",
    "diabetes": "diabetes",
    "heart_or_circulation_risk": "heart disease, stroke, blood pressure or cholesterol",
    "age_65_or_over": "65 or older",
    "long_term_condition": "kidney, liver, thyroid, Addison's or Parkinson's",
    "new_medicine": "new or changed medicine (3 months)",
    "statin": "statin",
    "quinolone_antibiotic": "ciprofloxacin-type antibiotic (3 months)",
    "lead_exposure": "lead at work or hobby",
    "sleep_disrupted": "disturbs sleep",
    "not_improving": "no better after 2 weeks of self-care",
}
