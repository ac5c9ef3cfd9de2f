"""Exercise 1 — mean squared error and its gradient.

The loss function is the yardstick of training: it turns "how wrong is the model" into one number
that gradient descent can push down. For regression the classic choice is the mean squared error

    MSE(ŷ, y) = (1/n) Σ_i (ŷ_i − y_i)²

Squaring makes every error positive, punishes large errors more than small ones, and is
differentiable everywhere, which is what gradient descent needs.

Implement `mse_loss` (with torch's three reductions) and `mse_grad`, its derivative with respect to
the prediction. Like torch's functions, both leave the arrays they are given unchanged: the caller
still needs its predictions and targets after computing the loss. Check your work with
`learn check exercise1`.
"""

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
    # TODO: square the differences, then reduce them as `reduction` asks
    raise NotImplementedError("mse_loss is not implemented yet")


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
    # TODO: differentiate (ŷ − y)² and scale by 1/numel for "mean"
    raise NotImplementedError("mse_grad is not implemented yet")
