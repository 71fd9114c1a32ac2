"""Security promises: deployment checks, headers, cookies, login lock-out,
request limits and logs that keep readers' words out."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.factories import editor, published_article

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "legcrampguide.example",
}


def test_production_settings_pass_check_deploy_with_no_warnings():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    out = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=PRODUCTION_ENV, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in out.stderr


def _csp_sources(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


PAGES = ["/", "/articles/", "/search/?q=cramp", "/check/", "/admin/login/", "/no-such-page/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_response_has_the_security_headers(client, url):
    published_article()
    response = client.get(url)
    assert response.status_code in (200, 404)
    directives = _csp_sources(response)
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in directives[directive]
        assert "'unsafe-eval'" not in directives[directive]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=True,
    SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True,
)  # fmt: skip
def test_https_production_sends_hsts_redirects_and_secure_cookies(client):
    published_article()
    assert client.get("/", secure=False).status_code == 301
    response = client.get("/admin/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    user = editor()
    response = client.post(
        "/admin/login/",
        {"username": user.username, "password": "correct-horse-battery-staple", "next": "/admin/"},
        secure=True,
    )
    assert response.status_code == 302
    session_cookie = client.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"] and session_cookie["samesite"] == "Lax"


def _sign_in(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client, settings):
    # The fifth wrong password (AXES_FAILURE_LIMIT) is answered with the
    # locked-out page itself, so the editor learns at once why the next try
    # will not work, rather than seeing "wrong password" one more time.
    assert settings.AXES_FAILURE_LIMIT == 5
    user = editor(username="lockme")
    for _ in range(4):
        response = _sign_in(client, "lockme", "wrong password here")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    response = _sign_in(client, "lockme", "wrong password here")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "locked for one hour" in page
    # Now even the right password is refused, with the same message.
    response = _sign_in(client, "lockme", "correct-horse-battery-staple")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    other = editor(username="other-editor")
    response = _sign_in(client, other.username, "correct-horse-battery-staple")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk) != str(user.pk)


@pytest.mark.django_db
def test_a_successful_sign_in_before_the_limit_clears_the_failures(client):
    editor(username="forgetful")
    for _ in range(4):
        assert _sign_in(client, "forgetful", "wrong password here").status_code == 200
    assert _sign_in(client, "forgetful", "correct-horse-battery-staple").status_code == 302
    client.logout()
    for _ in range(4):
        assert _sign_in(client, "forgetful", "wrong password here").status_code == 200
    assert _sign_in(client, "forgetful", "correct-horse-battery-staple").status_code == 302


@pytest.mark.django_db
def test_staff_passwords_go_through_the_validators(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "newstaff", "password1": "password", "password2": "password", "usable_password": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "too short" in html or "too common" in html


@pytest.mark.django_db
def test_oversized_body_is_refused_with_413(client):
    article = published_article()
    response = client.post(
        f"/articles/{article.slug}/feedback/",
        data=b"x" * (2 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_too_many_fields_are_refused_with_400(client):
    article = published_article()
    body = "&".join(f"f{i}=1" for i in range(1000))
    response = client.post(
        f"/articles/{article.slug}/feedback/", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_log_filter_removes_query_strings(caplog):
    from config.logging import StripQueryStringFilter

    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', ("GET /search/?q=my+leg+hurts HTTP/1.1", 200, 10),
        None,
    )  # fmt: skip
    StripQueryStringFilter().filter(record)
    message = record.getMessage()
    assert "leg" not in message and "?" not in message
    assert "GET /search/ HTTP/1.1" in message
