# external: nnfs's Layer_Dense, activation classes and Loss_MeanSquaredError, chained backwards.
# source: Kinsley & Kukieła, "Neural Networks from Scratch in Python": Layer_Dense (weights of shape
#   (n_inputs, n_neurons); forward inputs @ weights + biases; backward dweights = inputs.T @ dvalues,
#   dbiases = sum over samples, dinputs = dvalues @ weights.T), Activation_ReLU (backward zeroes
#   dvalues where inputs <= 0), Activation_Sigmoid (backward dvalues * (1 - output) * output),
#   Loss_MeanSquaredError (backward dinputs = -2 * (y_true - dvalues) / outputs / samples).
# idea: every layer keeps what its backward needs; the loss gradient is averaged over outputs and samples.
# differs: the layers take torch's (out, in) weights transposed; a tanh class in the same pattern
#   (nnfs has none); the residual sum h + f(z) passes its gradient to both branches.
# expect: layer_gradient_norms right.

import numpy as np


class Layer_Dense:
    def __init__(self, weights, biases):
        self.weights, self.biases = weights, biases

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs @ self.weights + self.biases

    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = dvalues @ self.weights.T


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Sigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


class Activation_Tanh:
    def forward(self, inputs):
        self.output = np.tanh(inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output ** 2)


class Loss_MeanSquaredError:
    def forward(self, y_pred, y_true):
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, dvalues, y_true):
        samples, outputs = len(dvalues), len(dvalues[0])
        self.dinputs = -2 * (y_true - dvalues) / outputs
        self.dinputs = self.dinputs / samples


ACTIVATIONS = {"relu": Activation_ReLU, "sigmoid": Activation_Sigmoid, "tanh": Activation_Tanh}


def layer_gradient_norms(params, X, y, activation, residual=False):
    L = sum(1 for key in params if key.startswith("W"))
    dense = [Layer_Dense(params[f"W{l}"].T, params[f"b{l}"]) for l in range(1, L + 1)]
    activations = [ACTIVATIONS[activation]() for _ in range(L - 1)]
    skips = [residual and 2 <= l <= L - 1 for l in range(1, L + 1)]
    h = X
    for l in range(L):
        dense[l].forward(h)
        if l == L - 1:
            h = dense[l].output
        else:
            activations[l].forward(dense[l].output)
            h = h + activations[l].output if skips[l] else activations[l].output
    loss = Loss_MeanSquaredError()
    loss.backward(h, y)
    dvalues = loss.dinputs
    for l in range(L - 1, -1, -1):
        if l < L - 1:
            activations[l].backward(dvalues)
            dense[l].backward(activations[l].dinputs)
            dvalues = dense[l].dinputs + dvalues if skips[l] else dense[l].dinputs
        else:
            dense[l].backward(dvalues)
            dvalues = dense[l].dinputs
    return np.array([np.linalg.norm(layer.dweights) for layer in dense])
