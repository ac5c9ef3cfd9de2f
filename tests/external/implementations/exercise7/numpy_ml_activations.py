# external: numpy-ml's activation classes (neural_nets/activations/activations.py).
# source: ddbourgin/numpy-ml: Sigmoid.fn = 1 / (1 + np.exp(-z)), grad = fn(x) * (1 - fn(x));
#   Tanh.fn = np.tanh(z), grad = 1 - np.tanh(x) ** 2; ReLU.fn = np.clip(z, 0, np.inf),
#   grad = (x > 0).astype(int); LeakyReLU(alpha=0.3).fn: _z = z.copy(); _z[z < 0] = _z[z < 0] * alpha;
#   grad: out = np.ones_like(x); out[x < 0] *= alpha.
# idea: each activation is a class with fn and grad.
# differs: module-level functions call the classes; negative_slope is numpy-ml's alpha (whose own
#   default is 0.3).
# expect: tanh, tanh_grad, relu, relu_grad, leaky_relu right; sigmoid and sigmoid_grad wrong (overflow
#   for z ≤ −710); leaky_relu_grad wrong (1 at z = 0, torch's is negative_slope).

import numpy as np


class Sigmoid:
    def fn(self, z):
        return 1 / (1 + np.exp(-z))

    def grad(self, x):
        fn_x = self.fn(x)
        return fn_x * (1 - fn_x)


class Tanh:
    def fn(self, z):
        return np.tanh(z)

    def grad(self, x):
        return 1 - np.tanh(x) ** 2


class ReLU:
    def fn(self, z):
        return np.clip(z, 0, np.inf)

    def grad(self, x):
        return (x > 0).astype(int)


class LeakyReLU:
    def __init__(self, alpha=0.3):
        self.alpha = alpha

    def fn(self, z):
        _z = z.copy()
        _z[z < 0] = _z[z < 0] * self.alpha
        return _z

    def grad(self, x):
        out = np.ones_like(x)
        out[x < 0] *= self.alpha
        return out


def sigmoid(z):
    return Sigmoid().fn(z)


def sigmoid_grad(z):
    return Sigmoid().grad(z)


def tanh(z):
    return Tanh().fn(z)


def tanh_grad(z):
    return Tanh().grad(z)


def relu(z):
    return ReLU().fn(z)


def relu_grad(z):
    return ReLU().grad(z)


def leaky_relu(z, negative_slope=0.01):
    return LeakyReLU(alpha=negative_slope).fn(z)


def leaky_relu_grad(z, negative_slope=0.01):
    return LeakyReLU(alpha=negative_slope).grad(z)
