# external: softmax that shifts its argument in place (z -= max) and a Jacobian filled by two loops.
# source: LiZhenping/seq2seq_attention softmax.py: softmax(z) does `z -= np.max(z)` then
#   (np.exp(z).T / np.sum(np.exp(z), axis=0)).T; softmax_grad(s) starts from np.diag(s) and fills
#   s_i(1 − s_i) on the diagonal and −s_i s_j elsewhere.
# idea: right for one vector; `z -= ...` writes into the caller's array, and for a batch the sum over
#   axis 0 runs down the columns.
# differs: the original softmax_grad takes one vector of probabilities; for a batch this wrapper calls
#   softmax and softmax_grad on each row (rows of the caller's array, so the in-place shift reaches it).

import numpy as np


def softmax(z):
    z -= np.max(z)
    sm = (np.exp(z).T / np.sum(np.exp(z), axis=0)).T
    return sm


def _softmax_grad(s):
    jacobian_m = np.diag(s)
    for i in range(len(jacobian_m)):
        for j in range(len(jacobian_m)):
            if i == j:
                jacobian_m[i][j] = s[i] * (1 - s[i])
            else:
                jacobian_m[i][j] = -s[i] * s[j]
    return jacobian_m


def softmax_jacobian(z):
    if z.ndim == 1:
        return _softmax_grad(softmax(z))
    return np.stack([_softmax_grad(softmax(row)) for row in z])
