# catalog: wrong
# expect-fail: softmax_values, softmax_stability, softmax_jacobian_single, softmax_jacobian_batched, softmax_jacobian_stability, cross_entropy_grad, cross_entropy_grad_stability
# expect-mistake: modified_input
# why: a stable softmax computed in z's own memory (z -= max, np.exp(z, out=z), z /= sum): the caller's logits are gone.

import numpy as np


def softmax(z):
    z -= np.max(z, axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= np.sum(z, axis=-1, keepdims=True)
    return z


def softmax_jacobian(z):
    """Jacobian of softmax with respect to its input.

    Args:
        z: logits, shape (C,) or (N, C).

    Returns:
        For z of shape (C,): J of shape (C, C) with J[i, j] = ∂s_i/∂z_j = s_i (δ_ij − s_j).
        For z of shape (N, C): shape (N, C, C), one (C, C) Jacobian per row (rows do not
        interact, so this is not the (N, C, N, C) Jacobian of the whole batch).
        Like softmax, it must stay finite for logits beyond ±710 and for rows at very different
        offsets.
    """
    s = softmax(z)
    # s[..., :, None] * eye puts s_i on the diagonal (the δ_ij term); the outer product
    # s[..., :, None] * s[..., None, :] is s_i s_j. The leading "..." covers both (C,) and (N, C).
    diagonal = s[..., :, None] * np.eye(s.shape[-1])
    outer = s[..., :, None] * s[..., None, :]
    return diagonal - outer


def cross_entropy_grad(logits, labels):
    """Gradient of the mean cross-entropy loss with respect to the logits.

    L = −(1/N) Σ_n log softmax(logits[n])[labels[n]], which is torch's CrossEntropyLoss with its
    default reduction="mean" (the softmax is inside the loss, so the inputs are raw logits).

    Args:
        logits: shape (N, C).
        labels: integer class indices, shape (N,), each in [0, C).

    Returns:
        dL/dlogits, shape (N, C). Like softmax, it must stay finite for logits beyond ±710 and for
        rows at very different offsets.
    """
    n = logits.shape[0]
    gradient = softmax(logits)
    # d(−log s_y)/dz = s − onehot(y): subtract 1 at each row's true class, without building
    # the one-hot matrix.
    gradient[np.arange(n), labels] -= 1.0
    # The mean over the batch divides every sample's gradient by N.
    return gradient / n
