# catalog: correct
# why: np.linalg.norm of all entries concatenated; np.multiply(..., out=g).

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    if len(grads) == 0:
        return 0.0
    flat = np.concatenate([g.ravel() for g in grads])
    return np.linalg.norm(flat, ord=norm_type)


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads, norm_type)
    for g in grads:
        np.multiply(g, min(1.0, max_norm / (total + 1e-6)), out=g)
    return np.array(total)


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
