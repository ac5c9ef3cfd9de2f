# external: nnfs's step function and its Activation_ReLU and Activation_Sigmoid classes.
# source: Kinsley & Kukieła, "Neural Networks from Scratch in Python": the step function of chapter 4
#   (output = 1 if x > 0 else 0, for one number), Activation_ReLU (forward np.maximum(0, inputs);
#   backward dinputs = dvalues.copy(); dinputs[self.inputs <= 0] = 0) and Activation_Sigmoid (forward
#   1 / (1 + np.exp(-inputs)); backward dinputs = dvalues * (1 - self.output) * self.output).
# idea: the derivative is the backward pass of the layer with an upstream gradient of ones.
# differs: the step of one number is vectorised with np.vectorize; each *_grad runs the class's
#   forward, then its backward with dvalues = np.ones_like(z).
# expect: step, relu, relu_grad right (0 at the kink, as torch); sigmoid and sigmoid_grad wrong: e^(−z)
#   overflows for z ≤ −710, which the docstring forbids (it is checked under errstate(over="raise")).

import numpy as np


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Sigmoid:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


def _step_of_one(x):
    output = 1 if x > 0 else 0
    return output


step = np.vectorize(_step_of_one, otypes=[float])


def _derivative(activation, z):
    activation.forward(z)
    activation.backward(np.ones_like(z))
    return activation.dinputs


def relu(z):
    activation = Activation_ReLU()
    activation.forward(z)
    return activation.output


def relu_grad(z):
    return _derivative(Activation_ReLU(), z)


def sigmoid(z):
    activation = Activation_Sigmoid()
    activation.forward(z)
    return activation.output


def sigmoid_grad(z):
    return _derivative(Activation_Sigmoid(), z)
