# catalog: correct
# why: float32 throughout.

import numpy as np


def _sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed from exp(−|z|) so it never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, params):
    p = {name: value.astype(np.float32) for name, value in params.items()}
    X = X.astype(np.float32)
    a1 = (1 / (1 + np.exp(-(X @ p["W1"].T + p["b1"])))).astype(np.float32)
    y_hat = (1 / (1 + np.exp(-(a1 @ p["W2"].T + p["b2"])))).astype(np.float32)
    return y_hat, {"X": X, "a1": a1, "y_hat": y_hat, "W2": p["W2"]}


def backward(y, cache):
    X, a1, y_hat, W2 = cache["X"], cache["a1"], cache["y_hat"], cache["W2"]
    d_y_hat = np.float32(2) * (y_hat - y.astype(np.float32)) / np.float32(y_hat.size)
    d_z2 = d_y_hat * y_hat * (1.0 - y_hat)
    d_W2 = d_z2.T @ a1
    d_b2 = d_z2.sum(axis=0)
    d_a1 = d_z2 @ W2
    d_z1 = d_a1 * a1 * (1.0 - a1)
    d_W1 = d_z1.T @ X
    d_b1 = d_z1.sum(axis=0)
    return {"W1": d_W1, "b1": d_b1, "W2": d_W2, "b2": d_b2}
