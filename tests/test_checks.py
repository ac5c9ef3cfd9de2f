"""Do the checks themselves hold: references that agree with torch's own rules, known mistakes that
are real and computed stably, and tolerances no looser than measured?"""

from __future__ import annotations

import numpy as np
import pytest

from grader import registry
from grader.compare import compare, mistake_keys
from grader.grading import case_set

CHECKS = [(exercise, check) for exercise in registry.exercises() for check in exercise.implementations()]
IDS = [f"{exercise.id}/{check.name}" for exercise, check in CHECKS]
# Variants whose mistake itself gives NaN or inf: an unstable computation, Adam's bias correction
# divided by 1 - beta**0 = 0 when the step count starts at 0, or 0/0 for a zero gradient without eps.
UNSTABLE = (".no_max_shift", ".global_max", ".step_count_from_zero", ".no_eps")


def cases_and_answers(exercise, check, seed=0):
    _, cases, answers = case_set(exercise, seed)
    return list(zip(cases[check.name], answers[check.name]))


@pytest.mark.parametrize("exercise, check", CHECKS, ids=IDS)
def test_is_a_relative_error_of_five_ten_thousandths_rejected_by_every_check(exercise, check):
    """Measured: correct float32 code stays within 1e-4 relative, realistic mistakes miss by 1e-1 or
    more. A tolerance ten times looser than that would let 5e-4 through."""
    for case, answer in cases_and_answers(exercise, check):
        if case.raises or not np.isfinite(answer).any():
            continue
        finite = np.where(np.isfinite(answer), np.abs(answer), -1.0)
        worst = np.unravel_index(int(np.argmax(finite)), answer.shape) if answer.ndim else ()
        if abs(answer[worst]) < 1e-2:
            continue  # answers this small are judged by the absolute tolerance, on purpose
        wrong = answer.copy()
        wrong[worst] *= 1 + 5e-4
        assert not compare(wrong, answer, check.tolerance).ok, case.call.signature()
        # float32 rounding and summation order stay well inside, unless a check refuses float32 on
        # purpose (a central difference in float32 is useless: its tolerance is 2e-8)
        close = answer * (1 + min(2e-5, check.tolerance.rtol / 5))
        assert compare(close, answer, check.tolerance).ok, case.call.signature()


@pytest.mark.parametrize("exercise, check", CHECKS, ids=IDS)
def test_are_known_mistakes_computed_stably(exercise, check):
    """A variant names a mathematical mistake; NaN in it where torch's answer is finite means the
    helper that computed it overflowed (e.g. a softmax without its max shift), and that mistake
    could then never be named at the inputs that matter most."""
    for seed in (0, 1):
        for case, answer in cases_and_answers(exercise, check, seed):
            if case.raises:
                continue
            for key, variant in check.variants(case).items():
                if any(k.endswith(UNSTABLE) for k in mistake_keys(key)):
                    continue
                variant = np.asarray(variant, dtype=np.float64)
                if variant.shape == answer.shape:
                    assert np.isfinite(variant[np.isfinite(answer)]).all(), (key, case.call.signature())


@pytest.mark.parametrize("exercise, check", CHECKS, ids=IDS)
def test_does_every_known_mistake_differ_from_the_right_answer_somewhere(exercise, check):
    differs: dict = {}
    for seed in (0, 1):
        for case, answer in cases_and_answers(exercise, check, seed):
            if case.raises:
                continue
            for key, variant in check.variants(case).items():
                variant = np.asarray(variant, dtype=np.float64)
                differs[key] = differs.get(key, False) or variant.shape != answer.shape or not compare(
                    variant, answer, check.tolerance).ok
            for key, factor in check.factors(case).items():
                differs[key] = differs.get(key, False) or factor != 1
    assert all(differs.values()), [key for key, different in differs.items() if not different]


@pytest.mark.parametrize("exercise, check", [(e, c) for e, c in CHECKS if any(case.raises for case in c.cases(0))],
                         ids=lambda value: getattr(value, "name", getattr(value, "id", "")))
def test_does_torch_itself_raise_where_a_case_expects_an_error(exercise, check):
    for case in check.cases(0):
        if case.raises:
            with pytest.raises(Exception) as raised:
                check.reference(case)
            assert type(raised.value).__name__ == case.raises


@pytest.mark.parametrize("exercise, check", [(e, c) for e, c in CHECKS if "stability" in c.name],
                         ids=lambda value: getattr(value, "name", getattr(value, "id", "")))
def test_does_every_stability_check_meet_logits_where_exp_overflows(exercise, check):
    """Beyond ±710 exp overflows float64; a batch must also have rows at very different offsets."""
    inputs = [case.call.args[0] for case in check.cases(0)]
    assert max(float(np.abs(z).max()) for z in inputs) >= 710
    batches = [z for z in inputs if z.ndim == 2 and z.shape[0] > 1]
    if exercise.id == "exercise3":
        assert any(np.ptp(z.max(axis=1)) > 1400 for z in batches)
