# catalog: correct
# why: Python loops over np.ndindex with the math module, one entry at a time (0-d included).

import math

import numpy as np


def step(z):
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        out[index] = 1.0 if z[index] > 0 else 0.0
    return out


def step_grad(z):
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        out[index] = 0.0
    return out


def sigmoid(z):
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        x = float(z[index])
        if x >= 0:
            out[index] = 1.0 / (1.0 + math.exp(-x))
        else:
            out[index] = math.exp(x) / (1.0 + math.exp(x))
    return out


def sigmoid_grad(z):
    s = sigmoid(z)
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        out[index] = s[index] * (1.0 - s[index])
    return out


def tanh(z):
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        out[index] = math.tanh(float(z[index]))
    return out


def tanh_grad(z):
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        out[index] = 1.0 - math.tanh(float(z[index])) ** 2
    return out


def relu(z):
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        out[index] = max(float(z[index]), 0.0)
    return out


def relu_grad(z):
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        out[index] = 1.0 if z[index] > 0 else 0.0
    return out


def leaky_relu(z, negative_slope=0.01):
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        x = float(z[index])
        out[index] = x if x > 0 else negative_slope * x
    return out


def leaky_relu_grad(z, negative_slope=0.01):
    out = np.empty(np.shape(z))
    for index in np.ndindex(out.shape):
        out[index] = 1.0 if z[index] > 0 else negative_slope
    return out
