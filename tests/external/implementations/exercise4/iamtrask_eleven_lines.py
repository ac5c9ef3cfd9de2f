# external: the deltas of "A Neural Network in 11 lines of Python", turned into gradients.
# source: iamtrask.github.io/2015/07/12/basic-python-network/ (two-layer version): l2_error = y − l2,
#   l2_delta = l2_error * nonlin(l2, deriv=True), l1_delta = l2_delta.dot(syn1.T) * nonlin(l1, deriv=True),
#   syn1 += l1.T.dot(l2_delta), syn0 += l0.T.dot(l1_delta); nonlin's derivative is x·(1 − x) of the output.
# idea: the updates are minus the gradient of ½·Σ(ŷ − y)², with no averaging.
# differs: the post has no biases and (in, out) weights; here the gradient returned is minus the update,
#   biases get the column sums of the deltas, and weights are transposed to the (out, in) layout.

import numpy as np


def nonlin(x, deriv=False):
    if deriv:
        return x * (1 - x)
    return 1 / (1 + np.exp(-x))


def forward(X, params):
    l0 = X
    l1 = nonlin(l0 @ params["W1"].T + params["b1"])
    l2 = nonlin(l1 @ params["W2"].T + params["b2"])
    return l2, {"l0": l0, "l1": l1, "l2": l2, "syn1": params["W2"].T}


def backward(y, cache):
    l0, l1, l2, syn1 = cache["l0"], cache["l1"], cache["l2"], cache["syn1"]
    l2_error = y - l2
    l2_delta = l2_error * nonlin(l2, deriv=True)
    l1_error = l2_delta.dot(syn1.T)
    l1_delta = l1_error * nonlin(l1, deriv=True)
    return {"W2": -l1.T.dot(l2_delta).T, "b2": -l2_delta.sum(axis=0),
            "W1": -l0.T.dot(l1_delta).T, "b1": -l1_delta.sum(axis=0)}
