# catalog: wrong
# expect-fail: mse_value_sum_none
# expect-feedback: structure.object_array_right_values
# why: fills an array made with dtype=object: the right numbers, held as Python objects.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    squared = np.empty(y_pred.shape, dtype=object)
    for index in np.ndindex(y_pred.shape):
        squared[index] = (float(y_pred[index]) - float(y_true[index])) ** 2
    if reduction == "none":
        return squared
    total = float(np.sum(squared))
    return total / y_pred.size if reduction == "mean" else total


def mse_grad(y_pred, y_true, reduction="mean"):
    """Gradient dL/dŷ of mse_loss with respect to y_pred.

    For L = Σ (ŷ − y)² each entry's derivative is 2(ŷ_i − y_i); "mean" divides L, and so its
    gradient, by the number of elements.

    Args:
        y_pred, y_true: arrays of the same shape.
        reduction: "mean" or "sum". Anything else raises ValueError.

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
