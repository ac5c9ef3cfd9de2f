# catalog: wrong
# expect-fail: leaky_relu_grad
# expect-mistake: leaky_grad.one_at_zero
# why: leaky_relu_grad with z >= 0: 1 at the kink where torch uses negative_slope.

import numpy as np


def step(z):
    return np.where(z > 0, 1.0, 0.0)


def step_grad(z):
    return np.zeros(np.shape(z))


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    return np.tanh(z)


def tanh_grad(z):
    t = tanh(z)
    return 1.0 - t * t


def relu(z):
    return np.maximum(z, 0.0)


def relu_grad(z):
    return np.where(z > 0, 1.0, 0.0)


def leaky_relu(z, negative_slope=0.01):
    return np.where(z > 0, z, negative_slope * z)


def leaky_relu_grad(z, negative_slope=0.01):
    return np.where(z >= 0, 1.0, negative_slope)
