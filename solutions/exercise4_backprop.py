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
    ### BEGIN SOLUTION
    # TODO: compute ŷ, and keep in the cache what backward will need
    # W is (out, in), so X @ W.T maps (N, in) to (N, out); b broadcasts over the N rows.
    z1 = X @ params["W1"].T + params["b1"]
    a1 = _sigmoid(z1)
    z2 = a1 @ params["W2"].T + params["b2"]
    y_hat = _sigmoid(z2)
    # backward needs the inputs of each layer (X, a1), the activations whose derivative it takes
    # (σ' = σ(1 − σ) needs only a1 and y_hat), and W2 to pass the gradient back to a1.
    cache = {"X": X, "a1": a1, "y_hat": y_hat, "W2": params["W2"]}
    return y_hat, cache
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    # TODO: the gradient of the loss with respect to each parameter
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
    ### END SOLUTION
