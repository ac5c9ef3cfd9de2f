"""Does the comparison accept every correct answer form and reject every wrong structure?"""

from __future__ import annotations

import re

import numpy as np
import pytest

from grader.compare import Tolerance, compare, diagnose
from grader.sandbox.child import Unsupported


def test_float32_rounding_of_a_correct_answer_passes():
    expected = np.random.default_rng(1).standard_normal((4, 3))
    assert compare(expected.astype(np.float32), expected).ok


@pytest.mark.parametrize("answer", [2.5, np.float32(2.5), np.float64(2.5), np.array(2.5), 5 // 2 + 0.5])
def test_a_scalar_may_come_as_float_numpy_scalar_or_0d_array(answer):
    assert compare(answer, np.array(2.5)).ok


def test_shapes_never_broadcast():
    verdict = compare(np.ones((2, 2)), np.ones((1, 2, 2)))
    assert not verdict.ok and verdict.problem.key == "structure.shape"


def test_a_one_element_array_is_not_a_scalar():
    assert compare(np.array([2.5]), np.array(2.5)).problem.key == "structure.shape"


def test_is_a_0d_shape_said_in_the_learners_language():
    from grader.i18n import translate

    problem = compare(np.array(2.5), np.ones(3)).problem
    english, chinese = translate(problem, "en"), translate(problem, "zh")
    assert problem.key == "structure.shape" and "() (a single number)" in english and "(3,)" in english
    assert "()（单个数）" in chinese and not re.search("[a-z]{3}", chinese)


@pytest.mark.parametrize("answer, key", [
    (None, "structure.none"),
    ([1.0, 2.0], "structure.wrong_type_array"),
    (Unsupported("EqualsEverything"), "structure.wrong_type_array"),
    (np.array([True, False]), "structure.bool"),
    (3.0, "structure.scalar_for_array"),
])
def test_wrong_structures_are_named(answer, key):
    assert compare(answer, np.array([1.0, 2.0])).problem.key == key


def test_nan_where_the_reference_is_finite_is_reported_as_nonfinite():
    verdict = compare(np.array([1.0, np.nan]), np.array([1.0, 2.0]))
    assert verdict.problem.key == "structure.nonfinite"


def test_nan_matches_nan_and_inf_matches_the_same_inf():
    expected = np.array([np.nan, np.inf, -np.inf, 1.0])
    assert compare(expected.copy(), expected).ok
    assert not compare(np.array([np.nan, -np.inf, -np.inf, 1.0]), expected).ok


def test_a_difference_reports_count_errors_and_samples():
    verdict = compare(np.array([1.0, 2.0, 3.5]), np.array([1.0, 2.0, 3.0]))
    params = verdict.problem.params
    assert (verdict.problem.key, params["count"], params["total"]) == ("values.differ", 1, 3)
    assert params["where"] == "[2]"
    assert [dict(sample.params) for sample in verdict.samples] == [{"index": "[2]", "got": "3.5", "expected": "3"}]


def test_scaled_tolerance_grows_with_the_reference():
    expected = np.array([1e4, 1.0])
    answer = expected + np.array([5e-3, 5e-3])
    assert not compare(answer, expected).ok
    assert compare(answer, expected, Tolerance(rtol=0, scale="at_least_one", atol=1e-6)).ok


def test_is_a_constant_factor_over_a_whole_array_named_without_guessing_its_cause():
    expected = np.arange(1.0, 7.0).reshape(2, 3)
    found = diagnose(expected / 6, expected)
    assert found.mistakes == ("scaled",) and found.texts[0].params == {"factor": "1/6"}


@pytest.mark.parametrize("got", [np.array(1.64 * 2.5), np.array([0.0, 0.0, 3.0])])
def test_is_a_single_ratio_no_evidence_of_a_factor(got):
    """A wrong number is always some multiple of the right one: that says nothing about why."""
    expected = np.array(2.5) if got.ndim == 0 else np.array([0.0, 0.0, 1.0])
    assert diagnose(got, expected) is None


def test_does_a_check_name_its_own_factor_with_its_own_message_even_for_a_scalar():
    found = diagnose(np.array(12.5), np.array(2.5), {}, {"ce.not_divided_by_n": 5})
    assert found.mistakes == ("ce.not_divided_by_n",)
    assert [text.key for text in found.texts] == ["mistake.ce.not_divided_by_n"]


def test_are_two_mistakes_at_once_named_together_a_variant_times_a_factor():
    expected = np.array([1.0, -2.0, 3.0])
    no_derivative = np.array([2.0, -1.0, 5.0])
    found = diagnose(no_derivative * 3, expected, {"missing_derivative": no_derivative}, {"divided_by_n": 3.0})
    assert found.mistakes == ("missing_derivative", "divided_by_n")
    assert [text.key for text in found.texts] == ["mistake.combined", "mistake.missing_derivative",
                                                  "mistake.divided_by_n"]


def test_are_two_factors_at_once_named_and_the_fewest_mistakes_win():
    expected = np.array([1.0, -2.0, 3.0])
    factors = {"missing_2": 0.5, "sum_for_mean": 6.0, "half_and_sum": 3.0}
    assert diagnose(expected * 3.0, expected, {}, factors).mistakes == ("half_and_sum",)
    assert diagnose(expected * -6.0, expected, {}, factors).mistakes == ("sum_for_mean", "sign_flipped")


def test_is_a_factor_of_one_never_a_mistake():
    expected = np.array([1.0, -2.0, 3.0])
    assert diagnose(expected * 0.5, expected, {}, {"divided_by_batch": 1.0, "missing_2": 0.5}).mistakes == (
        "missing_2",)


def test_is_a_sign_flip_named():
    expected = np.array([1.0, -2.0, 3.0])
    assert diagnose(-expected, expected).mistakes == ("sign_flipped",)


def test_does_a_checks_own_minus_one_replace_the_generic_sign_flip():
    expected = np.array(-3.5)
    assert diagnose(-expected, expected, {}, {"log_likelihood.negated": -1.0}).mistakes == ("log_likelihood.negated",)


def test_is_a_known_wrong_variant_named_before_generic_forms():
    expected = np.array([1.0, 2.0])
    assert diagnose(expected * 2, expected, {"mse.sum_instead_of_mean": expected * 2}).mistakes == (
        "mse.sum_instead_of_mean",)


def test_do_nan_positions_identify_an_unstable_variant():
    expected = np.array([[0.2, 0.8], [0.5, 0.5]])
    unstable = np.array([[np.nan, np.nan], [0.5, 0.5]])
    assert diagnose(unstable.copy(), expected, {"softmax.no_max_shift": unstable}).mistakes == (
        "softmax.no_max_shift",)


def test_an_unrecognised_difference_is_not_diagnosed():
    assert diagnose(np.array([1.0, 5.0, 2.0]), np.array([1.0, 2.0, 3.0]), {}, {}) is None


@pytest.mark.parametrize("numbers, key", [
    (np.array([1.0, 2.0]), "structure.object_array_right_values"),
    (np.array([1.0, 3.0]), "structure.object_array"),
    (None, "structure.non_numeric_array"),
])
def test_is_an_object_array_described_without_contradiction(numbers, key):
    value = Unsupported("ndarray of dtype object", "object", (2,), numbers)
    verdict = compare(value, np.array([1.0, 2.0]))
    assert verdict.problem.key == key and verdict.problem.params["dtype"] == "object"


def test_is_an_object_array_of_another_shape_named_by_its_shape():
    value = Unsupported("ndarray of dtype object", "object", (3,), np.zeros(3))
    verdict = compare(value, np.array([1.0, 2.0]))
    assert verdict.problem.key == "structure.object_array_shape" and verdict.problem.params["shape"] == "(3,)"


def test_a_wrong_scalar_says_got_and_expected():
    verdict = compare(3.0, np.array(2.0))
    assert verdict.problem.key == "values.differ_scalar"
    assert (verdict.problem.params["got"], verdict.problem.params["expected"]) == ("3", "2")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

finite = hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=5),
                    elements=st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False))


@settings(max_examples=200, deadline=None)
@given(finite)
def test_does_float32_rounding_of_any_answer_pass(expected):
    assert compare(expected.astype(np.float32), expected).ok


@settings(max_examples=200, deadline=None)
@given(finite, st.floats(1e-3, 10.0))
def test_does_a_relative_error_of_a_thousandth_or_more_fail(expected, error):
    nonzero = np.abs(expected) > 1e-2
    if not nonzero.any():
        return
    wrong = expected.copy()
    wrong[nonzero] *= 1 + error
    assert not compare(wrong, expected).ok


def test_is_a_relative_error_of_five_ten_thousandths_rejected():
    """The measured bounds, as numbers: a tolerance ten times looser must fail here."""
    expected = np.array([0.5, -2.0, 40.0])
    assert compare(expected * (1 + 2e-5), expected).ok
    assert not compare(expected * np.array([1, 1, 1 + 5e-4]), expected).ok


def test_is_an_absolute_error_of_five_millionths_rejected_where_the_answer_is_zero():
    expected = np.array([0.0, 1.0])
    assert compare(np.array([5e-7, 1.0]), expected).ok
    assert not compare(np.array([5e-6, 1.0]), expected).ok
