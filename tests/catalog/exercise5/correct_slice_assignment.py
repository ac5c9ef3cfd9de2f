# catalog: correct
# why: norm of the per-array norms via math, writes back with g[...] = ..., np.clip(out=g), 0-d array return.

import math

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    if not grads:
        return 0.0
    if math.isinf(norm_type):
        return np.float64(max(np.max(np.abs(g)) for g in grads))
    per_array = [float(np.sum(np.abs(g) ** norm_type)) for g in grads]
    return np.float64(math.fsum(per_array) ** (1.0 / norm_type))


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total = global_grad_norm(grads, norm_type)
    coef = min(1.0, max_norm / (total + 1e-6))
    for g in grads:
        g[...] = g * coef
    return np.asarray(total)


def clip_grad_value(grads, clip_value):
    for g in grads:
        np.clip(g, -clip_value, clip_value, out=g)
    return None
