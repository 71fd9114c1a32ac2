"""Security promises: deployment checks, headers, cookies, login lock-out,
request limits and logs that keep readers' words out."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Feedback
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
    assert "no issues (0 silenced)" in out.stdout  # passing by silencing a check does not count


def test_check_deploy_does_complain_when_https_is_turned_off():
    # The check above is only worth something if it can fail.
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_HTTPS": "0"}
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in out.stderr + out.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    out = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=PRODUCTION_ENV, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in out.stderr


def _csp_sources(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_security_headers(response):
    """The headers every answer carries, public or admin: the admin needs no
    exception to the policy (tests/test_csp_browser.py shows it in Chromium)."""
    directives = _csp_sources(response)
    for directive in ("default-src", "script-src", "style-src"):
        assert directives[directive] == ["'self'"], (directive, directives[directive])
    assert not any("unsafe" in source for sources in directives.values() for source in sources)
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


PUBLIC_PAGES = {
    "/": 200, "/articles/": 200, "/articles/leg-cramps-explained/": 200, "/topics/causes/": 200,
    "/search/?q=cramp": 200, "/about/": 200, "/check/": 200, "/robots.txt": 200, "/no-such-page/": 404,
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_and_the_checker_send_the_security_headers(client, url):
    published_article(slug="leg-cramps-explained")
    # The second answer comes from the page cache, which replays headers.
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == PUBLIC_PAGES[url]
        assert_security_headers(response)


@pytest.mark.django_db
def test_checker_steps_send_the_security_headers(client):
    started = client.post("/check/start/")
    assert started.status_code in (302, 303)
    assert_security_headers(started)
    step = client.get(started["Location"])
    assert step.status_code == 200
    assert_security_headers(step)
    answered = client.post(started["Location"], {})  # nothing chosen: the step asks again
    assert answered.status_code in (200, 303, 400)
    assert_security_headers(answered)


@pytest.mark.django_db
def test_admin_pages_send_the_security_headers(client):
    article = published_article()
    client.force_login(editor(username="headers-editor"))
    for url in ["/admin/", "/admin/articles/article/", f"/admin/articles/article/{article.pk}/change/",
                f"/admin/articles/article/{article.pk}/preview/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


@pytest.mark.django_db
def test_refusals_and_errors_send_the_security_headers(client):
    article = published_article()
    feedback = f"/articles/{article.slug}/feedback/"
    too_large = client.post(feedback, data=b"x" * (2 * 1024 * 1024), content_type="application/x-www-form-urlencoded")
    too_many = client.post(feedback, data="&".join(f"f{i}=1" for i in range(1000)),
                           content_type="application/x-www-form-urlencoded")  # fmt: skip
    forged = Client(enforce_csrf_checks=True).post(feedback, {"helpful": "yes"})
    editor(username="headers-locked")
    for _ in range(5):
        locked = client.post("/admin/login/", {"username": "headers-locked", "password": "wrong password here"})
    with override_settings(ROOT_URLCONF="tests.test_logging"):
        failed = Client(raise_request_exception=False).get("/failing/")
    for response, status in [(too_large, 413), (too_many, 400), (forged, 403), (locked, 429), (failed, 500)]:
        assert response.status_code == status
        assert_security_headers(response)


def production_https_settings():
    """The HTTPS-related settings config/settings.py produces in production
    (debug off, DJANGO_HTTPS left at its default)."""
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
             "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]  # fmt: skip
    script = f"import json; from django.conf import settings; print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.django_db
def test_https_production_sends_hsts_redirects_and_secure_cookies(client):
    https = production_https_settings()
    assert https["SECURE_HSTS_SECONDS"] >= 31536000
    with override_settings(**https):
        article = published_article()
        assert client.get(article.get_absolute_url(), secure=False).status_code == 301
        for url in [article.get_absolute_url(), "/check/", "/admin/login/"]:
            response = client.get(url, secure=True)
            assert response.status_code == 200, url
            assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
            assert_security_headers(response)
        for url in [article.get_absolute_url() + "feedback/", "/admin/login/"]:  # the pages with a form
            csrf = Client().get(url, secure=True).cookies["csrftoken"]
            assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax", url
        started = client.post("/check/start/", secure=True)
        assert started.cookies, "the checker keeps a run in a cookie"
        for cookie in started.cookies.values():
            assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax", cookie.key
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


FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def feedback_url(db):
    cache.clear()  # the feedback rate limit counts across tests in this process
    return f"/articles/{published_article().slug}/feedback/"


@pytest.mark.parametrize("size", [settings.REQUEST_BODY_LIMIT + 1, 2 * 1024 * 1024])
def test_oversized_body_is_refused_with_413_and_a_clear_page(client, feedback_url, size):
    response = client.post(feedback_url, data=b"x" * size, content_type=FORM)
    assert response.status_code == 413
    assert "What you sent is too large" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_a_body_over_the_parsing_limit_is_refused_with_400_and_a_clear_page(client, feedback_url):
    comment = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 100)
    assert len(comment) < settings.REQUEST_BODY_LIMIT
    response = client.post(feedback_url, data=f"helpful=yes&comment={comment}", content_type=FORM)
    assert response.status_code == 400
    assert "Your request could not be read" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_a_body_just_under_the_limits_reaches_the_form(client, feedback_url):
    comment = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 100)
    response = client.post(feedback_url, data=f"helpful=yes&comment={comment}", content_type=FORM)
    assert response.status_code == 400
    assert "500 characters" in response.content.decode()  # the form's own message, not a refusal page


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_too_many_fields_are_refused_with_400_and_a_clear_page(client, feedback_url, encoding):
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    if encoding == "urlencoded":
        response = client.post(feedback_url, data=urlencode(fields), content_type=FORM)
    else:
        response = client.post(feedback_url, data=fields)
    assert response.status_code == 400
    assert "Your request could not be read" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_a_malformed_content_length_is_refused_with_400(client, feedback_url):
    response = client.post(feedback_url, data="helpful=yes", content_type=FORM, CONTENT_LENGTH="lots")
    assert response.status_code == 400
    assert "Your request could not be read" in response.content.decode()


# --- Arbitrary POST bodies to the feedback form: never a 500 ---------------------

FEEDBACK_FIELDS = ["helpful", "comment", "csrfmiddlewaretoken", "helpful[]", "", "é", "a" * 300]
field_values = st.one_of(
    st.sampled_from(["yes", "no", "", "YES", "true", "1", "0", "null", "\x00", "a" * 501, "<script>", "%", "%zz"]),
    st.text(max_size=600),
)
form_bodies = st.dictionaries(
    st.one_of(st.sampled_from(FEEDBACK_FIELDS), st.text(max_size=20)),
    st.one_of(field_values, st.lists(field_values, max_size=3)),
    max_size=6,
)
raw_bodies = st.tuples(
    st.sampled_from([FORM, "multipart/form-data", "multipart/form-data; boundary=xyz", "text/plain",
                     "application/json", "application/x-www-form-urlencoded; charset=latin-1", ""]),
    st.binary(max_size=2000),
)  # fmt: skip


@pytest.mark.django_db
@hypothesis_settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(body=form_bodies)
def test_fuzz_feedback_form_fields_never_cause_a_server_error(client, feedback_url, body):
    cache.clear()  # so the form is checked, not only the rate limit
    response = client.post(feedback_url, body)
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert "Was this page helpful?" in response.content.decode()  # the form again, with its message


@pytest.mark.django_db
@hypothesis_settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(raw=raw_bodies)
def test_fuzz_raw_feedback_bodies_never_cause_a_server_error(client, feedback_url, raw):
    cache.clear()
    content_type, data = raw
    response = client.generic("POST", feedback_url, data=data, content_type=content_type)
    assert response.status_code in (302, 400), response.status_code


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
