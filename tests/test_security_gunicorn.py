"""gunicorn with the project's config: it listens on the loopback address
unless told otherwise, believes X-Forwarded-Proto only behind a proxy, and
a client cannot write a line of its own into its logs."""

import os
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "config" / "gunicorn.conf.py"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raw_request(port, data):
    """Send bytes exactly as written; return the status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(data)
        answer = b""
        while b"\r\n" not in answer:
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode("latin-1")


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("gunicorn-db") / "db.sqlite3"
    env = {**base_env(), "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True, timeout=300)  # fmt: skip
    return f"sqlite:///{path}"


def base_env():
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CACHE": "locmem",
        "GUNICORN_WORKERS": "1",
    }


@contextmanager
def gunicorn(tmp_path, database_url, static_root, **env):
    # A fixed port where one is asked for (a developer's own range); any free one otherwise.
    port = int(os.environ.get("GUNICORN_TEST_PORT") or 0) or _free_port()
    env = {**base_env(), "DATABASE_URL": database_url, "DJANGO_STATIC_ROOT": str(static_root),
           "GUNICORN_BIND": f"127.0.0.1:{port}", **env}  # fmt: skip
    log_path = tmp_path / f"gunicorn-{port}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONF), "config.wsgi"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        for _ in range(200):
            try:
                raw_request(port, b"GET /robots.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                break
            except OSError:
                time.sleep(0.1)
        yield port, log_path
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_gunicorn_listens_only_on_the_loopback_address_by_default():
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_BIND"}
    script = f"import runpy; print(runpy.run_path({str(CONF)!r})['bind'])"
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "127.0.0.1:8000"


@pytest.mark.parametrize("behind_proxy, trusted", [("", ""), ("0", ""), ("1", "127.0.0.1"), ("on", "127.0.0.1")])
def test_gunicorn_trusts_forwarded_headers_only_behind_a_proxy(monkeypatch, behind_proxy, trusted):
    monkeypatch.setenv("DJANGO_BEHIND_PROXY", behind_proxy)
    monkeypatch.delenv("GUNICORN_FORWARDED_ALLOW_IPS", raising=False)
    assert runpy.run_path(str(CONF))["forwarded_allow_ips"] == trusted


def test_a_plain_request_claiming_https_is_redirected_unless_behind_a_proxy(tmp_path, migrated_database,
                                                                             collected_static):  # fmt: skip
    claim = b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n"
    with gunicorn(tmp_path, migrated_database, collected_static, DJANGO_HTTPS="1") as (port, _):
        assert " 301 " in raw_request(port, claim)  # not believed: sent to HTTPS
    with gunicorn(tmp_path, migrated_database, collected_static, DJANGO_HTTPS="1", DJANGO_BEHIND_PROXY="1") as (
        port,
        _,
    ):
        assert " 200 " in raw_request(port, claim)  # the proxy on this machine said so


def test_a_client_cannot_forge_a_line_in_the_gunicorn_logs(tmp_path, migrated_database, collected_static):
    forged = b'/nope%0a%22GET%20/forged%20HTTP/1.1%22%20200%201234%0d%1b[2J'
    with gunicorn(tmp_path, migrated_database, collected_static, DJANGO_HTTPS="0") as (port, log_path):
        status = raw_request(port, b"GET " + forged + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert " 404 " in status
        time.sleep(0.3)
    log = log_path.read_text()
    lines = log.splitlines()
    assert not any(line.lstrip('"').startswith(("GET /forged", "\\\"GET /forged")) for line in lines), log
    assert '"GET /nope\\x0a\\"GET /forged HTTP/1.1\\" 200 1234\\x0d\\x1b[2J HTTP/1.1" 404' in log  # the access line
    assert "\x1b" not in log and "\r" not in log
