# catalog: correct
# why: transcribes the steps of torch.nn.utils.clip_grad_norm_ (per-tensor norms, norm of the norms, clamped coefficient, mul_ on each) and clip_grad_value_ (clamp_).

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    if len(grads) == 0:
        return np.float64(0.0)
    norms = [np.linalg.norm(g.reshape(-1), ord=norm_type) for g in grads]
    return np.linalg.norm(np.stack(norms), ord=norm_type)


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = global_grad_norm(grads, norm_type)
    clip_coef = max_norm / (total_norm + 1e-6)
    clip_coef_clamped = np.clip(clip_coef, None, 1.0)
    for g in grads:
        g *= clip_coef_clamped  # mul_
    return total_norm


def clip_grad_value(grads, clip_value):
    for g in grads:
        g.clip(min=-clip_value, max=clip_value, out=g)  # clamp_
