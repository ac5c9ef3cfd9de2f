# catalog: correct
# why: explicit loops over every entry, writing back through g[index].

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    if norm_type == float("inf"):
        return max((abs(float(v)) for g in grads for v in g.ravel()), default=0.0)
    total = 0.0
    for g in grads:
        for v in g.ravel():
            total += abs(float(v)) ** norm_type
    return total ** (1.0 / norm_type)


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
        for index in np.ndindex(g.shape):
            g[index] = min(max(g[index], -clip_value), clip_value)
