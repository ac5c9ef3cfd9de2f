# external: a sigmoid that clips its input to [−500, 500] before exponentiating.
# source: jpeaceau/GeoXGB src/geoxgb/_utils.py, _sigmoid ("numerically stable sigmoid").
# idea: 1 / (1 + exp(−clip(x, −500, 500))): exp never sees more than 500, so it cannot overflow; the
#   answer at |x| > 500 is off by at most σ(−500) ≈ 7e-218.
# differs: nothing in the sigmoid; logistic_regression_grad is the usual X.T(σ(Xw) − y)/N built on it.

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))


def logistic_regression_grad(X, w, y):
    return np.dot(X.T, sigmoid(np.dot(X, w)) - y) / len(X)
