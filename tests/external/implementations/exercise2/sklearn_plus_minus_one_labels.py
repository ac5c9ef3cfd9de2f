# external: logistic loss and gradient with labels mapped to −1/+1, as scikit-learn's solver writes them.
# source: scikit-learn sklearn/linear_model/_logistic.py, _logistic_loss_and_grad (releases up to 1.0):
#   loss = −Σ log_logistic(y·z), grad = Xᵀ((expit(y·z) − 1)·y), with y ∈ {−1, +1}.
# idea: with t = 2y − 1, BCE(σ(z), y) = −log σ(t·z) = log(1 + exp(−t·z)), computed stably.
# differs: sklearn sums and adds an L2 term; here the loss and gradient are means without regularisation,
#   log_logistic is np.logaddexp(0, −t·z), and the 0/1 targets are mapped to t = 2y − 1.

import numpy as np


def _reduce(values, reduction):
    if reduction == "mean":
        return values.mean()
    if reduction == "sum":
        return values.sum()
    return values


def bce_with_logits(z, y, reduction="mean"):
    t = 2.0 * y - 1.0
    return _reduce(np.logaddexp(0.0, -t * z), reduction)


def logistic_regression_grad(X, w, y):
    t = 2.0 * y - 1.0
    tz = t * (X @ w)
    expit = np.exp(-np.logaddexp(0.0, -tz))
    return X.T @ ((expit - 1.0) * t) / len(y)
