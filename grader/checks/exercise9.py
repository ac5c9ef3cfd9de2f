"""exercise9 — a numerical gradient check, against torch.autograd: central differences, the
relative error, the step size trade-off, and locating the bug in a backward pass.

Only plain data reaches the learner's process, never a function. The functions the learner's code
needs (a loss, a backward pass) are built there by a setup call to the stub's given code
(`_make_loss`, `_backward_pass`) and passed on as SlotReference(SETUP_SLOT). The parent keeps its
own copies of that given code, in numpy (for the known-mistake variants and for choosing cases)
and in torch (for the references), so editing the given code changes what the learner computes,
never what it is compared with.
"""

from __future__ import annotations

import numpy as np

from grader.checks.base import SETUP_SLOT, Call, Case, Check, Pick, f32, normal, numpy, tensor, torch
from grader.compare import Tolerance
from grader.sandbox.child import SlotReference

FUNCTION = SlotReference(SETUP_SLOT)  # the loss or backward pass the setup call returned
H = 1e-5  # the step numerical_gradient and backward_errors are called with
LARGE_H = 0.1  # a step whose central difference is 1e-3 away from the derivative of a curved loss
PARAMETERS = ("W1", "b1", "W2", "b2")

# Central differences at h = 1e-5 in float64 are off from autograd by the truncation h²/6·f''' and
# f's rounding ε|f|/h, both ~1e-10 here. Measured on these cases over 300 seeds: with x − h reached
# either way, central differences use at most 1/39 of this tolerance; forward differences exceed
# it at least 33 times.
CENTRAL_DIFFERENCE = Tolerance(rtol=2e-8, atol=2e-9, scale="at_least_one")
# A relative error is a ratio computed exactly up to rounding: compare it relatively, with no
# absolute slack that would hide a wrong 1e-7 behind a right 1e-6.
RATIO = Tolerance(rtol=1e-4, atol=1e-15)
# x put back is exactly as it was, or a rounding step off if h was added back: anything more is a
# drift (the default tolerance would let a shift of h = 1e-5 pass on entries larger than 0.1).


# ----------------------------------------------------------------------------- the given code, in numpy
# The losses: the same operations as the stub's given code, in the same order. On the same inputs
# the results are the same bits, so a variant built from them matches a learner's mistake exactly
# (a float32 one too).


def _quadratic(x, A, b):
    v = x.reshape(-1)
    return float(0.5 * (v @ A @ v) + b @ v)


def _softmax_cross_entropy(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _two_layer_loss(params, X, labels):
    hidden = np.tanh(X @ params["W1"].T + params["b1"])
    return _softmax_cross_entropy(hidden @ params["W2"].T + params["b2"], labels)


def _loss(kind, data):
    if kind == "quadratic":
        return lambda x: _quadratic(x, data["A"], data["b"])
    if kind == "softmax_cross_entropy":
        return lambda x: _softmax_cross_entropy(x, data["labels"])
    return lambda x: _two_layer_loss({**data["params"], data["parameter"]: x}, data["X"], data["labels"])


# The backward passes compute what the stub's do (not always in the same order: they are compared
# with a tolerance, never bit for bit).


def _softmax(logits):
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def _logit_gradient(probs, labels):
    d_logits = probs.copy()
    d_logits[np.arange(len(labels)), labels] -= 1.0
    return d_logits / len(labels)


def _backward(params, X, labels, bug=None):
    """The stub's backward passes: the right one, or one with the planted bug named by ``bug``."""
    pre = X @ params["W1"].T + params["b1"]
    hidden = np.tanh(pre)
    d_logits = _logit_gradient(_softmax(hidden @ params["W2"].T + params["b2"]), labels)
    tanh_derivative = hidden * (1.0 - hidden) if bug == "sigmoid_derivative_for_tanh" else 1.0 - hidden ** 2
    d_pre = (d_logits @ params["W2"]) * tanh_derivative
    return {"W1": X.T @ d_pre if bug == "W1_transposed" else d_pre.T @ X,
            "b1": d_pre.sum(axis=0),
            "W2": d_logits.T @ (pre if bug == "W2_uses_preactivation" else hidden),
            "b2": d_logits.mean(axis=0) if bug == "b2_averaged_twice" else d_logits.sum(axis=0)}


# The stub's BACKWARD_PASSES by name, and the bug each one has (None: the right one).
BUGS = {"a": "sigmoid_derivative_for_tanh", "b": "W2_uses_preactivation", "c": None, "d": "b2_averaged_twice",
        "e": "W1_transposed"}
RIGHT_PASS = "c"


def _gradient(kind, data, x):
    """The exact gradient, in closed form: the analytic gradient handed to gradient_check."""
    if kind == "quadratic":
        A, v = data["A"], x.reshape(-1)
        return (0.5 * (A + A.T) @ v + data["b"]).reshape(x.shape)
    if kind == "softmax_cross_entropy":
        return _logit_gradient(_softmax(x), data["labels"])
    return _backward({**data["params"], data["parameter"]: x}, data["X"], data["labels"])[data["parameter"]]


# ----------------------------------------------------------------------------- the given code, in torch


def _torch_loss(kind, data):
    """The loss as a function of a float64 tensor, computed by torch."""
    functional = torch().nn.functional
    if kind == "quadratic":
        A, b = tensor(data["A"]), tensor(data["b"])
        return lambda x: 0.5 * (x.reshape(-1) @ A @ x.reshape(-1)) + b @ x.reshape(-1)
    labels = torch().tensor(data["labels"])
    if kind == "softmax_cross_entropy":
        return lambda x: functional.cross_entropy(x, labels)
    params = {name: tensor(value) for name, value in data["params"].items()}
    X = tensor(data["X"])

    def loss(x):
        p = {**params, data["parameter"]: x}
        hidden = torch().tanh(functional.linear(X, p["W1"], p["b1"]))
        return functional.cross_entropy(functional.linear(hidden, p["W2"], p["b2"]), labels)

    return loss


def _autograd(kind, data, x) -> np.ndarray:
    leaf = tensor(x, requires_grad=True)
    _torch_loss(kind, data)(leaf).backward()
    return numpy(leaf.grad)


def _torch_central_difference(kind, data, x, h) -> np.ndarray:
    """The central-difference gradient with step h, every loss evaluated by torch."""
    loss = _torch_loss(kind, data)
    gradient = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += h
        minus[index] -= h
        gradient[index] = (float(loss(tensor(plus))) - float(loss(tensor(minus)))) / (2 * h)
    return gradient


def _torch_relative_error(a, b) -> float:
    a, b = tensor(a), tensor(b)
    return float(((a - b).abs() / (a.abs() + b.abs()).clamp(min=1e-8)).max())


# ----------------------------------------------------------------------------- inputs


def _quadratic_data(rng, shape):
    size = int(np.prod(shape))
    return {"A": normal(rng, size, size), "b": normal(rng, size)}, normal(rng, *shape)


def _cross_entropy_data(rng, n, c):
    # Logits of scale 1 keep the probabilities away from 0 and 1, where the loss flattens and a
    # one-sided difference (off by h/2 · f'') would come too close to a central one.
    return {"labels": rng.integers(0, c, n)}, normal(rng, n, c)


def _network(rng, n, d, k):
    """A two-layer network with a square W1 (D = H: the given transposed-W1 pass needs it); N, D
    and K distinct."""
    params = {"W1": normal(rng, d, d), "b1": normal(rng, d, scale=0.5), "W2": normal(rng, k, d),
              "b2": normal(rng, k, scale=0.5)}
    return params, normal(rng, n, d), rng.integers(0, k, n)


def _two_layer_data(rng, n, d, k, parameter="W1"):
    params, X, labels = _network(rng, n, d, k)
    return {"params": params, "X": X, "labels": labels, "parameter": parameter}, params[parameter]


def _loss_case(kind, data, call: Call, **options) -> Case:
    return Case(call, setup=Call("_make_loss", (kind, data)), **options)


def _setup(case: Case) -> tuple:
    """(kind, data) of the loss the case's setup call builds."""
    return case.setup.args


# ----------------------------------------------------------------------------- numerical_gradient


def _numerical_gradient_cases(rng):
    # 3-D, 2-D and 1-D: a loop written for one number of dimensions fails one of them.
    losses = [("quadratic", *_quadratic_data(rng, (2, 3, 2))),
              ("softmax_cross_entropy", *_cross_entropy_data(rng, 4, 3)),
              ("two_layer", *_two_layer_data(rng, 5, 3, 4, parameter="b1"))]
    # And one large step on a curved loss, where the central difference is visibly not the
    # derivative: an h that is never used (a step fixed in the code) passes every case at H.
    steps = [H, H, H, LARGE_H]
    return [_loss_case(kind, data, Call("numerical_gradient", (FUNCTION, x, h)), context={"numel": x.size})
            for (kind, data, x), h in zip([*losses, losses[1]], steps)]


def _numerical_gradient_reference(case: Case) -> np.ndarray:
    _, x, h = case.call.args
    if h != H:  # the docstring's central difference with that step, which autograd is not
        return _torch_central_difference(*_setup(case), x, h)
    return _autograd(*_setup(case), x)


def _differences(f, point, h, *, forward=False, divisor=2.0, restore=True, minus_from_plus=True):
    """The estimate learners write, one entry of ``point`` moved at a time, in place, with
    switches for their usual slips. Pass a copy unless the drift of an unrestored x should carry
    over to the next call, as it does in a learner's process.

    minus_from_plus: reach x − h by subtracting 2h from x + h (rather than from the saved value):
    the two differ by a rounding step, which is all that separates learners' correct versions.
    """
    step = point.dtype.type
    gradient = np.zeros(point.shape)
    for index in np.ndindex(point.shape):
        original = point[index]
        point[index] = original + step(h)
        plus = f(point)
        if forward:
            point[index] = original
            gradient[index] = (plus - f(point)) / h
            continue
        point[index] = point[index] - step(2 * h) if minus_from_plus else original - step(h)
        gradient[index] = (plus - f(point)) / (divisor * h)
        if restore:
            point[index] = original
    return gradient


# The numerical gradients of the known numerical_gradient mistakes, as options of _differences
# (and the dtype of the array moved). Later checks call the learner's numerical_gradient too, so
# they name these mistakes as well when their answers follow from one.
NUMERICAL_MISTAKES = {
    "numgrad.forward_difference": ({"forward": True}, np.float64),
    "numgrad.divided_by_h": ({"divisor": 1.0}, np.float64),
    "numgrad.not_restored": ({"restore": False}, np.float64),
    "numgrad.float32": ({"minus_from_plus": False}, np.float32),  # x.astype(np.float32), moved there
}


def _central(f, x, h) -> np.ndarray:
    return _differences(f, x.copy(), h, minus_from_plus=False)


def _mistaken_gradients(f, x, hs) -> dict:
    """For each known mistake, its numerical gradient at every step of hs, called in turn on one
    x (so an unrestored x drifts from call to call, as in the learner's process)."""
    gradients = {}
    for key, (options, dtype) in NUMERICAL_MISTAKES.items():
        point = x.astype(dtype)  # one array for all steps
        gradients[key] = [_differences(f, point, h, **options) for h in hs]
    gradients["numgrad.all_at_once"] = [np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h)) for h in hs]
    return gradients


def _numerical_gradient_variants(case: Case) -> dict:
    _, x, h = case.call.args
    f = _loss(*_setup(case))
    variants = {key: gradients[0] for key, gradients in _mistaken_gradients(f, x, [h]).items()}
    if h != H:
        variants["numgrad.step_ignored"] = _central(f, x, H)  # any small fixed step gives about this
    return variants


# ----------------------------------------------------------------------------- relative_error


def _away_from_zero(rng, shape, scale, smallest):
    """Entries of both signs and magnitude at least ``smallest``: every ratio is well defined."""
    values = rng.standard_normal(shape) * scale
    return np.where(values < 0, -1.0, 1.0) * np.maximum(np.abs(values), smallest)


def _relative_error_cases(rng):
    cases = []
    a = f32(_away_from_zero(rng, (4, 3), 1.0, 0.05))  # two gradients agreeing to ~1e-6
    cases.append((a, f32(a * (1 + 1e-6 * rng.standard_normal(a.shape)))))
    a = f32(_away_from_zero(rng, (6,), 1e3, 10.0))  # large: absolute differences look huge
    cases.append((a, f32(a + 0.05 * rng.standard_normal(a.shape))))
    a = f32(_away_from_zero(rng, (2, 5), 1e-3, 1e-4))  # small: absolute differences look tiny
    cases.append((a, f32(a * (1 + 0.3 * rng.uniform(-1, 1, a.shape)))))
    return [Case(Call("relative_error", pair)) for pair in cases]


def _relative_error_zero_cases(rng):
    cases = []
    a = f32(_away_from_zero(rng, (3, 4), 1.0, 0.05))
    b = f32(a * (1 + 1e-5 * rng.standard_normal(a.shape)))
    zeros = rng.permutation(a.size)[:3]  # both 0 there, like a dead unit's gradient
    a.flat[zeros] = b.flat[zeros] = 0.0
    cases.append(Case(Call("relative_error", (a, b)), note="relerr.zero_over_zero"))
    cases.append(Case(Call("relative_error", (np.zeros(5), np.zeros(5))), note="relerr.zero_over_zero"))
    a = f32(_away_from_zero(rng, (2, 3), 1.0, 0.05))
    b = f32(a * (1 + 1e-6 * rng.standard_normal(a.shape)))
    a[0, 1], b[0, 1] = 3e-10, -1e-10  # both ~0, differing only by rounding-sized amounts
    cases.append(Case(Call("relative_error", (f32(a), f32(b)))))
    a = f32(_away_from_zero(rng, (4,), 1.0, 0.05))
    b = f32(a * (1 + 1e-4 * rng.standard_normal(a.shape)))
    a[1] = 0.0  # 0 in one array only: as wrong as an entry can be
    cases.append(Case(Call("relative_error", (a, b))))
    return cases


def _relative_error_reference(case: Case) -> np.ndarray:
    return np.array(_torch_relative_error(*case.call.args))


def _relative_error_mistakes(a, b) -> dict:
    """What the known wrong relative errors make of a and b."""
    difference = np.abs(a - b)
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "relerr.absolute": float(difference.max()),
            "relerr.denominator_first": float((difference / np.maximum(np.abs(a), 1e-8)).max()),
            "relerr.denominator_second": float((difference / np.maximum(np.abs(b), 1e-8)).max()),
            "relerr.larger_magnitude": float((difference / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-8)).max()),
            "relerr.norm_based": _norm_based(a, b),
            "relerr.mean": float((difference / np.maximum(np.abs(a) + np.abs(b), 1e-8)).mean()),
            "relerr.no_floor": float(np.nan_to_num(difference / (np.abs(a) + np.abs(b)), nan=0.0).max()),
            "relerr.floor_added": float((difference / (np.abs(a) + np.abs(b) + 1e-8)).max()),
        }


# The wrong relative errors that differ from the right one on gradients without tiny entries:
# what later checks, which call the learner's relative_error, can tell apart.
RELATIVE_MISTAKES_SEEN_LATER = ("relerr.absolute", "relerr.denominator_first", "relerr.denominator_second",
                                "relerr.larger_magnitude", "relerr.norm_based", "relerr.mean")


def _relative_error_variants(case: Case) -> dict:
    return _differing(_relative_error_mistakes(*case.call.args), _relative_error(*case.call.args))


def _differing(variants: dict, right: float) -> dict:
    """The known mistakes that give another number than the right one on these inputs (without a
    0 in them, no floor can matter; on a right backward pass, every formula gives about 0)."""
    return {key: value for key, value in variants.items() if not abs(value - right) <= 1e-6 + 1e-4 * abs(right)}


def _relative_error(a, b) -> float:
    """The right relative error, in numpy (for choosing cases and building variants)."""
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)))


def _norm_based(a, b) -> float:
    total = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / total) if total else 0.0


# ----------------------------------------------------------------------------- gradient_check

# Steps where truncation dominates: there the relative error is about h²·f'''/(12|g|), to many digits
# whatever the order of operations (learners' numpy and torch agree to 1e-8 relative over 200
# seeds). Below ~1e-3, rounding adds ε|f|/h, which depends on that order: not compared here.
TRUNCATION_STEPS = [0.4, 0.2, 0.1, 0.05]


def _gradient_check_cases(rng):
    losses = [("softmax_cross_entropy", *_cross_entropy_data(rng, 4, 3)),
              ("two_layer", *_two_layer_data(rng, 5, 3, 4))]
    return [_loss_case(kind, data, Call("gradient_check", (FUNCTION, x, _gradient(kind, data, x), TRUNCATION_STEPS)))
            for kind, data, x in losses]


def _gradient_check_reference(case: Case) -> np.ndarray:
    _, x, analytic, hs = case.call.args
    return np.array([_torch_relative_error(_torch_central_difference(*_setup(case), x, h), analytic) for h in hs])


def _gradient_check_variants(case: Case) -> dict:
    _, x, analytic, hs = case.call.args
    f = _loss(*_setup(case))
    variants = {key: [_relative_error(g, analytic) for g in gradients]
                for key, gradients in _mistaken_gradients(f, x, hs).items()}
    mistakes = [_relative_error_mistakes(_central(f, x, h), analytic) for h in hs]
    variants.update({key: [by_step[key] for by_step in mistakes] for key in RELATIVE_MISTAKES_SEEN_LATER})
    return variants


# ----------------------------------------------------------------------------- best_step

# Powers of ten two apart: the bottom of the U is then one clear step. A case is kept only if,
# with the learners' usual orders of operations, that bottom is at least MARGIN times below the
# next best step (otherwise it depends on rounding, and it is drawn again).
STEPS = [1e-1, 1e-3, 1e-5, 1e-7, 1e-9, 1e-11]
MARGIN = 10.0


def _batched_loss(kind, data, points) -> np.ndarray:
    """The loss at each of the points (m, *x.shape) at once: choosing cases needs thousands of
    evaluations, which one at a time would slow every `learn check` down."""
    if kind == "quadratic":
        v = points.reshape(len(points), -1)
        return 0.5 * np.einsum("mi,ij,mj->m", v, data["A"], v) + v @ data["b"]
    if kind == "softmax_cross_entropy":
        logits, labels = points, data["labels"]
    else:
        p = dict(data["params"])
        p[data["parameter"]] = points if points.ndim == 3 else points[:, None, :]
        hidden = np.tanh(data["X"] @ np.swapaxes(p["W1"], -1, -2) + p["b1"])
        logits, labels = hidden @ np.swapaxes(p["W2"], -1, -2) + p["b2"], data["labels"]
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return -log_probs[:, np.arange(len(labels)), labels].mean(axis=-1)


def _clear_bottom(kind, data, x) -> bool:
    """Is the best step the same, and MARGIN times better than the next, whether x − h is reached
    from x or from x + h? (Batched evaluation is one more order of operations.)"""
    analytic = _gradient(kind, data, x)
    moves = np.eye(x.size).reshape(x.size, *x.shape)
    bottoms = set()
    for minus_from_plus in (False, True):
        errors = []
        for h in STEPS:
            plus = x + h * moves
            minus = plus - 2 * h * moves if minus_from_plus else x - h * moves
            numerical = (_batched_loss(kind, data, plus) - _batched_loss(kind, data, minus)) / (2 * h)
            errors.append(_relative_error(numerical.reshape(x.shape), analytic))
        lowest, second = np.sort(errors)[:2]
        if second < MARGIN * lowest:
            return False
        bottoms.add(int(np.argmin(errors)))
    return len(bottoms) == 1


def _best_step_cases(rng):
    # Larger than elsewhere: the relative error is a maximum over entries, and more entries make
    # the curve of an estimate that is wrong by a constant factor follow the true one, so that
    # its best step does not depend on the draw either.
    draws = [lambda: _quadratic_data(rng, (3, 4)),  # truncation-free: the largest step wins
             lambda: _cross_entropy_data(rng, 5, 4),
             lambda: _two_layer_data(rng, 6, 4, 3)]
    cases = []
    for kind, draw in zip(("quadratic", "softmax_cross_entropy", "two_layer"), draws):
        for _ in range(100):
            data, x = draw()
            if _clear_bottom(kind, data, x):
                break
        else:
            raise RuntimeError(f"no {kind} case with a clear best step")  # measured: 97 % of draws are kept
        cases.append(_loss_case(kind, data, Call("best_step", (FUNCTION, x, _gradient(kind, data, x), STEPS))))
    return cases


def _best_step_reference(case: Case) -> np.ndarray:
    return np.array(case.call.args[3][int(np.argmin(_gradient_check_reference(case)))])


def _best_step_variants(case: Case) -> dict:
    # Only best_step's own mistakes: a wrong numerical gradient or relative error also moves the
    # best step, but to one of only six values, so naming its cause from the step would guess.
    _, x, analytic, hs = case.call.args
    f = _loss(*_setup(case))
    errors = [_relative_error(_central(f, x, h), analytic) for h in hs]
    return {"beststep.smallest_step": min(hs), "beststep.largest_error": hs[int(np.argmax(errors))],
            "beststep.index": float(np.argmin(errors))}


# ----------------------------------------------------------------------------- backward_errors

NETWORKS = [(5, 3, 4), (6, 4, 2)]  # (N, D = H, K)


def _backward_case(name, params, X, labels, parameter) -> Case:
    return Case(Call("backward_errors", (FUNCTION, params, X, labels, H)), pick=Pick("key", parameter),
                setup=Call("_backward_pass", (name,)), context={"N": len(labels)})


def _right_pass_cases(rng):
    network = _network(rng, *NETWORKS[1])
    return [_backward_case(RIGHT_PASS, *network, parameter) for parameter in PARAMETERS]


def _planted_bug_cases(rng):
    cases = []
    for number, name in enumerate(name for name, bug in BUGS.items() if bug):
        network = _network(rng, *NETWORKS[number % len(NETWORKS)])  # both sizes, each pass its own draw
        cases += [_backward_case(name, *network, parameter) for parameter in PARAMETERS]
    return cases


def _backward_reference(case: Case) -> np.ndarray:
    (name,) = case.setup.args
    _, params, X, labels, _ = case.call.args
    parameter = case.pick.index
    data = {"params": params, "X": X, "labels": labels, "parameter": parameter}
    true = _autograd("two_layer", data, params[parameter])
    return np.array(_torch_relative_error(true, _backward(params, X, labels, BUGS[name])[parameter]))


def _backward_variants(case: Case) -> dict:
    (name,) = case.setup.args
    _, params, X, labels, h = case.call.args
    parameter = case.pick.index
    true = _backward(params, X, labels)[parameter]
    given = _backward(params, X, labels, BUGS[name])[parameter]
    loss = _loss("two_layer", {"params": params, "X": X, "labels": labels, "parameter": parameter})
    # First: 1.0 everywhere is what a numerical gradient of exactly 0 gives, the most specific.
    variants = {"locate.loss_ignores_parameter": _relative_error(np.zeros_like(given), given)}
    variants.update({key: _relative_error(gradients[0], given)
                     for key, gradients in _mistaken_gradients(loss, params[parameter], [h]).items()})
    mistakes = _relative_error_mistakes(true, given)
    variants.update({key: mistakes[key] for key in RELATIVE_MISTAKES_SEEN_LATER})
    # Here, often written inline rather than in relative_error: named for what the value is.
    variants["locate.absolute_difference"] = variants.pop("relerr.absolute")
    variants = _differing(variants, _relative_error(true, given))
    return variants


CHECKS = [
    Check("numerical_gradient_values", "numerical_gradient", _numerical_gradient_cases, _numerical_gradient_reference,
          _numerical_gradient_variants, tolerance=CENTRAL_DIFFERENCE, rng_key="numerical_gradient"),
    Check("relative_error_values", "relative_error", _relative_error_cases, _relative_error_reference,
          _relative_error_variants, tolerance=RATIO),
    Check("relative_error_zeros", "relative_error", _relative_error_zero_cases, _relative_error_reference,
          _relative_error_variants, tolerance=RATIO),
    Check("gradient_check_truncation", "gradient_check", _gradient_check_cases, _gradient_check_reference,
          _gradient_check_variants, tolerance=RATIO),
    Check("best_step", "best_step", _best_step_cases, _best_step_reference, _best_step_variants, tolerance=RATIO),
    Check("backward_errors_right_pass", "backward_errors", _right_pass_cases, _backward_reference,
          _backward_variants),
    Check("backward_errors_planted_bugs", "backward_errors", _planted_bug_cases, _backward_reference,
          _backward_variants),
]
