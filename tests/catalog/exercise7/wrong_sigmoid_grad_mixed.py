# catalog: wrong
# expect-fail: sigmoid_grad
# expect-mistake: sigmoid_grad.mixed
# why: one factor from the activation, one from the pre-activation: σ(z)(1 − z).

import numpy as np


def step(z):
    return np.where(z > 0, 1.0, 0.0)


def step_grad(z):
    return np.zeros(np.shape(z))


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z):
    a = sigmoid(z)
    return a * (1 - z)


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
    return np.where(z > 0, 1.0, negative_slope)
