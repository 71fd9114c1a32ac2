"""What the logs say: enough to debug an error (method, path, traceback),
and never a reader's words (no query string, no form data), whether the
line comes from Django, runserver or gunicorn."""

import io
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.logging import strip_query_strings
from config.urls import urlpatterns as site_urlpatterns

ROOT = Path(__file__).resolve().parents[1]
# What a reader might type or choose; none of it may reach a log.
SECRET_WORDS = ["chest-pain", "swollen-calf", "warfarin", "my-secret-symptom"]


@csrf_exempt
def failing_view(request):
    raise RuntimeError("the view failed")


# This module doubles as a URLconf: the site's URLs plus one that fails.
urlpatterns = [path("failing/", failing_view), *site_urlpatterns]
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"


@contextmanager
def console_log():
    """What the configured console handler writes, caught in a string."""
    handler = logging.getLogger("django").handlers[0]
    assert handler is logging.getLogger("django.server").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def assert_no_reader_words(text):
    for word in SECRET_WORDS:
        assert word not in text, f"{word!r} reached the log:\n{text}"
    assert "?" not in "".join(line for line in text.splitlines() if "GET " in line or "POST " in line)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.test_logging")
def test_an_unhandled_error_is_logged_with_method_path_and_traceback_but_no_reader_data():
    client = Client(raise_request_exception=False)
    with console_log() as log:
        response = client.post(
            "/failing/?answer=chest-pain&step=2", {"symptom": "swollen-calf", "medicine": "warfarin"}
        )
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
    text = log.getvalue()
    assert "ERROR django.request Internal Server Error: /failing/ [POST /failing/]" in text
    assert "Traceback (most recent call last):" in text
    assert "RuntimeError: the view failed" in text
    assert "in failing_view" in text
    assert_no_reader_words(text)


@pytest.mark.django_db
def test_a_missing_page_is_logged_by_path_only(client):
    with console_log() as log:
        response = client.get("/check/no-such-step/?answer=chest-pain")
    assert response.status_code == 404
    text = log.getvalue()
    assert "Not Found: /check/no-such-step/ [GET /check/no-such-step/]" in text
    assert_no_reader_words(text)


@pytest.mark.django_db
def test_a_refused_cross_site_post_does_not_log_the_referring_address_query():
    client = Client(enforce_csrf_checks=True)
    with console_log() as log:
        response = client.post(
            "/check/", {"answer": "chest-pain"}, secure=True,
            HTTP_REFERER="https://evil.example/check/?answer=chest-pain&medicine=warfarin",
        )  # fmt: skip
    assert response.status_code == 403
    text = log.getvalue()
    assert "Forbidden" in text and "evil.example/check/" in text
    assert_no_reader_words(text)


@pytest.mark.parametrize(
    "request_line",
    [
        "GET /check/?step=2&answer=chest-pain HTTP/1.1",
        "POST /check/step/symptoms/?medicine=warfarin HTTP/1.1",
        "GET /search/?q=swollen-calf+my-secret-symptom HTTP/1.1",
    ],
)
def test_runserver_request_lines_lose_the_query_string(request_line):
    # The call runserver's request handler makes for every request.
    with console_log() as log:
        logging.getLogger("django.server").info('"%s" %s %s', request_line, "200", "1234")
    text = log.getvalue()
    method, rest = request_line.split(" ", 1)
    assert f'"{method} {rest.split("?")[0]} HTTP/1.1" 200 1234' in text
    assert_no_reader_words(text)


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("GET /check/?a=1 HTTP/1.1", "GET /check/ HTTP/1.1"),
        ("Referer https://evil.example/check/?a=1&b=2 does not match", "Referer https://evil.example/check/ does not match"),
        ("code 400, message Bad request syntax ('GET /x?y=z HTTP/1.1')", "code 400, message Bad request syntax ('GET /x HTTP/1.1')"),
        ("Not Found: /articles/cramps/", "Not Found: /articles/cramps/"),
    ],
)
def test_query_strings_are_cut_from_any_url_in_a_line(text, cleaned):
    assert strip_query_strings(text) == cleaned


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_access_log_has_paths_but_no_query_strings_or_referers(tmp_path, collected_static):
    """gunicorn with the project's config and production settings."""
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",  # plain HTTP here; TLS ends at the proxy in production
        "DJANGO_CACHE": "locmem",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "DJANGO_STATIC_ROOT": str(collected_static),
    }
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    out_path, err_path = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with open(out_path, "w") as out, open(err_path, "w") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT, env=env, stdout=out, stderr=err,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=2)  # noqa: S310 (local test server)
                break
            except OSError:
                time.sleep(0.1)
        statuses = []
        for url in ["/search/?q=swollen-calf", "/check/?step=2&answer=chest-pain", "/robots.txt?medicine=warfarin"]:
            referer = {"Referer": f"{base}/check/?answer=my-secret-symptom"}
            request = urllib.request.Request(base + url, headers=referer)  # noqa: S310 (local test server)
            try:
                statuses.append(urllib.request.urlopen(request, timeout=10).status)  # noqa: S310
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    log = out_path.read_text() + err_path.read_text()
    assert statuses[0] == 200 and statuses[2] == 200, statuses
    assert '"GET /search/ HTTP/1.1" 200' in log
    assert f'"GET /check/ HTTP/1.1" {statuses[1]}' in log
    assert '"GET /robots.txt HTTP/1.1" 200' in log
    assert_no_reader_words(log)


# --- Forged log lines: control characters are escaped ------------------------------------------

FORGED_PATH = "/nope%0a%22GET%20/forged%20HTTP/1.1%22%20200%201234%0d%1b[2J%e2%80%a8"


def records_in(text):
    """Log records start at the left margin; their continuation lines are indented."""
    return [line for line in text.splitlines() if line and not line[0].isspace()]


@pytest.mark.django_db
def test_a_path_with_line_breaks_cannot_forge_a_log_line(client):
    with console_log() as log:
        assert client.get(FORGED_PATH).status_code == 404
    text = log.getvalue()
    assert len(records_in(text)) == 1, text
    (record,) = records_in(text)
    # Django escapes its own "Not Found" argument; the request context is ours.
    assert "Not Found: /nope\\n" in record
    assert '[GET /nope\\x0a"GET /forged HTTP/1.1" 200 1234\\x0d\\x1b[2J\\u2028]' in record
    assert not any(ch in text for ch in "\r\x1b\u2028")


@pytest.mark.django_db
def test_a_header_with_a_terminal_escape_is_escaped_in_the_log():
    client = Client(enforce_csrf_checks=True)
    with console_log() as log:
        response = client.post("/check/", {}, secure=True, HTTP_REFERER="https://evil.example/\x1b[2J\x1b]0;owned\x07")
    assert response.status_code == 403
    text = log.getvalue()
    assert "evil.example/\\x1b[2J\\x1b]0;owned\\x07" in text
    assert "\x1b" not in text and "\x07" not in text


def test_a_traceback_keeps_its_lines_but_none_can_pass_for_a_record():
    with console_log() as log:
        try:
            raise ValueError('bad value\n2026-12-02 10:00:00 INFO django.server "GET /forged HTTP/1.1" 200 1')
        except ValueError:
            logging.getLogger("django.request").exception("Internal Server Error: %s", "/x\n/forged")
    text = log.getvalue()
    assert len(records_in(text)) == 1, text
    assert "Internal Server Error: /x\\x0a/forged" in text
    assert "    Traceback (most recent call last):" in text
    assert '\n    2026-12-02 10:00:00 INFO django.server "GET /forged' in text
