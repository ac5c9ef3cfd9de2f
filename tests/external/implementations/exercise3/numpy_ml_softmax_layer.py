# external: numpy-ml's Softmax layer (forward and per-example Jacobian) and CrossEntropy.grad.
# source: ddbourgin/numpy-ml numpy_ml/neural_nets/layers/layers.py (Softmax._fwd, Softmax._bwd) and
#   numpy_ml/neural_nets/losses/losses.py (CrossEntropy.grad).
# idea: _fwd subtracts the max along the axis; _bwd builds np.diagflat(y) − y @ y.T per example;
#   CrossEntropy.grad returns y_pred − y, with the division by n left commented out ("[optional]").
# differs: the Jacobians are returned instead of being multiplied by dL/dy; CrossEntropy.grad receives
#   the softmax of the logits and a one-hot of the labels.

import numpy as np


def softmax(z):
    e_X = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e_X / e_X.sum(axis=-1, keepdims=True)


def softmax_jacobian(z):
    jacobians = []
    for xi in np.atleast_2d(z):
        yi = softmax(xi.reshape(1, -1)).reshape(-1, 1)
        jacobians.append(np.diagflat(yi) - yi @ yi.T)
    jacobians = np.array(jacobians)
    return jacobians[0] if z.ndim == 1 else jacobians


def cross_entropy_grad(logits, labels):
    y_pred = softmax(logits)
    y = np.eye(logits.shape[1])[labels]
    grad = y_pred - y
    return grad
