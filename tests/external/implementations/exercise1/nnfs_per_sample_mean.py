# external: MSE as the mean of per-sample means, gradient divided by outputs and then by samples.
# source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła), class Loss_MeanSquaredError, as
#   reproduced in mattcoulter7/Neural-Networks-From-Scratch-in-Python code_snippets/Loss_MeanSquaredError.py.
# idea: forward averages the squared errors over each sample's outputs (last axis) and the Loss base class
#   averages those per-sample losses; backward is -2(y - ŷ) / outputs, then / samples.
# differs: the book has only the mean; "sum" and "none" are added as plain Σ and elementwise, unknown
#   reductions raise ValueError, and arrays are viewed as (samples, outputs) so that a 1-D input is one
#   sample (the book always has a samples axis).

import numpy as np


def _rows(a):
    """View an array as (samples, outputs): the book's layout."""
    return a.reshape(1, -1) if a.ndim == 1 else a.reshape(-1, a.shape[-1])


def mse_loss(y_pred, y_true, reduction="mean"):
    if reduction == "none":
        return (y_true - y_pred) ** 2
    if reduction == "sum":
        return np.sum((y_true - y_pred) ** 2)
    if reduction != "mean":
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', not {reduction!r}")
    sample_losses = np.mean((_rows(y_true) - _rows(y_pred)) ** 2, axis=-1)
    return np.mean(sample_losses)


def mse_grad(y_pred, y_true, reduction="mean"):
    if reduction == "sum":
        return -2 * (y_true - y_pred)
    dvalues, targets = _rows(y_pred), _rows(y_true)
    samples = len(dvalues)
    outputs = len(dvalues[0])
    dinputs = -2 * (targets - dvalues) / outputs
    dinputs = dinputs / samples
    return dinputs.reshape(y_pred.shape)
