"""exercise1 — mean squared error and its gradient, against torch.nn.functional.mse_loss."""

from __future__ import annotations

import numpy as np

from grader.checks.base import Call, Case, Check, normal, numpy, tensor, torch

# A vector, a rectangular batch and an (N, 1) column: 'mean' must divide by every element.
SHAPES = [(5,), (4, 3), (6, 1)]


def _sizes(shape) -> dict:
    sizes = {"N": shape[0], "numel": int(np.prod(shape))}
    if len(shape) == 2 and shape[1] > 1:
        sizes["K"] = shape[1]
    return sizes


def _pair(rng, shape):
    return normal(rng, *shape, scale=2.0), normal(rng, *shape, scale=2.0)


def _reduction(case: Case) -> str:
    return case.call.kwargs.get("reduction", "mean")


def _difference(case: Case) -> np.ndarray:
    y_pred, y_true = case.call.args
    return y_pred - y_true


# ----------------------------------------------------------------------------- mse_loss


def _value_mean_cases(rng):
    cases = []
    for shape in SHAPES:
        y_pred, y_true = _pair(rng, shape)
        cases.append(Case(Call("mse_loss", (y_pred, y_true)), context=_sizes(shape)))
    y_pred, y_true = _pair(rng, (3, 4))
    cases.append(Case(Call("mse_loss", (y_pred, y_true), {"reduction": "mean"}), context=_sizes((3, 4))))
    return cases


def _value_sum_none_cases(rng):
    cases = []
    for shape, reduction in [((4, 3), "sum"), ((5,), "sum"), ((4, 3), "none"), ((6, 1), "none")]:
        y_pred, y_true = _pair(rng, shape)
        cases.append(Case(Call("mse_loss", (y_pred, y_true), {"reduction": reduction}), context=_sizes(shape)))
    return cases


def _value_reference(case: Case) -> np.ndarray:
    y_pred, y_true = case.call.args
    return numpy(torch().nn.functional.mse_loss(tensor(y_pred), tensor(y_true), reduction=_reduction(case)))


def _value_variants(case: Case) -> dict:
    d = _difference(case)
    n_rows = case.context["N"]
    if _reduction(case) == "none":
        return {"mse.not_squared": d, "mse.abs_error": np.abs(d)}
    if _reduction(case) == "sum":
        return {"mse.mean_instead_of_sum": np.mean(d**2), "mse.not_squared": np.sum(d)}
    variants = {
        "mse.sum_instead_of_mean": np.sum(d**2),
        "mse.abs_error": np.mean(np.abs(d)),
        "mse.rmse": np.sqrt(np.mean(d**2)),
        "mse.not_squared": np.mean(d),
    }
    if d.size != n_rows:
        variants["mse.divided_by_batch"] = np.sum(d**2) / n_rows
    return variants


# ----------------------------------------------------------------------------- mse_grad


def _grad_cases(reduction):
    def make(rng):
        cases = []
        for shape in SHAPES:
            y_pred, y_true = _pair(rng, shape)
            kwargs = {} if reduction == "mean" and shape == SHAPES[0] else {"reduction": reduction}
            cases.append(Case(Call("mse_grad", (y_pred, y_true), kwargs), context=_sizes(shape)))
        return cases

    return make


def _grad_reference(case: Case) -> np.ndarray:
    y_pred, y_true = case.call.args
    prediction = tensor(y_pred, requires_grad=True)
    torch().nn.functional.mse_loss(prediction, tensor(y_true), reduction=_reduction(case)).backward()
    return numpy(prediction.grad)


def _grad_variants(case: Case) -> dict:
    d = _difference(case)
    if _reduction(case) == "sum":
        return {"mse.grad_missing_2": d, "mse.grad_mean_instead_of_sum": 2 * d / d.size}
    variants = {
        "mse.grad_missing_2": d / d.size,
        "mse.grad_sum_instead_of_mean": 2 * d,
        "mse.grad_wrong_sign": -2 * d / d.size,
    }
    if d.size != case.context["N"]:
        variants["mse.grad_divided_by_batch"] = 2 * d / case.context["N"]
    return variants


CHECKS = [
    Check("mse_value_mean", "mse_loss", _value_mean_cases, _value_reference, _value_variants),
    Check("mse_value_sum_none", "mse_loss", _value_sum_none_cases, _value_reference, _value_variants),
    Check("mse_grad_mean", "mse_grad", _grad_cases("mean"), _grad_reference, _grad_variants),
    Check("mse_grad_sum", "mse_grad", _grad_cases("sum"), _grad_reference, _grad_variants),
]
