# catalog: correct
# why: everything from e^(−|z|): sech² = 4e/(1 + e)² is closer to the truth than torch at |z| = 40; np.heaviside; max(z, a·z).

import numpy as np


def step(z):
    return np.heaviside(z, 0.0)


def step_grad(z):
    return 0.0 * np.abs(z)


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z):
    # e^(-z) / (1 + e^(-z))^2 is even in z, so use e = e^(-|z|) <= 1
    e = np.exp(-np.abs(z))
    return e / (1.0 + e) ** 2


def tanh(z):
    e = np.exp(-2.0 * np.abs(z))
    return np.sign(z) * (1.0 - e) / (1.0 + e)


def tanh_grad(z):
    # sech^2 z = 4 / (e^z + e^-z)^2 = 4e / (1 + e)^2 with e = e^(-2|z|)
    e = np.exp(-2.0 * np.abs(z))
    return 4.0 * e / (1.0 + e) ** 2


def relu(z):
    return z * (z > 0)


def relu_grad(z):
    return np.where(z > 0, 1.0, 0.0)


def leaky_relu(z, negative_slope=0.01):
    return np.maximum(z, negative_slope * z)


def leaky_relu_grad(z, negative_slope=0.01):
    return np.where(z > 0, 1.0, negative_slope)
