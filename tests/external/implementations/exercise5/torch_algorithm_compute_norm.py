# external: torch's clip_grad_norm_ algorithm over a per-tensor norm helper, and value clipping by masks.
# source: a torch-compatible numpy library's nn/utils/clip_grad module (_compute_norm(t, norm_type):
#   amax(abs(t)) for inf, pow(sum(pow(abs(t), p)), 1/p) otherwise; found by code search), following
#   torch.nn.utils.clip_grad_norm_ (norm of the per-tensor norms, coef clamped to 1, multiplied in
#   place); clip_grad_value_ as torch's clamp_ (FreedomIntelligence/TextClassificationBenchmark utils.py
#   uses param.grad.data.clamp_(-c, c)).
# idea: total = norm([norm(g) for g]); coef = min(max_norm / (total + 1e-6), 1); g *= coef always.
# differs: numpy arrays instead of tensors; an empty list has norm 0; clamp_ is written with boolean masks.

import numpy as np


def _compute_norm(t, norm_type):
    if norm_type == float("inf"):
        return np.amax(np.abs(t))
    return np.power(np.sum(np.power(np.abs(t), norm_type)), 1.0 / norm_type)


def global_grad_norm(grads, norm_type=2.0):
    if len(grads) == 0:
        return 0.0
    norms = np.stack([_compute_norm(g, norm_type) for g in grads])
    return float(_compute_norm(norms, norm_type))


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = global_grad_norm(grads, norm_type)
    clip_coef = min(max_norm / (total_norm + 1e-6), 1.0)
    for g in grads:
        np.multiply(g, clip_coef, out=g)
    return total_norm


def clip_grad_value(grads, clip_value):
    for g in grads:
        g[g > clip_value] = clip_value
        g[g < -clip_value] = -clip_value
