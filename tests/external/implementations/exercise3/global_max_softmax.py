# external: softmax that subtracts ONE max over the whole batch, with a per-row Jacobian and CE gradient.
# source: a from-scratch numpy network's activation module, softmax_forward / softmax_jacobian over
#   "dendritic potentials" (found by code search; the excerpt does not name its repository):
#   exp(x − np.max(x)) / np.sum(..., axis=1, keepdims=True).
# idea: np.max without an axis is the max of the whole batch; any shift leaves one row's softmax
#   unchanged, so this is exact while all rows sit near each other, and 0/0 for a row far below the max.
# differs: the original works on (batch, n, 1) arrays and its Jacobian transposes all three axes (it has a
#   TODO saying so); here rows are the last axis and the Jacobian is the per-row diag(s) − s sᵀ its comments
#   describe. The CE gradient is (softmax − onehot)/N on the same softmax.

import numpy as np


def softmax(z):
    exp = np.exp(z - np.max(z))
    exp_sum = np.sum(exp, axis=-1, keepdims=True)
    return exp / exp_sum


def softmax_jacobian(z):
    activations = softmax(z)[..., :, None]
    outer_product = -(activations @ np.swapaxes(activations, -1, -2))
    diagonal = np.arange(activations.shape[-2])
    outer_product[..., diagonal, diagonal] = (activations * (1 - activations))[..., 0]
    return outer_product


def cross_entropy_grad(logits, labels):
    onehot = np.eye(logits.shape[1])[labels]
    return (softmax(logits) - onehot) / logits.shape[0]
