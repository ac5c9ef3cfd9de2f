# external: σ(z) through tanh, and the sigmoid-cross-entropy forward of a numpy autograd library.
# source: a numpy autograd library's _SigmoidCrossEntropy operator (pygrad/_core; found by code search):
#   forward max(z, 0) − y·z + log1p(exp(−|z|)), backward probabilities tanh(z/2)/2 + 1/2.
# idea: σ(z) = (1 + tanh(z/2)) / 2 never overflows; the loss is the stable softplus form.
# differs: the operator's backward feeds logistic_regression_grad as Xᵀ(σ(Xw) − y)/N; reductions added.

import numpy as np


def sigmoid(z):
    return np.tanh(z * 0.5) * 0.5 + 0.5


def bce_with_logits(z, y, reduction="mean"):
    losses = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    if reduction == "none":
        return losses
    raise ValueError(reduction)


def logistic_regression_grad(X, w, y):
    probabilities = sigmoid(X @ w)
    return X.T @ (probabilities - y) / y.shape[0]
