"""The "Should I see a doctor?" checker: start, five steps, check your answers, result.

Thin views: the questions are in checker/criteria.py, the decision in
checker/triage.py, the advice in checker/advice.py and the answers' storage
(a signed cookie per run, never the database) in checker/storage.py.
Every page is never_cache (Cache-Control: no-store): it shows or asks for
health information. Answers are only ever POSTed; no URL carries one.
"""

import functools

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from checker import storage
from checker.advice import LEVEL_ADVICE, doctor_summary, further_reading
from checker.criteria import CRITERIA, EMERGENCY_SIGNS, STEPS, STEPS_BY_SLUG, criteria_for_step
from checker.forms import form_for_step
from checker.triage import assess
from config.regions import current_region

TOTAL_STEPS = len(STEPS)


def step_url(run, step):
    return reverse("checker:step", args=[run.id, step.slug])


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
        if not storage.RUN_ID.match(run_id):
            raise Http404("No such check")
        status = 200 if request.method == "GET" else 400
        try:
            run = storage.load_run(request, run_id)
        except storage.RunMissing:
            return _problem(request, run_id, "missing", status)
        except storage.RunUnreadable:
            return _problem(request, run_id, "unreadable", status)
        return view(request, run, *args, **kwargs)

    wrapper.__doc__ = view.__doc__
    return wrapper


def _next_page(run):
    """Where a reader goes after saving a step, or when they open a page too early."""
    if run.has_emergency_sign:
        return reverse("checker:result", args=[run.id])
    unanswered = run.first_unanswered_step()
    if unanswered:
        return step_url(run, unanswered)
    return reverse("checker:check_answers", args=[run.id])


def _redirect_with_notice(run, url, notice):
    response = _see_other(url)
    run.notice = notice
    storage.save_run(response, run)
    return response


def _pop_notice(run):
    notice, run.notice = run.notice, ""
    return storage.NOTICES.get(notice, "")


def _render(request, run, template, context, status=200):
    """Render a run's page; a notice shown once is then cleared from the cookie."""
    had_notice = bool(run.notice)
    context = {"run": run, "notice": _pop_notice(run), **context}
    response = render(request, template, context, status=status)
    if had_notice:
        storage.save_run(response, run)
    return response


# --- Pages ---------------------------------------------------------------------------------------


@never_cache
@require_safe
def start(request):
    emergency_signs = [c for c in CRITERIA if c.id in EMERGENCY_SIGNS]
    return render(request, "checker/start.html", {"emergency_signs": emergency_signs, "total_steps": TOTAL_STEPS})


@never_cache
@require_POST
def begin(request):
    run = storage.Run(id=storage.new_run_id())
    response = _see_other(step_url(run, STEPS[0]))
    storage.start_run(request, response, run)
    return response


@never_cache
@require_safe
@with_run
def run_home(request, run):
    return redirect(_next_page(run))


@never_cache
@require_http_methods(["GET", "POST"])
@with_run
def step(request, run, step_slug):
    step = STEPS_BY_SLUG.get(step_slug)
    if step is None:
        raise Http404("No such step")
    if run.has_emergency_sign and step.number > 1:
        # The emergency result stands until step 1 is changed.
        return _see_other(reverse("checker:result", args=[run.id]))
    unanswered = run.first_unanswered_step()
    if unanswered and unanswered.number < step.number:
        return _redirect_with_notice(run, step_url(run, unanswered), "order")

    if request.method == "POST":
        try:
            form = form_for_step(step, data=request.POST)
            valid = form.is_valid()
        except (RequestDataTooBig, TooManyFieldsSent):
            return _problem(request, None, "too_big", 400)
        if valid:
            run.record_step(step.slug, form.answers())
            response = _see_other(_next_page(run))
            storage.save_run(response, run)
            return response
    else:
        initial = {c.id: run.answers[c.id] for c in criteria_for_step(step.slug) if c.id in run.answers}
        form = form_for_step(step, initial=initial)

    if step.number == 1:
        back_url = reverse("checker:start")
    elif run.all_done:
        back_url = reverse("checker:check_answers", args=[run.id])
    else:
        back_url = step_url(run, STEPS[step.number - 2])
    context = {"step": step, "form": form, "total_steps": TOTAL_STEPS, "back_url": back_url}
    return _render(request, run, "checker/step.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@with_run
def check_answers(request, run):
    if run.has_emergency_sign:
        return _see_other(_next_page(run))
    if not run.all_done:
        return _redirect_with_notice(run, _next_page(run), "order")
    if request.method == "POST":
        run.confirmed = True
        response = _see_other(reverse("checker:result", args=[run.id]))
        storage.save_run(response, run)
        return response
    sections = []
    for step in STEPS:
        answers = []
        for criterion in criteria_for_step(step.slug):
            value = run.answers.get(criterion.id)
            if criterion.kind == "choice":
                answers.append((criterion.label, criterion.choice(value).label if value else "Not answered"))
            elif value is True:
                answers.append((criterion.label, "Yes"))
        sections.append({"step": step, "answers": answers, "url": step_url(run, step)})
    context = {"sections": sections, "back_url": step_url(run, STEPS[-1])}
    return _render(request, run, "checker/check_answers.html", context)


@never_cache
@require_safe
@with_run
def result(request, run):
    if not (run.has_emergency_sign or (run.all_done and run.confirmed)):
        return _redirect_with_notice(run, _next_page(run), "order")
    assessment = assess(run.answers)
    advice = LEVEL_ADVICE[assessment.level]
    number = current_region().emergency_number
    context = {
        "assessment": assessment,
        "level": assessment.level.value,
        "advice": advice,
        "heading": advice.heading.format(number=number),
        "do_now": [line.format(number=number) for line in advice.do_now],
        "summary": doctor_summary(run.answers, run.steps_done),
        "reading": further_reading(assessment, run.answers),
        "emergency_signs": [c for c in CRITERIA if c.id in EMERGENCY_SIGNS],
        "shortcut": run.has_emergency_sign and not run.all_done,
    }
    return _render(request, run, "checker/result.html", context)


@never_cache
@require_POST
def start_again(request, run_id):
    if not storage.RUN_ID.match(run_id):
        raise Http404("No such check")
    response = _see_other(reverse("checker:start"))
    storage.forget_run(response, run_id)
    return response
