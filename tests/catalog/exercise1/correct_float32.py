# catalog: correct
# why: computes everything in float32 and returns float32 results.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    d = y_pred.astype(np.float32) - y_true.astype(np.float32)
    squared = d * d
    if reduction == "mean":
        return np.mean(squared, dtype=np.float32)
    if reduction == "sum":
        return np.sum(squared, dtype=np.float32)
    return squared


def mse_grad(y_pred, y_true, reduction="mean"):
    if reduction not in ("mean", "sum"):
        raise ValueError(f"unknown reduction {reduction!r}")
    d = y_pred.astype(np.float32) - y_true.astype(np.float32)
    scale = np.float32(2.0 / d.size if reduction == "mean" else 2.0)
    return (scale * d).astype(np.float32)
