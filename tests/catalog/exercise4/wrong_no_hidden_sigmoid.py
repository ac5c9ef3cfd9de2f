# catalog: wrong
# expect-fail: forward_output, backward_W2, backward_b2, backward_W1, backward_b1
# why: forgets the hidden activation (a1 = z1, a linear hidden layer); backward then builds on it.

import numpy as np


def _sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed from exp(−|z|) so it never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, params):
    a1 = X @ params["W1"].T + params["b1"]
    y_hat = _sigmoid(a1 @ params["W2"].T + params["b2"])
    return y_hat, {"X": X, "a1": a1, "y_hat": y_hat, "W2": params["W2"]}


def backward(y, cache):
    """Gradients of L = mean((ŷ − y)²) (over all N·K elements) with respect to every parameter.

    Args:
        y: targets, shape (N, K).
        cache: what forward returned as its second value.

    Returns:
        dict with "W1" (H, D), "b1" (H,), "W2" (K, H), "b2" (K,): dL/dW1, dL/db1, dL/dW2, dL/db2.
    """
    X, a1, y_hat, W2 = cache["X"], cache["a1"], cache["y_hat"], cache["W2"]
    # The mean runs over every element of ŷ, so each gets 1/(N·K).
    d_y_hat = 2.0 * (y_hat - y) / y_hat.size
    # Through the output sigmoid: σ'(z2) = ŷ(1 − ŷ).
    d_z2 = d_y_hat * y_hat * (1.0 - y_hat)
    # z2 = a1 W2ᵀ + b2: each dW2[k, h] sums d_z2[n, k] · a1[n, h] over the batch, giving W2's
    # (K, H) shape; the bias is added to every sample, so its gradient sums over the batch.
    d_W2 = d_z2.T @ a1
    d_b2 = d_z2.sum(axis=0)
    # Back to the hidden layer through W2, then through σ'(z1) = a1(1 − a1).
    d_z1 = (d_z2 @ W2) * a1 * (1.0 - a1)
    d_W1 = d_z1.T @ X
    d_b1 = d_z1.sum(axis=0)
    return {"W1": d_W1, "b1": d_b1, "W2": d_W2, "b2": d_b2}
