"""Where a check's answers live while the reader answers: only in their browser.

Each check ("run") has a random id in its URLs (/check/<run_id>/...) and one
cookie of its own, named after the run and limited to that run's path, so:
- two tabs are two runs and never see each other's answers, and a request
  carries only the cookie of the run it belongs to (its size stays bounded:
  one run's answers, at most a few hundred bytes);
- nothing reaches the database: Django's sessions would store the answers
  there, so they are not used;
- the cookie is sealed (encrypted and authenticated, checker/sealing.py)
  for this run, so it cannot be read, forged, edited or moved to another
  run, and it carries a time stamp, so an old cookie is refused even if a
  browser kept it too long;
- HttpOnly, SameSite=Lax, Secure under HTTPS, and it expires after
  MAX_AGE_SECONDS. "Start again" deletes it.
A second, tiny cookie on /check/ (no answers in it) lists the ids of the reader's recent runs:
starting a new check deletes the cookies of all but the
MAX_RUNS most recent, so a browser never holds more than that many.
"""

import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.urls import reverse

from checker import sealing
from checker.criteria import CRITERIA_BY_ID, STEPS_BY_SLUG, YES_NO
from checker.triage import normalise

MAX_AGE_SECONDS = 2 * 60 * 60
SALT = "checker.answers.v1"
COOKIE_PREFIX = "lcg_check_"
RUNS_COOKIE = "lcg_check_runs"
RUNS_SALT = "checker.runs.v1"
MAX_RUNS = 4
RUN_ID_PATTERN = r"[A-Za-z0-9_-]{16}"
RUN_ID = re.compile(f"^{RUN_ID_PATTERN}$")
# The notices a run can carry to the next page it shows (a code, not text).
NOTICES = {
    "order": "Answer this page first: the questions need to be answered in order.",
}


class RunMissing(Exception):
    """No cookie for this run: never started here, deleted, or blocked."""


class RunUnreadable(Exception):
    """A cookie that is forged, edited, expired or for another run."""


@dataclass
class Run:
    """One check's answers and progress, as the cookie holds them (no navigation here:
    checker/flow.py decides what the reader may see next)."""

    id: str
    answers: dict = field(default_factory=dict)
    steps_done: set = field(default_factory=set)
    confirmed: bool = False
    notice: str = ""


def new_run_id():
    return secrets.token_urlsafe(12)  # 16 URL-safe characters, 96 random bits


def cookie_name(run_id):
    return COOKIE_PREFIX + run_id


def cookie_path(run_id):
    return reverse("checker:run", args=[run_id])


def _salt(run_id):
    return f"{SALT}:{run_id}"


def encode(run):
    """The cookie's value for a run. (The one place that turns answers into cookie text.)"""
    return sealing.seal(
        {"a": run.answers, "d": sorted(run.steps_done), "c": run.confirmed, "n": run.notice},
        purpose=_salt(run.id),
    )


def decode(raw, run_id):
    """The stored data of a run's cookie; raises signing.BadSignature (sealing.Unsealable)
    if forged, edited, moved or expired."""
    return sealing.unseal(raw, purpose=_salt(run_id), max_age=MAX_AGE_SECONDS)


def load_run(request, run_id):
    raw = request.COOKIES.get(cookie_name(run_id))
    if not raw:
        raise RunMissing
    try:
        data = decode(raw, run_id)
        run = Run(
            id=run_id,
            answers=dict(data["a"]),
            steps_done=set(data["d"]),
            confirmed=bool(data["c"]),
            notice=str(data.get("n", "")),
        )
        # Sealed by us, so this only fails if the code changed under a live
        # cookie (a removed question, say); treat it like any unreadable cookie.
        normalise(run.answers)
        if not run.steps_done <= set(STEPS_BY_SLUG) or (run.notice and run.notice not in NOTICES):
            raise ValueError("unknown step or notice")
        if any(CRITERIA_BY_ID[c].kind == YES_NO and v is not True for c, v in run.answers.items()):
            raise ValueError("yes/no answers are stored as true only")
    except (signing.BadSignature, ValueError, KeyError, TypeError, AttributeError) as error:
        raise RunUnreadable from error
    return run


def save_run(response, run):
    response.set_cookie(
        cookie_name(run.id),
        encode(run),
        max_age=MAX_AGE_SECONDS,
        path=cookie_path(run.id),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def forget_run(response, run_id):
    response.delete_cookie(cookie_name(run_id), path=cookie_path(run_id), samesite="Lax")


def start_run(request, response, run):
    """Save a new run, and forget the oldest runs beyond MAX_RUNS."""
    try:
        recent = signing.loads(request.COOKIES.get(RUNS_COOKIE, ""), salt=RUNS_SALT, max_age=MAX_AGE_SECONDS)
        recent = [run_id for run_id in recent if isinstance(run_id, str) and RUN_ID.match(run_id)]
    except (signing.BadSignature, TypeError):
        recent = []
    recent.append(run.id)
    for old_id in recent[:-MAX_RUNS]:
        forget_run(response, old_id)
    response.set_cookie(
        RUNS_COOKIE,
        signing.dumps(recent[-MAX_RUNS:], salt=RUNS_SALT),
        max_age=MAX_AGE_SECONDS,
        path=reverse("checker:start"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    save_run(response, run)
