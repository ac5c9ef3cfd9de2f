"""Are the stubs exactly what the solutions derive to, and unsolved?"""

from __future__ import annotations

import subprocess
import sys

import pytest

from grader import registry
from tests.conftest import ROOT, solution_path, stub_path

sys.path.insert(0, str(ROOT / "tools"))
from make_stubs import derive_stub  # noqa: E402

EXERCISES = registry.exercises()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_is_the_stub_derived_from_the_solution(exercise):
    assert stub_path(exercise).read_text() == derive_stub(solution_path(exercise).read_text())


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_the_stub_keep_no_solution_code(exercise):
    stub = stub_path(exercise).read_text()
    assert "BEGIN SOLUTION" not in stub and "END SOLUTION" not in stub
    assert stub.count("raise NotImplementedError") == len(exercise.functions)
    assert stub.count("# TODO") >= len(exercise.functions)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_the_package_ship_the_same_stub(exercise):
    from grader.workspace import stub_source

    assert stub_source(exercise) == stub_path(exercise).read_text()


def test_is_a_methods_stub_named_after_its_class():
    solution = (
        "class Adam:\n"
        "    def step(self, grads):\n"
        "        ### BEGIN SOLUTION\n"
        "        # TODO: update every parameter\n"
        "        pass\n"
        "        ### END SOLUTION\n"
    )
    stub = derive_stub(solution)
    assert 'raise NotImplementedError("Adam.step is not implemented yet")' in stub and "pass" not in stub


def test_does_the_check_command_agree():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_stubs.py"), "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
