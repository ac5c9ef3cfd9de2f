# external: nnfs's Layer_Dense, Activation_Sigmoid and Loss_MeanSquaredError chained backwards.
# source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła): Layer_Dense.backward
#   (dweights = inputs.T @ dvalues, dbiases = np.sum(dvalues, axis=0, keepdims=True)),
#   Activation_Sigmoid.backward (dvalues * (1 − output) * output), Loss_MeanSquaredError.backward
#   (−2(y − ŷ) / outputs / samples).
# idea: each layer keeps its inputs and passes dinputs back; biases are (1, n_neurons) row vectors.
# differs: the book's weights are (in, out): they are transposed in and the weight gradients transposed
#   out. The bias gradients keep the book's (1, n) shape.

import numpy as np


class Layer_Dense:
    def __init__(self, weights, biases):
        self.weights = weights
        self.biases = biases

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_Sigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


def forward(X, params):
    layers = [Layer_Dense(params["W1"].T, params["b1"]), Activation_Sigmoid(),
              Layer_Dense(params["W2"].T, params["b2"]), Activation_Sigmoid()]
    output = X
    for layer in layers:
        layer.forward(output)
        output = layer.output
    return output, layers


def backward(y, cache):
    dense1, activation1, dense2, activation2 = cache
    samples, outputs = activation2.output.shape
    dinputs = -2 * (y - activation2.output) / outputs / samples
    activation2.backward(dinputs)
    dense2.backward(activation2.dinputs)
    activation1.backward(dense2.dinputs)
    dense1.backward(activation1.dinputs)
    return {"W1": dense1.dweights.T, "b1": dense1.dbiases, "W2": dense2.dweights.T, "b2": dense2.dbiases}
