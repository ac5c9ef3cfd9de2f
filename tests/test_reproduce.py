"""Can a learner see, save and rerun the exact case that failed?"""

from __future__ import annotations

import numpy as np
import pytest

from grader import registry, reproduce
from grader.checks.base import Call, Case


@pytest.mark.parametrize("parameters, path, name", [
    ({}, (0,), "args[0]"),
    ({"f": ["grads"]}, (0, 2), "grads[2]"),
    ({"f": ["X", "params"]}, (1, "W1"), "params['W1']"),
    ({"f": ["y_pred"]}, ("reduction",), "reduction"),
])
def test_are_arguments_named_as_the_learners_code_names_them(parameters, path, name):
    assert reproduce.argument_name(parameters.get("f", ()), path) == name


def test_are_small_inputs_shown_in_full_and_large_ones_not():
    small = Case(Call("f", (np.array([1000.0, -1000.0]), [np.ones(2)]), {"reduction": "sum"}))
    shown = reproduce.small_inputs(small, {"f": ["z", "grads"]})
    assert shown.splitlines() == ["    z = [ 1000., -1000.]", "    grads[0] = [1., 1.]", "    reduction = 'sum'"]
    large = Case(Call("f", (np.zeros(reproduce.SMALL_INPUTS + 1),)))
    assert reproduce.small_inputs(large, {}) == ""


@pytest.mark.parametrize("exercise", registry.exercises(), ids=lambda e: e.id)
def test_does_every_case_survive_the_npz_exactly(exercise, tmp_path):
    from grader.grading import case_set

    checks, cases, answers = case_set(exercise, 0)
    for check in checks:
        case, answer = cases[check.name][-1], answers[check.name][-1]
        data, keys = reproduce.npz_bytes(exercise.id, check, case, len(cases[check.name]), 0, answer, {})
        (tmp_path / "case.npz").write_bytes(data)
        with np.load(tmp_path / "case.npz") as saved:  # no pickles needed
            for name, value in reproduce.named_inputs(case, {}):
                np.testing.assert_array_equal(saved[name], np.asarray(value))
            np.testing.assert_array_equal(saved["expected"], answer)


def test_is_the_case_shown_the_one_asked_for_else_the_first_that_failed():
    from grader.results import CheckResult, ExerciseResult

    result = ExerciseResult("exercise1", 0, (CheckResult("mse_value_mean", 3, "passed"),
                                             CheckResult("mse_grad_mean", 3, "failed", case=2),
                                             CheckResult("mse_grad_sum", 2, "failed", case=4)))
    assert reproduce.case_to_show(result) == ("mse_grad_mean", 2)
    assert reproduce.case_to_show(result, ("mse_grad_sum", None)) == ("mse_grad_sum", 4)
    assert reproduce.case_to_show(result, ("mse_grad_sum", 1)) == ("mse_grad_sum", 1)
    assert reproduce.case_to_show(result, ("mse_value_mean", None)) == ("mse_value_mean", 1)
    assert reproduce.case_to_show(ExerciseResult("exercise1", 0, result.checks[:1])) is None
