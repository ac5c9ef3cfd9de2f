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
        if not callable(getattr(module, name, None)):
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
