# external: the softmax Jacobian as diag_embed(s) − s sᵀ over a batch.
# source: MachineLearningLifeScience/stochman, stochman/nnj Softmax._jacobian (torch):
#   torch.diag_embed(val) − val.unsqueeze(-1) * val.unsqueeze(-2).
# idea: one (C, C) block per row: diagonal matrices from the probabilities minus outer products.
# differs: numpy instead of torch: diag_embed is np.apply_along_axis(np.diag, -1, s); softmax subtracts
#   each row's max (stochman calls torch's softmax, which does the same).

import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_jacobian(z):
    val = softmax(z)
    diag_embed = np.apply_along_axis(np.diag, -1, val)
    return diag_embed - np.expand_dims(val, -1) * np.expand_dims(val, -2)
