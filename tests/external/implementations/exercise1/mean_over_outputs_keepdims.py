# external: an MSE layer that averages loss and gradient over the outputs axis with keepdims.
# source: a from-scratch numpy MeanSquaredError class (forward/backward keep y_pred and y_true and reduce
#   with `np.mean(..., axis=1, keepdims=True)` when `shape[1] > 0`; found by code search, repository
#   not named in the excerpt).
# idea: forward: squared errors, averaged over axis 1 (keepdims), then np.mean of that; backward:
#   2(ŷ − y), averaged over axis 1 with keepdims — one value per sample, not divided by the batch.
# differs: the state kept between forward and backward is replaced by the API's arguments; "sum" and
#   "none" are added; both functions keep the original's `shape[1]` test.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    mse = (y_pred - y_true) ** 2
    if reduction == "none":
        return mse
    if reduction == "sum":
        return np.sum(mse)
    if reduction != "mean":
        raise ValueError(reduction)
    if mse.shape[1] > 0:
        mse = np.mean(mse, axis=1, keepdims=True)
    return np.mean(mse)


def mse_grad(y_pred, y_true, reduction="mean"):
    error = 2 * (y_pred - y_true)
    if reduction == "sum":
        return error
    if y_pred.shape[1] > 0:
        error = np.mean(error, axis=1, keepdims=True)
    return error
