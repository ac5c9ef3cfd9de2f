# external: a scalar, branch-per-sign sigmoid vectorised with np.frompyfunc.
# source: jotterbach/dstk DSTK/utils/function_helpers.py, _sigmoid and sigmoid = np.frompyfunc(_sigmoid, 1, 1).
# idea: for x ≥ 0, 1 / (1 + exp(−x)); else exp(x) / (1 + exp(x)): stable, but np.frompyfunc returns an
#   array of dtype object (Python floats), not a float array.
# differs: nothing.

import numpy as np


def _sigmoid(x):
    if x >= 0:
        z = np.exp(-x)
        return 1 / (1 + z)
    z = np.exp(x)
    return z / (1 + z)


sigmoid = np.frompyfunc(_sigmoid, 1, 1)
