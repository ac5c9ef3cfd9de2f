# catalog: correct
# why: sigmoid clips z to [−500, 500] before a plain exp; log(1 + e^−|z|) without log1p; np.clip clamps.

import numpy as np


def sigmoid(z):
    # exp(500) ≈ 1.4e217 still fits in a float64; beyond ±500 σ is 0 or 1 to within 1e-217 anyway.
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))


def bernoulli_likelihood(p, y):
    return float(np.exp(np.sum(y * np.log(p) + (1.0 - y) * np.log1p(-p))))


def _clamped_log(x):
    with np.errstate(divide="ignore"):
        return np.clip(np.log(x), -100.0, None)


def bernoulli_log_likelihood(p, y):
    return np.sum(y * _clamped_log(p) + (1.0 - y) * _clamped_log(1.0 - p))


def bce_loss(p, y, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    losses = -(y * _clamped_log(p) + (1.0 - y) * _clamped_log(1.0 - p))
    if reduction == "none":
        return losses
    return np.asarray(losses.mean() if reduction == "mean" else losses.sum())


def bce_with_logits(z, y, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    # log instead of log1p: for |z| ≥ 37 the last term rounds to 0 instead of e^−|z|, an error far below 1e-6.
    losses = np.maximum(z, 0.0) - z * y + np.log(1.0 + np.exp(-np.abs(z)))
    if reduction == "none":
        return losses
    return np.asarray(losses.mean() if reduction == "mean" else losses.sum())


def logistic_regression_grad(X, w, y):
    residual = sigmoid(X @ w) - y
    return np.mean(residual[:, None] * X, axis=0)
