# catalog: correct
# why: the math module element by element, with explicit loops.

import math

import numpy as np


def _sigmoid_scalar(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sigmoid(z):
    out = np.empty(z.shape)
    for index in np.ndindex(z.shape):
        out[index] = _sigmoid_scalar(float(z[index]))
    return out


def bernoulli_likelihood(p, y):
    product = 1.0
    for pi, yi in zip(p, y):
        product *= pi if yi == 1 else 1.0 - pi
    return product


def _clamped_log(x):
    return -100.0 if x <= 0 else max(math.log(x), -100.0)


def bernoulli_log_likelihood(p, y):
    total = 0.0
    for pi, yi in zip(p, y):
        total += yi * _clamped_log(pi) + (1 - yi) * _clamped_log(1.0 - pi)
    return total


def _reduce(losses, reduction):
    if reduction == "none":
        return losses
    total = sum(losses.ravel().tolist())
    return total / losses.size if reduction == "mean" else total


def bce_loss(p, y, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    losses = np.empty(p.shape)
    for index in np.ndindex(p.shape):
        losses[index] = -(y[index] * _clamped_log(p[index]) + (1 - y[index]) * _clamped_log(1.0 - p[index]))
    return _reduce(losses, reduction)


def bce_with_logits(z, y, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    losses = np.empty(z.shape)
    for index in np.ndindex(z.shape):
        zi, yi = float(z[index]), float(y[index])
        losses[index] = max(zi, 0.0) - zi * yi + math.log1p(math.exp(-abs(zi)))
    return _reduce(losses, reduction)


def logistic_regression_grad(X, w, y):
    n, d = X.shape
    grad = [0.0] * d
    for i in range(n):
        residual = _sigmoid_scalar(float(X[i] @ w)) - y[i]
        for j in range(d):
            grad[j] += X[i, j] * residual / n
    return np.array(grad)
