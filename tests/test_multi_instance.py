"""Two gunicorn instances sharing one database and cache: an approval made
through one shows on the other at the next request.

The servers get a database of their own (a SQLite file, or a new database
on the PostgreSQL server that DATABASE_URL names), so this runs on both
back ends in CI.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

from bench.loadgen import Client

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a-long-reviewer-password-123"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def shared_database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path}/shared.sqlite3"
        return
    import psycopg

    name = f"lcg_multi_{uuid.uuid4().hex[:8]}"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server_env(shared_database, collected_static):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": shared_database,
        "DJANGO_CACHE": "database",
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
        "DJANGO_STATIC_ROOT": str(collected_static),
    }


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


RENAME_TOPIC = """
import django; django.setup()
from articles.models import Article, Category
Category.objects.filter(pk=Article.objects.get(slug="shared-page").category_id).update(name="Renamed quietly")
"""


def _start(env, port, log):
    # One worker an instance: which of several workers takes a request is up
    # to the kernel, so only then do we know that the process we read from
    # has the page in its memory. Two instances are two processes anyway.
    # The server's log goes to a file: a pipe nobody reads fills up and
    # blocks the workers at their first logged error.
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


def _csrf(page):
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def test_an_approval_on_one_instance_shows_on_the_other(server_env, tmp_path):
    # Production settings serve hashed static names from the manifest in
    # DJANGO_STATIC_ROOT (the collected_static fixture).
    for args in (["migrate", "--noinput", "-v0"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=server_env, check=True)
    setup = subprocess.run([sys.executable, "-c", SETUP], cwd=ROOT, env=server_env, capture_output=True, text=True)
    assert setup.returncode == 0, setup.stderr[-3000:]
    pk = int(setup.stdout.strip().splitlines()[-1])

    port_a, port_b = _free_port(), _free_port()
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    servers = [_start(server_env, port_a, logs[0]), _start(server_env, port_b, logs[1])]
    try:
        reader_b = Client("127.0.0.1", port_b)
        for _ in range(3):
            status, _, page = reader_b.request("GET", "/articles/shared-page/")
            assert status == 200 and b"First approved wording." in page

        # A change that bypasses the signals (no generation bump): B keeps
        # serving its stored page, which shows the page really is cached.
        rename = subprocess.run([sys.executable, "-c", RENAME_TOPIC], cwd=ROOT, env=server_env, capture_output=True,
                                text=True)  # fmt: skip
        assert rename.returncode == 0, rename.stderr[-3000:]
        for _ in range(3):
            status, _, page = reader_b.request("GET", "/articles/shared-page/")
            assert b"First approved wording." in page and b"Renamed quietly" not in page

        reviewer_a = Client("127.0.0.1", port_a)
        _, _, login = reviewer_a.request("GET", "/admin/login/")
        status, _, _ = reviewer_a.request("POST", "/admin/login/", urllib.parse.urlencode(
            {"username": "rev", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(login), "next": "/admin/"}))
        assert status == 302
        _, _, preview = reviewer_a.request("GET", f"/admin/articles/article/{pk}/preview/")
        assert b"Second approved wording." in preview  # the reviewer sees the pending text
        _, _, workflow_page = reviewer_a.request("GET", f"/admin/articles/article/{pk}/workflow/")
        version = re.search(rb'name="edit_version" value="(\d+)"', workflow_page).group(1).decode()
        status, _, _ = reviewer_a.request("POST", f"/admin/articles/article/{pk}/transition/", urllib.parse.urlencode(
            {"action": "approve", "edit_version": version, "csrfmiddlewaretoken": _csrf(workflow_page)}))
        assert status == 302

        for _ in range(3):  # B, at its very next request
            status, _, page = reader_b.request("GET", "/articles/shared-page/")
            assert status == 200
            assert b"Second approved wording." in page and b"First approved wording." not in page
            assert b"Renamed quietly" in page  # rendered afresh, not patched
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
