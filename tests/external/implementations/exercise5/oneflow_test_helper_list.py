# external: OneFlow's numpy reference for clip_grad_norm on a list of gradients.
# source: Oneflow-Inc/oneflow python/oneflow/test (optimizer_test_util.py), clip_grad_norm_np(np_grad,
#   max_norm, norm_type) for lists: per-array norms by repeated np.linalg.norm over each axis, their
#   norm (in float32), np.max(np.abs(np_grad)) for inf, and `grad *= clip_coef` if clip_coef < 1.
# idea: torch's algorithm in numpy; for inf it takes np.abs of the list itself, which only works when
#   every array has the same shape.
# differs: returns the total norm only (the original also returns the gradients).

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    norm_type = float(norm_type)
    if norm_type == float("inf"):
        return np.max(np.abs(grads))
    total_norm = []
    for i, norm in enumerate(grads):
        for j in range(grads[i].ndim, 0, -1):
            norm = np.linalg.norm(norm, norm_type, axis=j - 1)
        total_norm.append(norm)
    return np.linalg.norm(np.array(total_norm, dtype=np.float32), norm_type)


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = global_grad_norm(grads, norm_type)
    clip_coef = float(max_norm) / (total_norm + 1e-6)
    if clip_coef < 1:
        for grad in grads:
            grad *= clip_coef
    return total_norm
