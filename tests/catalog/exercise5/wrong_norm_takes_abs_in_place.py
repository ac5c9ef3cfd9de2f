# catalog: wrong
# expect-fail: global_norm_l2, global_norm_inf, clip_grad_norm_in_place, clip_grad_norm_under_max
# expect-mistake: modified_input
# why: np.abs(g, out=g) saves memory but turns the caller's gradients positive; clipping then scales the wrong values.

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    if not grads:
        return 0.0
    for g in grads:
        np.abs(g, out=g)
    if norm_type == float("inf"):
        return max(float(g.max()) for g in grads)
    return float(sum(float(np.sum(g ** norm_type)) for g in grads) ** (1.0 / norm_type))


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
