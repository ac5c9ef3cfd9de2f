# external: d2l's grad_clipping: the L2 norm of every gradient together, scaled in place by theta / norm.
# source: Dive into Deep Learning (d2l-ai/d2l-en), "Recurrent Neural Network Implementation from Scratch",
#   grad_clipping(net, theta): norm = sqrt(Σ Σ p.grad²); if norm > theta: p.grad[:] *= theta / norm.
# idea: the global L2 norm, no epsilon, slice assignment so the stored gradient changes.
# differs: numpy arrays instead of parameters' .grad; theta is max_norm; norm_type is accepted and, as in
#   d2l, not used; the norm is returned.

import numpy as np


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    if norm > max_norm:
        for g in grads:
            g[:] *= max_norm / norm
    return norm
