# catalog: correct
# why: shifts, exponentiates and normalises in place, but in a buffer of its own; float32 in, float32 out.

import numpy as np


def softmax(z):
    s = np.subtract(z, np.max(z, axis=-1, keepdims=True), dtype=np.float32)
    np.exp(s, out=s)
    s /= s.sum(axis=-1, keepdims=True)
    return s


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
    gradient = softmax(logits).astype(np.float64)
    np.subtract.at(gradient, (np.arange(len(labels)), labels), 1.0)
    gradient /= len(labels)
    return gradient
