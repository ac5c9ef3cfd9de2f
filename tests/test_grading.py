"""Does grading give full marks to the solutions, zero to the stubs, and honest scores to the rest?"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader import registry
from grader.grading import grade_file, imports_banned_module
from grader.results import CRASHED, ERROR, FORBIDDEN, MISSING, NOT_STARTED, PASSED, TIMEOUT
from grader.sandbox.runner import Limits
from tests.conftest import solution_path, stub_path

EXERCISES = registry.exercises()
FAST = Limits(call_timeout=1.0, load_timeout=5.0)


def with_function_replaced(tmp_path: Path, exercise, source_of_replacement: str) -> Path:
    """The solution with one function redefined at the end (a later def wins in Python)."""
    path = tmp_path / exercise.file
    path.write_text(solution_path(exercise).read_text() + "\n\n" + source_of_replacement + "\n")
    return path


def statuses(result) -> dict:
    return {check.name: check.status for check in result.checks}


def checks_of(exercise, function: str) -> set:
    return {check.name for check in exercise.implementations() if check.function == function}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_the_solution_get_full_marks(exercise):
    result = grade_file(exercise, solution_path(exercise))
    assert statuses(result) == {check.name: PASSED for check in exercise.checks}
    assert result.score == result.max_score == exercise.max_score


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_the_stub_get_zero_marked_not_started(exercise):
    result = grade_file(exercise, stub_path(exercise))
    assert result.score == 0
    assert set(statuses(result).values()) == {NOT_STARTED}
    assert all(check.feedback[-1].key == "status.not_started" for check in result.checks)


@pytest.mark.parametrize("seed", [1, 12345])
def test_does_the_solution_also_pass_the_grading_seeds(seed):
    for exercise in EXERCISES:
        assert grade_file(exercise, solution_path(exercise), seed=seed).passed, exercise.id


def test_are_the_visible_cases_the_same_on_every_run_and_other_seeds_different():
    check = registry.get("exercise3").implementations()[0]
    first, again, other = check.cases(0), check.cases(0), check.cases(7)
    assert all((a.call.args[0] == b.call.args[0]).all() for a, b in zip(first, again))
    assert any(a.call.args[0].shape != b.call.args[0].shape or (a.call.args[0] != b.call.args[0]).any()
               for a, b in zip(first, other))


def test_does_a_hanging_function_cost_only_its_own_checks(tmp_path):
    exercise = registry.get("exercise3")
    path = with_function_replaced(tmp_path, exercise, "def softmax_jacobian(z):\n    while True:\n        pass")
    result = grade_file(exercise, path, limits=FAST)
    hung = checks_of(exercise, "softmax_jacobian")
    for name, status in statuses(result).items():
        assert status in ((TIMEOUT, "skipped") if name in hung else (PASSED,)), name
    assert TIMEOUT in statuses(result).values()


@pytest.mark.parametrize("body, status", [
    ("import sys\n    sys.exit(0)", ERROR),
    ("import os\n    os._exit(1)", CRASHED),
    ("raise KeyboardInterrupt", ERROR),
])
def test_does_exiting_or_crashing_cost_only_that_function(tmp_path, body, status):
    exercise = registry.get("exercise1")
    path = with_function_replaced(tmp_path, exercise, f"def mse_grad(y_pred, y_true, reduction='mean'):\n    {body}")
    result = grade_file(exercise, path, limits=FAST)
    for name, got in statuses(result).items():
        assert got == (status if name in checks_of(exercise, "mse_grad") else PASSED), name


def test_does_a_missing_function_cost_only_its_checks(tmp_path):
    exercise = registry.get("exercise1")
    path = tmp_path / exercise.file
    source = solution_path(exercise).read_text()
    path.write_text(source.replace("def mse_grad(", "def mse_gradient("))
    result = grade_file(exercise, path)
    assert {n for n, s in statuses(result).items() if s == MISSING} == checks_of(exercise, "mse_grad")
    assert result.score == 5


@pytest.mark.parametrize("line", ["import torch", "from torch import nn", "import torch.nn.functional as F",
                                  "np = __import__('torch')"])
def test_does_a_torch_import_forfeit_the_exercise(tmp_path, line):
    exercise = registry.get("exercise1")
    path = tmp_path / exercise.file
    path.write_text(line + "\n" + solution_path(exercise).read_text())
    result = grade_file(exercise, path)
    assert result.score == 0 and set(statuses(result).values()) == {FORBIDDEN}
    assert result.notes[0].key == "file.torch"


def test_is_a_disguised_torch_import_caught_at_run_time(tmp_path):
    exercise = registry.get("exercise1")
    path = with_function_replaced(tmp_path, exercise, (
        "def mse_loss(y_pred, y_true, reduction='mean'):\n"
        "    import importlib\n"
        "    try:\n"
        "        importlib.import_module('to' + 'rch')\n"
        "    except ImportError:\n"
        "        pass\n"
        "    return ((y_pred - y_true) ** 2).mean()"))
    result = grade_file(exercise, path)
    assert result.score == 0 and set(statuses(result).values()) == {FORBIDDEN}


def test_is_a_syntax_error_reported_with_its_line(tmp_path):
    exercise = registry.get("exercise2")
    path = tmp_path / exercise.file
    path.write_text("import numpy as np\n\ndef sigmoid(z)\n    return z\n")
    result = grade_file(exercise, path)
    assert set(statuses(result).values()) == {ERROR}
    assert result.notes[0].key == "file.syntax_error" and result.notes[0].params["line"] == 3


def test_does_an_error_at_import_time_fail_every_check_with_its_message(tmp_path):
    exercise = registry.get("exercise2")
    path = tmp_path / exercise.file
    path.write_text("import numpy as np\nraise RuntimeError('boom at import')\n")
    result = grade_file(exercise, path)
    assert result.score == 0
    assert result.notes[0].key == "file.load_raised" and "boom at import" in result.notes[0].params["message"]


def test_does_mutating_the_inputs_not_disturb_other_cases(tmp_path):
    exercise = registry.get("exercise1")
    path = with_function_replaced(tmp_path, exercise, (
        "def mse_loss(y_pred, y_true, reduction='mean'):\n"
        "    y_pred -= y_true\n"
        "    y_pred **= 2\n"
        "    return {'mean': y_pred.mean(), 'sum': y_pred.sum(), 'none': y_pred}[reduction]"))
    assert grade_file(exercise, path).passed


def test_does_monkeypatching_numpy_not_change_the_verdict(tmp_path):
    exercise = registry.get("exercise1")
    path = tmp_path / exercise.file
    path.write_text(stub_path(exercise).read_text() + (
        "\nimport numpy as np\n"
        "np.allclose = lambda *a, **k: True\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n"
        "def mse_loss(y_pred, y_true, reduction='mean'):\n"
        "    return 0.0\n"))
    result = grade_file(exercise, path)
    assert result.score == 0


def test_does_a_failing_check_explain_itself_in_order(tmp_path):
    exercise = registry.get("exercise1")
    path = with_function_replaced(tmp_path, exercise, (
        "def mse_grad(y_pred, y_true, reduction='mean'):\n"
        "    return (y_pred - y_true) / (y_pred.size if reduction == 'mean' else 1)"))
    result = grade_file(exercise, path)
    failing = {c.name: c for c in result.checks if not c.passed}
    assert set(failing) == {"mse_grad_mean", "mse_grad_sum"}
    keys = [text.key for text in failing["mse_grad_mean"].feedback]
    assert keys[:2] == ["feedback.called", "values.differ"] and keys[-1] == "mistake.mse.grad_missing_2"
    assert set(keys[2:-1]) == {"values.sample"}
    called = failing["mse_grad_mean"].feedback[0].params
    assert called["call"].startswith("mse_grad(float64 (5,), float64 (5,))") and called["seed"] == 0


@pytest.mark.parametrize("source, expected", [
    ("import torch", True), ("import numpy as np", False), ("from torch.nn import functional", True),
    ("x = __import__('torch.nn')", True), ("import torchvision", False), ("# import torch", False),
])
def test_is_the_static_torch_scan_exact(source, expected):
    import ast

    assert imports_banned_module(ast.parse(source)) is expected


def test_does_one_bad_file_cost_only_its_own_exercise(tmp_path):
    """One child serves all of a learner's files: a file that hangs at import, one that sneaks
    torch in at run time and one that exits must not touch the others' scores."""
    from grader.grading import grade_submission

    files = {}
    for exercise in EXERCISES:
        files[exercise.id] = tmp_path / exercise.file
        files[exercise.id].write_text(solution_path(exercise).read_text())
    files["exercise2"].write_text("while True:\n    pass\n")
    files["exercise3"].write_text(solution_path(registry.get("exercise3")).read_text() + (
        "\nimport sys\nsys.meta_path[:] = [f for f in sys.meta_path if 'Blocker' not in type(f).__name__]\n"
        "try:\n    __import__('to' + 'rch')\nexcept ImportError:\n    pass\n"))
    files["exercise4"].write_text(solution_path(registry.get("exercise4")).read_text() + "\nimport os\nos._exit(3)\n")
    results = grade_submission([(e, files[e.id]) for e in EXERCISES], limits=FAST)
    by_id = {r.exercise: r for r in results}
    assert by_id["exercise1"].passed and by_id["exercise5"].passed
    assert set(statuses(by_id["exercise2"]).values()) == {TIMEOUT}
    assert set(statuses(by_id["exercise3"]).values()) == {FORBIDDEN}
    assert set(statuses(by_id["exercise4"]).values()) == {CRASHED}


def test_does_a_failure_while_checking_an_answer_become_that_checks_verdict(monkeypatch):
    """Whatever an answer does to the comparison (here it raises), that check is 'crashed' with
    the reason, and grading goes on."""
    import grader.grading as grading

    def broken_compare(value, answer, tolerance):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(grading, "compare", broken_compare)
    exercise = registry.get("exercise1")
    result = grade_file(exercise, solution_path(exercise), limits=FAST)
    assert set(statuses(result).values()) == {CRASHED}
    text = " ".join(str(t.params) for check in result.checks for t in check.feedback)
    assert "OverflowError" in text
