"""Which page a reader may see next: the checker's navigation, in one place.

Every view asks this module where a reader belongs (views.py never decides
on its own), and it decides only from the run's answers:
- the steps come in order; a page is open once every page before it is done;
- any page whose answers already reach the emergency level (by `assess()`
  of the answers so far, not a list of signs kept by hand) leads straight to
  the emergency result, as NHS 111 does; the reader may still go back to a
  page they answered, to put a mistake right;
- a reader who does not get cramps is never asked a cramp-only question,
  and a cramp-only answer they gave before saying so is dropped.
"""

from dataclasses import dataclass

from django.urls import reverse

from checker.criteria import CHOICE, CRITERIA_BY_ID, NO_CRAMPS, STEPS, criteria_for_step
from checker.triage import RULES_BY_ID, Level, assess

START, STEP, CHECK_ANSWERS, RESULT = "start", "step", "check_answers", "result"


@dataclass(frozen=True)
class Page:
    kind: str
    step: object = None

    def url(self, run):
        if self.kind == START:
            return reverse("checker:start")
        if self.kind == STEP:
            return reverse("checker:step", args=[run.id, self.step.slug])
        return reverse(f"checker:{self.kind}", args=[run.id])


RESULT_PAGE = Page(RESULT)
CHECK_ANSWERS_PAGE = Page(CHECK_ANSWERS)


def asked(criterion, answers):
    """Whether the reader is asked this question, given their answers so far."""
    return not (criterion.cramp_only and answers.get("cramp_length") == NO_CRAMPS)


def questions(step, answers):
    return [criterion for criterion in criteria_for_step(step.slug) if asked(criterion, answers)]


def is_complete(run, step):
    """Saved, with an answer to every choice question the reader is asked."""
    if step.slug not in run.steps_done:
        return False
    return all(c.id in run.answers for c in questions(step, run.answers) if c.kind == CHOICE)


def first_incomplete(run):
    return next((step for step in STEPS if not is_complete(run, step)), None)


def all_complete(run):
    return first_incomplete(run) is None


def assessment(run):
    return assess(run.answers)


def reaches_emergency(run):
    return assessment(run).level == Level.EMERGENCY


def next_page(run):
    """Where a reader goes after saving a page, or when they open a page too early."""
    if reaches_emergency(run):
        return RESULT_PAGE
    step = first_incomplete(run)
    return Page(STEP, step) if step else CHECK_ANSWERS_PAGE


def redirect_from_step(run, step):
    """None if the reader may see this step now, else the page to send them to."""
    if reaches_emergency(run) and not is_complete(run, step):
        return RESULT_PAGE  # the emergency result stands until an answer is changed
    unanswered = first_incomplete(run)
    if unanswered and unanswered.number < step.number:
        return Page(STEP, unanswered)
    return None


def redirect_from_check_answers(run):
    if reaches_emergency(run) or not all_complete(run):
        return next_page(run)
    return None


def may_see_result(run):
    return reaches_emergency(run) or (all_complete(run) and run.confirmed)


def back_page(run, step):
    if step.number == 1:
        return Page(START)
    if all_complete(run):
        return CHECK_ANSWERS_PAGE
    return Page(STEP, STEPS[step.number - 2])


def record(run, step, step_answers):
    """Replace this page's answers (an unticked box is a no) and mark it done.

    Answers to questions the reader is no longer asked (cramp-only ones after
    "I do not get cramps") are dropped, so nothing invented reaches the
    result or the summary for the doctor.
    """
    for criterion_id in [c for c in run.answers if CRITERIA_BY_ID[c].step == step.slug]:
        del run.answers[criterion_id]
    run.answers.update({k: v for k, v in step_answers.items() if v not in (None, False)})
    for criterion_id in [c for c in run.answers if not asked(CRITERIA_BY_ID[c], run.answers)]:
        del run.answers[criterion_id]
    run.steps_done.add(step.slug)
    run.confirmed = False


def steps_to_change(run):
    """The answered pages that hold an answer behind the emergency result,
    so a reader who ticked a box by mistake can go straight back to it."""
    result = assessment(run)
    criteria = set()
    for reason in result.main_reasons:
        criteria |= {c for c in RULES_BY_ID[reason.rule_id].when.criteria() if run.answers.get(c) not in (None, False)}
    return [step for step in STEPS if any(CRITERIA_BY_ID[c].step == step.slug for c in criteria)]
