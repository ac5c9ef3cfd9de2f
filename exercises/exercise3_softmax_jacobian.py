"""Exercise 3 — softmax, its Jacobian, and the gradient of cross-entropy.

softmax turns a vector of logits z into probabilities: s_i = exp(z_i) / Σ_j exp(z_j). Every output
depends on every input, through the shared denominator, so its derivative is not a vector but a
matrix, the Jacobian. torch's CrossEntropyLoss takes logits and contains the softmax; chaining
that Jacobian with the derivative of the loss gives the gradient that trains every classifier,
and it turns out far simpler than either factor. Derive it: `learn show exercise3` shows the way,
`learn hint exercise3` helps when you are stuck.

Implement `softmax`, `softmax_jacobian` and `cross_entropy_grad`. Like torch's functions, they
leave the arrays they are given unchanged. Check your work with `learn check exercise3`.
"""

import numpy as np


def softmax(z):
    """Softmax along the last axis, like torch.softmax(z, dim=-1).

    Must stay finite and accurate for logits beyond ±709.78, where exp overflows (or underflows)
    float64, such as [1000, 1001, 1002], and for a batch whose rows sit at very different
    offsets (one near 800, another near −2000).

    Args:
        z: logits, shape (C,) for one sample or (N, C) for a batch (one row per sample).

    Returns:
        An array of z's shape whose last axis sums to 1.
    """
    # TODO: the softmax of every row of z, without overflow
    raise NotImplementedError("softmax is not implemented yet")


def softmax_jacobian(z):
    """The Jacobian of softmax with respect to its input, row by row.

    Args:
        z: logits, shape (C,) or (N, C).

    Returns:
        For z of shape (C,): J of shape (C, C) with J[i, j] = ∂s_i/∂z_j, where s = softmax(z)
        (row i: how output i responds to each logit), as torch.func.jacrev gives it for
        torch.softmax(z, dim=-1).
        For z of shape (N, C): shape (N, C, C), one (C, C) Jacobian per row, as
        torch.func.vmap(torch.func.jacrev(...)) gives it (rows do not interact, so this is not
        the (N, C, N, C) Jacobian of the whole batch).
        Like softmax, it must stay finite for logits beyond ±709.78 and for rows at very
        different offsets.
    """
    # TODO: the Jacobian of the softmax of each row of z
    raise NotImplementedError("softmax_jacobian is not implemented yet")


def cross_entropy_grad(logits, labels):
    """The gradient of the mean cross-entropy loss with respect to the logits.

    L = −(1/N) Σ_n log softmax(logits[n])[labels[n]], which is torch.nn.CrossEntropyLoss with its
    default reduction="mean" (the softmax is inside the loss, so the inputs are raw logits). The
    answer is what torch.autograd leaves in logits.grad after that loss's backward().

    Args:
        logits: shape (N, C).
        labels: integer class indices, shape (N,), each in [0, C) (counted from 0).

    Returns:
        dL/dlogits, shape (N, C). Like softmax, it must stay finite for logits beyond ±709.78
        and for rows at very different offsets.
    """
    # TODO: compute dL/dlogits
    raise NotImplementedError("cross_entropy_grad is not implemented yet")
