"""exercise5 — gradient clipping, against torch.nn.utils.clip_grad_norm_ and clip_grad_value_."""

from __future__ import annotations

import numpy as np

from grader.checks.base import Call, Case, Check, Pick, normal, tensor, torch
from grader.compare import Tolerance

# clip_grad_norm_'s eps makes absolute differences proportional to the gradients: scale atol.
CLIP_TOLERANCE = Tolerance(scale="max")
INF = float("inf")
IN_PLACE = (0,)  # the clipping functions change the arrays of their first argument, grads


def _grads(rng, negative_dominant: bool = False) -> list[np.ndarray]:
    """Several arrays of different shapes, like a small network's parameter gradients."""
    grads = [normal(rng, 3, 4, scale=2.0), normal(rng, 4, scale=2.0), normal(rng, 2, 3, scale=2.0)]
    if negative_dominant:  # max(g) instead of max(|g|) then misses it
        grads[1][2] = -9.5
    return grads


def _parameters(grads):
    """torch parameters whose .grad are ``grads``: what torch's clipping functions work on."""
    parameters = [tensor(g, requires_grad=True) for g in grads]
    for parameter, g in zip(parameters, grads):
        parameter.grad = tensor(g)
    return parameters


def _torch_clip(grads, max_norm, norm_type) -> tuple[float, list[np.ndarray]]:
    """torch's clip_grad_norm_ on parameters whose .grad are ``grads``: (total norm, clipped grads)."""
    parameters = _parameters(grads)
    total = torch().nn.utils.clip_grad_norm_(parameters, max_norm, norm_type=norm_type)
    return float(total), [p.grad.numpy().astype(np.float64) for p in parameters]


def _np_norm(grads, norm_type) -> float:
    flat = np.concatenate([g.ravel() for g in grads])
    return float(np.abs(flat).max()) if norm_type == INF else float(np.sum(np.abs(flat) ** norm_type) ** (1 / norm_type))


# ----------------------------------------------------------------------------- global norm


def _norm_cases(norm_type):
    def make(rng):
        cases = []
        for negative in (False, True):
            grads = _grads(rng, negative_dominant=negative or norm_type == INF)
            kwargs = {} if norm_type == 2.0 and not negative else {"norm_type": norm_type}
            cases.append(Case(Call("global_grad_norm", (grads,), kwargs)))
        if norm_type == 2.0:
            cases.append(Case(Call("global_grad_norm", ([normal(rng, 5, scale=0.1)],))))
            cases.append(Case(Call("global_grad_norm", ([],))))  # no gradients: the norm is 0, as in torch
        return cases

    return make


def _norm_reference(case: Case) -> np.ndarray:
    (grads,) = case.call.args
    # With max_norm = inf the coefficient is 1: clip_grad_norm_ then only measures the global norm.
    total, _ = _torch_clip(grads, INF, case.call.kwargs.get("norm_type", 2.0))
    return np.array(total)


def _norm_variants(case: Case) -> dict:
    (grads,) = case.call.args
    norm_type = case.call.kwargs.get("norm_type", 2.0)
    if not grads:  # every mistake measures nothing as 0 too, except by crashing
        return {}
    if norm_type == INF:
        return {"norm.max_without_abs": max(float(g.max()) for g in grads), "norm.norm_type_ignored": _np_norm(grads, 2.0)}
    return {
        "norm.sum_of_norms": sum(np.linalg.norm(g) for g in grads),
        "norm.squared": sum(float(np.sum(g**2)) for g in grads),
        "norm.first_only": np.linalg.norm(grads[0]),
        "norm.mean_of_norms": np.mean([np.linalg.norm(g) for g in grads]),
    }


# ----------------------------------------------------------------------------- clip_grad_norm


def _clip_cases(pick_for, under_max=False):
    def make(rng):
        cases = []
        for norm_type in (2.0, INF):
            grads = _grads(rng, negative_dominant=True)
            total = _np_norm(grads, norm_type)
            # Far from total on purpose: within 1e-6 of it an `if total > max_norm` shortcut
            # differs from torch by a relative 1e-6/max_norm (docs/grading.md).
            max_norm = round(total * (2.0 if under_max else 0.3), 2)
            kwargs = {} if norm_type == 2.0 else {"norm_type": norm_type}
            for pick in pick_for(len(grads)):
                cases.append(Case(Call("clip_grad_norm", (grads, max_norm), kwargs), pick=pick))
        return cases

    return make


def _clip_reference(case: Case) -> np.ndarray:
    grads, max_norm = case.call.args
    total, clipped = _torch_clip(grads, max_norm, case.call.kwargs.get("norm_type", 2.0))
    return clipped[case.pick.index[1]] if case.pick.kind == "argument" else np.array(total)


def _clip_variants(case: Case) -> dict:
    grads, max_norm = case.call.args
    norm_type = case.call.kwargs.get("norm_type", 2.0)
    total = _np_norm(grads, norm_type)
    if case.pick.kind != "argument":
        variants = {"clip.returned_clipped_norm": min(total, max_norm),
                    "clip.returned_coefficient": min(1.0, max_norm / (total + 1e-6))}
        if norm_type != 2.0:
            variants["norm.norm_type_ignored"] = _np_norm(grads, 2.0)
        return variants
    index = case.pick.index[1]
    g = grads[index]
    own = _np_norm([g], norm_type)
    variants = {"clip.per_tensor": g * min(1.0, max_norm / (own + 1e-6)), "clip.inverted_ratio": g * (total / max_norm),
                "clip.coef_without_min": g * (max_norm / (total + 1e-6))}
    if norm_type != 2.0:
        variants["norm.norm_type_ignored"] = g * min(1.0, max_norm / (_np_norm(grads, 2.0) + 1e-6))
    # Under max_norm several mistakes change nothing: only those that give another answer can be named.
    right = g * min(1.0, max_norm / (total + 1e-6))
    return {key: variant for key, variant in variants.items() if not np.allclose(variant, right, rtol=1e-6, atol=0)}


def _each_array(count):
    return [Pick("argument", (0, i)) for i in range(count)]


def _returned(count):
    return [Pick()]


# ----------------------------------------------------------------------------- clip_grad_value


def _value_cases(rng):
    cases = []
    for clip_value in (1.5, 0.25):
        grads = _grads(rng, negative_dominant=True)
        for g in grads:  # every array has entries beyond both bounds, so each bound is tested
            g.flat[0], g.flat[-1] = 2.5 * clip_value, -3.0 * clip_value
        cases += [Case(Call("clip_grad_value", (grads, clip_value)), pick=Pick("argument", (0, i)))
                  for i in range(len(grads))]
    return cases


def _value_reference(case: Case) -> np.ndarray:
    grads, clip_value = case.call.args
    parameters = _parameters(grads)
    torch().nn.utils.clip_grad_value_(parameters, clip_value)
    return parameters[case.pick.index[1]].grad.numpy().astype(np.float64)


def _value_variants(case: Case) -> dict:
    grads, clip_value = case.call.args
    g = grads[case.pick.index[1]]
    return {"clip.value_upper_only": np.minimum(g, clip_value), "clip.value_by_norm":
            g * min(1.0, clip_value / (np.linalg.norm(g) + 1e-6))}


CHECKS = [
    Check("global_norm_l2", "global_grad_norm", _norm_cases(2.0), _norm_reference, _norm_variants),
    Check("global_norm_inf", "global_grad_norm", _norm_cases(INF), _norm_reference, _norm_variants),
    Check("clip_grad_norm_in_place", "clip_grad_norm", _clip_cases(_each_array), _clip_reference, _clip_variants,
          CLIP_TOLERANCE, rng_key="clip", modifies=IN_PLACE),
    Check("clip_grad_norm_returns_total", "clip_grad_norm", _clip_cases(_returned), _clip_reference, _clip_variants,
          rng_key="clip", modifies=IN_PLACE),
    Check("clip_grad_norm_under_max", "clip_grad_norm", _clip_cases(_each_array, under_max=True), _clip_reference,
          _clip_variants, CLIP_TOLERANCE, modifies=IN_PLACE),
    Check("clip_grad_value", "clip_grad_value", _value_cases, _value_reference, _value_variants, modifies=IN_PLACE),
]
