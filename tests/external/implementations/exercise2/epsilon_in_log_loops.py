# external: BCE with a tiny ε added inside the logs, and logistic regression's gradient summed example by example.
# source: a numpy BinaryCrossentropy class (forward −(y·log(p + 1e-12) + (1 − y)·log(1 − p + 1e-12)), mean;
#   found by code search) and the per-example gradient loop of Andrew Ng's machine-learning course
#   (Σ_i (h(x_i) − y_i)·x_i / m).
# idea: ε keeps log(0) finite, but at p = 0 or 1 the loss becomes −log(1e-12) ≈ 27.6 instead of torch's 100.
# differs: reductions added; the log-likelihood is minus the summed loss; the likelihood is the product
#   of p^y (1 − p)^(1 − y) in the same loop style.

import math

import numpy as np

EPS = 1e-12


def _losses(p, y):
    return -(y * np.log(p + EPS) + (1 - y) * np.log(1 - p + EPS))


def bernoulli_likelihood(p, y):
    likelihood = 1.0
    for p_i, y_i in zip(p, y):
        likelihood *= p_i if y_i == 1 else 1 - p_i
    return likelihood


def bernoulli_log_likelihood(p, y):
    return -float(np.sum(_losses(p, y)))


def bce_loss(p, y, reduction="mean"):
    losses = _losses(p, y)
    if reduction == "sum":
        return np.sum(losses)
    if reduction == "none":
        return losses
    return np.mean(losses)


def logistic_regression_grad(X, w, y):
    m, n = X.shape
    grad = np.zeros(n)
    for i in range(m):
        h = 1.0 / (1.0 + math.exp(-float(X[i] @ w)))
        grad += (h - y[i]) * X[i]
    return grad / m
