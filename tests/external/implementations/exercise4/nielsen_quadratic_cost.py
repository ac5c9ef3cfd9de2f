# external: Nielsen's per-example backprop with the quadratic cost, averaged over the mini-batch.
# source: mnielsen/neural-networks-and-deep-learning src/network.py: backprop(x, y) with
#   cost_derivative = output_activations − y (the cost ½‖a − y‖²), delta = cost_derivative * σ'(z),
#   nabla_w = delta · a_prevᵀ; update_mini_batch sums the nablas and scales by eta / len(mini_batch).
# idea: gradient of (1/N) Σ_x ½‖a(x) − y(x)‖², one example at a time.
# differs: the nablas summed over the batch and divided by N are returned (the step's direction without
#   eta); vectors are 1-D instead of Nielsen's (n, 1) columns.

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def forward(X, params):
    weights = [params["W1"], params["W2"]]
    biases = [params["b1"], params["b2"]]
    outputs = []
    for x in X:
        a = x
        for b, w in zip(biases, weights):
            a = sigmoid(np.dot(w, a) + b)
        outputs.append(a)
    return np.array(outputs), {"X": X, "weights": weights, "biases": biases}


def _backprop(x, y, weights, biases):
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    activation = x
    activations = [x]
    zs = []
    for b, w in zip(biases, weights):
        z = np.dot(w, activation) + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta
    nabla_w[-1] = np.outer(delta, activations[-2])
    for layer in range(2, len(weights) + 1):
        delta = np.dot(weights[-layer + 1].T, delta) * sigmoid_prime(zs[-layer])
        nabla_b[-layer] = delta
        nabla_w[-layer] = np.outer(delta, activations[-layer - 1])
    return nabla_b, nabla_w


def backward(y, cache):
    X, weights, biases = cache["X"], cache["weights"], cache["biases"]
    nabla_b = [np.zeros(b.shape) for b in biases]
    nabla_w = [np.zeros(w.shape) for w in weights]
    for x, target in zip(X, y):
        delta_nabla_b, delta_nabla_w = _backprop(x, target, weights, biases)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    n = len(X)
    return {"W1": nabla_w[0] / n, "b1": nabla_b[0] / n, "W2": nabla_w[1] / n, "b2": nabla_b[1] / n}
