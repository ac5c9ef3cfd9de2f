"""exercise7 — activation functions and their derivatives, against torch and torch.autograd.

One check per function: ordinary values of both signs, exact zeros (where the kinks of ReLU and
leaky ReLU are), saturation up to |z| = 1000 for sigmoid and tanh (under np.errstate(over="raise")),
and every shape from 0-d to (N, C). A last check makes sure no function writes into its input.
"""

from __future__ import annotations

import numpy as np

from grader.checks.base import Call, Case, Check, f32, normal, numpy, tensor, torch

# |z| up to 1000: exp overflows float64 from z ≈ 709.8, σ rounds to 1.0 from z ≈ 36.7, tanh to ±1
# from |z| ≈ 19. torch's gradients there: σ' is 0.0 at z = 40 but 4.2e-18 at z = −40; tanh' is 0.0.
SATURATED = np.array([-1000.0, -745.0, -710.0, -100.0, -40.0, -20.0, 20.0, 40.0, 100.0, 710.0, 745.0, 1000.0])
CUSTOM_SLOPE_KWARGS = {"negative_slope": 0.2}  # not torch's default 0.01: a hard-coded slope shows


# ----------------------------------------------------------------------------- inputs


def _with_zeros(rng, *shape) -> np.ndarray:
    """Values of both signs and a few exact zeros: the kinks, where torch's conventions show."""
    z = normal(rng, *shape, scale=2.5)
    flat = z.reshape(-1)
    flat[0], flat[1] = -abs(flat[0]) - 0.1, abs(flat[1]) + 0.1
    flat[rng.choice(np.arange(2, z.size), 3 if z.size > 7 else 1, replace=False)] = 0.0
    return z


def _kinked_cases(function: str, kwargs=None, scalar: float = 0.0):
    """step, ReLU and leaky ReLU: an (N, C) batch first (so np.max(z, 0) meets a batch), then a
    vector, both with exact zeros, then a 0-d input. ``kwargs`` go to the last two only, so a
    leaky ReLU sees its default slope first."""
    note = "step_grad.not_finite_at_zero" if function == "step_grad" else ""
    kwargs = kwargs or {}

    def make(rng):
        inputs = [(_with_zeros(rng, 3, 5), {}), (_with_zeros(rng, 7), kwargs), (f32(np.array(scalar)), kwargs)]
        return [Case(Call(function, (z,), options), note=note) for z, options in inputs]
    return make


def _smooth_cases(function: str):
    """sigmoid and tanh: an (N, C) batch of both signs and some zeros, saturation (|z| up to 1000,
    where exp overflows; run under np.errstate(over="raise")), and a 0-d input."""
    def make(rng):
        return [Case(Call(function, (_with_zeros(rng, 3, 5),))),
                Case(Call(function, (SATURATED.copy(),)), errstate={"over": "raise"}),
                Case(Call(function, (normal(rng, scale=2.0),)))]
    return make


# ----------------------------------------------------------------------------- torch


def _torch_activation(name: str, kwargs):
    torch_ = torch()
    return {
        # heaviside(z, 0) has no backward (RuntimeError); relu(sign(z)) is the same step built from
        # operations that have one, and autograd gives it the slope 0 everywhere, jump included.
        "step": lambda t: torch_.relu(torch_.sign(t)),
        "sigmoid": torch_.sigmoid,
        "tanh": torch_.tanh,
        "relu": torch_.relu,
        "leaky_relu": lambda t: torch_.nn.functional.leaky_relu(t, **kwargs),
    }[name]


def _reference(case: Case) -> np.ndarray:
    name, (z,), kwargs = case.call.function, case.call.args, dict(case.call.kwargs)
    if case.pick.kind == "input":
        return np.array(z)  # torch's activations leave their input as it was (only relu_ etc. write to it)
    if name == "step":
        return numpy(torch().heaviside(tensor(z), tensor(0.0)))
    if not name.endswith("_grad"):
        return numpy(_torch_activation(name, kwargs)(tensor(z)))
    # The Jacobian of an elementwise function is diagonal, so the gradient of f(z).sum() is its
    # diagonal: df_i/dz_i at every entry.
    z_tensor = tensor(z, requires_grad=True)
    _torch_activation(name.removesuffix("_grad"), kwargs)(z_tensor).sum().backward()
    return numpy(z_tensor.grad)


# ----------------------------------------------------------------------------- known mistakes


def _np_sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _np_leaky(z, slope):
    return np.where(z > 0, z, slope * z)


def _step(z):
    return np.where(z > 0, 1.0, 0.0)


def _sigmoid_grad_mistakes(z, slope):
    s = _np_sigmoid(z)
    return {"sigmoid_grad.of_preactivation": z * (1 - z), "sigmoid_grad.mixed": s * (1 - z),
            "sigmoid_grad.denominator_not_squared": 1 - s, "sigmoid_grad.tanh_form": 1 - s * s}


def _tanh_grad_mistakes(z, slope):
    t = np.tanh(z)
    return {"tanh_grad.of_preactivation": 1 - z * z, "tanh_grad.not_squared": 1 - t,
            "tanh_grad.sigmoid_form": t * (1 - t), "tanh_grad.tan_derivative": 1 + t * t}


def _leaky_mistakes(z, slope):
    mistakes = {"leaky.slope_on_positives": np.where(z > 0, slope * z, z), "leaky.relu": np.maximum(z, 0.0)}
    if slope != 0.01:  # torch's default slope, hard-coded
        mistakes["leaky.slope_ignored"] = _np_leaky(z, 0.01)
    return mistakes


def _leaky_grad_mistakes(z, slope):
    mistakes = {"leaky_grad.one_at_zero": np.where(z >= 0, 1.0, slope),
                "leaky_grad.zero_at_zero": np.where(z > 0, 1.0, np.where(z < 0, slope, 0.0)),
                "leaky_grad.relu_grad": _step(z)}
    if slope != 0.01:
        mistakes["leaky_grad.slope_ignored"] = np.where(z > 0, 1.0, 0.01)
    return mistakes


# What known wrong implementations return, per function, from the same z and negative_slope.
_MISTAKES = {
    "step": lambda z, slope: {"step.one_at_zero": np.where(z >= 0, 1.0, 0.0), "step.sign": np.sign(z),
                              "step.half_at_zero": np.heaviside(z, 0.5)},
    "step_grad": lambda z, slope: {"step_grad.ones": np.ones_like(z), "step_grad.returns_step": _step(z)},
    "sigmoid": lambda z, slope: {"sigmoid.of_minus_z": _np_sigmoid(-z)},
    "sigmoid_grad": _sigmoid_grad_mistakes,
    "tanh": lambda z, slope: {"tanh.half_argument": 2 * _np_sigmoid(z) - 1},
    "tanh_grad": _tanh_grad_mistakes,
    # np.max reduces: an (N, C) batch comes back as (C,), which only a variant of that shape can name.
    "relu": lambda z, slope: {"relu.minimum": np.minimum(z, 0.0),
                              **({"relu.max_over_axis": np.max(z, axis=0)} if z.ndim == 2 else {})},
    "relu_grad": lambda z, slope: {"relu_grad.one_at_zero": np.where(z >= 0, 1.0, 0.0),
                                   "relu_grad.half_at_zero": (np.sign(z) + 1) / 2,
                                   "relu_grad.returns_relu": np.maximum(z, 0.0)},
    "leaky_relu": _leaky_mistakes,
    "leaky_relu_grad": _leaky_grad_mistakes,
}


def _variants(case: Case) -> dict:
    name, (z,) = case.call.function, case.call.args
    return _MISTAKES[name](z, case.call.kwargs.get("negative_slope", 0.01))


def _check(name: str, function: str, make_cases) -> Check:
    return Check(name, function, make_cases, _reference, _variants)


CHECKS = [
    _check("step_values", "step", _kinked_cases("step")),
    _check("step_grad", "step_grad", _kinked_cases("step_grad")),
    _check("sigmoid_values", "sigmoid", _smooth_cases("sigmoid")),
    _check("sigmoid_grad", "sigmoid_grad", _smooth_cases("sigmoid_grad")),
    _check("tanh_values", "tanh", _smooth_cases("tanh")),
    _check("tanh_grad", "tanh_grad", _smooth_cases("tanh_grad")),
    _check("relu_values", "relu", _kinked_cases("relu")),
    _check("relu_grad", "relu_grad", _kinked_cases("relu_grad")),
    _check("leaky_relu_values", "leaky_relu", _kinked_cases("leaky_relu", CUSTOM_SLOPE_KWARGS, scalar=-1.75)),
    _check("leaky_relu_grad", "leaky_relu_grad", _kinked_cases("leaky_relu_grad", CUSTOM_SLOPE_KWARGS)),
]
