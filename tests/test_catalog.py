"""The catalog of realistic submissions: does every wrong one lose exactly the points it should,
with a message, and does every unusual-but-correct one get full marks?

Each file in tests/catalog/exerciseN/ starts with a header:
    # catalog: wrong | correct
    # expect-fail: check_a, check_b        (wrong files only: exactly the checks that must fail)
    # expect-mistake: mistake.key          (optional: the diagnosis the first failure must name)
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from grader import registry
from grader.grading import grade_file
from grader.render import check_message
from tests.conftest import CATALOG

FILES = sorted(CATALOG.glob("exercise*/*.py"))


def header(path: Path) -> dict:
    fields = {}
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        fields[key.strip()] = value.strip()
    return fields


# The visible cases, and a grading seed: a verdict must not depend on which cases were drawn.
@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_catalog_entry_scores_as_expected(path, seed):
    fields = header(path)
    exercise = registry.get(path.parent.name)
    result = grade_file(exercise, path, seed=seed)
    failing = {check.name for check in result.checks if not check.passed}
    if fields["catalog"] == "correct":
        assert failing == set(), {c.name: check_message(c, "en") for c in result.checks if not c.passed}
        return
    expected = {name.strip() for name in fields["expect-fail"].split(",") if name.strip()}
    assert failing == expected, {c.name: check_message(c, "en") for c in result.checks if not c.passed}
    for check in result.checks:
        if not check.passed:
            assert check.status not in ("not_started", "missing")
            assert check_message(check, "en").strip()
    if fields.get("expect-mistake"):
        mistakes = {check.mistake for check in result.checks if not check.passed}
        assert fields["expect-mistake"] in mistakes, mistakes


@pytest.mark.parametrize("exercise", registry.exercises(), ids=lambda e: e.id)
def test_catalog_is_big_enough(exercise):
    kinds = Counter(header(path)["catalog"] for path in FILES if path.parent.name == exercise.id)
    assert kinds["wrong"] >= 8 and kinds["correct"] >= 3, kinds


def test_every_check_is_failed_by_some_wrong_entry():
    failed = set()
    for path in FILES:
        fields = header(path)
        if fields["catalog"] == "wrong":
            failed |= {name.strip() for name in fields["expect-fail"].split(",")}
    every_check = {info.name for exercise in registry.exercises() for info in exercise.checks}
    assert every_check - failed == set()
