"""The catalog of realistic submissions: does every wrong one lose exactly the points it should,
with a message, and does every unusual-but-correct one get full marks?

Each file in tests/catalog/exerciseN/ starts with a header:
    # catalog: wrong | correct
    # expect-fail: check_a, check_b        (wrong files only: exactly the checks that must fail)
    # expect-mistake: key_a, key_b         (optional: mistakes the failing checks must name, all of them)
    # expect-feedback: message.key         (optional: a message some failing check must give)
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from grader import registry
from grader.grading import grade_submission
from grader.i18n import LANGUAGES
from grader.render import check_message, explanation, hint_commands
from tests.conftest import CATALOG

# The module fixture grades the whole catalog twice before the first test runs.
pytestmark = pytest.mark.timeout(300)

FILES = sorted(CATALOG.glob("exercise*/*.py"))
SEEDS = (0, 1)


@pytest.fixture(scope="module")
def graded() -> dict:
    """Every catalog file graded with every seed. Files of different exercises share a sandbox, as
    one learner's files do (each is still judged on its own): a fifth of the child processes."""
    by_exercise = defaultdict(list)
    for path in FILES:
        by_exercise[path.parent.name].append(path)
    results = {}
    for seed in SEEDS:
        for group in itertools.zip_longest(*by_exercise.values()):
            targets = [(registry.get(path.parent.name), path) for path in group if path is not None]
            for (_, path), result in zip(targets, grade_submission(targets, seed=seed)):
                results[path, seed] = result
    return results


def header(path: Path) -> dict:
    fields = {}
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        fields[key.strip()] = value.strip()
    return fields


def names(field: str) -> set:
    return {name.strip() for name in field.split(",") if name.strip()}


# The visible cases, and a grading seed: a verdict must not depend on which cases were drawn.
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_catalog_entry_scores_as_expected(path, seed, graded):
    fields = header(path)
    result = graded[path, seed]
    failing = {check.name for check in result.checks if not check.passed}
    if fields["catalog"] == "correct":
        assert failing == set(), {c.name: check_message(c, "en") for c in result.checks if not c.passed}
        return
    assert failing == names(fields["expect-fail"]), {c.name: check_message(c, "en") for c in result.checks
                                                    if not c.passed}
    for check in result.checks:
        if not check.passed:
            assert check.status not in ("not_started", "missing")
            assert check_message(check, "en").strip()
            assert check.mistake == (check.mistakes[0] if check.mistakes else None)
    named = {mistake for check in result.checks if not check.passed for mistake in check.mistakes}
    assert names(fields.get("expect-mistake", "")) <= named, named
    given = {text.key for check in result.checks if not check.passed for text in check.feedback}
    assert names(fields.get("expect-feedback", "")) <= given, given
    for check in result.checks:
        if not check.passed and check.mistakes:
            assert_named_not_fixed(check, result.exercise)


def assert_named_not_fixed(check, exercise: str) -> None:
    """A learner's feedback names each mistake and the hint that teaches it; the correction only
    with --explain."""
    commands = hint_commands(check, exercise)
    assert commands or set(check.mistakes) <= {"modified_input"}, check.mistakes
    assert all(command.startswith(f"learn hint {exercise} ") for command in commands), commands
    for language in LANGUAGES:
        plain = check_message(check, language, exercise)
        explained = check_message(check, language, exercise, explain=True)
        corrections = [explanation(mistake, language) for mistake in check.mistakes]
        assert None not in corrections, check.mistakes
        assert [c for c in corrections if c in plain] == [] and all(c in explained for c in corrections)
        assert all(command in plain for command in commands)


@pytest.mark.parametrize("exercise", registry.exercises(), ids=lambda e: e.id)
def test_catalog_is_big_enough(exercise):
    kinds = Counter(header(path)["catalog"] for path in FILES if path.parent.name == exercise.id)
    assert kinds["wrong"] >= 8 and kinds["correct"] >= 3, kinds


def test_every_check_is_failed_by_some_wrong_entry():
    failed = set()
    for path in FILES:
        fields = header(path)
        if fields["catalog"] == "wrong":
            failed |= names(fields["expect-fail"])
    every_check = {info.name for exercise in registry.exercises() for info in exercise.checks}
    assert every_check - failed == set()
