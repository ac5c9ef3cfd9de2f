# catalog: correct
# why: the SSE as a dot product of the flattened difference, returned as a numpy scalar.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    d = (y_pred - y_true).reshape(-1)
    if reduction == "none":
        return (d * d).reshape(y_pred.shape)
    sse = np.float64(d @ d)
    try:
        return {"mean": sse / d.size, "sum": sse}[reduction]
    except KeyError:
        raise ValueError(f"unknown reduction {reduction!r}") from None


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
