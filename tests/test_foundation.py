"""The site's frame: layout, health check, error pages and settings."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_home_page_has_the_site_frame(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#main"' in html  # skip link
    assert "Leg Cramp Guide" in html
    assert 'href="/articles/"' in html and 'href="/check/"' in html
    assert "not a diagnosis" in html
    assert "call 999" in html


@pytest.mark.django_db
@override_settings(EMERGENCY_NUMBER="999")
def test_emergency_number_comes_from_settings(client):
    assert "call 999" in client.get("/").content.decode()


@pytest.mark.django_db
def test_health_reports_ok(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_health_reports_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_health_reports_503_with_a_real_unreachable_database(tmp_path):
    """A real server process pointed at a PostgreSQL port where nothing listens."""
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/health/');"
        "print(r.status_code, json.dumps(r.json()))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DJANGO_CONN_MAX_AGE": "0",
    }
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.startswith("503"), out.stderr[-2000:]
    assert '"database": "error"' in out.stdout


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'href="/articles/"' in html


@pytest.mark.django_db
def test_admin_login_page_loads(client):
    assert client.get("/admin/login/").status_code == 200


def test_secret_key_is_required_when_debug_is_off():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "0"}
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in out.stderr
