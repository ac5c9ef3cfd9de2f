# catalog: wrong
# expect-fail: sigmoid_values, sigmoid_grad
# expect-mistake: overflow
# why: 1 / (1 + exp(−z)) overflows in exp for z ≪ 0; sigmoid_grad reuses it.

import numpy as np


def step(z):
    return np.where(z > 0, 1.0, 0.0)


def step_grad(z):
    return np.zeros(np.shape(z))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


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
    return np.where(z > 0, 1.0, negative_slope)
