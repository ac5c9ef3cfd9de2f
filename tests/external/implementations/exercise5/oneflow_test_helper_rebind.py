# external: OneFlow's single-array numpy reference for clip_grad_norm, applied to all gradients at once.
# source: Oneflow-Inc/oneflow python/oneflow/test (an older test module), clip_grad_norm_np(np_grad,
#   max_norm, norm_type) for ONE array: the norm by repeated np.linalg.norm over each axis (which also
#   gives max|g| for inf), clip_coef = max_norm / (total_norm + 1e-6), and `np_grad = np_grad * clip_coef`
#   if clip_coef < 1, returned as a new array.
# idea: correct numbers, but the clipped gradient is a new array, not the caller's.
# differs: the gradients are concatenated into one vector to measure the norm, and each clipped copy is
#   stored back into the list (grads[i] = grads[i] * clip_coef), the way the original returns a new one.

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    total_norm = np.concatenate([g.ravel() for g in grads])
    for i in range(total_norm.ndim, 0, -1):
        total_norm = np.linalg.norm(total_norm, float(norm_type), axis=i - 1)
    return total_norm


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = global_grad_norm(grads, norm_type)
    clip_coef = float(max_norm) / (total_norm + 1e-6)
    if clip_coef < 1:
        for i in range(len(grads)):
            grads[i] = grads[i] * clip_coef
    return total_norm
