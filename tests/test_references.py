"""Are torch references cached so that a repeated check never imports torch, and is a damaged
cache simply recomputed?"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from grader import references, registry
from tests.conftest import ROOT, solution_path

PROBE = """
import sys
from pathlib import Path
from grader import registry
from grader.grading import grade_file
result = grade_file(registry.get("exercise3"), Path(sys.argv[1]))
print(result.score, result.max_score, "torch" in sys.modules)
"""


def run_probe(env_cache, tmp_path):
    import os

    env = dict(os.environ, BACKPROP_LAB_CACHE=str(env_cache), BACKPROP_LAB_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", PROBE, str(solution_path(registry.get("exercise3")))],
                          env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    score, max_score, imported = done.stdout.split()
    return int(score), int(max_score), imported == "True"


@pytest.mark.timeout(120)  # two fresh processes, the first of which imports torch
def test_does_a_warm_cache_spare_the_torch_import(tmp_path):
    cache = tmp_path / "cache"
    assert run_probe(cache, tmp_path) == (10, 10, True)  # cold: computes and stores the references
    assert run_probe(cache, tmp_path) == (10, 10, False)  # warm: torch is never imported


def test_is_a_damaged_cache_file_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_LAB_CACHE", str(tmp_path))
    exercise = registry.get("exercise1")
    checks = exercise.implementations()
    cases = {check.name: check.cases(0) for check in checks}
    first = references.expected_answers(exercise.id, checks, cases, 0)
    (stored,) = tmp_path.glob("exercise1-seed0-*.npz")
    stored.write_bytes(b"not an npz file")
    again = references.expected_answers(exercise.id, checks, cases, 0)
    for name in first:
        for a, b in zip(first[name], again[name]):
            np.testing.assert_array_equal(a, b)


def test_do_different_seeds_get_different_cache_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_LAB_CACHE", str(tmp_path))
    exercise = registry.get("exercise1")
    checks = exercise.implementations()
    for seed in (0, 5):
        references.expected_answers(exercise.id, checks, {c.name: c.cases(seed) for c in checks}, seed)
    assert len(list(tmp_path.glob("exercise1-seed*.npz"))) == 2


def test_does_any_change_under_grader_checks_give_a_new_cache_key(tmp_path, monkeypatch):
    """Cases and references may use any helper shared between checks: a change to one, or a new
    helper file, must not let a stale answer be read back."""
    import shutil

    checks = tmp_path / "checks"
    shutil.copytree(references.CHECKS_DIR, checks)
    monkeypatch.setattr(references, "CHECKS_DIR", checks)
    keys = [references._fingerprint("exercise1", 0)]
    for change in (lambda: (checks / "base.py").write_text((checks / "base.py").read_text() + "\n# changed\n"),
                   lambda: (checks / "exercise3.py").write_text((checks / "exercise3.py").read_text() + "\n"),
                   lambda: (checks / "_shared_helpers.py").write_text("SCALE = 2\n"),
                   lambda: (checks / "_shared_helpers.py").rename(checks / "_other_helpers.py")):
        change()
        keys.append(references._fingerprint("exercise1", 0))
    assert len(set(keys)) == len(keys)
    assert references._fingerprint("exercise1", 0) == keys[-1]  # and the key is stable while nothing changes
