"""An independent judge of the exercise contracts, for tests/external (issue 9).

It knows the exercises only from their stub docstrings (exercises/*.py): it imports nothing from
grader/, draws its own inputs and asks torch for the answers, so that where the grader and this
oracle disagree, one of them has misread a contract. It runs an implementation in this process
(the implementations it judges are our own rewrites, not hostile code), on copies of its inputs.

What it judges, for each function of the exercise API:
- the value, against torch in float64, on random inputs from three seeds (several shapes each,
  rows ≠ columns, batch ≠ classes) and on the edge cases the docstrings promise: logits that
  overflow float64 (|z| ≥ 710), rows at very different offsets, p exactly 0 or 1, soft targets,
  an invalid reduction (ValueError), empty and single-array gradient lists, every allowed
  norm_type (1, 2, 3, inf) with a negative dominant entry, clipping above and below max_norm;
- the structure: a numpy array of exactly torch's shape and a numeric dtype, or a scalar (Python
  number, numpy scalar or 0-d array) where the docstring says "a scalar";
- sigmoid's overflow promise: it runs under np.errstate(over="raise"), as its docstring says;
- the in-place contract of the clipping functions: the caller's own array objects must hold the
  clipped values afterwards (a list whose items were replaced by clipped copies does not count),
  clip_grad_norm returns the norm before clipping and clip_grad_value returns None.

- the inputs of every function but the clipping ones stay unchanged (JUDGE_INPUT_MUTATION), and
  every reduction other than the documented ones raises ValueError, as the docstrings say.

Exercises 6–11 (the second part of this file): the same, with torch.optim, torch.nn.init's
calculate_gain and documented formulas, torch.autograd on 0-d tensors for the Value engine, and
torch's own central differences for the gradient check. Where torch cannot give the answer because
the contract names numpy's draws (minibatch_indices, init_params), the contract written out here in
numpy is the answer. Each optimiser is judged on its own runs only; the Value operations on graphs
where each Value is used once (accumulation is backward()'s promise, judged with backward()); a
right gradient's relative error in backward_errors only as being below 1e-4 (it is rounding noise).

What it does not judge, because the docstrings are silent on it:
- warnings, except sigmoid's overflow; the dtype of a float result (float32 is fine);
- likelihoods at p exactly 0 or 1 (only the log-likelihood promises them);
- the clipping coefficient's 1e-6 where it matters: the docstring spells torch's
  max_norm / (total + 1e-6), but an implementation without it differs by a relative 1e-6 / total,
  so every total here is ≥ 0.1 and max_norm stays far from total.

Tolerance: an answer matches when |got − torch| ≤ ATOL + RTOL·|torch| entry by entry, with NaN and
±inf in the same places. Inputs are float32-representable numbers held in float64, so float32 and
float64 code see exactly the same values. Measured when this was written: the correct float32
implementations of tests/catalog use at most 5% of this tolerance on these inputs, and every wrong
value among the external implementations misses by more than 4,000 times it.
"""

from __future__ import annotations

import copy
import importlib.util
import itertools
import math
import operator
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Callable

import numpy as np

RTOL = 1e-4
ATOL = 1e-6
SEEDS = (101, 202, 303)
INF = float("inf")

# The docstrings say that inputs stay unchanged (except the gradients the clipping functions scale).
JUDGE_INPUT_MUTATION = True
UNKNOWN_REDUCTIONS = ("avg", "elementwise_mean", "batchmean")

CORRECT = "correct"
WRONG = "wrong"
NOT_IMPLEMENTED = "not_implemented"  # raises NotImplementedError on its first call
MISSING = "missing"  # not defined in the file

FUNCTIONS = {
    "exercise1": ("mse_loss", "mse_grad"),
    "exercise2": ("sigmoid", "bernoulli_likelihood", "bernoulli_log_likelihood", "bce_loss", "bce_with_logits",
                  "logistic_regression_grad"),
    "exercise3": ("softmax", "softmax_jacobian", "cross_entropy_grad"),
    "exercise4": ("forward", "backward"),
    "exercise5": ("global_grad_norm", "clip_grad_norm", "clip_grad_value"),
}


@dataclass(frozen=True)
class Verdict:
    function: str
    status: str
    reason: str = ""  # for WRONG: the first input that exposed it, and how
    notes: tuple[str, ...] = ()  # what was seen but not judged (e.g. inputs modified)

    @property
    def correct(self) -> bool:
        return self.status == CORRECT


@dataclass(frozen=True)
class Outcome:
    """What a call returned and did."""

    result: object
    callers: list | None = None  # in-place functions: the caller's own arrays afterwards
    mutated_inputs: bool = False  # a function that should not write to its inputs did


@dataclass(frozen=True)
class Trial:
    """One call of the implementation and what must come of it."""

    label: str  # the input, in words, for a failure reason
    invoke: Callable[[ModuleType], Outcome]
    check: Callable[[Outcome], str | None] = lambda outcome: None  # -> what is wrong, or None
    raises: type | None = None  # the call must raise this instead of returning


def judge(exercise_id: str, path: Path) -> dict[str, Verdict]:
    """The verdict on every function of ``exercise_id`` that ``path`` defines."""
    try:
        module = _load(Path(path))
    except Exception as error:  # noqa: BLE001 - any import failure costs every function
        return {name: Verdict(name, WRONG, f"the file failed to import: {error!r}") for name in FUNCTIONS[exercise_id]}
    verdicts = {}
    for name in FUNCTIONS[exercise_id]:
        if not callable(_resolve(module, name)):
            verdicts[name] = Verdict(name, MISSING)
        else:
            verdicts[name] = _judge_function(module, name, TRIALS[name]())
    return verdicts


def _load(path: Path) -> ModuleType:
    name = f"external_{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec.loader.exec_module(module)
    return module


def _judge_function(module: ModuleType, name: str, trials: list[Trial]) -> Verdict:
    notes: list[str] = []
    for number, trial in enumerate(trials):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                outcome = trial.invoke(module)
        except NotImplementedError:
            if number == 0:
                return Verdict(name, NOT_IMPLEMENTED)
            return Verdict(name, WRONG, f"{trial.label}: raised NotImplementedError", tuple(notes))
        except Exception as error:  # noqa: BLE001 - any exception is the implementation's
            if trial.raises is not None and isinstance(error, trial.raises):
                continue
            expected = f" instead of {trial.raises.__name__}" if trial.raises else ""
            return Verdict(name, WRONG, f"{trial.label}: raised {type(error).__name__}{expected}: {error}",
                           tuple(notes))
        if trial.raises is not None:
            return Verdict(name, WRONG, f"{trial.label}: returned {_describe(outcome.result)} instead of raising "
                                        f"{trial.raises.__name__}", tuple(notes))
        if outcome.mutated_inputs:
            note = f"modifies its input arrays ({trial.label})"
            if JUDGE_INPUT_MUTATION:
                return Verdict(name, WRONG, note, tuple(notes))
            if not notes:
                notes.append(note)
        problem = trial.check(outcome)
        if problem:
            return Verdict(name, WRONG, f"{trial.label}: {problem}", tuple(notes))
    return Verdict(name, CORRECT, "", tuple(notes))


# ----------------------------------------------------------------------------- calling


def _call(function: str, *args, errstate: dict | None = None, **kwargs) -> Callable:
    """``function(*args, **kwargs)`` on deep copies, under ``errstate`` (default: every error ignored)."""

    def invoke(module) -> Outcome:
        passed, passed_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        with np.errstate(**{"all": "ignore", **(errstate or {})}):
            result = getattr(module, function)(*passed, **passed_kwargs)
        return Outcome(result, mutated_inputs=not _same_arrays(passed, args))

    return invoke


def _same_arrays(after, before) -> bool:
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and after.shape == before.shape and bool(
            np.array_equal(after, before, equal_nan=True))
    if isinstance(before, (list, tuple)):
        return len(after) == len(before) and all(_same_arrays(a, b) for a, b in zip(after, before))
    if isinstance(before, dict):
        return all(_same_arrays(after.get(key), value) for key, value in before.items())
    return True


# ----------------------------------------------------------------------------- comparing


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an ndarray of dtype {value.dtype} and shape {value.shape}"
    return f"a {type(value).__name__}"


def compare(got, expected, what: str = "the result") -> str | None:
    """None when ``got`` is torch's ``expected`` within the tolerance, else what is wrong."""
    expected = np.asarray(expected, dtype=np.float64)
    if isinstance(got, (bool, np.bool_)):
        return f"{what} is a bool"
    if expected.ndim == 0:
        is_number = isinstance(got, (int, float)) or (
            isinstance(got, (np.ndarray, np.generic)) and np.ndim(got) == 0 and np.asarray(got).dtype.kind in "iuf")
        if not is_number:
            return f"{what} should be a scalar, got {_describe(got)}"
        value = np.asarray(got, dtype=np.float64)
    else:
        if not isinstance(got, np.ndarray):
            return f"{what} should be a numpy array of shape {expected.shape}, got {_describe(got)}"
        if got.dtype.kind not in "iuf":
            return f"{what} has dtype {got.dtype}, not a numeric one"
        if got.shape != expected.shape:
            return f"{what} has shape {got.shape}, torch's has {expected.shape}"
        value = got.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        close = np.isfinite(expected) & (np.abs(value - expected) <= ATOL + RTOL * np.abs(expected))
        special = (np.isnan(value) & np.isnan(expected)) | (np.isinf(expected) & (value == expected))
    bad = ~(close | special)
    if not bad.any():
        return None
    where = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
    finite = bad & np.isfinite(value) & np.isfinite(expected)
    with np.errstate(invalid="ignore", over="ignore"):
        excess = np.max(np.abs(value - expected)[finite] / (ATOL + RTOL * np.abs(expected[finite])), initial=0.0)
    worst = f" (up to {excess:.3g} times the tolerance)" if excess > 0 else ""
    return (f"{what} differs from torch in {int(bad.sum())} of {bad.size} entries{worst}, e.g. at {where}: "
            f"{float(value[where])!r} instead of {float(expected[where])!r}")


def _same(expected) -> Callable[[Outcome], str | None]:
    """A check: the call returns torch's ``expected``."""
    return lambda outcome: compare(outcome.result, expected)


# ----------------------------------------------------------------------------- inputs


def _torch():
    import torch

    return torch


def _t(array, requires_grad: bool = False):
    return _torch().tensor(np.asarray(array, dtype=np.float64), requires_grad=requires_grad)


def _np(tensor) -> np.ndarray:
    return tensor.detach().numpy().astype(np.float64)


def _f32(array) -> np.ndarray:
    """float32-representable values held in float64 (see the module docstring)."""
    return np.asarray(array, dtype=np.float32).astype(np.float64)


def _normal(rng, shape, scale=1.0) -> np.ndarray:
    return _f32(rng.normal(0.0, scale, shape))


def _probabilities(rng, shape, low=0.05, high=0.95) -> np.ndarray:
    p = rng.uniform(low, high, shape)
    return _f32(np.where(np.abs(p - 0.5) < 0.05, p + 0.1, p))  # p ≈ 0.5 hides swapped terms


def _labels(rng, shape) -> np.ndarray:
    y = (rng.uniform(size=shape) < 0.5).astype(np.float64)
    y.flat[:2] = [0.0, 1.0]
    return y


def _rngs():
    return [(seed, np.random.default_rng(seed)) for seed in SEEDS]


# ----------------------------------------------------------------------------- exercise 1


MSE_SHAPES = [(5,), (4, 3), (6, 1), (2, 3, 2), (1,)]


@lru_cache(maxsize=None)
def _mse_loss_trials() -> list[Trial]:
    functional = _torch().nn.functional
    trials = []
    for seed, rng in _rngs():
        for shape in MSE_SHAPES:
            a, b = _normal(rng, shape, 2.0), _normal(rng, shape, 2.0)
            for reduction in ("mean", "sum", "none"):
                expected = _np(functional.mse_loss(_t(a), _t(b), reduction=reduction))
                trials.append(Trial(f"seed {seed}, shape {shape}, reduction={reduction!r}",
                                    _call("mse_loss", a, b, reduction=reduction), _same(expected)))
            trials.append(Trial(f"seed {seed}, shape {shape}, default reduction", _call("mse_loss", a, b),
                                _same(_np(functional.mse_loss(_t(a), _t(b))))))
    a, b = _normal(np.random.default_rng(7), (4, 3)), _normal(np.random.default_rng(8), (4, 3))
    return trials + _unknown_reductions("mse_loss", a, b)


def _unknown_reductions(function: str, *args) -> list[Trial]:
    return [Trial(f"reduction={reduction!r}", _call(function, *args, reduction=reduction), raises=ValueError)
            for reduction in UNKNOWN_REDUCTIONS]


@lru_cache(maxsize=None)
def _mse_grad_trials() -> list[Trial]:
    functional = _torch().nn.functional
    trials = []
    for seed, rng in _rngs():
        for shape in MSE_SHAPES:
            a, b = _normal(rng, shape, 2.0), _normal(rng, shape, 2.0)
            for reduction in ("mean", "sum", None):
                prediction = _t(a, requires_grad=True)
                functional.mse_loss(prediction, _t(b), reduction=reduction or "mean").backward()
                kwargs = {"reduction": reduction} if reduction else {}
                trials.append(Trial(f"seed {seed}, shape {shape}, reduction={reduction or 'default'!r}",
                                    _call("mse_grad", a, b, **kwargs), _same(_np(prediction.grad))))
    return trials + _unknown_reductions("mse_grad", a, b)


# ----------------------------------------------------------------------------- exercise 2


SIGMOID_EXTREMES = np.array([-1000.0, -745.0, -710.0, -100.0, -40.0, -0.5, 0.0, 0.5, 40.0, 100.0, 710.0, 745.0,
                             1000.0])


@lru_cache(maxsize=None)
def _sigmoid_trials() -> list[Trial]:
    torch = _torch()
    inputs = []
    for seed, rng in _rngs():
        inputs += [(f"seed {seed}, shape {shape}", _normal(rng, shape, 3.0)) for shape in ((7,), (3, 4), (2, 3, 2))]
    inputs += [("|z| up to 1000", SIGMOID_EXTREMES), ("|z| up to 1000, reversed", SIGMOID_EXTREMES[::-1].copy()),
               ("|z| up to 1000, shape (3, 4)", SIGMOID_EXTREMES[1:].reshape(3, 4))]
    # The docstring: "checked under np.errstate(over='raise')".
    return [Trial(label, _call("sigmoid", z, errstate={"over": "raise"}), _same(_np(torch.sigmoid(_t(z)))))
            for label, z in inputs]


def _bernoulli_pairs(low, high, sizes):
    pairs = []
    for seed, rng in _rngs():
        for n in sizes:
            pairs.append((f"seed {seed}, N={n}", _probabilities(rng, n, low, high), _labels(rng, n)))
    return pairs


@lru_cache(maxsize=None)
def _likelihood_trials() -> list[Trial]:
    torch = _torch()
    trials = []
    # Few samples in (0.2, 0.8): the product stays far above ATOL, so a wrong one cannot hide in it.
    for label, p, y in _bernoulli_pairs(0.2, 0.8, (4, 6)):
        expected = _np(torch.prod(torch.where(_t(y) == 1, _t(p), 1 - _t(p))))
        trials.append(Trial(label, _call("bernoulli_likelihood", p, y), _same(expected)))
    return trials


BOUNDARY_P = np.array([0.0, 1.0, 1.0, 0.0, 0.3, 0.8, 0.0, 1.0])
BOUNDARY_Y = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0])


@lru_cache(maxsize=None)
def _log_likelihood_trials() -> list[Trial]:
    functional = _torch().nn.functional
    cases = _bernoulli_pairs(0.05, 0.95, (6, 10)) + [("p exactly 0 and 1", BOUNDARY_P, BOUNDARY_Y),
                                                    ("p exactly 0 and 1, all wrong", np.array([0.0, 1.0]),
                                                     np.array([1.0, 0.0]))]
    trials = []
    for label, p, y in cases:
        # The log-likelihood is minus torch's summed BCE, whose logs are clamped at -100.
        expected = -_np(functional.binary_cross_entropy(_t(p), _t(y), reduction="sum"))
        trials.append(Trial(label, _call("bernoulli_log_likelihood", p, y), _same(expected)))
    return trials


@lru_cache(maxsize=None)
def _bce_trials() -> list[Trial]:
    functional = _torch().nn.functional
    cases = []
    for seed, rng in _rngs():
        for shape in ((8,), (4, 3)):
            p = _probabilities(rng, shape)
            cases.append((f"seed {seed}, shape {shape}, hard labels", p, _labels(rng, shape)))
            cases.append((f"seed {seed}, shape {shape}, soft targets", p, _f32(rng.uniform(0, 1, shape))))
    cases.append(("p exactly 0 and 1, hard labels", BOUNDARY_P, BOUNDARY_Y))
    cases.append(("p exactly 0 and 1, soft targets", BOUNDARY_P, _f32([0.3, 0.9, 0.2, 0.6, 0.5, 0.25, 0.7, 0.1])))
    trials = []
    for (label, p, y), reduction in itertools.product(cases, ("mean", "sum", "none", None)):
        kwargs = {"reduction": reduction} if reduction else {}
        expected = _np(functional.binary_cross_entropy(_t(p), _t(y), reduction=reduction or "mean"))
        trials.append(Trial(f"{label}, reduction={reduction or 'default'!r}", _call("bce_loss", p, y, **kwargs),
                            _same(expected)))
    return trials + _unknown_reductions("bce_loss", p, y)


LOGIT_EXTREMES = np.array([40.0, -40.0, 200.0, -200.0, 710.0, -710.0, 1000.0, -1000.0])


@lru_cache(maxsize=None)
def _bce_logits_trials() -> list[Trial]:
    functional = _torch().nn.functional
    cases = []
    for seed, rng in _rngs():
        for shape in ((7,), (3, 4)):
            z = _normal(rng, shape, 3.0)
            cases.append((f"seed {seed}, shape {shape}, hard labels", z, _labels(rng, shape)))
            cases.append((f"seed {seed}, shape {shape}, soft targets", z, _f32(rng.uniform(0, 1, shape))))
    for y in (np.ones(8), np.zeros(8)):
        cases.append((f"|z| from 40 to 1000, every label {int(y[0])}", LOGIT_EXTREMES, y))
    cases.append(("|z| from 40 to 1000, soft targets", LOGIT_EXTREMES, _f32([0.3, 0.7, 0.5, 0.2, 0.9, 0.4, 0.25, 0.6])))
    trials = []
    for (label, z, y), reduction in itertools.product(cases, ("mean", "sum", "none", None)):
        kwargs = {"reduction": reduction} if reduction else {}
        expected = _np(functional.binary_cross_entropy_with_logits(_t(z), _t(y), reduction=reduction or "mean"))
        trials.append(Trial(f"{label}, reduction={reduction or 'default'!r}", _call("bce_with_logits", z, y, **kwargs),
                            _same(expected)))
    return trials + _unknown_reductions("bce_with_logits", z, y)


@lru_cache(maxsize=None)
def _logistic_trials() -> list[Trial]:
    functional = _torch().nn.functional
    trials = []
    for seed, rng in _rngs():
        for n, d, scale in ((6, 3, 1.0), (4, 5, 1.0), (10, 2, 1.0), (5, 3, 30.0)):
            X, w, y = _normal(rng, (n, d), scale), _normal(rng, d), _labels(rng, n)
            weights = _t(w, requires_grad=True)
            functional.binary_cross_entropy_with_logits(_t(X) @ weights, _t(y)).backward()
            trials.append(Trial(f"seed {seed}, X {(n, d)} of scale {scale}", _call("logistic_regression_grad", X, w, y),
                                _same(_np(weights.grad))))
    return trials


# ----------------------------------------------------------------------------- exercise 3


def _offset_rows(rng) -> np.ndarray:
    offsets = np.array([[0.0], [-2000.0], [800.0], [-50.0], [1000.0]])
    return _f32(rng.normal(0.0, 3.0, (5, 4)) + offsets)


def _softmax_inputs():
    inputs = []
    for seed, rng in _rngs():
        inputs += [(f"seed {seed}, shape {shape}", _normal(rng, shape, 2.0)) for shape in ((5,), (4, 3), (6, 4), (1, 4))]
        inputs.append((f"seed {seed}, rows at offsets 0, -2000, 800, -50, 1000", _offset_rows(rng)))
    inputs += [("[1000, 1001, 1002]", np.array([1000.0, 1001.0, 1002.0])),
               ("[-1000, -1001.5, -999]", np.array([-1000.0, -1001.5, -999.0])),
               ("[710, 0, -710, 720]", np.array([710.0, 0.0, -710.0, 720.0])),
               ("rows [1000, 0, -1000] and [-1000, -999, 5]", np.array([[1000.0, 0.0, -1000.0], [-1000.0, -999.0, 5.0]]))]
    return inputs


@lru_cache(maxsize=None)
def _softmax_trials() -> list[Trial]:
    torch = _torch()
    return [Trial(label, _call("softmax", z), _same(_np(torch.softmax(_t(z), dim=-1)))) for label, z in _softmax_inputs()]


def _torch_jacobian(z: np.ndarray) -> np.ndarray:
    torch = _torch()
    jacobian = torch.autograd.functional.jacobian

    def of_row(row):
        return _np(jacobian(lambda r: torch.softmax(r, dim=-1), _t(row)))

    if z.ndim == 1:
        return of_row(z)
    return np.stack([of_row(row) for row in z])  # one (C, C) block per row: rows do not interact


@lru_cache(maxsize=None)
def _jacobian_trials() -> list[Trial]:
    return [Trial(label, _call("softmax_jacobian", z), _same(_torch_jacobian(z))) for label, z in _softmax_inputs()]


@lru_cache(maxsize=None)
def _cross_entropy_trials() -> list[Trial]:
    torch = _torch()
    cases = []
    for seed, rng in _rngs():
        for n, c in ((5, 3), (2, 4), (6, 6), (1, 3)):
            cases.append((f"seed {seed}, logits {(n, c)}", _normal(rng, (n, c), 2.0), rng.integers(0, c, n)))
        cases.append((f"seed {seed}, rows at offsets 0, -2000, 800, -50, 1000", _offset_rows(rng), rng.integers(0, 4, 5)))
    cases.append(("logit 1000 on the label", np.array([[1000.0, 0.0, -3.0], [2.0, 1000.0, 1001.0]]), np.array([0, 1])))
    cases.append(("rows [1000, 0, -1000] and [-1000, -999, 5]", np.array([[1000.0, 0.0, -1000.0], [-1000.0, -999.0, 5.0]]),
                  np.array([2, 0])))
    trials = []
    for label, logits, labels in cases:
        labels = np.asarray(labels, dtype=np.int64)
        z = _t(logits, requires_grad=True)
        torch.nn.functional.cross_entropy(z, torch.tensor(labels)).backward()
        trials.append(Trial(label, _call("cross_entropy_grad", logits, labels), _same(_np(z.grad))))
    return trials


# ----------------------------------------------------------------------------- exercise 4


NETWORK_SIZES = [(5, 4, 3, 2), (3, 2, 4, 5), (4, 4, 4, 4), (6, 3, 5, 1), (1, 2, 3, 2)]  # N, D, H, K
PARAMETERS = ("W1", "b1", "W2", "b2")


def _networks():
    for seed, rng in _rngs():
        for n, d, h, k in NETWORK_SIZES:
            params = {"W1": _normal(rng, (h, d)), "b1": _normal(rng, h, 0.5), "W2": _normal(rng, (k, h)),
                      "b2": _normal(rng, k, 0.5)}
            X = _normal(rng, (n, d))
            y = _f32(np.clip(rng.normal(0.5, 0.3, (n, k)), 0.05, 0.95))
            yield f"seed {seed}, N={n} D={d} H={h} K={k}", X, params, y


def _torch_network(X, params, y):
    torch = _torch()
    functional = torch.nn.functional
    leaves = {name: _t(value, requires_grad=True) for name, value in params.items()}
    y_hat = torch.sigmoid(functional.linear(torch.sigmoid(functional.linear(_t(X), leaves["W1"], leaves["b1"])),
                                            leaves["W2"], leaves["b2"]))
    functional.mse_loss(y_hat, _t(y)).backward()  # the mean over all N·K elements
    return _np(y_hat), {name: _np(leaf.grad) for name, leaf in leaves.items()}


def _forward_output(y_hat) -> Callable[[Outcome], str | None]:
    def check(outcome):
        if not isinstance(outcome.result, (tuple, list)) or len(outcome.result) != 2:
            return f"forward should return (y_hat, cache), got {_describe(outcome.result)}"
        return compare(outcome.result[0], y_hat, "y_hat")

    return check


@lru_cache(maxsize=None)
def _forward_trials() -> list[Trial]:
    trials = []
    for label, X, params, y in _networks():
        y_hat, _ = _torch_network(X, params, y)
        trials.append(Trial(label, _call("forward", X, params), _forward_output(y_hat)))
    return trials


def _backward_call(X, params, y) -> Callable:
    """forward(X, params), then backward(y, cache) with forward's own cache, as in training."""

    def invoke(module) -> Outcome:
        with np.errstate(all="ignore"):
            _, cache = module.forward(X.copy(), copy.deepcopy(params))
            return Outcome(module.backward(y.copy(), cache))

    return invoke


def _gradients_of(expected: dict) -> Callable[[Outcome], str | None]:
    def check(outcome):
        if not isinstance(outcome.result, dict):
            return f"backward should return a dict of gradients, got {_describe(outcome.result)}"
        for name in PARAMETERS:
            if name not in outcome.result:
                return f"backward's dict has no {name!r}"
            problem = compare(outcome.result[name], expected[name], f"the gradient of {name}")
            if problem:
                return problem
        return None

    return check


@lru_cache(maxsize=None)
def _backward_trials() -> list[Trial]:
    trials = []
    for label, X, params, y in _networks():
        _, gradients = _torch_network(X, params, y)
        trials.append(Trial(label, _backward_call(X, params, y), _gradients_of(gradients)))
    return trials


# ----------------------------------------------------------------------------- exercise 5


def _gradients(rng) -> list[np.ndarray]:
    """Arrays of different shapes, like a small network's gradients, with a negative dominant entry."""
    grads = [_normal(rng, (3, 4), 2.0), _normal(rng, 4, 2.0), _normal(rng, (2, 3), 2.0)]
    grads[1][2] = -9.5  # max(g) instead of max(|g|) misses it
    return grads


NORM_TYPES = (2.0, 1.0, 3.0, INF)


def _torch_norm(grads, norm_type) -> float:
    if not grads:
        return 0.0  # the docstring: "may be empty: the norm is then 0"
    torch = _torch()
    return float(torch.linalg.vector_norm(torch.cat([_t(g).flatten() for g in grads]), ord=norm_type))


def _torch_clip(grads, max_norm, norm_type):
    torch = _torch()
    parameters = [_t(g, requires_grad=True) for g in grads]
    for parameter, g in zip(parameters, grads):
        parameter.grad = _t(g)
    total = float(torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type=norm_type))
    return total, [_np(parameter.grad) for parameter in parameters]


def _norm_kwargs(norm_type) -> dict:
    return {} if norm_type == 2.0 else {"norm_type": norm_type}


@lru_cache(maxsize=None)
def _global_norm_trials() -> list[Trial]:
    trials = []
    for seed, rng in _rngs():
        grads = _gradients(rng)
        trials.append(Trial(f"seed {seed}, three arrays, default norm_type", _call("global_grad_norm", grads),
                            _same(_torch_norm(grads, 2.0))))
        for norm_type in NORM_TYPES:
            trials.append(Trial(f"seed {seed}, three arrays, norm_type={norm_type}",
                                _call("global_grad_norm", grads, norm_type=norm_type), _same(_torch_norm(grads, norm_type))))
        single = [_normal(rng, (2, 5), 0.5)]
        trials.append(Trial(f"seed {seed}, one array", _call("global_grad_norm", single), _same(_torch_norm(single, 2.0))))
    for norm_type in (2.0, INF):
        trials.append(Trial(f"an empty list, norm_type={norm_type}", _call("global_grad_norm", [], norm_type=norm_type),
                            _same(0.0)))
    return trials


def _clip_call(function: str, grads, *args, **kwargs) -> Callable:
    """Call a clipping function; its check sees the caller's own array objects afterwards."""

    def invoke(module) -> Outcome:
        passed = [g.copy() for g in grads]
        callers = list(passed)  # the objects the caller holds, whatever the function does to the list
        with np.errstate(all="ignore"):
            result = getattr(module, function)(passed, *args, **kwargs)
        return Outcome(result, callers)

    return invoke


def _clipped(expected_arrays, originals, expected_return) -> Callable[[Outcome], str | None]:
    def check(outcome):
        result, callers = outcome.result, outcome.callers
        if expected_return is None:
            if result is not None:
                return f"returned {_describe(result)}; the docstring says None"
        else:
            problem = compare(result, expected_return, "the returned total norm")
            if problem:
                return problem
        for index, (array, expected, original) in enumerate(zip(callers, expected_arrays, originals)):
            problem = compare(array, expected, f"the caller's array {index} afterwards")
            if problem:
                unchanged = isinstance(array, np.ndarray) and np.array_equal(array, original)
                return problem + (" (the caller's array was left unchanged: not clipped in place)" if unchanged else "")
        return None

    return check


@lru_cache(maxsize=None)
def _clip_norm_trials() -> list[Trial]:
    trials = []
    for seed, rng in _rngs():
        for norm_type, factor in itertools.product(NORM_TYPES, (0.3, 2.0)):
            grads = _gradients(rng)
            max_norm = round(_torch_norm(grads, norm_type) * factor, 2)  # far from the total: see the docstring
            total, clipped = _torch_clip(grads, max_norm, norm_type)
            side = "above" if factor < 1 else "below"
            trials.append(Trial(f"seed {seed}, norm_type={norm_type}, total {side} max_norm={max_norm}",
                                _clip_call("clip_grad_norm", grads, max_norm, **_norm_kwargs(norm_type)),
                                _clipped(clipped, grads, total)))
    zeros = [np.zeros((2, 3)), np.zeros(4)]
    trials.append(Trial("all-zero gradients", _clip_call("clip_grad_norm", zeros, 1.0), _clipped(zeros, zeros, 0.0)))
    return trials


@lru_cache(maxsize=None)
def _clip_value_trials() -> list[Trial]:
    torch = _torch()
    trials = []
    for seed, rng in _rngs():
        for clip_value in (1.5, 0.25):
            grads = _gradients(rng)
            for g in grads:  # entries beyond both bounds in every array
                g.flat[0], g.flat[-1] = 2.5 * clip_value, -3.0 * clip_value
            parameters = [_t(g, requires_grad=True) for g in grads]
            for parameter, g in zip(parameters, grads):
                parameter.grad = _t(g)
            torch.nn.utils.clip_grad_value_(parameters, clip_value)
            trials.append(Trial(f"seed {seed}, clip_value={clip_value}", _clip_call("clip_grad_value", grads, clip_value),
                                _clipped([_np(p.grad) for p in parameters], grads, None)))
    return trials


TRIALS: dict[str, Callable[[], list[Trial]]] = {
    "mse_loss": _mse_loss_trials,
    "mse_grad": _mse_grad_trials,
    "sigmoid": _sigmoid_trials,
    "bernoulli_likelihood": _likelihood_trials,
    "bernoulli_log_likelihood": _log_likelihood_trials,
    "bce_loss": _bce_trials,
    "bce_with_logits": _bce_logits_trials,
    "logistic_regression_grad": _logistic_trials,
    "softmax": _softmax_trials,
    "softmax_jacobian": _jacobian_trials,
    "cross_entropy_grad": _cross_entropy_trials,
    "forward": _forward_trials,
    "backward": _backward_trials,
    "global_grad_norm": _global_norm_trials,
    "clip_grad_norm": _clip_norm_trials,
    "clip_grad_value": _clip_value_trials,
}


# ============================================================================= the second track
# Exercises 6–11, judged the same way: torch's answer on inputs drawn here, from the docstrings alone.
# Where torch cannot produce the answer (the contract of minibatch_indices and init_params names
# numpy's own draws), the contract itself, written out here in numpy, is the answer.


def _resolve(module, name: str):
    """module.name, or module.Class.method for "Class.method"; None when absent."""
    owner, _, attribute = name.rpartition(".")
    holder = getattr(module, owner, None) if owner else module
    return getattr(holder, attribute, None) if holder is not None else None


def _scalars(expected: tuple, what: tuple[str, ...]) -> Callable[[Outcome], str | None]:
    """A check: the call returns a tuple of len(expected) scalars, each torch's."""

    def check(outcome):
        result = outcome.result
        if not isinstance(result, (tuple, list)) or len(result) != len(expected):
            return f"should return a tuple of {len(expected)} scalars, got {_describe(result)}"
        for got, value, name in zip(result, expected, what):
            problem = compare(got, value, name)
            if problem:
                return problem
        return None

    return check


# ----------------------------------------------------------------------------- exercise 6


def _line_data(rng, n, offset=0.0):
    x = _f32(rng.normal(offset, 1.5, n))
    return x, _f32(2.0 * x + 1.0 + rng.normal(0.0, 0.5, n))


@lru_cache(maxsize=None)
def _linear_grads_trials() -> list[Trial]:
    torch = _torch()
    trials = []
    for seed, rng in _rngs():
        for n, offset in ((7, 0.0), (12, 3.0), (1, 0.0)):
            x, y = _line_data(rng, n, offset)
            w0, b0 = float(_f32(rng.normal())), float(_f32(rng.normal()))
            for reduction in ("mean", "sum", None):
                w, b = _t(w0, requires_grad=True), _t(b0, requires_grad=True)
                loss = torch.nn.MSELoss(reduction=reduction or "mean")(w * _t(x) + b, _t(y))
                loss.backward()
                kwargs = {"reduction": reduction} if reduction else {}
                trials.append(Trial(f"seed {seed}, N={n}, x around {offset}, reduction={reduction or 'default'!r}",
                                    _call("linear_mse_grads", w0, b0, x, y, **kwargs),
                                    _scalars((loss.item(), w.grad.item(), b.grad.item()), ("the loss", "dloss/dw",
                                                                                           "dloss/db"))))
    return trials


def _in_place_call(function: str, params, *args) -> Callable:
    """Call an in-place function; its check sees the container and the caller's own arrays afterwards."""

    def invoke(module) -> Outcome:
        passed = type(params)(p.copy() for p in params)
        callers = list(passed)
        copied = copy.deepcopy(args)
        with np.errstate(all="ignore"):
            result = _resolve(module, function)(passed, *copied)
        changed = not _same_arrays(copied, args) or any(a is not b for a, b in zip(passed, callers))
        return Outcome(result, callers, mutated_inputs=changed)

    return invoke


def _arrays_became(expected_arrays, expected_return=None) -> Callable[[Outcome], str | None]:
    def check(outcome):
        if outcome.result is not expected_return:
            return f"returned {_describe(outcome.result)}; the docstring says None"
        for index, (array, expected) in enumerate(zip(outcome.callers, expected_arrays)):
            problem = compare(array, expected, f"the caller's array {index} afterwards")
            if problem:
                return problem
        return None

    return check


@lru_cache(maxsize=None)
def _sgd_step_trials() -> list[Trial]:
    torch = _torch()
    trials = []
    for seed, rng in _rngs():
        for container, lr in ((list, 0.05), (tuple, 0.3)):
            params = container([_normal(rng, (3, 2)), _normal(rng, 4), _normal(rng, ())])
            grads = [_normal(rng, p.shape, 2.0) for p in params]
            leaves = [_t(p, requires_grad=True) for p in params]
            for leaf, g in zip(leaves, grads):
                leaf.grad = _t(g)
            torch.optim.SGD(leaves, lr=lr).step()
            trials.append(Trial(f"seed {seed}, a {container.__name__} of arrays (3, 2), (4,), (), lr={lr}",
                                _in_place_call("sgd_step", params, grads, lr), _arrays_became([_np(l) for l in leaves])))
    return trials


def _contract_batches(n, batch_size, seed, epochs) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    batches = []
    for _ in range(epochs):
        order = rng.permutation(n)
        batches += [order[start:start + batch_size] for start in range(0, n, batch_size)]
    return batches


def _same_batches(expected) -> Callable[[Outcome], str | None]:
    def check(outcome):
        got = outcome.result
        if not isinstance(got, list) or len(got) != len(expected):
            return f"should be a list of {len(expected)} index arrays, got {_describe(got)}" + (
                f" of length {len(got)}" if isinstance(got, list) else "")
        for number, (batch, right) in enumerate(zip(got, expected)):
            if not isinstance(batch, np.ndarray) or batch.dtype.kind not in "iu" or batch.ndim != 1:
                return f"batch {number} should be a 1-D integer array, got {_describe(batch)}"
            if not np.array_equal(batch, right):
                return f"batch {number} is {batch.tolist()}, the contract's is {right.tolist()}"
        return None

    return check


@lru_cache(maxsize=None)
def _minibatch_trials() -> list[Trial]:
    shapes = [(10, 4, 3), (8, 8, 2), (7, 10, 2), (12, 5, 1), (9, 3, 4), (5, 1, 2)]
    return [Trial(f"n={n}, batch_size={b}, seed={seed}, epochs={e}", _call("minibatch_indices", n, b, seed, e),
                  _same_batches(_contract_batches(n, b, seed, e)))
            for (n, b, e), seed in itertools.product(shapes, (3, 2024))]


def _torch_train(x, y, w0, b0, lr, batches, reduction):
    torch = _torch()
    w, b = _t(w0, requires_grad=True), _t(b0, requires_grad=True)
    optimiser = torch.optim.SGD([w, b], lr=lr)
    loss_fn = torch.nn.MSELoss(reduction=reduction)
    losses = []
    for idx in batches:
        optimiser.zero_grad()
        index = torch.as_tensor(np.asarray(idx, dtype=np.int64))
        loss = loss_fn(w * _t(x)[index] + b, _t(y)[index])
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    return w.item(), b.item(), np.array(losses)


def _trained(w, b, losses) -> Callable[[Outcome], str | None]:
    def check(outcome):
        got = outcome.result
        if not isinstance(got, dict) or not {"w", "b", "losses"} <= set(got):
            return f"should return a dict with w, b and losses, got {_describe(got)}"
        return (compare(got["w"], w, "the final w") or compare(got["b"], b, "the final b")
                or compare(got["losses"], losses, "the losses"))

    return check


@lru_cache(maxsize=None)
def _train_trials() -> list[Trial]:
    trials = []
    for seed, rng in _rngs():
        x, y = _line_data(rng, 10)
        for batch_size, reduction, lr, as_array in ((4, "mean", 0.05, False), (5, "mean", 0.1, True),
                                                   (3, "sum", 0.01, False), (10, None, 0.2, False)):
            batches = _contract_batches(10, batch_size, seed, 3)
            if as_array:
                batches = np.stack(batches)
            w0, b0 = float(_f32(rng.normal())), float(_f32(rng.normal()))
            kwargs = {"reduction": reduction} if reduction else {}
            expected = _torch_train(x, y, w0, b0, lr, batches, reduction or "mean")
            trials.append(Trial(f"seed {seed}, batch_size={batch_size}, reduction={reduction or 'default'!r}, lr={lr}"
                                + (", batches as a 2-D array" if as_array else ""),
                                _call("train", x, y, w0, b0, lr, batches, **kwargs), _trained(*expected)))
    return trials


@lru_cache(maxsize=None)
def _stable_lr_trials() -> list[Trial]:
    torch = _torch()
    trials = []
    for seed, rng in _rngs():
        for n, offset in ((8, 0.0), (6, 2.5), (12, -1.0)):
            x, y = _line_data(rng, n, offset)
            for reduction in ("mean", "sum", None):
                def loss(params):
                    return torch.nn.MSELoss(reduction=reduction or "mean")(params[0] * _t(x) + params[1], _t(y))

                hessian = torch.autograd.functional.hessian(loss, _t([0.3, -0.2]))
                threshold = 2.0 / torch.linalg.eigvalsh(hessian).max().item()
                kwargs = {"reduction": reduction} if reduction else {}
                trials.append(Trial(f"seed {seed}, N={n}, x around {offset}, reduction={reduction or 'default'!r}",
                                    _call("largest_stable_lr", x, **kwargs), _same(threshold)))
    return trials


# ----------------------------------------------------------------------------- exercise 7


OVERFLOWING = np.array([-1000.0, -745.0, -710.0, -40.0, -0.5, 0.0, 0.5, 40.0, 710.0, 745.0, 1000.0])


def _activation_inputs():
    inputs = []
    for seed, rng in _rngs():
        for shape in ((7,), (3, 4), (2, 3, 2)):
            z = _normal(rng, shape, 3.0)
            z.flat[0] = 0.0  # the kink
            inputs.append((f"seed {seed}, shape {shape}, one entry exactly 0", z))
        inputs.append((f"seed {seed}, a 0-d array", _f32(np.array(rng.normal()))))
    inputs += [("|z| up to 1000", OVERFLOWING), ("|z| up to 1000, shape (1, 11)", OVERFLOWING.reshape(1, 11)),
               ("a 0-d zero", np.array(0.0))]
    return inputs


def _activation_trials(function: str, torch_f, derivative: bool, slopes=(None,)) -> list[Trial]:
    torch = _torch()
    trials = []
    for (label, z), slope in itertools.product(_activation_inputs(), slopes):
        kwargs = {} if slope is None else {"negative_slope": slope}
        leaf = _t(z, requires_grad=True)
        out = torch_f(leaf, slope)
        if derivative:
            out.sum().backward()
            expected = _np(leaf.grad)
        else:
            expected = _np(out)
        shown = label + ("" if slope is None else f", negative_slope={slope}")
        # The docstrings promise no overflow for sigmoid and tanh and their derivatives.
        errstate = {"over": "raise"} if function.startswith(("sigmoid", "tanh")) else None
        trials.append(Trial(shown, _call(function, z, errstate=errstate, **kwargs), _same(expected)))
    return trials


def _activation(function: str, derivative: bool, leaky: bool = False):
    def torch_f(leaf, slope):
        torch = _torch()
        if function == "step":
            return torch.heaviside(leaf, _t(0.0)) if not derivative else torch.sign(leaf)  # sign's slope is 0
        if leaky:
            return torch.nn.functional.leaky_relu(leaf, 0.01 if slope is None else slope)
        return getattr(torch, function)(leaf)

    slopes = (None, 0.2, 0.0) if leaky else (None,)
    name = function + ("_grad" if derivative else "")
    return lambda: _activation_trials(name, torch_f, derivative, slopes)


# ----------------------------------------------------------------------------- exercise 8


OPTIMISER_STEPS = 20
OPTIMISER_RUNS = {
    "SGD": [{}, {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.05}, {"lr": 0.05, "momentum": 0.9, "dampening": 0.25},
            {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.05, "nesterov": True}],
    "RMSprop": [{}, {"lr": 0.01, "alpha": 0.9, "eps": 1e-3, "weight_decay": 0.05, "scale": 0.03}],
    "Adam": [{"lr": 0.01}, {"lr": 0.01, "betas": (0.8, 0.95), "eps": 1e-3, "scale": 0.03},
             {"lr": 0.05, "weight_decay": 0.2}, {"lr": 0.01, "zeros": True}],
    "AdamW": [{}, {"lr": 0.05, "weight_decay": 0.2}, {"lr": 0.01, "eps": 1e-3, "scale": 0.03}],
}
OPTIMISER_SHAPES = [(3, 2), (4,), ()]  # a 0-d parameter included: the docstring allows any shape


def _optimiser_call(optimiser: str, options: dict, params, grads) -> Callable:
    """Build the optimiser on copies of params and step it; the check sees every step's caller arrays."""

    def invoke(module) -> Outcome:
        passed = [p.copy() for p in params]
        given = copy.deepcopy(grads)
        history = []
        with np.errstate(all="ignore"):
            opt = getattr(module, optimiser)(passed, **options)
            for k in range(OPTIMISER_STEPS):
                opt.step([g[k] for g in given])
                history.append([np.array(p, dtype=np.float64) for p in passed])
        return Outcome(history, mutated_inputs=not _same_arrays(given, grads))

    return invoke


def _torch_optimiser(optimiser: str, options: dict, params, grads) -> list[list[np.ndarray]]:
    torch = _torch()
    leaves = [_t(p, requires_grad=True) for p in params]
    opt = getattr(torch.optim, optimiser)(leaves, foreach=False, **options)
    history = []
    for k in range(OPTIMISER_STEPS):
        for leaf, g in zip(leaves, grads):
            leaf.grad = _t(g[k])
        opt.step()
        history.append([_np(leaf) for leaf in leaves])
    return history


def _same_history(expected) -> Callable[[Outcome], str | None]:
    def check(outcome):
        for step, (got, right) in enumerate(zip(outcome.result, expected), start=1):
            for index, (array, value) in enumerate(zip(got, right)):
                problem = compare(array, value, f"the caller's parameter {index} after step {step}")
                if problem:
                    return problem
        return None

    return check


def _optimiser_trials(optimiser: str) -> Callable[[], list[Trial]]:
    @lru_cache(maxsize=None)
    def trials() -> list[Trial]:
        made = []
        for (seed, rng), run in itertools.product(_rngs()[:2], OPTIMISER_RUNS[optimiser]):
            options = {key: value for key, value in run.items() if key not in ("scale", "zeros")}
            params = [_normal(rng, shape) for shape in OPTIMISER_SHAPES]
            scale = run.get("scale", 1.0)
            grads = [_f32(scale * (rng.normal(0, 1, shape) + rng.normal(0, 0.5, (OPTIMISER_STEPS, *shape))))
                     for shape in OPTIMISER_SHAPES]
            if run.get("zeros"):  # one parameter gets no gradient for five steps, one entry never
                grads[1][:5] = 0.0
                grads[0][:, 0, 0] = 0.0
            expected = _torch_optimiser(optimiser, options, params, grads)
            made.append(Trial(f"seed {seed}, {optimiser}({options}){' with zero gradients' if run.get('zeros') else ''}"
                              f"{f', gradients of scale {scale}' if scale != 1.0 else ''}",
                              _optimiser_call(optimiser, options, params, grads), _same_history(expected)))
        return made

    return trials


# ----------------------------------------------------------------------------- exercise 9


def _test_function(weights: np.ndarray):
    """A smooth loss with large third derivatives, in numpy (for the implementation) and torch."""

    def f(x):
        return float(np.sum(np.sin(weights * x) + 0.25 * (weights * x) ** 3))

    def torch_f(x):
        torch = _torch()
        return torch.sum(torch.sin(_t(weights) * x) + 0.25 * (_t(weights) * x) ** 3)

    return f, torch_f


def _central(torch_f, x: np.ndarray, h: float) -> np.ndarray:
    """The central difference of the docstring, each entry moved alone, evaluated by torch in float64."""
    grad = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += h
        minus[index] -= h
        grad[index] = (torch_f(_t(plus)).item() - torch_f(_t(minus)).item()) / (2 * h)
    return grad


def _autograd(torch_f, x: np.ndarray) -> np.ndarray:
    leaf = _t(x, requires_grad=True)
    torch_f(leaf).backward()
    return _np(leaf.grad)


def _torch_relative_error(a, b) -> float:
    torch = _torch()
    a, b = _t(a), _t(b)
    return float(torch.max(torch.abs(a - b) / torch.clamp(torch.abs(a) + torch.abs(b), min=1e-8)))


def _points():
    for seed, rng in _rngs()[:2]:
        for shape in ((5,), (3, 2), (2, 2, 2)):
            yield f"seed {seed}, x of shape {shape}", _f32(rng.uniform(0.5, 1.5, shape)), _f32(rng.uniform(0.5, 2.0, shape))


@lru_cache(maxsize=None)
def _numgrad_trials() -> list[Trial]:
    trials = []
    for (label, x, weights), h in itertools.product(_points(), (1e-5, 1e-2, 0.2)):
        f, torch_f = _test_function(weights)
        trials.append(Trial(f"{label}, h={h}", _call("numerical_gradient", f, x, h), _same(_central(torch_f, x, h))))
    return trials


@lru_cache(maxsize=None)
def _relerr_trials() -> list[Trial]:
    trials = []
    for seed, rng in _rngs():
        for shape in ((6,), (3, 4)):
            a = _normal(rng, shape)
            b = _f32(a + rng.normal(0, 0.1, shape) * np.abs(a) + 0.01 * rng.normal(0, 1, shape))
            trials.append(Trial(f"seed {seed}, shape {shape}", _call("relative_error", a, b),
                                _same(_torch_relative_error(a, b))))
        big = _f32(1e3 * rng.normal(0, 1, 5))
        trials.append(Trial(f"seed {seed}, entries near 1000, one off by 1", _call("relative_error", big, big + [1.0, 0, 0, 0, 0]),
                            _same(_torch_relative_error(big, big + [1.0, 0, 0, 0, 0]))))
    zeros = (np.array([0.0, 1e-12, 0.5, 0.0]), np.array([0.0, 0.0, 0.5, 2.0]))
    trials.append(Trial("both 0, one 0 only, tiny", _call("relative_error", *zeros), _same(_torch_relative_error(*zeros))))
    return trials


HS = [0.3, 1e-2, 1e-4]  # not so small that rounding, which no two codes share, decides


@lru_cache(maxsize=None)
def _gradient_check_trials() -> list[Trial]:
    trials = []
    for label, x, weights in _points():
        f, torch_f = _test_function(weights)
        analytic = _autograd(torch_f, x)
        expected = [_torch_relative_error(_central(torch_f, x, h), analytic) for h in HS]
        trials.append(Trial(f"{label}, hs={HS}", _call("gradient_check", f, x, analytic, HS), _same(expected)))
    return trials


@lru_cache(maxsize=None)
def _best_step_trials() -> list[Trial]:
    trials = []
    for (label, x, weights), hs in itertools.product(_points(), ([0.3, 1e-2, 1e-4, 1e-7, 1e-10], [1e-10, 0.3, 1e-4],
                                                                 [0.5, 0.1, 1e-2])):
        f, torch_f = _test_function(weights)
        analytic = _autograd(torch_f, x)
        errors = sorted((_torch_relative_error(_central(torch_f, x, h), analytic), h) for h in hs)
        if errors[1][0] < 30 * errors[0][0]:
            continue  # too close to call: rounding could pick either
        trials.append(Trial(f"{label}, hs={hs}", _call("best_step", f, x, analytic, hs), _same(errors[0][1])))
    return trials


def _two_layer_torch(params: dict, X, labels):
    torch = _torch()
    functional = torch.nn.functional
    hidden = torch.tanh(functional.linear(_t(X), params["W1"], params["b1"]))
    return functional.cross_entropy(functional.linear(hidden, params["W2"], params["b2"]),
                                    torch.as_tensor(labels, dtype=torch.int64))


def _buggy_backward(bugs: dict):
    """A backward pass: autograd's gradients, with bugs[name] multiplying (or transposing) some of them."""

    def backward(params, X, labels):
        leaves = {name: _t(value, requires_grad=True) for name, value in params.items()}
        _two_layer_torch(leaves, X, labels).backward()
        grads = {name: _np(leaf.grad) for name, leaf in leaves.items()}
        for name, bug in bugs.items():
            grads[name] = grads[name].T.copy() if bug == "T" else grads[name] * bug
        return grads

    return backward


@lru_cache(maxsize=None)
def _backward_errors_trials() -> list[Trial]:
    trials = []
    for seed, rng in _rngs()[:2]:
        n, d, k = 5, 3, 4
        params = {"W1": _normal(rng, (d, d)), "b1": _normal(rng, d, 0.5), "W2": _normal(rng, (k, d)),
                  "b2": _normal(rng, k, 0.5)}
        X, labels = _normal(rng, (n, d)), rng.integers(0, k, n)
        for bugs in ({}, {"b2": 1.0 / n}, {"W1": "T", "b1": 2.0}):
            backward = _buggy_backward(bugs)
            analytic = backward(params, X, labels)
            expected = {}
            for name in params:
                def torch_f(x, name=name):
                    return _two_layer_torch({**{key: _t(value) for key, value in params.items()}, name: x}, X, labels)

                expected[name] = _torch_relative_error(_central(torch_f, params[name], 1e-5), analytic[name])

            def check(outcome, expected=expected):
                if not isinstance(outcome.result, dict) or set(outcome.result) != set(expected):
                    return f"should return a dict with the keys {sorted(expected)}, got {_describe(outcome.result)}"
                for name, value in expected.items():
                    got = outcome.result[name]
                    if value < 1e-5:  # a right gradient: its error is rounding noise, which no two codes share
                        if not (np.ndim(got) == 0 and 0 <= float(got) < 1e-4):
                            return f"the error of {name}, a right gradient, is {got!r}: not a number below 1e-4"
                        continue
                    problem = compare(got, value, f"the error of {name}")
                    if problem:
                        return problem
                return None

            trials.append(Trial(f"seed {seed}, a backward pass with {bugs or 'no bug'}",
                                _call("backward_errors", backward, params, X, labels, 1e-5), check))
    return trials


# ----------------------------------------------------------------------------- exercise 10


NONLINEARITIES = ("linear", "sigmoid", "tanh", "relu")
SCHEMES = ("default", "xavier", "he")


def _torch_std(fan_in: int, fan_out: int, scheme: str, nonlinearity: str) -> float:
    """From torch.nn.init's documented formulas, with torch's own calculate_gain."""
    gain = _torch().nn.init.calculate_gain
    if scheme == "default":  # kaiming_uniform_(a=√5): bound = gain·√(3/fan_in); a uniform's std is bound/√3
        return gain("leaky_relu", math.sqrt(5)) * math.sqrt(3.0 / fan_in) / math.sqrt(3.0)
    if scheme == "xavier":  # xavier_uniform_: bound = gain·√(6/(fan_in + fan_out))
        return gain(nonlinearity) * math.sqrt(6.0 / (fan_in + fan_out)) / math.sqrt(3.0)
    return gain(nonlinearity) / math.sqrt(fan_in)  # kaiming_normal_, mode fan_in


@lru_cache(maxsize=None)
def _init_std_trials() -> list[Trial]:
    return [Trial(f"fan_in={fan_in}, fan_out={fan_out}, {scheme}, {nonlinearity}",
                  _call("init_std", fan_in, fan_out, scheme, nonlinearity),
                  _same(_torch_std(fan_in, fan_out, scheme, nonlinearity)))
            for (fan_in, fan_out), scheme, nonlinearity in itertools.product(((5, 3), (64, 256)), SCHEMES,
                                                                            NONLINEARITIES)]


def _contract_params(sizes, scheme, nonlinearity, seed) -> dict:
    rng = np.random.default_rng(seed)
    params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        std = _torch_std(fan_in, fan_out, scheme, nonlinearity)
        if scheme == "he":
            params[f"W{layer}"] = rng.normal(0.0, std, size=(fan_out, fan_in))
        else:
            bound = math.sqrt(3.0) * std
            params[f"W{layer}"] = rng.uniform(-bound, bound, size=(fan_out, fan_in))
        if scheme == "default":
            bound = 1.0 / math.sqrt(fan_in)
            params[f"b{layer}"] = rng.uniform(-bound, bound, size=fan_out)
        else:
            params[f"b{layer}"] = np.zeros(fan_out)
    return params


def _same_dict(expected: dict) -> Callable[[Outcome], str | None]:
    def check(outcome):
        if not isinstance(outcome.result, dict) or set(outcome.result) != set(expected):
            return f"should return a dict with the keys {sorted(expected)}, got {_describe(outcome.result)}"
        for name, value in expected.items():
            problem = compare(outcome.result[name], value, name)
            if problem:
                return problem
        return None

    return check


@lru_cache(maxsize=None)
def _init_params_trials() -> list[Trial]:
    return [Trial(f"sizes {sizes}, {scheme}, {nonlinearity}, seed {seed}",
                  _call("init_params", list(sizes), scheme, nonlinearity, seed=seed),
                  _same_dict(_contract_params(sizes, scheme, nonlinearity, seed)))
            for sizes, seed in (((4, 6, 3), 0), ((3, 5, 5, 2), 11)) for scheme in SCHEMES
            for nonlinearity in ("sigmoid", "tanh", "relu")]


def _torch_norms(params, X, y, activation, residual):
    torch = _torch()
    functional = torch.nn.functional
    depth = sum(1 for key in params if key.startswith("W"))
    weights = [_t(params[f"W{layer}"], requires_grad=True) for layer in range(1, depth + 1)]
    h = _t(X)
    for layer, weight in enumerate(weights, start=1):
        z = functional.linear(h, weight, _t(params[f"b{layer}"]))
        if layer == depth:
            h = z
        else:
            a = getattr(torch, activation)(z)
            h = h + a if residual and 2 <= layer <= depth - 1 else a
    functional.mse_loss(h, _t(y)).backward()
    return np.array([float(torch.linalg.norm(weight.grad)) for weight in weights])


@lru_cache(maxsize=None)
def _norms_trials() -> list[Trial]:
    trials = []
    for seed, rng in _rngs()[:2]:
        for activation, residual, outputs in itertools.product(("sigmoid", "tanh", "relu"), (False, True), (1, 3)):
            sizes = [4, 6, 6, 6, 6, outputs]
            params = {}
            for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
                params[f"W{layer}"] = _normal(rng, (fan_out, fan_in), 1.0 / math.sqrt(fan_in))
                params[f"b{layer}"] = _normal(rng, fan_out, 0.1)
            X, y = _normal(rng, (5, sizes[0])), _normal(rng, (5, outputs))
            kwargs = {"residual": True} if residual else {}
            trials.append(Trial(f"seed {seed}, {activation}, residual={residual}, sizes {sizes}",
                                _call("layer_gradient_norms", params, X, y, activation, **kwargs),
                                _same(_torch_norms(params, X, y, activation, residual))))
    return trials


# ----------------------------------------------------------------------------- exercise 11
# A program is a function of (make, ops) run twice: on the implementation's Values and on 0-d float64
# tensors that keep their .grad. It returns the nodes whose data and grad are compared.


class _TorchOps:
    @staticmethod
    def leaf(x):
        leaf = _t(x, requires_grad=True)
        return leaf

    @staticmethod
    def method(node, name):
        torch = _torch()
        result = getattr(torch, name)(node)
        result.retain_grad()
        return result

    @staticmethod
    def backward(node):
        node.backward(retain_graph=True)


class _ValueOps:
    def __init__(self, module):
        self.Value = module.Value

    def leaf(self, x):
        return self.Value(x)

    @staticmethod
    def method(node, name):
        return getattr(node, name)()

    @staticmethod
    def backward(node):
        node.backward()


def _retained(node):
    if hasattr(node, "retain_grad") and node.grad_fn is not None:
        node.retain_grad()
    return node


def _read(nodes, torch_side: bool):
    data, grads = [], []
    for node in nodes:
        if torch_side:
            data.append(node.item())
            grads.append(0.0 if node.grad is None else node.grad.item())
        else:
            data.append(node.data)
            grads.append(node.grad)
    return data, grads


def _graph_call(program) -> Callable:
    def invoke(module) -> Outcome:
        nodes = program(_ValueOps(module), lambda node: node)
        return Outcome(_read(nodes, torch_side=False))

    return invoke


def _graph_trial(label, program) -> Trial:
    nodes = program(_TorchOps, _retained)
    data, grads = _read(nodes, torch_side=True)

    def check(outcome):
        got_data, got_grads = outcome.result
        for number, (value, right) in enumerate(zip(got_data, data)):
            problem = compare(value, right, f"node {number}'s data")
            if problem:
                return problem
        for number, (value, right) in enumerate(zip(got_grads, grads)):
            problem = compare(value, right, f"node {number}'s grad")
            if problem:
                return problem
        return None

    return Trial(label, _graph_call(program), check)


def _binary(operator_name, a, b, constant_left=False, constant_right=False):
    """a (op) b, where a or b may be a plain number instead of a Value."""
    function = getattr(operator, operator_name)

    def program(ops, keep):
        x = a if constant_left else ops.leaf(a)
        y = b if constant_right else ops.leaf(b)
        out = keep(function(x, y))
        ops.backward(out)
        return [node for node, constant in ((x, constant_left), (y, constant_right)) if not constant] + [out]

    return program


def _unary(method, a, exponent=None):
    def program(ops, keep):
        x = ops.leaf(a)
        out = keep(x ** exponent if exponent is not None else ops.method(x, method))
        ops.backward(out)
        return [x, out]

    return program


@lru_cache(maxsize=None)
def _op_trials(name: str) -> list[Trial]:
    pairs = [(1.25, -2.75), (-0.75, 3.0), (2.5, 1.5)]
    if name in ("add", "mul"):
        trials = []
        for a, b in pairs:
            trials += [_graph_trial(f"Value({a}) {name} Value({b})", _binary(name, a, b)),
                       _graph_trial(f"Value({a}) {name} {b}", _binary(name, a, b, constant_right=True)),
                       _graph_trial(f"{b} {name} Value({a})", _binary(name, b, a, constant_left=True))]
        return trials
    if name == "pow":
        return [_graph_trial(f"Value({a}) ** {k}", _unary(None, a, k))
                for a, k in ((1.25, 3), (-0.75, 2), (2.5, -1), (-1.5, -2), (2.75, 0.5), (1.75, 1.5), (3.0, -0.5))]
    inputs = {"exp": (1.25, -2.75, 0.0, 5.5), "log": (1.25, 0.001, 7.5, 0.3),
              "tanh": (1.25, -0.75, 0.0, 20.0, 800.0, -800.0), "relu": (1.25, -0.75, 0.0)}[name]
    return [_graph_trial(f"Value({a}).{name}()", _unary(name, a)) for a in inputs]


def _shared(ops, keep):
    a, b, c = ops.leaf(1.5), ops.leaf(-0.75), ops.leaf(2.5)
    d = keep(a * b)
    e = keep(d + d * c)  # d used twice
    f = keep(a * a + ops.method(e, "tanh") * a)  # a used three times
    ops.backward(f)
    return [a, b, c, d, e, f]


def _twice(ops, keep):
    a, b = ops.leaf(1.25), ops.leaf(-0.75)
    d = keep(a * b + b)
    e = keep(ops.method(d, "exp") * a)
    ops.backward(e)
    ops.backward(e)  # again: every grad doubles
    g = keep(d * 3.0)
    ops.backward(g)  # another result sharing d
    return [a, b, d, e, g]


def _chain(length: int):
    def program(ops, keep):
        x = ops.leaf(0.75)
        node = x
        for _ in range(length):
            node = keep(node * 1.0 + 0.001)
        ops.backward(node)
        return [x, node]

    return program


def _random_graph(seed: int):
    def program(ops, keep):
        rng = np.random.default_rng(seed)
        nodes = [ops.leaf(float(v)) for v in _f32(rng.uniform(0.5, 1.5, 3))]
        for _ in range(12):
            kind = int(rng.integers(0, 6))
            x, y = nodes[int(rng.integers(0, len(nodes)))], nodes[int(rng.integers(0, len(nodes)))]
            if kind == 0:
                node = x + y
            elif kind == 1:
                node = x * y * 0.5
            elif kind == 2:
                node = ops.method(x, "tanh")
            elif kind == 3:
                node = x - y * 0.25
            elif kind == 4:
                node = (x * x + 1.0) ** 0.5
            else:
                node = ops.method(x, "relu") + 0.5
            nodes.append(keep(node))
        out = keep(sum(nodes[3:], nodes[0] * 0.0))
        ops.backward(out)
        return nodes + [out]

    return program


@lru_cache(maxsize=None)
def _backward_value_trials() -> list[Trial]:
    return ([_graph_trial("shared sub-expressions", _shared), _graph_trial("backward() twice, then on another root", _twice)]
            + [_graph_trial(f"random graph {seed}", _random_graph(seed)) for seed in range(20)]
            + [_graph_trial("a chain 3000 operations deep", _chain(1500))])


FUNCTIONS.update({
    "exercise6": ("linear_mse_grads", "sgd_step", "minibatch_indices", "train", "largest_stable_lr"),
    "exercise7": ("step", "step_grad", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
                  "leaky_relu", "leaky_relu_grad"),
    "exercise8": ("SGD.step", "RMSprop.step", "Adam.step", "AdamW.step"),
    "exercise9": ("numerical_gradient", "relative_error", "gradient_check", "best_step", "backward_errors"),
    "exercise10": ("init_std", "init_params", "layer_gradient_norms"),
    "exercise11": ("Value.__add__", "Value.__mul__", "Value.__pow__", "Value.exp", "Value.log", "Value.tanh",
                   "Value.relu", "Value.backward"),
})
TRIALS.update({
    "linear_mse_grads": _linear_grads_trials,
    "sgd_step": _sgd_step_trials,
    "minibatch_indices": _minibatch_trials,
    "train": _train_trials,
    "largest_stable_lr": _stable_lr_trials,
    **{name: _activation(name, False, leaky=name == "leaky_relu") for name in ("step", "sigmoid", "tanh", "relu",
                                                                               "leaky_relu")},
    **{f"{name}_grad": _activation(name, True, leaky=name == "leaky_relu") for name in ("step", "sigmoid", "tanh",
                                                                                        "relu", "leaky_relu")},
    **{f"{name}.step": _optimiser_trials(name) for name in OPTIMISER_RUNS},
    "numerical_gradient": _numgrad_trials,
    "relative_error": _relerr_trials,
    "gradient_check": _gradient_check_trials,
    "best_step": _best_step_trials,
    "backward_errors": _backward_errors_trials,
    "init_std": _init_std_trials,
    "init_params": _init_params_trials,
    "layer_gradient_norms": _norms_trials,
    "Value.__add__": lambda: _op_trials("add"),
    "Value.__mul__": lambda: _op_trials("mul"),
    "Value.__pow__": lambda: _op_trials("pow"),
    **{f"Value.{name}": (lambda name=name: _op_trials(name)) for name in ("exp", "log", "tanh", "relu")},
    "Value.backward": _backward_value_trials,
})
