"""axe-core accessibility checks for browser tests (WCAG 2.2 A and AA)."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def axe_violations(page):
    """Run axe on the page as it stands; return its list of violations."""
    result = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            # Passing options replaces the package's default, so ask again.
            "resultTypes": ["violations"],
        },
    )
    return result.response["violations"], result


def assert_accessible(page):
    violations, result = axe_violations(page)
    assert violations == [], f"axe found problems on {page.url}:\n{result.generate_report()}"
