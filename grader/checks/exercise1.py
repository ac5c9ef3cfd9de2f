"""exercise1 — mean squared error and its gradient, against torch.nn.functional.mse_loss."""

from __future__ import annotations

import numpy as np

from grader.checks.base import Call, Case, Check, normal, numpy, tensor, torch

# A rectangular batch first (it shows most mistakes at once), a vector and an (N, 1) column:
# "mean" must divide by every element.
SHAPES = [(4, 3), (5,), (6, 1)]


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
    return cases + [_unknown_reduction_case("mse_loss", rng)]


def _unknown_reduction_case(function, rng) -> Case:
    """The docstring promises ValueError for a reduction other than mean, sum (and none), as torch does."""
    y_pred, y_true = _pair(rng, (4,))
    return Case(Call(function, (y_pred, y_true), {"reduction": "avg"}), raises="ValueError", note="reduction.unknown")


def _value_reference(case: Case) -> np.ndarray:
    y_pred, y_true = case.call.args
    return numpy(torch().nn.functional.mse_loss(tensor(y_pred), tensor(y_true), reduction=_reduction(case)))


def _value_variants(case: Case) -> dict:
    d = _difference(case)
    if _reduction(case) == "none":
        return {"mse.not_squared": d, "mse.abs_error": np.abs(d)}
    if _reduction(case) == "sum":
        return {"mse.not_squared": np.sum(d)}
    return {"mse.abs_error": np.mean(np.abs(d)), "mse.rmse": np.sqrt(np.mean(d**2)), "mse.not_squared": np.mean(d)}


def _value_factors(case: Case) -> dict:
    """Dividing by the wrong count scales the loss: by numel (a sum for a mean), by numel / N (the
    batch size instead of every element), or by 1 / numel (a mean for a sum)."""
    numel, n_rows = case.context.get("numel", 1), case.context.get("N", 1)
    if _reduction(case) == "sum":
        return {"mse.mean_instead_of_sum": 1 / numel}
    if _reduction(case) == "mean":
        return {"mse.sum_instead_of_mean": numel, "mse.divided_by_batch": numel / n_rows}
    return {}


# ----------------------------------------------------------------------------- mse_grad


def _grad_cases(reduction):
    def make(rng):
        cases = []
        for shape in SHAPES:
            y_pred, y_true = _pair(rng, shape)
            kwargs = {} if reduction == "mean" and shape == SHAPES[0] else {"reduction": reduction}
            cases.append(Case(Call("mse_grad", (y_pred, y_true), kwargs), context=_sizes(shape)))
        if reduction == "sum":
            cases.append(_unknown_reduction_case("mse_grad", rng))
        return cases

    return make


def _grad_reference(case: Case) -> np.ndarray:
    y_pred, y_true = case.call.args
    prediction = tensor(y_pred, requires_grad=True)
    torch().nn.functional.mse_loss(prediction, tensor(y_true), reduction=_reduction(case)).backward()
    return numpy(prediction.grad)


def _grad_factors(case: Case) -> dict:
    """Each mistake in the gradient scales it: the 2 of the square (1/2), a wrong count (numel,
    numel / N, 1 / numel) or the sign (-1). Combined, they name two mistakes at once."""
    numel, n_rows = case.context["numel"], case.context["N"]
    factors = {"mse.grad_missing_2": 0.5, "mse.grad_wrong_sign": -1.0}
    if _reduction(case) == "sum":
        return {**factors, "mse.grad_mean_instead_of_sum": 1 / numel}
    return {**factors, "mse.grad_sum_instead_of_mean": numel, "mse.grad_divided_by_batch": numel / n_rows}


CHECKS = [
    Check("mse_value_mean", "mse_loss", _value_mean_cases, _value_reference, _value_variants,
          factors=_value_factors),
    Check("mse_value_sum_none", "mse_loss", _value_sum_none_cases, _value_reference, _value_variants,
          factors=_value_factors),
    Check("mse_grad_mean", "mse_grad", _grad_cases("mean"), _grad_reference, factors=_grad_factors),
    Check("mse_grad_sum", "mse_grad", _grad_cases("sum"), _grad_reference, factors=_grad_factors),
]
