# external: all six functions, with BCE on logits written the way TensorFlow documents it.
# source: TensorFlow's tf.nn.sigmoid_cross_entropy_with_logits (docs and nn_impl.py) and its numpy
#   transcription in Bingwen-Hu/hackaway memos/deeplearning/sigmoid_cross_entropy_with_logits.py;
#   the other five are the textbook formulas (Bernoulli product, clamped logs, X.T(σ − y)/N).
# idea: max(z, 0) − z·y + log(1 + exp(−|z|)), where relu and −|z| are built with np.where on z ≥ 0.
# differs: TensorFlow returns the elementwise loss; the API's reductions are applied afterwards.

import numpy as np


def _reduce(values, reduction):
    if reduction == "mean":
        return np.mean(values)
    if reduction == "sum":
        return np.sum(values)
    if reduction == "none":
        return values
    raise ValueError(f"unknown reduction {reduction!r}")


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bernoulli_likelihood(p, y):
    return np.prod(p ** y * (1 - p) ** (1 - y))


def _clamped_log(x):
    with np.errstate(divide="ignore"):
        return np.maximum(np.log(x), -100.0)


def bernoulli_log_likelihood(p, y):
    return np.sum(y * _clamped_log(p) + (1 - y) * _clamped_log(1 - p))


def bce_loss(p, y, reduction="mean"):
    return _reduce(-(y * _clamped_log(p) + (1 - y) * _clamped_log(1 - p)), reduction)


def bce_with_logits(z, y, reduction="mean"):
    zeros = np.zeros_like(z)
    cond = z >= zeros
    relu_logits = np.where(cond, z, zeros)
    neg_abs_logits = np.where(cond, -z, z)
    return _reduce(relu_logits - z * y + np.log1p(np.exp(neg_abs_logits)), reduction)


def logistic_regression_grad(X, w, y):
    return X.T @ (sigmoid(X @ w) - y) / len(y)
