# external: a batched softmax Jacobian filled entry by entry with three nested loops.
# source: DivyanshuTirkey/da6401_assignment1 nn/Activations/_softmax.py, Softmax.forward (row max, in-place
#   division) and Softmax.back (jacobian[id, i, j] = s_i − s_i s_j on the diagonal, −s_i s_j off it).
# idea: the definition, one entry at a time, for every sample of the batch.
# differs: the original's back() takes (batch, classes) only; a 1-D input is run as a batch of one and
#   unwrapped.

import numpy as np


def softmax(z):
    x = np.atleast_2d(np.array(z))
    shifted_out = x - np.max(x, axis=1, keepdims=True)
    exp_out = np.exp(shifted_out)
    exp_out /= np.sum(exp_out, axis=1, keepdims=True)
    return exp_out[0] if np.ndim(z) == 1 else exp_out


def softmax_jacobian(z):
    s = np.atleast_2d(softmax(z))
    batch_size, nclasses = s.shape
    jacobian = np.zeros((batch_size, nclasses, nclasses))
    for id in range(batch_size):
        for i in range(nclasses):
            for j in range(nclasses):
                if i == j:
                    jacobian[id, i, j] = s[id, i] - s[id, i] * s[id, j]
                else:
                    jacobian[id, i, j] = -s[id, i] * s[id, j]
    return jacobian[0] if np.ndim(z) == 1 else jacobian
