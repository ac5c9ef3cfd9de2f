# external: the numpy warm-up network of "Learning PyTorch with Examples", with a sigmoid hidden layer.
# source: KrikunovEV/study ML/Backprop.py, a copy of the numpy warm-up of the PyTorch tutorial
#   "Learning PyTorch with Examples" with ReLU replaced by a sigmoid: h = σ(x·w1), y_pred = h·w2,
#   loss = Σ(y_pred − y)², grad_y_pred = 2(y_pred − y), grad_w1 = xᵀ(grad_h · h(1 − h)).
# idea: no biases, a linear output and a summed loss.
# differs: the API's (out, in) weights are transposed in and out; the biases, which that network does
#   not have, are ignored in forward and get zero gradients.

import numpy as np


def forward(X, params):
    w1, w2 = params["W1"].T, params["W2"].T
    h = 1 / (1 + np.exp(-X.dot(w1)))
    y_pred = h.dot(w2)
    return y_pred, (X, h, y_pred, w2, params["b1"].shape, params["b2"].shape)


def backward(y, cache):
    x, h, y_pred, w2, b1_shape, b2_shape = cache
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h.T.dot(grad_y_pred)
    grad_h = grad_y_pred.dot(w2.T)
    grad_w1 = x.T.dot(grad_h * h * (1 - h))
    return {"W1": grad_w1.T, "b1": np.zeros(b1_shape), "W2": grad_w2.T, "b2": np.zeros(b2_shape)}
