# catalog: correct
# why: returns [y_hat, cache] as a list, with the cache as a tuple.

import numpy as np


def _sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed from exp(−|z|) so it never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, params):
    a1 = _sigmoid(X @ params["W1"].T + params["b1"])
    y_hat = _sigmoid(a1 @ params["W2"].T + params["b2"])
    return [y_hat, (X, a1, y_hat, params["W2"])]


def backward(y, cache):
    X, a1, y_hat, W2 = cache
    d_z2 = 2.0 * (y_hat - y) / y_hat.size * y_hat * (1.0 - y_hat)
    d_z1 = d_z2 @ W2 * a1 * (1.0 - a1)
    return dict(W2=d_z2.T @ a1, b2=d_z2.sum(0), W1=d_z1.T @ X, b1=d_z1.sum(0))
