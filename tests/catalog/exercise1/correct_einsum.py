# catalog: correct
# why: np.einsum for the sum of squares, 0-d arrays as scalars.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    d = y_pred - y_true
    if reduction == "none":
        return np.einsum("...,...->...", d, d)
    sse = np.array(np.einsum("i,i->", d.ravel(), d.ravel()))
    return sse / d.size if reduction == "mean" else sse


def mse_grad(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    return np.multiply(2.0 / (y_pred.size if reduction == "mean" else 1), np.subtract(y_pred, y_true))
