"""Real servers for the tests that need more than one process: gunicorn with
the production settings on a database and cache of their own, the data a
test starts from, and a reviewer approving through the admin over HTTP.
Used by tests/test_multi_instance.py and tests/test_page_cache_proxy.py;
their database and environment are conftest.py's `server_env` fixture."""

import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from bench.loadgen import Client

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a-long-reviewer-password-123"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# A published article with a second version waiting in review.
SETUP = f"""
import django; django.setup()
from django.contrib.auth.models import Group, User
from articles.models import Article, Category, Status
from articles import workflow
editor = User.objects.create_user("ed", password="{PASSWORD}", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
reviewer = User.objects.create_user("rev", password="{PASSWORD}", is_staff=True)
reviewer.groups.add(Group.objects.get(name="Reviewers"))
article = Article.objects.create(title="Shared page", slug="shared-page", summary="S.",
    category=Category.objects.first(), body="## Text\\n\\nFirst approved wording.\\n")
article.contributors.add(editor)
for action, user in [("submit", editor), ("start_review", reviewer), ("approve", reviewer)]:
    workflow.perform(article, user, action)
article.refresh_from_db()
article.body = "## Text\\n\\nSecond approved wording.\\n"
article.mark_edited(); article.save(); article.contributors.add(editor)
for action, user in [("submit", editor), ("start_review", reviewer)]:
    workflow.perform(article, user, action)
print(article.pk)
"""

# A change made behind the site's back (no invalidation): a server that
# keeps showing the old name has the page stored.
RENAME_TOPIC = """
import django; django.setup()
from articles.models import Article, Category
Category.objects.filter(pk=Article.objects.get(slug="shared-page").category_id).update(name="Renamed quietly")
"""


def run_python(env, code):
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def prepare_site(env):
    """Tables and the starting data; returns the article's id."""
    for args in (["migrate", "--noinput", "-v0"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return int(run_python(env, SETUP).strip().splitlines()[-1])


def start_gunicorn(env, port, log):
    # One worker an instance: which of several workers takes a request is up
    # to the kernel, so only then do we know that the process we read from
    # has the page in its memory. The log goes to a file: a pipe nobody
    # reads fills up and blocks the workers at their first logged error.
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
        stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )  # fmt: skip
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            # /health/ answers only once a worker has booted, unlike the socket.
            if Client("127.0.0.1", port).request("GET", "/health/")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError(log.read_text()[-3000:])


def stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _csrf(page):
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def signed_in_reviewer(port):
    reviewer = Client("127.0.0.1", port)
    _, _, login = reviewer.request("GET", "/admin/login/")
    status, _, _ = reviewer.request("POST", "/admin/login/", urllib.parse.urlencode(
        {"username": "rev", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(login), "next": "/admin/"}))  # fmt: skip
    assert status == 302
    return reviewer


def approve(reviewer, pk):
    """The reviewer presses "Approve and publish" in the admin. Returns the
    time.monotonic() at which the button was pressed (before the commit)."""
    _, _, workflow_page = reviewer.request("GET", f"/admin/articles/article/{pk}/workflow/")
    version = re.search(rb'name="edit_version" value="(\d+)"', workflow_page).group(1).decode()
    pressed = time.monotonic()
    status, _, _ = reviewer.request("POST", f"/admin/articles/article/{pk}/transition/", urllib.parse.urlencode(
        {"action": "approve", "edit_version": version, "csrfmiddlewaretoken": _csrf(workflow_page)}))  # fmt: skip
    assert status == 302
    return pressed
