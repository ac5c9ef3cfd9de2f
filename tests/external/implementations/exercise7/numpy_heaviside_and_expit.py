# external: numpy's heaviside with its documented half-maximum convention, and scipy's expit algorithm.
# source: numpy.heaviside(x1, x2) docs (x2 is the value at x1 == 0; "0.5 is often used", its example is
#   np.heaviside([-1.5, 0, 2.0], 0.5)); scipy.special.expit's C kernel (scipy/special/_logit.h:
#   for x < 0, exp(x) / (1 + exp(x)), else 1 / (1 + exp(-x)), so exp never sees a large positive number);
#   the derivatives as the textbook identities σ' = σ(1 − σ), tanh' = 1 − tanh².
# idea: the step is H(z) with H(0) = ½, halfway up the jump; the sigmoid picks its stable branch per entry.
# differs: expit's branches are applied with boolean masks (no scipy here); the rest is numpy.
# expect: step wrong (0.5 at z = 0; the docstring and torch.heaviside(z, 0) want 0); every other
#   function right.

import numpy as np


def step(z):
    return np.heaviside(z, 0.5)


def step_grad(z):
    return np.zeros_like(z, dtype=float)


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    negative = z < 0
    e = np.exp(z[negative])
    out[negative] = e / (1 + e)
    out[~negative] = 1 / (1 + np.exp(-z[~negative]))
    return out


def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    return np.tanh(z)


def tanh_grad(z):
    return 1 - np.tanh(z) ** 2


def relu(z):
    return np.maximum(z, 0.0)


def relu_grad(z):
    return np.heaviside(z, 0.0)


def leaky_relu(z, negative_slope=0.01):
    return np.where(z > 0, z, negative_slope * z)


def leaky_relu_grad(z, negative_slope=0.01):
    return np.where(z > 0, 1.0, negative_slope)
