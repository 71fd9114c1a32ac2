"""The "Should I see a doctor?" checker: start, six pages, check your answers, result.

Thin views: the questions are in checker/criteria.py, where a reader may go
in checker/flow.py, the decision in checker/triage.py, the advice in
checker/advice.py and the answers' storage (a signed cookie per run, never
the database) in checker/storage.py. Every page is never_cache
(Cache-Control: no-store): it shows or asks for health information. Answers
are only ever POSTed; no URL carries one.
"""

import functools

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from checker import flow, storage
from checker.advice import (
    QUESTIONS_DOCTOR_MAY_ASK,
    action_for,
    doctor_summary,
    further_reading,
    localised_reasons,
    safety_net,
    warning_signs,
)
from checker.criteria import CHOICE, STEPS, STEPS_BY_SLUG
from checker.forms import StepForm
from checker.triage import Level
from config.regions import current_region

TOTAL_STEPS = len(STEPS)


def _see_other(url):
    response = redirect(url)
    response.status_code = 303  # after a POST, the browser fetches the next page with GET
    return response


def _problem(request, run_id, reason, status):
    """The answers cannot be used: say why, forget them, offer a fresh start."""
    response = render(request, "checker/problem.html", {"reason": reason}, status=status)
    if run_id:
        storage.forget_run(response, run_id)
    return response


def with_run(view):
    """Load the run named in the URL from its cookie, or explain why not."""

    @functools.wraps(view)
    def wrapper(request, run_id, *args, **kwargs):
        status = 200 if request.method == "GET" else 400
        try:
            run = storage.load_run(request, run_id)
        except storage.RunMissing:
            return _problem(request, run_id, "missing", status)
        except storage.RunUnreadable:
            return _problem(request, run_id, "unreadable", status)
        return view(request, run, *args, **kwargs)

    return wrapper


def _go(run, page, notice=""):
    """Send the reader to a page; a notice (a code, not text) is shown there once."""
    response = _see_other(page.url(run))
    if notice:
        run.notice = notice
        storage.save_run(response, run)
    return response


def _render(request, run, template, context, status=200):
    """Render a run's page; a notice shown once is then cleared from the cookie."""
    notice, run.notice = run.notice, ""
    context = {"run": run, "notice": storage.NOTICES.get(notice, ""), **context}
    response = render(request, template, context, status=status)
    if notice:
        storage.save_run(response, run)
    return response


def _emergency_signs():
    return warning_signs(Level.EMERGENCY)


# --- Pages ---------------------------------------------------------------------------------------


@never_cache
@require_safe
def start(request):
    return render(request, "checker/start.html", {"emergency_signs": _emergency_signs(), "total_steps": TOTAL_STEPS})


@never_cache
@require_POST
def begin(request):
    run = storage.Run(id=storage.new_run_id())
    response = _see_other(flow.Page(flow.STEP, STEPS[0]).url(run))
    storage.start_run(request, response, run)
    return response


@never_cache
@require_safe
@with_run
def run_home(request, run):
    return redirect(flow.next_page(run).url(run))


@never_cache
@require_http_methods(["GET", "POST"])
@with_run
def step(request, run, step_slug):
    step = STEPS_BY_SLUG.get(step_slug)
    if step is None:
        raise Http404("No such step")
    elsewhere = flow.redirect_from_step(run, step)
    if elsewhere:
        return _go(run, elsewhere, "" if elsewhere == flow.RESULT_PAGE else "order")

    questions = flow.questions(step, run.answers)
    if request.method == "POST":
        try:
            form = StepForm(step, questions, data=request.POST)
            valid = form.is_valid()
        except (RequestDataTooBig, TooManyFieldsSent):
            return _problem(request, None, "too_big", 400)
        if valid:
            flow.record(run, step, form.answers())
            response = _see_other(flow.next_page(run).url(run))
            storage.save_run(response, run)
            return response
    else:
        initial = {c.id: run.answers[c.id] for c in questions if c.id in run.answers}
        form = StepForm(step, questions, initial=initial)

    context = {
        "step": step,
        "form": form,
        "total_steps": TOTAL_STEPS,
        "back_url": flow.back_page(run, step).url(run),
    }
    return _render(request, run, "checker/step.html", context)


def _asked_on(run):
    """For the summaries: the questions asked on each page the reader answered."""
    return lambda step: flow.questions(step, run.answers) if step.slug in run.steps_done else None


@never_cache
@require_http_methods(["GET", "POST"])
@with_run
def check_answers(request, run):
    elsewhere = flow.redirect_from_check_answers(run)
    if elsewhere:
        return _go(run, elsewhere, "" if elsewhere == flow.RESULT_PAGE else "order")
    if request.method == "POST":
        run.confirmed = True
        response = _see_other(flow.RESULT_PAGE.url(run))
        storage.save_run(response, run)
        return response
    sections = []
    for step in STEPS:
        answers = []
        for criterion in flow.questions(step, run.answers):
            value = run.answers.get(criterion.id)
            if criterion.kind == CHOICE:
                answers.append((criterion.label, criterion.choice(value).label if value else "Not answered"))
            elif value is True:
                answers.append((criterion.label, "Yes"))
        sections.append({"step": step, "answers": answers, "url": flow.Page(flow.STEP, step).url(run)})
    context = {"sections": sections, "back_url": flow.Page(flow.STEP, STEPS[-1]).url(run)}
    return _render(request, run, "checker/check_answers.html", context)


@never_cache
@require_safe
@with_run
def result(request, run):
    if not flow.may_see_result(run):
        return _go(run, flow.next_page(run), "order")
    region = current_region()
    assessment = flow.assessment(run)
    shortcut = assessment.level == Level.EMERGENCY and not flow.all_complete(run)
    context = {
        "assessment": assessment,
        "level": assessment.level.value,
        "action": action_for(assessment.level, region),
        "main_reasons": localised_reasons(assessment.main_reasons, region),
        "other_reasons": localised_reasons(assessment.other_reasons, region),
        "safety_net": safety_net(assessment.level, region),
        "summary": doctor_summary(run.answers, _asked_on(run)),
        "questions_doctor_may_ask": QUESTIONS_DOCTOR_MAY_ASK,
        "checked_at": timezone.localtime(),
        "reading": further_reading(assessment, run.answers),
        "shortcut": shortcut,
        "change_steps": [(s, flow.Page(flow.STEP, s).url(run)) for s in flow.steps_to_change(run)] if shortcut else [],
    }
    return _render(request, run, "checker/result.html", context)


@never_cache
@require_POST
def start_again(request, run_id):
    response = _see_other(flow.Page(flow.START).url(None))
    storage.forget_run(response, run_id)
    return response
