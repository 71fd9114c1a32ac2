"""What the result page says for each level, which articles it suggests, and the
summary of answers for the doctor. Pure Python, no Django."""

from dataclasses import dataclass

from checker.criteria import CHOICE, CRITERIA, CRITERIA_BY_ID
from checker.triage import Level

# Articles the checker may suggest. The slugs are fixed with the article
# writers; titles here are link text only (no database query on a result page).
ARTICLES = {
    "what-are-leg-cramps": "What are leg cramps?",
    "causes-of-leg-cramps": "Causes of leg cramps",
    "medicines-linked-to-leg-cramps": "Medicines linked to leg cramps",
    "stretches-for-leg-cramps": "Stretches for leg cramps",
    "preventing-leg-cramps": "Preventing leg cramps",
    "leg-cramp-or-blood-clot": "Leg cramp or blood clot?",
    "when-to-see-a-doctor": "When to see a doctor about leg cramps",
    "calf-pain-when-walking": "Calf pain when walking",
    "conditions-that-feel-like-cramps": "Conditions that feel like cramps",
    "leg-cramps-in-pregnancy": "Leg cramps in pregnancy",
    "treating-leg-cramps": "Treating leg cramps",
}

LEVEL_ARTICLES = {
    Level.EMERGENCY: ["leg-cramp-or-blood-clot"],
    Level.URGENT: ["when-to-see-a-doctor"],
    Level.SOON: ["when-to-see-a-doctor", "stretches-for-leg-cramps"],
    Level.SELF_CARE: [
        "stretches-for-leg-cramps",
        "preventing-leg-cramps",
        "treating-leg-cramps",
        "what-are-leg-cramps",
    ],
}
# Answers that make an article relevant whatever the level.
ANSWER_ARTICLES = {
    "pregnant_or_postpartum": "leg-cramps-in-pregnancy",
    "new_medicine": "medicines-linked-to-leg-cramps",
    "hormones": "medicines-linked-to-leg-cramps",
    "long_term_condition": "causes-of-leg-cramps",
}


@dataclass(frozen=True)
class LevelAdvice:
    css: str
    heading: str  # "{number}" becomes the emergency number
    summary: str
    do_now: tuple[str, ...]


LEVEL_ADVICE = {
    Level.EMERGENCY: LevelAdvice(
        "emergency",
        "Call {number} now",
        "What you told us can be a sign of a problem that needs treatment straight away.",
        (
            "Call {number} now, or have someone take you to the nearest emergency department.",
            "Do not drive yourself, and do not wait to see whether it gets better.",
            "If you can, take a list of your medicines, or this page, with you.",
        ),
    ),
    Level.URGENT: LevelAdvice(
        "urgent",
        "Get medical help today",
        "What you told us needs a doctor or nurse to see you today.",
        (
            "Contact your doctor's surgery today and say it is urgent.",
            "If they cannot see you today, or they are closed, go to an urgent care centre or out-of-hours service.",
            "Take the summary below with you.",
        ),
    ),
    Level.SOON: LevelAdvice(
        "soon",
        "Make an appointment with your doctor",
        "What you told us is not an emergency, but a doctor should check it.",
        (
            "Book an appointment with your doctor. It does not need to be today, but do not leave it for weeks.",
            "Until then, gently stretching your calves, especially before bed, may help.",
            "Do not stop any medicine without talking to your doctor or pharmacist first.",
        ),
    ),
    Level.SELF_CARE: LevelAdvice(
        "self-care",
        "You can probably look after this at home",
        "Nothing you told us suggests a serious cause. Most leg cramps are harmless and pass on their own.",
        (
            "When a cramp starts, stretch the muscle: straighten your leg and pull your toes up towards you.",
            "Stretch your calves every day, and before bed if cramps come at night.",
            "Keep active during the day, and drink enough when you exercise.",
            "See your doctor if the cramps become frequent, disturb your sleep, or are no better after 2 weeks.",
        ),
    ),
}


def further_reading(assessment, answers):
    """(slug, title) pairs: the reasons' articles first, most serious first."""
    slugs = [reason.article for reason in assessment.reasons]
    slugs += [slug for criterion, slug in ANSWER_ARTICLES.items() if answers.get(criterion) is True]
    slugs += LEVEL_ARTICLES[assessment.level]
    return [(slug, ARTICLES[slug]) for slug in dict.fromkeys(slugs)]


@dataclass(frozen=True)
class SummaryLine:
    heading: str
    items: tuple[str, ...]


MEDICINE_CRITERIA = ("new_medicine", "hormones")


def doctor_summary(answers, steps_done):
    """What to tell the doctor: when, since when, how often, other symptoms,
    medicines and health, in the words of the questions the reader answered."""

    def ticked(step_slug, exclude=()):
        labels = tuple(
            c.label for c in CRITERIA if c.step == step_slug and c.id not in exclude and answers.get(c.id) is True
        )
        return labels or ("None",)

    lines = []
    if "emergency" in steps_done:
        lines.append(SummaryLine("Emergency signs", ticked("emergency")))
    if "cramps" in steps_done:
        for criterion in (c for c in CRITERIA if c.kind == CHOICE):
            value = answers.get(criterion.id)
            lines.append(SummaryLine(criterion.label, (criterion.choice(value).label if value else "Not answered",)))
    if "leg" in steps_done:
        lines.append(SummaryLine("Other symptoms in the leg", ticked("leg")))
    if "about-you" in steps_done:
        medicines = tuple(CRITERIA_BY_ID[c].label for c in MEDICINE_CRITERIA if answers.get(c) is True)
        lines.append(SummaryLine("Medicines", medicines or ("No new or changed medicine, no hormones",)))
        lines.append(SummaryLine("Health, recent events and risk factors", ticked("about-you", MEDICINE_CRITERIA)))
    if "impact" in steps_done:
        lines.append(SummaryLine("How the cramps affect you", ticked("impact")))
    return lines
