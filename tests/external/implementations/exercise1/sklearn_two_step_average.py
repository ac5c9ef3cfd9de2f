# external: MSE averaged per output column first, then over the columns ("uniform_average").
# source: scikit-learn sklearn/metrics/_regression.py, mean_squared_error (multioutput="uniform_average").
# idea: np.average((y_true − y_pred)², axis=0) gives one error per output; their plain average is the score.
# differs: sklearn has no gradient and no reductions; the gradient here is the derivative of the same
#   two-step average (each entry counts 1/N within its column and 1/K among columns), "sum" and "none"
#   follow torch, unknown reductions raise ValueError, and inputs of any rank are accepted.

import numpy as np


def mse_loss(y_pred, y_true, reduction="mean"):
    errors = (y_true - y_pred) ** 2
    if reduction == "none":
        return errors
    if reduction == "sum":
        return np.sum(errors)
    if reduction == "mean":
        per_output = np.average(errors, axis=0)
        return np.average(per_output)
    raise ValueError("reduction must be one of 'mean', 'sum', 'none'")


def mse_grad(y_pred, y_true, reduction="mean"):
    residual = y_pred - y_true
    if reduction == "sum":
        return 2.0 * residual
    rows = residual.shape[0]
    columns = residual.size // rows
    return 2.0 * residual / rows / columns
