# external: a sigmoid that exponentiates only −|x| by splitting the entries with boolean masks.
# source: akashanand617/ML_from_Scratch core/activations.py, sigmoid.
# idea: res = np.empty_like(x); res[x ≥ 0] = 1 / (1 + exp(−x)); res[x < 0] = exp(x) / (1 + exp(x)),
#   each branch evaluated on its own entries only, so nothing overflows.
# differs: nothing in the sigmoid; logistic_regression_grad is the usual X.T(σ(Xw) − y)/N built on it.

import numpy as np


def sigmoid(z):
    positive = z >= 0
    negative = ~positive
    res = np.empty_like(z)
    n_exp = np.exp(z[negative])
    res[positive] = 1 / (1 + np.exp(-z[positive]))
    res[negative] = n_exp / (1 + n_exp)
    return res


def logistic_regression_grad(X, w, y):
    return X.T @ (sigmoid(X @ w) - y) / X.shape[0]
