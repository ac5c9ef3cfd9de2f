# catalog: correct
# why: math.fsum over Python floats, 'none' rebuilt with np.fromiter, 'sum' returned as a 0-d array.

import math

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    squares = np.fromiter(((float(a) - float(b)) ** 2 for a, b in zip(y_pred.flat, y_true.flat)),
                          dtype=float, count=y_pred.size)
    if reduction == "none":
        return squares.reshape(y_pred.shape)
    total = math.fsum(squares)
    if reduction == "sum":
        return np.array(total)
    if reduction == "mean":
        return total / y_pred.size
    raise ValueError(f"unknown reduction {reduction!r}")


def mse_grad(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    scale = 2.0 / math.prod(y_pred.shape) if reduction == "mean" else 2.0
    return np.subtract(y_pred, y_true) * scale
