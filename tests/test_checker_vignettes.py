"""The checker's vignette suite (tests/checker_vignettes.toml): every case
run through the engine, no case under-triaged, and the figures in
docs/clinical-safety/vignettes.md kept true to the latest run.

`python -m tests.test_checker_vignettes` prints the figures table."""

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from checker.triage import Level, assess

ROOT = Path(__file__).resolve().parent.parent
SUITE = Path(__file__).with_name("checker_vignettes.toml")
FIGURES_DOC = ROOT / "docs" / "clinical-safety" / "vignettes.md"
ORDER = [Level.SELF_CARE, Level.SOON, Level.URGENT, Level.EMERGENCY]
CASES = tomllib.loads(SUITE.read_text())["case"]


def outcome(case):
    """'right', 'over' (more cautious than the guidance) or 'under', and by how many levels."""
    got = ORDER.index(assess(case["answers"]).level)
    want = ORDER.index(Level(case["expected"]))
    return ("right" if got == want else "over" if got > want else "under"), got - want


def figures():
    outcomes = [outcome(case) for case in CASES]
    counts = Counter(kind for kind, _ in outcomes)
    total = len(CASES)
    safe = counts["right"] + counts["over"]
    gilbert_safe = safe + sum(1 for kind, by in outcomes if kind == "under" and by == -1)
    return {
        "cases": total,
        "right": counts["right"],
        "under-triaged": counts["under"],
        "over-triaged": counts["over"],
        "safe (right or more cautious)": f"{safe}/{total} ({100 * safe / total:.1f}%)",
        "safe, Gilbert 2020 (also one level less cautious)": f"{gilbert_safe}/{total} ({100 * gilbert_safe / total:.1f}%)",
    }


def figures_table():
    rows = ["| Measure | Latest run |", "|---|---|"]
    rows += [f"| {name} | {value} |" for name, value in figures().items()]
    return "\n".join(rows)


def test_the_suite_has_at_least_100_complete_cases_at_every_level():
    assert len(CASES) >= 100
    assert len({case["id"] for case in CASES}) == len(CASES)
    for case in CASES:
        assert case["story"] and case["guidance"] and case["answers"], case["id"]
        Level(case["expected"])
    assert {case["expected"] for case in CASES} == {level.value for level in Level}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_no_vignette_is_under_triaged(case):
    kind, _ = outcome(case)
    assert kind != "under", f"{case['id']}: {case['story']} -> {assess(case['answers']).level}, expected {case['expected']}"


def test_the_published_figures_are_those_of_the_latest_run():
    assert figures_table() in FIGURES_DOC.read_text(), (
        "docs/clinical-safety/vignettes.md is out of date; paste in:\n" + figures_table()
    )


if __name__ == "__main__":
    print(figures_table())
    for case in CASES:
        kind, _ = outcome(case)
        if kind != "right":
            print(f"{case['id']}: {kind}: expected {case['expected']}, got {assess(case['answers']).level}")
