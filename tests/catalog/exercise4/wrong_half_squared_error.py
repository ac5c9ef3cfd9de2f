# catalog: wrong
# expect-fail: backward_W2, backward_b2, backward_W1, backward_b1
# expect-mistake: backprop.half_sse
# why: the ½ of the textbook loss ½(ŷ − y)² was assumed to cancel the 2, but this loss has no ½.

import numpy as np


def _sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed from exp(−|z|) so it never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, params):
    """Forward pass of the two-layer sigmoid network.

    Args:
        X: inputs, shape (N, D).
        params: dict with "W1" (H, D), "b1" (H,), "W2" (K, H), "b2" (K,), laid out like
            torch.nn.Linear (weights are (out, in), so a layer computes X @ W.T + b).

    Returns:
        (y_hat, cache): y_hat = σ(σ(X W1ᵀ + b1) W2ᵀ + b2) of shape (N, K), and a cache (any
        object you like, e.g. a dict) holding what backward needs.
    """
    # W is (out, in), so X @ W.T maps (N, in) to (N, out); b broadcasts over the N rows.
    z1 = X @ params["W1"].T + params["b1"]
    a1 = _sigmoid(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = _sigmoid(z2)
    # backward needs the inputs of each layer (X, a1), the activations whose derivative it takes
    # (σ' = σ(1 − σ) needs only a1 and y_hat), and W2 to pass the gradient back to a1.
    cache = {"X": X, "a1": a1, "y_hat": y_hat, "W2": params["W2"]}
    return y_hat, cache


def backward(y, cache):
    X, a1, y_hat, W2 = cache["X"], cache["a1"], cache["y_hat"], cache["W2"]
    d_z2 = (y_hat - y) / y.size * y_hat * (1.0 - y_hat)
    d_z1 = (d_z2 @ W2) * a1 * (1.0 - a1)
    return {"W2": d_z2.T @ a1, "b2": d_z2.sum(axis=0), "W1": d_z1.T @ X, "b1": d_z1.sum(axis=0)}
