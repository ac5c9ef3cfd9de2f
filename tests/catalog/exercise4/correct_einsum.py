# catalog: correct
# why: np.einsum for every product.

import numpy as np


def _sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed from exp(−|z|) so it never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, params):
    a1 = _sigmoid(np.einsum("nd,hd->nh", X, params["W1"]) + params["b1"])
    y_hat = _sigmoid(np.einsum("nh,kh->nk", a1, params["W2"]) + params["b2"])
    return y_hat, {"X": X, "a1": a1, "y_hat": y_hat, "W2": params["W2"]}


def backward(y, cache):
    X, a1, y_hat, W2 = cache["X"], cache["a1"], cache["y_hat"], cache["W2"]
    d_y_hat = 2.0 * (y_hat - y) / y_hat.size
    d_z2 = d_y_hat * y_hat * (1.0 - y_hat)
    d_W2 = np.einsum("nk,nh->kh", d_z2, a1)
    d_b2 = d_z2.sum(axis=0)
    d_a1 = np.einsum("nk,kh->nh", d_z2, W2)
    d_z1 = d_a1 * a1 * (1.0 - a1)
    d_W1 = np.einsum("nh,nd->hd", d_z1, X)
    d_b1 = d_z1.sum(axis=0)
    return {"W1": d_W1, "b1": d_b1, "W2": d_W2, "b2": d_b2}
