"""The accessibility harness must fail a page that has a real problem."""

import pytest

from tests.a11y import assert_accessible, axe_violations

pytestmark = pytest.mark.browser


def test_harness_catches_an_unlabelled_input(page):
    page.set_content('<!doctype html><html lang="en"><title>t</title><main><input type="text"></main></html>')
    violations, _ = axe_violations(page)
    assert "label" in {v["id"] for v in violations}
    with pytest.raises(AssertionError):
        assert_accessible(page)


def test_harness_passes_a_labelled_input(page):
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><h1>Form</h1>'
        '<label for="q">Search</label><input id="q" type="text"></main></html>'
    )
    assert_accessible(page)


def test_home_page_is_accessible(page):
    page.goto("/")
    assert_accessible(page)
