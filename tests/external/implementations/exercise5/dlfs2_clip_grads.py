# external: "Deep Learning from Scratch 2"'s clip_grads: an L2 norm over all arrays, scaled in place if needed.
# source: oreilly-japan/deep-learning-from-scratch-2 common/util.py, clip_grads(grads, max_norm) (also in
#   ch06/clip_grads.py): total_norm = sqrt(Σ Σ grad²); rate = max_norm / (total_norm + 1e-6);
#   if rate < 1: grad *= rate for each grad.
# idea: always the L2 norm; in place through *=.
# differs: the book's function has no norm_type and returns nothing; here norm_type is accepted (and,
#   as in the book, not used) and the total norm is returned.

import numpy as np


def global_grad_norm(grads, norm_type=2.0):
    total_norm = 0
    for grad in grads:
        total_norm += np.sum(grad ** 2)
    return np.sqrt(total_norm)


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    total_norm = global_grad_norm(grads, norm_type)
    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        for grad in grads:
            grad *= rate
    return total_norm
