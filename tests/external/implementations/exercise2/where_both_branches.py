# external: a sigmoid that picks between its two stable forms with np.where.
# source: a course assignment's sigmoid (next to an l2_loss; found by code search in several students'
#   copies): np.where(a > 0, 1 / (1 + np.exp(−a)), np.exp(a) / (np.exp(a) + np.exp(0))).
# idea: each branch is stable on its own side, but np.where evaluates both branches on every entry, so
#   exp overflows for large |a| even though that branch's result is discarded.
# differs: nothing.

import numpy as np


def sigmoid(z):
    return np.where(z > 0, 1 / (1 + np.exp(-z)), np.exp(z) / (np.exp(z) + np.exp(0)))
