"""What the result page says for each level, which articles it suggests, the
"if it gets worse" advice, and the summary of answers for the doctor.

Pure Python, no Django. The words of a region (emergency number, urgent line,
name of the family doctor's practice) come in as a `Region` from
config/regions.py, so no page mixes two countries' words.
"""

from dataclasses import dataclass

from checker.criteria import CHOICE, CRITERIA, MEDICINES, SHORT_LABELS, STEPS, YES_NO
from checker.triage import Level, sign_levels

# Articles the checker may suggest. The slugs are fixed with the article
# writers; titles here are link text only (no database query on a result
# page). Kept as data so the editorial side can ask "what links here".
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
    Level.EMERGENCY: [],
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
    "statin": "medicines-linked-to-leg-cramps",
    "quinolone_antibiotic": "medicines-linked-to-leg-cramps",
    "hormones": "medicines-linked-to-leg-cramps",
    "long_term_condition": "causes-of-leg-cramps",
}


def linked_articles():
    """Every article slug the checker can link to, with why: for "what links here"."""
    from checker.triage import RULES

    links = {}
    for rule in RULES:
        links.setdefault(rule.article, []).append(f"rule {rule.id}")
    for criterion, slug in ANSWER_ARTICLES.items():
        links.setdefault(slug, []).append(f"answer {criterion}")
    for level, slugs in LEVEL_ARTICLES.items():
        for slug in slugs:
            links.setdefault(slug, []).append(f"level {level.value}")
    return links


@dataclass(frozen=True)
class LevelAdvice:
    css: str
    heading: str
    how_soon: str
    # What to do, as short lines; {names} are the region's words.
    do_now: tuple[str, ...]
    summary: str


# {emergency_number}, {urgent_line}, {gp_practice}, {gp}, {emergency_department}
# and {poisons_line} are filled in from the region.
LEVEL_ADVICE = {
    Level.EMERGENCY: LevelAdvice(
        "emergency",
        "Call {emergency_number} now",
        "Now",
        (
            "Or go to {emergency_department} straight away, if that is quicker.",
            "Do not drive yourself. Do not wait to see if it gets better.",
            "If you can, take a list of your medicines, or this page, with you.",
        ),
        "What you told us can be a sign of a problem that needs treatment straight away.",
    ),
    Level.URGENT: LevelAdvice(
        "urgent",
        "Get medical help today",
        "Today, within the next few hours",
        (
            "Say it is urgent and you need to be seen today.",
            "Do not wait for a routine appointment.",
            "Take the summary below with you.",
        ),
        "What you told us needs a doctor or nurse to see you today.",
    ),
    Level.SOON: LevelAdvice(
        "soon",
        "Book an appointment with your {gp}",
        "In the next week or two",
        (
            "It does not need to be today, but do not leave it for weeks.",
            "Until then, gently stretch your calves, especially before bed.",
            "Do not stop any medicine without talking to your {gp} or pharmacist first.",
        ),
        "What you told us is not an emergency, but a doctor should check it.",
    ),
    Level.SELF_CARE: LevelAdvice(
        "self-care",
        "Look after it at home",
        "Tonight, and for the next 2 weeks",
        (
            "When a cramp starts, straighten your leg and pull your toes up towards you, then rub the muscle.",
            "Stretch your calves every day, and just before bed if cramps come at night.",
            "Stay active in the day, and drink enough when you exercise.",
        ),
        "Nothing you told us points to a serious cause. Most leg cramps are harmless and pass on their own.",
    ),
}


def region_words(region):
    return {
        "emergency_number": region.emergency_number,
        "urgent_line": region.urgent_line,
        "gp_practice": region.gp_practice,
        "gp": region.gp,
        "emergency_department": region.emergency_department,
        "poisons_line": region.poisons_line,
    }


def in_region(text, region):
    return text.format(**region_words(region))


@dataclass(frozen=True)
class Action:
    """The first thing on a result page: what to do, who to contact, how soon."""

    css: str
    heading: str
    how_soon: str
    lines: tuple[str, ...]
    summary: str
    # tel: links, each (label, number to dial)
    calls: tuple[tuple[str, str], ...]


def action_for(level, region):
    advice = LEVEL_ADVICE[level]
    words = region_words(region)
    calls = ()
    if level == Level.EMERGENCY:
        calls = ((f"Call {region.emergency_number}", region.emergency_number),)
        who = ()
    elif level == Level.URGENT:
        if region.urgent_line_tel:
            calls = ((f"Call {region.urgent_line}", region.urgent_line_tel),)
            who = (f"Call {region.urgent_line} now, or your {region.gp_practice} if it is open.",)
        else:
            who = (f"Contact {region.urgent_line} now.",)
    elif level == Level.SOON:
        who = (f"Contact your {region.gp_practice} to book an appointment.",)
    else:
        who = ()
    return Action(
        css=advice.css,
        heading=advice.heading.format(**words),
        how_soon=advice.how_soon,
        lines=who + tuple(line.format(**words) for line in advice.do_now),
        summary=advice.summary,
        calls=calls,
    )


def localised_reasons(reasons, region):
    """Reasons with the region's words put in (e.g. the poisons line)."""
    from dataclasses import replace

    return tuple(replace(reason, text=in_region(reason.text, region)) for reason in reasons)


@dataclass(frozen=True)
class SafetyNet:
    """What would mean a higher level: "if it gets worse" advice."""

    heading: str
    items: tuple[str, ...]
    level: Level


# How a choice answer reads in a "get help if" list.
CHOICE_WARNINGS = {
    "cramp_length=over_10_minutes": "A cramp lasts 10 minutes or more",
    "cramp_length=no_cramps": "The pain stays most of the time, not only in cramps",
    "frequency=several_weekly": "Cramps come several times a week",
    "frequency=nightly": "Cramps come every night",
}


def warning_signs(level):
    """The symptoms that on their own reach this level, by the checker's own
    rules (never a separate list). Facts about the reader (medicines, age) are
    left out: they are not a change to watch for."""
    table = sign_levels()
    signs = []
    for criterion in CRITERIA:
        if criterion.step == "about-you":
            continue
        if criterion.kind == YES_NO:
            if table[criterion.id] == level:
                signs.append(criterion.label)
        else:
            signs += [
                CHOICE_WARNINGS[f"{criterion.id}={choice.value}"]
                for choice in criterion.choices
                if table[f"{criterion.id}={choice.value}"] == level
            ]
    return tuple(signs)


def safety_net(level, region):
    """For every level above this one, the changes that would reach it."""
    nets = []
    if level.rank < Level.SOON.rank:
        nets.append(SafetyNet(f"Book an appointment with your {region.gp} if", warning_signs(Level.SOON), Level.SOON))
    if level.rank < Level.URGENT.rank:
        who = f"call {region.urgent_line}" if region.urgent_line_tel else f"contact {region.urgent_line}"
        nets.append(SafetyNet(f"Get help today ({who}) if", warning_signs(Level.URGENT), Level.URGENT))
    if level.rank < Level.EMERGENCY.rank:
        nets.append(
            SafetyNet(
                f"Call {region.emergency_number} now if at any time you get",
                warning_signs(Level.EMERGENCY),
                Level.EMERGENCY,
            )
        )
    else:
        nets.append(
            SafetyNet(
                "While you wait for help",
                (
                    f"If you get worse, or new signs start, call {region.emergency_number} again.",
                    "If you are alone, unlock the door and tell someone, if you can.",
                ),
                Level.EMERGENCY,
            )
        )
    return nets


def further_reading(assessment, answers):
    """(slug, title) pairs: the reasons' articles first, most serious first."""
    slugs = [reason.article for reason in assessment.reasons]
    slugs += [slug for criterion, slug in ANSWER_ARTICLES.items() if answers.get(criterion) is True]
    slugs += LEVEL_ARTICLES[assessment.level]
    return [(slug, ARTICLES[slug]) for slug in dict.fromkeys(slugs)]


@dataclass(frozen=True)
class SummarySection:
    heading: str
    answers: tuple[tuple[str, str], ...] = ()  # (question, answer) for choice questions
    said_yes: tuple[str, ...] = ()
    said_no: tuple[str, ...] = ()


QUESTIONS_DOCTOR_MAY_ASK = (
    "When did it start, and did anything happen just before (an injury, a long journey, a new medicine)?",
    "Where exactly is the pain, and does it spread?",
    "What makes it better or worse: walking, resting, raising the leg, stretching?",
    "Which medicines do you take, including ones from a pharmacy or shop? Bring a list.",
    "Has anyone in your family had a blood clot?",
    "How much alcohol do you drink in a week?",
)


def doctor_summary(answers, asked):
    """What to tell the doctor, page by page: the choices made, and what the
    reader said yes AND no to (a "no" matters to a doctor too).

    `asked(step)` gives the questions this reader was asked on each page they
    answered, so a question not asked (a cramp question for someone without
    cramps) appears nowhere, neither as yes nor as no.
    """
    sections = []
    for step in STEPS:
        questions = asked(step)
        if questions is None:
            continue
        medicines = [c for c in questions if c.id in MEDICINES]
        others = [c for c in questions if c.id not in MEDICINES]
        sections.append(
            SummarySection(
                heading=step.title,
                answers=tuple(
                    (c.label, c.choice(answers[c.id]).label if answers.get(c.id) else "Not answered")
                    for c in others
                    if c.kind == CHOICE
                ),
                said_yes=tuple(c.label for c in others if c.kind == YES_NO and answers.get(c.id) is True),
                said_no=tuple(SHORT_LABELS[c.id] for c in others if c.kind == YES_NO and answers.get(c.id) is not True),
            )
        )
        if medicines:
            sections.append(
                SummarySection(
                    heading="Medicines",
                    said_yes=tuple(c.label for c in medicines if answers.get(c.id) is True),
                    said_no=tuple(SHORT_LABELS[c.id] for c in medicines if answers.get(c.id) is not True),
                )
            )
    return sections
