# catalog: wrong
# expect-fail: cross_entropy_grad, cross_entropy_grad_stability
# why: subtracts the one-hot labels from log-softmax instead of from softmax.

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
    """Jacobian of softmax with respect to its input.

    Args:
        z: logits, shape (C,) or (N, C).

    Returns:
        For z of shape (C,): J of shape (C, C) with J[i, j] = ∂s_i/∂z_j = s_i (δ_ij − s_j).
        For z of shape (N, C): shape (N, C, C), one (C, C) Jacobian per row (rows do not
        interact, so this is not the (N, C, N, C) Jacobian of the whole batch).
    """
    s = softmax(z)
    # s[..., :, None] * eye puts s_i on the diagonal (the δ_ij term); the outer product
    # s[..., :, None] * s[..., None, :] is s_i s_j. The leading "..." covers both (C,) and (N, C).
    diagonal = s[..., :, None] * np.eye(s.shape[-1])
    outer = s[..., :, None] * s[..., None, :]
    return diagonal - outer


def cross_entropy_grad(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    onehot = np.eye(logits.shape[1])[labels]
    return (log_probabilities - onehot) / logits.shape[0]
