# catalog: wrong
# expect-fail: clip_grad_value
# expect-mistake: replaced_not_in_place
# why: grads[i] = np.clip(g, ...) without out=: the list holds clipped copies, the caller's arrays are unclipped.

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
    # np.minimum, unlike Python's min, propagates NaN: a NaN gradient makes every gradient NaN,
    # as in torch, instead of silently leaving the others unclipped.
    coef = np.minimum(max_norm / (total + 1e-6), 1.0)
    for g in grads:
        # *= writes into the caller's array; g = g * coef would only rebind the local name.
        g *= coef
    return total


def clip_grad_value(grads, clip_value):
    for i, g in enumerate(grads):
        grads[i] = np.clip(g, -clip_value, clip_value)
