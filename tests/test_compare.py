"""Does the comparison accept every correct answer form and reject every wrong structure?"""

from __future__ import annotations

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


def test_a_constant_factor_is_named_from_the_context():
    expected = np.arange(1.0, 7.0).reshape(2, 3)
    key, text = diagnose(expected / 6, expected, {}, {"N": 2, "numel": 6})
    assert key == "scaled" and text.params["factor"] == "1/numel = 1/6"


def test_is_a_single_number_off_by_a_meaningless_factor_left_unnamed():
    expected = np.array(1e-5)
    assert diagnose(np.array(1e-7), expected, {}, {"N": 5}) is None
    key, text = diagnose(np.array(5e-5), expected, {}, {"N": 5})
    assert key == "scaled" and text.params["factor"] == "N = 5"


def test_a_sign_flip_is_named():
    expected = np.array([1.0, -2.0, 3.0])
    assert diagnose(-expected, expected, {}, {})[0] == "sign_flipped"


def test_a_known_wrong_variant_is_named_before_generic_forms():
    expected = np.array([1.0, 2.0])
    assert diagnose(expected * 2, expected, {"mse.sum_instead_of_mean": expected * 2}, {})[0] == \
        "mse.sum_instead_of_mean"


def test_an_unrecognised_difference_is_not_diagnosed():
    assert diagnose(np.array([1.0, 5.0, 2.0]), np.array([1.0, 2.0, 3.0]), {}, {}) is None


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
