# external: Keras's mean_squared_error (a mean over the last axis) reduced the way Keras reduces losses.
# source: keras/losses.py, mean_squared_error = mean(square(y_pred − y_true), axis=-1), and the Loss
#   reductions of keras/utils/losses_utils.py (SUM_OVER_BATCH_SIZE for "mean", SUM, NONE).
# idea: the function returns one loss per sample; "mean" then divides their sum by the number of samples,
#   "sum" adds them up, "none" returns them as they are.
# differs: no Keras: the same arithmetic in numpy, and the gradient is written out for the same reductions
#   (per-sample mean → 2(ŷ − y)/K, then / N for "mean").

import numpy as np


def _per_sample(y_pred, y_true):
    return np.mean(np.square(y_pred - y_true), axis=-1)


def mse_loss(y_pred, y_true, reduction="mean"):
    losses = _per_sample(y_pred, y_true)
    if reduction == "none":
        return losses
    if reduction == "sum":
        return np.sum(losses)
    if reduction == "mean":
        return np.sum(losses) / max(losses.size, 1)
    raise ValueError(f"Invalid reduction: {reduction}")


def mse_grad(y_pred, y_true, reduction="mean"):
    outputs = y_pred.shape[-1]
    per_sample_grad = 2.0 * (y_pred - y_true) / outputs
    if reduction == "sum":
        return per_sample_grad
    samples = max(y_pred.size // outputs, 1)
    return per_sample_grad / samples
