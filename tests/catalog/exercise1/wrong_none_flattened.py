# catalog: wrong
# expect-fail: mse_value_sum_none
# why: reduction='none' returns the squared errors flattened to 1-D instead of in y_pred's shape.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    squared = ((y_pred - y_true) ** 2).ravel()
    if reduction == "mean":
        return squared.mean()
    if reduction == "sum":
        return squared.sum()
    return squared


def mse_grad(y_pred, y_true, reduction="mean"):
    """Gradient dL/dŷ of mse_loss with respect to y_pred.

    For L = Σ (ŷ − y)² each entry's derivative is 2(ŷ_i − y_i); "mean" divides L, and so its
    gradient, by the number of elements.

    Args:
        y_pred, y_true: arrays of the same shape.
        reduction: "mean" or "sum".

    Returns:
        An array with the shape of y_pred.
    """
    # d/dŷ (ŷ − y)² = 2(ŷ − y): the 2 comes down from the square.
    gradient = 2.0 * (y_pred - y_true)
    if reduction == "mean":
        return gradient / y_pred.size
    if reduction == "sum":
        return gradient
    raise ValueError(f"unknown reduction {reduction!r}")
