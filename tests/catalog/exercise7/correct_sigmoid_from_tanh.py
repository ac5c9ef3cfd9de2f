# catalog: correct
# why: σ(z) = (1 + tanh(z/2))/2 and σ'(z) = sech²(z/2)/4, both stable through np.tanh; heaviside for the masks.

import numpy as np


def step(z):
    return np.where(z > 0, 1.0, 0.0)


def step_grad(z):
    return np.zeros(np.shape(z))


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def sigmoid_grad(z):
    t = np.tanh(0.5 * z)
    return 0.25 * (1.0 - t * t)


def tanh(z):
    return np.tanh(z)


def tanh_grad(z):
    t = tanh(z)
    return 1.0 - t * t


def relu(z):
    return np.maximum(z, 0.0)


def relu_grad(z):
    return np.heaviside(z, 0.0)


def leaky_relu(z, negative_slope=0.01):
    return np.where(z > 0, z, negative_slope * z)


def leaky_relu_grad(z, negative_slope=0.01):
    positive = np.heaviside(z, 0.0)
    return positive + negative_slope * (1.0 - positive)
