# catalog: correct
# why: every function computes in float32.

import numpy as np


def step(z):
    return (np.asarray(z, dtype=np.float32) > 0).astype(np.float32)


def step_grad(z):
    return np.zeros(np.shape(z), dtype=np.float32)


def sigmoid(z):
    z = np.asarray(z, dtype=np.float32)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(np.float32)


def sigmoid_grad(z):
    s = sigmoid(z)
    return s * (np.float32(1) - s)


def tanh(z):
    return np.tanh(np.asarray(z, dtype=np.float32))


def tanh_grad(z):
    t = tanh(z)
    return np.float32(1) - t * t


def relu(z):
    return np.maximum(np.asarray(z, dtype=np.float32), np.float32(0))


def relu_grad(z):
    return (np.asarray(z, dtype=np.float32) > 0).astype(np.float32)


def leaky_relu(z, negative_slope=0.01):
    z = np.asarray(z, dtype=np.float32)
    return np.where(z > 0, z, np.float32(negative_slope) * z)


def leaky_relu_grad(z, negative_slope=0.01):
    z = np.asarray(z, dtype=np.float32)
    return np.where(z > 0, np.float32(1), np.float32(negative_slope))
