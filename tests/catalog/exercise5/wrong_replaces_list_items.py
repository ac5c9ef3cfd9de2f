# catalog: wrong
# expect-fail: clip_grad_norm_in_place
# expect-mistake: replaced_not_in_place
# why: grads[i] = g * coef puts new arrays into the list; the caller's own gradient arrays keep their values.

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
    # ‖everything‖_p = ‖(‖g_1‖_p, …, ‖g_m‖_p)‖_p: for finite p both sides are (Σ_all |x|^p)^(1/p),
    # for p = inf both are the largest |x|. np.linalg.norm takes |x| first, so a large negative
    # entry counts as much as a positive one; ravel() makes it a vector norm for any shape.
    per_array = np.array([np.linalg.norm(g.ravel(), ord=norm_type) for g in grads])
    return float(np.linalg.norm(per_array, ord=norm_type))


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads, norm_type)
    coef = min(max_norm / (total + 1e-6), 1.0)
    for i, g in enumerate(grads):
        grads[i] = g * coef
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
