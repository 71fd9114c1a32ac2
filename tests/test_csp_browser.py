"""The strict Content Security Policy breaks nothing: no page, public or
admin, triggers a CSP violation in Chromium."""

import pytest

from tests.factories import editor, published_article

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


def test_public_pages_raise_no_csp_violation(page):
    article = published_article()
    page.add_init_script(COLLECT_VIOLATIONS)
    for path in ["/", "/articles/", article.get_absolute_url(), "/search/?q=cramp", "/check/", "/about/"]:
        assert visit(page, path) == [], path


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
