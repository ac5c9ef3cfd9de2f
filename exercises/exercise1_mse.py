"""Exercise 1 — mean squared error and its gradient.

The loss function is the yardstick of training: it turns "how wrong is the model" into one number
that gradient descent can push down. For regression (continuous targets such as prices) the
classic choice is the mean squared error, the average of the squared differences between the
predictions and their targets. Squaring punishes a large error far more than a small one, and it
makes a smooth loss whose gradient fades as a prediction approaches its target;
`learn show exercise1` compares it with the absolute error and derives its gradient.

Implement `mse_loss` (with torch's three reductions) and `mse_grad`, its derivative with respect to
the prediction. Like torch's functions, both leave the arrays they are given unchanged: the caller
still needs its predictions and targets after computing the loss. Check your work with
`learn check exercise1`; `learn hint exercise1` helps when you are stuck.
"""

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    """The mean squared error between predictions and targets, like torch.nn.MSELoss(reduction=reduction).

    Args:
        y_pred: predictions ŷ, a float array of any shape, e.g. (N,) or (N, K).
        y_true: targets y, a float array of y_pred's shape.
        reduction: torch's: "mean" averages the squared errors over EVERY element (an (N, K)
            array has N·K of them, not just the batch size N); "sum" adds them up (the sum of
            squared errors, SSE); "none" returns one squared error per element. Anything else
            raises ValueError.

    Returns:
        For "mean" and "sum", a scalar (a Python float, a numpy scalar or a 0-d array); for
        "none", an array of y_pred's shape.
    """
    # TODO: compute the loss, reduced as `reduction` asks
    raise NotImplementedError("mse_loss is not implemented yet")


def mse_grad(y_pred, y_true, reduction="mean"):
    """The gradient dL/dŷ of L = mse_loss(y_pred, y_true, reduction) with respect to y_pred.

    This is what torch.autograd leaves in y_pred.grad after
    torch.nn.functional.mse_loss(y_pred, y_true, reduction=reduction).backward().

    Args:
        y_pred, y_true: float arrays of the same shape.
        reduction: "mean" or "sum", as in mse_loss. Anything else raises ValueError.

    Returns:
        An array of y_pred's shape: one derivative per prediction, never a scalar.
    """
    # TODO: compute dL/dŷ for this reduction
    raise NotImplementedError("mse_grad is not implemented yet")
