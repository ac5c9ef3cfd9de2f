"""Does grading give full marks to the solutions, zero to the stubs, and honest scores to the rest?"""

from __future__ import annotations

import time
from collections import Counter
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


@pytest.fixture()
def calls(monkeypatch) -> Counter:
    """How often grading asks the sandbox to call each function."""
    from grader import grading
    from grader.sandbox.runner import Sandbox

    counted = Counter()

    class CountingSandbox(Sandbox):
        def call(self, function, *args, **kwargs):
            counted[function] += 1
            return super().call(function, *args, **kwargs)

    monkeypatch.setattr(grading, "Sandbox", CountingSandbox)
    return counted


@pytest.mark.timeout(30)
def test_is_a_function_that_hung_once_never_called_again(tmp_path, calls):
    exercise = registry.get("exercise3")
    path = with_function_replaced(tmp_path, exercise, "def softmax_jacobian(z):\n    while True:\n        pass")
    result = grade_file(exercise, path, limits=FAST)
    hung = checks_of(exercise, "softmax_jacobian")
    assert calls["softmax_jacobian"] == 1
    assert sorted(status for name, status in statuses(result).items() if name in hung) == [
        "skipped"] * (len(hung) - 1) + [TIMEOUT]
    assert all(status == PASSED for name, status in statuses(result).items() if name not in hung)


def test_is_an_identical_call_made_once_per_file(calls):
    """The clipping checks share their cases: each distinct call runs once, whatever checks use it."""
    from grader.grading import _call_key, case_set

    exercise = registry.get("exercise5")
    assert grade_file(exercise, solution_path(exercise)).passed
    _, cases, _ = case_set(exercise, 0)
    distinct = {_call_key(case) for case_list in cases.values() for case in case_list
                if case.call.function == "clip_grad_norm"}
    assert calls["clip_grad_norm"] == len(distinct) < sum(
        case.call.function == "clip_grad_norm" for case_list in cases.values() for case in case_list)


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


@pytest.mark.parametrize("tail, key", [
    ("BOOM = y" + "[0]" * 5000 + "\n", "file.unparsable"),  # the parser raises RecursionError
    ("BOOM = " + "-" * 20000 + "1\n", "file.unparsable"),  # ... or MemoryError ("too complex")
    ("# " + "x" * (8 << 20) + "\n", "file.too_large"),  # more than a sandbox is given: never read whole
])
def test_does_a_file_the_parser_chokes_on_cost_only_its_exercise(tmp_path, tail, key):
    """The torch scan parses every file in the grader's own process: whatever the parser raises is
    that file's verdict (in `learn grade`, an exception here would end the run for the whole class)."""
    exercise = registry.get("exercise1")
    path = tmp_path / exercise.file
    path.write_text(solution_path(exercise).read_text() + "\n" + tail)
    result = grade_file(exercise, path)
    assert set(statuses(result).values()) == {ERROR} and result.notes[0].key == key


def test_does_no_terminal_control_sequence_from_student_code_reach_the_report(tmp_path):
    """A file someone sent a learner prints and raises escape sequences (clear the line, move the
    cursor up, write "passed" in green, set the window title): `learn check` shows what student
    code printed and raised, so it must show them as text, not hand them to the terminal."""
    from grader.render import check_message, exercise_report

    exercise = registry.get("exercise1")
    path = with_function_replaced(tmp_path, exercise, (
        "def mse_grad(y_pred, y_true, reduction='mean'):\n"
        "    print('\\x1b]0;owned\\x07\\x1b[1A\\x1b[2K\\x9b32m all checks passed')\n"
        "    raise ValueError('\\x1b[1A\\x1b[2K\\x1b[32mPASSED\\r')\n\n"
        "def mse_loss(y_pred, y_true, reduction='mean'):\n"
        "    return type('\\x1b[2Jscalar', (), {})()  # what it returned is shown by its type's name"))
    result = grade_file(exercise, path)
    shown = [check_message(check, "en") for check in result.checks] + [result.output]
    shown += [check.details for check in result.checks]
    for seen in ("PASSED", "all checks passed", "scalar"):
        assert any(seen in text for text in shown), seen
    for text in shown:
        assert not any(character in text for character in "\x1b\x07\x9b\r"), text
    from rich.console import Console

    console = Console(file=__import__("io").StringIO(), force_terminal=False, width=200)
    console.print(exercise_report(result, "en", verbose=True))
    assert "\x1b" not in console.file.getvalue()


def test_do_slow_imports_stay_within_the_submissions_time_budget(tmp_path):
    """Every file sleeps well within the import limit, but the imports together would take twice the
    submission's budget (eleven files: 110 s against 120 s by default): no import starts past the
    budget, and none may take longer than what is left of it."""
    from grader.grading import case_set, grade_submission
    from grader.results import SKIPPED

    targets = []
    for exercise in EXERCISES[:6]:
        path = tmp_path / exercise.file
        path.write_text("import time\ntime.sleep(1.2)  # within the import limit\n" +
                        solution_path(exercise).read_text())
        targets.append((exercise, path))
        case_set(exercise, 1)  # torch's answers, computed before the clock starts
    limits = Limits(call_timeout=1.0, load_timeout=2.5, submission_timeout=3.0)
    started = time.monotonic()
    results = grade_submission(targets, seed=1, limits=limits)
    assert time.monotonic() - started < limits.submission_timeout + limits.call_timeout + 1.0
    assert results[0].score == results[0].max_score and set(statuses(results[-1]).values()) == {SKIPPED}


def test_does_an_error_at_import_time_fail_every_check_with_its_message(tmp_path):
    exercise = registry.get("exercise2")
    path = tmp_path / exercise.file
    path.write_text("import numpy as np\nraise RuntimeError('boom at import')\n")
    result = grade_file(exercise, path)
    assert result.score == 0
    assert result.notes[0].key == "file.load_raised" and "boom at import" in result.notes[0].params["message"]


def test_is_overwriting_the_callers_inputs_named_without_disturbing_other_cases(tmp_path):
    exercise = registry.get("exercise1")
    path = with_function_replaced(tmp_path, exercise, (
        "def mse_loss(y_pred, y_true, reduction='mean'):\n"
        "    if reduction not in ('mean', 'sum', 'none'):\n"
        "        raise ValueError(reduction)\n"
        "    y_pred -= y_true\n"
        "    y_pred **= 2\n"
        "    return {'mean': y_pred.mean(), 'sum': y_pred.sum(), 'none': y_pred}[reduction]"))
    result = grade_file(exercise, path)
    failing = {c.name: c for c in result.checks if not c.passed}
    assert set(failing) == checks_of(exercise, "mse_loss")  # mse_grad's cases got fresh copies
    for check in failing.values():
        assert check.mistakes == ("modified_input",)
        (named,) = [text for text in check.feedback if text.key == "mistake.modified_input"]
        assert named.params["arguments"] == "y_pred"


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
    assert keys[:3] == ["feedback.called", "feedback.inputs", "values.differ"]
    assert keys[-1] == "mistake.mse.grad_missing_2" and set(keys[3:-1]) == {"values.sample"}
    called = failing["mse_grad_mean"].feedback[0].params
    assert called["call"] == "mse_grad(float64 (4, 3), float64 (4, 3))" and called["seed"] == 0


@pytest.mark.parametrize("source, expected", [
    ("import torch", True), ("import numpy as np", False), ("from torch.nn import functional", True),
    ("x = __import__('torch.nn')", True), ("import torchvision", False), ("# import torch", False),
])
def test_is_the_static_torch_scan_exact(source, expected):
    import ast

    assert imports_banned_module(ast.parse(source)) is expected


@pytest.mark.timeout(60)  # a file that hangs at import, one that exits, five exercises
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


def test_is_unchanged_said_only_of_arrays_that_are_unchanged(tmp_path):
    """An in-place clip by a wrong coefficient did change the caller's arrays: no 'unchanged' then."""
    exercise = registry.get("exercise5")
    path = with_function_replaced(tmp_path, exercise, (
        "def clip_grad_norm(grads, max_norm, norm_type=2.0):\n"
        "    total = global_grad_norm(grads, norm_type)\n"
        "    for g in grads:\n"
        "        g *= 0.123\n"
        "    return total"))
    failing = {c.name: c for c in grade_file(exercise, path).checks if not c.passed}
    assert "clip_grad_norm_in_place" in failing
    keys = {text.key for check in failing.values() for text in check.feedback}
    assert not keys & {"mistake.not_in_place", "mistake.replaced_not_in_place"}


def test_does_a_raised_error_point_at_the_line_of_the_learners_file(tmp_path):
    exercise = registry.get("exercise3")
    path = with_function_replaced(tmp_path, exercise, (
        "def _normalise(e):\n"
        "    return e / e.sum(axis=-1)[:, None, None]\n"
        "\n"
        "def softmax(z):\n"
        "    return _normalise(np.exp(z - z.max(axis=-1, keepdims=True)))"))
    check = next(c for c in grade_file(exercise, path).checks if c.name == "softmax_values")
    (where,) = [text for text in check.feedback if text.key == "feedback.raised_at"]
    lines = path.read_text().splitlines()
    assert where.params["file"] == path.name and where.params["function"] == "_normalise"
    assert lines[where.params["line"] - 1].strip() == where.params["code"] == "return e / e.sum(axis=-1)[:, None, None]"


def test_does_an_error_at_import_time_point_at_its_line(tmp_path):
    exercise = registry.get("exercise2")
    path = tmp_path / exercise.file
    path.write_text("import numpy as np\n\nTABLE = np.ones(3)[5]\n")
    result = grade_file(exercise, path)
    where = next(note for note in result.notes if note.key == "feedback.raised_at")
    assert (where.params["line"], where.params["code"]) == (3, "TABLE = np.ones(3)[5]")


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
