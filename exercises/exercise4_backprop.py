"""Exercise 4 — backpropagation through a two-layer network, by the chain rule.

The network of the course notes, for a batch X of shape (N, D):

    z1 = X W1ᵀ + b1      (N, H)      a1 = σ(z1)
    z2 = a1 W2ᵀ + b2     (N, K)      ŷ  = σ(z2)
    L  = mean((ŷ − y)²)  over all N·K elements

with σ(z) = 1 / (1 + e^(−z)), whose derivative is σ'(z) = σ(z)(1 − σ(z)).

Backpropagation is the chain rule applied from the loss backwards, reusing each intermediate
result: dL/dŷ → dL/dz2 → (dL/dW2, dL/db2, dL/da1) → dL/dz1 → (dL/dW1, dL/db1). It computes the
gradients; gradient descent is what then uses them.

Implement `forward` (which returns a cache of what `backward` needs) and `backward`. Each gradient
has the shape of its parameter. Neither changes the arrays it is given (X, params, y): the training
loop still needs them. Check your work with `learn check exercise4`.
"""

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
    # TODO: compute z1, a1, z2 and y_hat, and keep what backward needs in the cache
    raise NotImplementedError("forward is not implemented yet")


def backward(y, cache):
    """Gradients of L = mean((ŷ − y)²) (over all N·K elements) with respect to every parameter.

    Args:
        y: targets, shape (N, K).
        cache: what forward returned as its second value.

    Returns:
        dict with "W1" (H, D), "b1" (H,), "W2" (K, H), "b2" (K,): dL/dW1, dL/db1, dL/dW2, dL/db2.
    """
    # TODO: apply the chain rule from dL/dŷ back to each parameter
    raise NotImplementedError("backward is not implemented yet")
