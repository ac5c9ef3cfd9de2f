# external: the squared-error loss of numpy-ml, ½‖ŷ − y‖², with its gradient ŷ − y.
# source: ddbourgin/numpy-ml numpy_ml/neural_nets/losses/losses.py, class SquaredError.
# idea: loss = 0.5 * np.linalg.norm(y_pred − y) ** 2 (summed over everything); grad = (y_pred − y) times the
#   output activation's derivative (the identity here).
# differs: numpy-ml has one reduction; here "sum" is its loss as is, "mean" divides it and its gradient by
#   the number of elements, "none" is ½(ŷ − y)² elementwise. The ½ convention is kept, as published.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    if reduction == "none":
        return 0.5 * (y_pred - y_true) ** 2
    loss = 0.5 * np.linalg.norm(y_pred - y_true) ** 2
    if reduction == "sum":
        return loss
    if reduction == "mean":
        return loss / y_pred.size
    raise ValueError(reduction)


def mse_grad(y_pred, y_true, reduction="mean"):
    grad = y_pred - y_true
    if reduction == "mean":
        return grad / y_pred.size
    return grad
