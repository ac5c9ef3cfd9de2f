# catalog: wrong
# expect-fail: mse_grad_mean
# expect-mistake: mse.grad_missing_2, mse.grad_divided_by_batch
# why: two mistakes at once: no 2 from the square, and 'mean' divided by the batch size only.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    """Mean squared error between two arrays of the same shape, like torch.nn.MSELoss.

    Args:
        y_pred: predictions ŷ, any shape, e.g. (N,) or (N, K).
        y_true: targets y, the same shape as y_pred.
        reduction: "mean" → (1/numel) Σ (ŷ − y)², a scalar, where numel counts EVERY element
            (N·K for an (N, K) array, not just the batch size N);
            "sum" → Σ (ŷ − y)², a scalar (the sum of squared errors, SSE);
            "none" → (ŷ − y)² elementwise, same shape as y_pred.
            Anything else raises ValueError.

    Returns:
        A scalar (Python float, numpy scalar or 0-d array) for "mean" and "sum", else an array.
    """
    squared = (y_pred - y_true) ** 2
    if reduction == "mean":
        # .mean() divides by the number of elements, which is what torch does for every shape.
        return squared.mean()
    if reduction == "sum":
        return squared.sum()
    if reduction == "none":
        return squared
    raise ValueError(f"unknown reduction {reduction!r}")


def mse_grad(y_pred, y_true, reduction="mean"):
    if reduction == "mean":
        return (y_pred - y_true) / y_pred.shape[0]
    if reduction == "sum":
        return 2.0 * (y_pred - y_true)
    raise ValueError(f"unknown reduction {reduction!r}")
