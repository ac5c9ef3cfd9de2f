# catalog: wrong
# expect-fail: clip_grad_value
# why: clip_grad_value rescales each array by its norm (like clip_grad_norm) instead of clamping each entry.

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    """The p-norm of all gradient arrays taken together, as if concatenated into one vector.

    Equivalently the p-norm of the vector of per-array p-norms. For norm_type = float("inf") it
    is the largest absolute entry.

    Args:
        grads: a list of numpy arrays of any shapes (may be empty: the norm is then 0).
        norm_type: p ≥ 1, or float("inf").

    Returns:
        A scalar.
    """
    if not grads:
        return 0.0
    if norm_type == np.inf:
        # abs first: a large negative entry is as large as a positive one.
        return max(float(np.max(np.abs(g))) for g in grads)
    per_array = np.array([np.sum(np.abs(g) ** norm_type) for g in grads])
    # Σ over arrays of Σ |g|^p is Σ over every entry of |g|^p: the norm of the whole.
    return float(np.sum(per_array) ** (1.0 / norm_type))


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    """Scale all gradients in place so that their global norm is at most max_norm.

    Like torch.nn.utils.clip_grad_norm_: total = global norm; coef = min(1, max_norm / (total + 1e-6));
    every array is multiplied by coef IN PLACE (always, so no branch is needed).

    Args:
        grads: a list of numpy float arrays, modified in place.
        max_norm: the largest allowed global norm.
        norm_type: as in global_grad_norm.

    Returns:
        The total norm BEFORE clipping.
    """
    total = global_grad_norm(grads, norm_type)
    # The 1e-6 keeps the division finite for all-zero gradients, exactly as torch does.
    coef = min(1.0, max_norm / (total + 1e-6))
    for g in grads:
        # *= writes into the caller's array; g = g * coef would only rebind the local name.
        g *= coef
    return total


def clip_grad_value(grads, clip_value):
    for g in grads:
        g *= min(1.0, clip_value / (np.linalg.norm(g) + 1e-6))
