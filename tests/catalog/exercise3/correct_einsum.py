# catalog: correct
# why: np.einsum for the diagonal and outer-product terms, np.eye one-hot.

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
    eye = np.eye(s.shape[-1])
    return np.einsum("...i,ij->...ij", s, eye) - np.einsum("...i,...j->...ij", s, s)


def cross_entropy_grad(logits, labels):
    onehot = np.eye(logits.shape[1])[labels]
    return (softmax(logits) - onehot) / len(labels)
