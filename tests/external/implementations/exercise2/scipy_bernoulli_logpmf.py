# external: the Bernoulli log-pmf as scipy.stats writes it, and the likelihood as exp of its sum.
# source: scipy/stats/_discrete_distns.py, bernoulli_gen._logpmf = binom._logpmf(x, 1, p), which is
#   xlogy(x, p) + xlog1py(1 − x, −p) (0·log 0 counted as 0, no clamp).
# idea: log-likelihood Σ_i [y_i log p_i + (1 − y_i) log(1 − p_i)] with 0·log 0 = 0; likelihood exp(Σ).
# differs: xlogy/xlog1py are written with np.where in numpy (scipy is not used).

import numpy as np


def _logpmf(p, y):
    with np.errstate(divide="ignore", invalid="ignore"):
        xlogy = np.where(y == 0, 0.0, y * np.log(p))
        xlog1py = np.where(1 - y == 0, 0.0, (1 - y) * np.log1p(-p))
    return xlogy + xlog1py


def bernoulli_log_likelihood(p, y):
    return np.sum(_logpmf(p, y))


def bernoulli_likelihood(p, y):
    return np.exp(np.sum(_logpmf(p, y)))
