"""Exercise 4 — backpropagation through a two-layer network, by the chain rule.

The network, for a batch X of shape (N, D), with the logistic sigmoid σ(z) = 1 / (1 + e^(−z)):

    z1 = X W1ᵀ + b1      (N, H)      a1 = σ(z1)
    z2 = a1 W2ᵀ + b2     (N, K)      ŷ  = σ(z2)
    L  = mean((ŷ − y)²)  over all N·K elements

Backpropagation computes the gradient of L with respect to every parameter by the chain rule,
working from the loss back towards the input and reusing what the forward pass computed.
It computes the gradients; gradient descent is what then uses them. `learn show exercise4`
derives every step; `learn hint exercise4` helps when you are stuck.

Implement `forward` (which returns a cache of what `backward` needs) and `backward`. Neither
changes the arrays it is given (X, params, y): the training loop still needs them. Check your
work with `learn check exercise4`.
"""

import numpy as np


def _sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), computed from exp(−|z|) so it never overflows."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(X, params):
    """The forward pass of the two-layer sigmoid network.

    Args:
        X: inputs, shape (N, D).
        params: dict with "W1" (H, D), "b1" (H,), "W2" (K, H), "b2" (K,), laid out like
            torch.nn.Linear: a weight is (out, in), and a layer computes x Wᵀ + b.

    Returns:
        (y_hat, cache): y_hat is the network's output ŷ, shape (N, K), as
        torch.sigmoid(F.linear(torch.sigmoid(F.linear(X, W1, b1)), W2, b2)) computes it (F is
        torch.nn.functional); cache is any object you like (e.g. a dict) holding what backward
        will need.
    """
    # TODO: compute ŷ, and keep in the cache what backward will need
    raise NotImplementedError("forward is not implemented yet")


def backward(y, cache):
    """The gradients of L = mean((ŷ − y)²) (over all N·K elements) with respect to every parameter.

    They are what torch.autograd leaves in each parameter's .grad after
    torch.nn.functional.mse_loss(y_hat, y).backward() on the network of forward.

    Args:
        y: targets, shape (N, K).
        cache: what forward returned as its second value.

    Returns:
        dict with "W1" (H, D), "b1" (H,), "W2" (K, H), "b2" (K,): dL/dW1, dL/db1, dL/dW2, dL/db2,
        each of its parameter's shape.
    """
    # TODO: the gradient of the loss with respect to each parameter
    raise NotImplementedError("backward is not implemented yet")
