# external: the activations of "Deep Learning from Scratch" (common/functions.py and chapter 3).
# source: Koki Saito, "Deep Learning from Scratch" (oreilly-japan/deep-learning-from-scratch):
#   step_function(x) = np.array(x > 0, dtype=np.int); sigmoid(x) = 1 / (1 + np.exp(-x));
#   sigmoid_grad(x) = (1.0 - sigmoid(x)) * sigmoid(x); relu(x) = np.maximum(0, x);
#   relu_grad(x): grad = np.zeros(x); grad[x >= 0] = 1.
# idea: the derivative of ReLU is 1 on the closed half-line x ≥ 0.
# differs: dtype=int instead of the removed np.int; np.zeros_like(x) instead of np.zeros(x), which
#   raises for an array argument.
# expect: step right (integers 0/1 are numbers); relu right; relu_grad wrong (1 at z = 0, torch's is 0);
#   sigmoid and sigmoid_grad wrong (overflow for z ≤ −710).

import numpy as np


def step(z):
    return np.array(z > 0, dtype=int)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_grad(z):
    return (1.0 - sigmoid(z)) * sigmoid(z)


def relu(z):
    return np.maximum(0, z)


def relu_grad(z):
    grad = np.zeros_like(z)
    grad[z >= 0] = 1
    return grad
