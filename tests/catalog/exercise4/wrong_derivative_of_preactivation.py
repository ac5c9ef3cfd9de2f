# catalog: wrong
# expect-fail: backward_W2, backward_b2, backward_W1, backward_b1
# why: σ' evaluated as z(1 − z) on the pre-activation instead of σ(z)(1 − σ(z)).

import numpy as np


def _sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed from exp(−|z|) so it never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    a1 = _sigmoid(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = _sigmoid(z2)
    return y_hat, {"X": X, "z1": z1, "a1": a1, "z2": z2, "y_hat": y_hat, "W2": params["W2"]}


def backward(y, cache):
    X, z1, a1, z2, y_hat, W2 = (cache[k] for k in ("X", "z1", "a1", "z2", "y_hat", "W2"))
    d_z2 = 2.0 * (y_hat - y) / y_hat.size * z2 * (1.0 - z2)
    d_z1 = (d_z2 @ W2) * z1 * (1.0 - z1)
    return {"W1": d_z1.T @ X, "b1": d_z1.sum(axis=0), "W2": d_z2.T @ a1, "b2": d_z2.sum(axis=0)}
