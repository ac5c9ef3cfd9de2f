# catalog: correct
# why: explicit Python loops over every element, returning Python floats.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    flat_pred, flat_true = y_pred.ravel(), y_true.ravel()
    squares = [(float(a) - float(b)) ** 2 for a, b in zip(flat_pred, flat_true)]
    if reduction == "none":
        return np.array(squares).reshape(y_pred.shape)
    total = 0.0
    for value in squares:
        total += value
    return total / len(squares) if reduction == "mean" else total


def mse_grad(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    out = np.empty(y_pred.shape)
    scale = 1.0 / y_pred.size if reduction == "mean" else 1.0
    for index in np.ndindex(y_pred.shape):
        out[index] = 2.0 * (y_pred[index] - y_true[index]) * scale
    return out
