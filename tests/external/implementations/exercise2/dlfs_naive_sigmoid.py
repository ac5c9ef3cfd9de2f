# external: the sigmoid of "Deep Learning from Scratch", 1 / (1 + exp(−x)).
# source: oreilly-japan/deep-learning-from-scratch common/functions.py, sigmoid.
# idea: the definition as written; exp(−x) overflows (to inf, with a warning) for x < −709.
# differs: nothing; the other functions of the exercise are not in that file.

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))
