# catalog: wrong
# expect-fail: softmax_jacobian_single, softmax_jacobian_batched, softmax_jacobian_stability
# expect-mistake: jacobian.diagonal_only
# why: fills only the diagonal s_i(1 − s_i).

import numpy as np


def softmax(z):
    """Softmax along the last axis.

    Args:
        z: logits, shape (C,) for one sample or (N, C) for a batch (one row per sample).

    Returns:
        An array with z's shape whose last axis sums to 1. It must stay finite for large logits
        such as [1000, 1001, 1002], where exp overflows: softmax(z) = softmax(z − c) for any
        constant c per row.
    """
    # Shifting by the row max leaves softmax unchanged and makes the largest exponent exp(0) = 1,
    # so nothing overflows, and at least one term of the sum is 1, so nothing divides by 0.
    shifted = z - np.max(z, axis=-1, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / np.sum(exponentials, axis=-1, keepdims=True)


def softmax_jacobian(z):
    s = softmax(z)
    return (s * (1.0 - s))[..., :, None] * np.eye(s.shape[-1])


def cross_entropy_grad(logits, labels):
    """Gradient of the mean cross-entropy loss with respect to the logits.

    L = −(1/N) Σ_n log softmax(logits[n])[labels[n]], which is torch's CrossEntropyLoss with its
    default reduction="mean" (the softmax is inside the loss, so the inputs are raw logits).

    Args:
        logits: shape (N, C).
        labels: integer class indices, shape (N,), each in [0, C).

    Returns:
        dL/dlogits, shape (N, C).
    """
    n = logits.shape[0]
    gradient = softmax(logits)
    # d(−log s_y)/dz = s − onehot(y): subtract 1 at each row's true class, without building
    # the one-hot matrix.
    gradient[np.arange(n), labels] -= 1.0
    # The mean over the batch divides every sample's gradient by N.
    return gradient / n
