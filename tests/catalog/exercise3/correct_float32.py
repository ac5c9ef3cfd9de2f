# catalog: correct
# why: float32 throughout.

import numpy as np


def softmax(z):
    z = z.astype(np.float32)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


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
    g = softmax(logits)
    g[np.arange(len(labels)), labels] -= np.float32(1)
    return (g / np.float32(len(labels))).astype(np.float32)
