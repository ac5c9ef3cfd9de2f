# catalog: correct
# why: works in place on a copy (never on z itself); sigmoid via logaddexp; tanh as 2σ(2z) − 1.

import numpy as np


def step(z):
    return np.where(z > 0, 1.0, 0.0)


def step_grad(z):
    return np.zeros(np.shape(z))


def sigmoid(z):
    # σ(z) = exp(-log(1 + e^(-z))), and logaddexp(0, -z) never overflows
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    return 2.0 * sigmoid(2.0 * z) - 1.0


def tanh_grad(z):
    t = tanh(z)
    return 1.0 - t * t


def relu(z):
    out = np.array(z, dtype=float)
    out[out < 0] = 0.0
    return out


def relu_grad(z):
    out = np.array(z, dtype=float)
    positive = out > 0
    out[positive] = 1.0
    out[~positive] = 0.0
    return out


def leaky_relu(z, negative_slope=0.01):
    out = np.copy(z)
    out[out < 0] *= negative_slope
    return out


def leaky_relu_grad(z, negative_slope=0.01):
    out = np.ones(np.shape(z))
    out[np.asarray(z) <= 0] = negative_slope
    return out
