"""Are torch's answers stored so that a check seldom imports torch: shipped with the package for the
visible cases, cached on disk for the others, recomputed when damaged or out of date?"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from grader import references, registry
from tests.conftest import ROOT, solution_path

PROBE = """
import sys
from pathlib import Path
from grader import registry
from grader.grading import grade_file
exercise = registry.get(sys.argv[2])
result = grade_file(exercise, Path(sys.argv[1]), seed=int(sys.argv[3]))
print(result.score, result.max_score, "torch" in sys.modules)
"""


def run_probe(cache, tmp_path, exercise="exercise3", seed=0):
    """Grade the solution of ``exercise`` in a fresh process: (score, max score, was torch imported)."""
    env = dict(os.environ, BACKPROP_LAB_CACHE=str(cache), BACKPROP_LAB_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", PROBE, str(solution_path(registry.get(exercise))), exercise,
                           str(seed)], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    score, max_score, imported = done.stdout.split()
    return int(score), int(max_score), imported == "True"


def case_set(exercise, seed=0):
    checks = exercise.implementations()
    return checks, {check.name: check.cases(seed) for check in checks}


@pytest.mark.timeout(120)  # a fresh process
def test_does_the_first_check_after_installing_spare_the_torch_import(tmp_path):
    assert run_probe(tmp_path / "empty-cache", tmp_path) == (10, 10, False)
    assert not (tmp_path / "empty-cache").exists()  # answered from the package, nothing cached


@pytest.mark.timeout(120)  # two fresh processes, the first of which imports torch
def test_does_a_warm_cache_spare_the_torch_import_for_other_seeds(tmp_path):
    cache = tmp_path / "cache"
    assert run_probe(cache, tmp_path, seed=3) == (10, 10, True)  # cold: computes and stores the references
    assert run_probe(cache, tmp_path, seed=3) == (10, 10, False)  # warm: torch is never imported


@pytest.mark.timeout(300)  # a fresh process per exercise, the first of which imports torch
def test_does_one_torch_import_answer_every_exercise_of_a_new_seed(tmp_path):
    cache = tmp_path / "cache"
    assert run_probe(cache, tmp_path, "exercise1", seed=4)[2] is True
    for exercise in registry.exercises()[1:]:
        score, max_score, imported = run_probe(cache, tmp_path, exercise.id, seed=4)
        assert (score, imported) == (max_score, False), exercise.id


@pytest.mark.parametrize("exercise", registry.exercises(), ids=lambda e: e.id)
def test_is_the_shipped_data_up_to_date_with_the_checks(exercise):
    _, cases = case_set(exercise, references.SHIPPED_SEED)
    assert references.shipped_answers(exercise.id, cases) is not None, (
        f"grader/data/references/{exercise.id}.npz does not answer the current checks of {exercise.id}: "
        f"run `{references.REGENERATE}` and commit the result")


def test_does_the_shipped_data_hold_no_exercise_that_is_gone():
    shipped = {path.name for path in (ROOT / "grader" / "data" / "references").glob("*.npz")}
    assert shipped <= {f"{e.id}.npz" for e in registry.exercises()}, f"run `{references.REGENERATE}`"


@pytest.mark.parametrize("exercise", registry.exercises(), ids=lambda e: e.id)
def test_does_the_shipped_data_agree_with_the_installed_torch(exercise):
    checks, cases = case_set(exercise, references.SHIPPED_SEED)
    shipped = references.shipped_answers(exercise.id, cases)
    if shipped is None:
        pytest.skip("out of date: the test above says so")
    computed = references.torch_answers(checks, cases)
    for name, answers in computed.items():
        for number, (expected, stored) in enumerate(zip(answers, shipped[name])):
            assert stored.shape == expected.shape, (name, number)
            np.testing.assert_allclose(stored, expected, rtol=1e-12, atol=1e-300, equal_nan=True,
                                       err_msg=f"{exercise.id} {name} case {number}")


def test_are_answers_for_other_cases_never_taken_from_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKPROP_LAB_CACHE", str(tmp_path))
    exercise = registry.get("exercise1")
    _, cases = case_set(exercise)
    assert references.stored_answers(exercise.id, cases, 0) is not None
    name = next(iter(cases))
    first = cases[name][0]
    nudged = first.call.args[0].copy()
    nudged.flat[0] += 1.0  # what a numpy that draws other numbers, or a changed check, would give
    changed = replace(first, call=replace(first.call, args=(nudged, *first.call.args[1:])))
    assert references.stored_answers(exercise.id, {**cases, name: [changed, *cases[name][1:]]}, 0) is None
    assert references.stored_answers(exercise.id, case_set(exercise, 1)[1], 0) is None


def test_is_a_damaged_cache_file_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_LAB_CACHE", str(tmp_path))
    exercise = registry.get("exercise1")
    checks, cases = case_set(exercise, 7)
    first = references.expected_answers(exercise.id, checks, cases, 7)
    (stored,) = tmp_path.glob("exercise1-seed7-*.npz")
    stored.write_bytes(b"not an npz file")
    assert references.stored_answers(exercise.id, cases, 7) is None
    again = references.expected_answers(exercise.id, checks, cases, 7)
    for name in first:
        for a, b in zip(first[name], again[name]):
            np.testing.assert_array_equal(a, b)


def test_do_different_seeds_get_different_cache_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_LAB_CACHE", str(tmp_path))
    exercise = registry.get("exercise1")
    for seed in (2, 5):
        checks, cases = case_set(exercise, seed)
        references.expected_answers(exercise.id, checks, cases, seed)
    assert len(list(tmp_path.glob("exercise1-seed*.npz"))) == 2


def test_is_nothing_more_computed_when_answers_cannot_be_cached(tmp_path, monkeypatch):
    from grader import grading

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("BACKPROP_LAB_CACHE", str(blocked))
    computed = []
    monkeypatch.setattr(references, "torch_answers", lambda checks, cases: computed.append(1) or {
        check.name: [np.zeros(1)] * len(cases[check.name]) for check in checks})
    monkeypatch.setattr(grading, "_CASE_SETS", {})
    grading._case_set(registry.get("exercise1"), 11)
    assert computed == [1]  # only the exercise asked for


def test_does_any_change_under_grader_checks_give_a_new_cache_key(tmp_path, monkeypatch):
    """Cases and references may use any helper shared between checks: a change to one, or a new
    helper file, must not let a stale answer be read back."""
    import shutil

    checks = tmp_path / "checks"
    shutil.copytree(references.CHECKS_DIR, checks)
    monkeypatch.setattr(references, "CHECKS_DIR", checks)
    _, cases = case_set(registry.get("exercise1"))
    keys = [references.fingerprint("exercise1", cases, 0)]
    for change in (lambda: (checks / "base.py").write_text((checks / "base.py").read_text() + "\n# changed\n"),
                   lambda: (checks / "exercise3.py").write_text((checks / "exercise3.py").read_text() + "\n"),
                   lambda: (checks / "_shared_helpers.py").write_text("SCALE = 2\n"),
                   lambda: (checks / "_shared_helpers.py").rename(checks / "_other_helpers.py")):
        change()
        keys.append(references.fingerprint("exercise1", cases, 0))
    assert len(set(keys)) == len(keys)
    assert references.fingerprint("exercise1", cases, 0) == keys[-1]  # and the key is stable while nothing changes
