"""The strict Content Security Policy breaks nothing: no page, public or
admin, triggers a CSP violation in Chromium.

The admin runs under the same policy as the public pages (no unsafe-inline,
no unsafe-eval): Django 5.2's admin needs no exception, and these tests are
what shows it. If one ever fails after an upgrade, any exception must be
scoped to /admin/ and tested here, never loosen the public policy."""

import pytest

from tests.factories import editor, ensure_roles_and_topics, published_article, superuser

pytestmark = pytest.mark.browser

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


def visit(page, path):
    page.goto(path)
    page.wait_for_load_state("load")
    return page.evaluate("window.__cspViolations")


def log_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


@pytest.fixture(autouse=True)
def _roles_and_topics(transactional_db):
    # A browser test before this one (live_server) may have flushed the groups
    # and topics the data migration creates.
    ensure_roles_and_topics()


def test_public_pages_raise_no_csp_violation(page):
    article = published_article()
    page.add_init_script(COLLECT_VIOLATIONS)
    for path in ["/", "/articles/", article.get_absolute_url(), "/search/?q=cramp", "/check/", "/about/",
                 "/editorial-policy/", "/no-such-page/"]:  # fmt: skip
        assert visit(page, path) == [], path
    # The checker's first question, reached the way a reader reaches it.
    page.goto("/check/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_load_state("load")
    assert "/check/" in page.url and not page.url.endswith("/check/"), page.url  # a step, not the start page
    assert page.evaluate("window.__cspViolations") == [], page.url


def test_admin_pages_raise_no_csp_violation(page):
    article = published_article()
    page.add_init_script(COLLECT_VIOLATIONS)
    log_in(page, editor(username="csp-editor"))
    for path in [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/workflow/",
        f"/admin/articles/article/{article.pk}/preview/",
        "/admin/articles/category/",
    ]:
        assert visit(page, path) == [], path


def test_adding_a_reference_row_in_the_admin_raises_no_csp_violation(page):
    page.add_init_script(COLLECT_VIOLATIONS)
    log_in(page, editor(username="csp-inline-editor"))
    page.goto("/admin/articles/article/add/")
    rows_before = page.locator(".inline-related:not(.empty-form)").count()
    page.get_by_text("Add another Reference").click()
    assert page.locator(".inline-related:not(.empty-form)").count() == rows_before + 1
    assert page.evaluate("window.__cspViolations") == []


def test_account_pages_for_administrators_raise_no_csp_violation(page):
    admin = superuser(username="csp-admin")
    page.add_init_script(COLLECT_VIOLATIONS)
    log_in(page, admin)
    for path in [
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{admin.pk}/change/",
        f"/admin/auth/user/{admin.pk}/password/",
        "/admin/auth/group/",
        "/admin/password_change/",
    ]:
        assert visit(page, path) == [], path


def test_the_locked_out_page_raises_no_csp_violation(page, settings):
    editor(username="csp-locked")
    page.add_init_script(COLLECT_VIOLATIONS)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill("csp-locked")
        page.get_by_label("Password").fill("wrong password here")
        page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("heading", name="Too many failed sign-in attempts").is_visible()
    assert page.evaluate("window.__cspViolations") == []
