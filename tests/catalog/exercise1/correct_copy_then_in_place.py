# catalog: correct
# why: works in place with out= and -=, but on its own copy, so the caller's arrays stay as they were.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    work = y_pred.astype(np.float64, copy=True)
    work -= y_true
    np.square(work, out=work)
    if reduction == "none":
        return work
    return work.sum() / (work.size if reduction == "mean" else 1)


def mse_grad(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    gradient = np.subtract(y_pred, y_true, out=np.empty_like(y_pred, dtype=np.float64))
    gradient *= 2.0 / y_pred.size if reduction == "mean" else 2.0
    return gradient
