# catalog: wrong
# expect-fail: clip_grad_norm_under_max
# expect-mistake: clip.coef_without_min
# why: scales by max_norm / (total + 1e-6) without min(1, ·), so gradients below max_norm get scaled up.

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
    total = global_grad_norm(grads, norm_type)
    coef = max_norm / (total + 1e-6)
    for g in grads:
        g *= coef
    return total


def clip_grad_value(grads, clip_value):
    """Clamp every entry of every gradient to [−clip_value, clip_value], in place.

    Like torch.nn.utils.clip_grad_value_.

    Args:
        grads: a list of numpy float arrays, modified in place.
        clip_value: a positive number.

    Returns:
        None.
    """
    for g in grads:
        # out=g writes the result into the caller's array instead of a new one.
        np.clip(g, -clip_value, clip_value, out=g)
