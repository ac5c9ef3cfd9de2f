# external: per-sample partial derivatives of the squared error, accumulated and divided by y.size.
# source: Victor Zhou, "Machine Learning for Beginners: An Introduction to Neural Networks"
#   (victorzhou.com/blog/intro-to-neural-networks/): mse_loss = ((y_true − y_pred) ** 2).mean(),
#   d_L_d_ypred = −2 * (y_true − y_pred), deriv_sigmoid(x) = σ(x)(1 − σ(x)) from the pre-activation,
#   and the chain d_L_d_ypred * d_ypred_d_h * d_h_d_w per weight, sample by sample.
# idea: the post trains one sample at a time with 2 hidden neurons and 1 output; the gradient of its
#   own mse_loss (a mean over every element) is the per-sample chain divided by the element count.
# differs: the neurons are written as matrix rows so any H and K work, and the per-sample gradients are
#   summed and divided by y.size instead of being applied one by one.

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def deriv_sigmoid(x):
    fx = sigmoid(x)
    return fx * (1 - fx)


def forward(X, params):
    sum_h = X @ params["W1"].T + params["b1"]
    h = sigmoid(sum_h)
    sum_o = h @ params["W2"].T + params["b2"]
    return sigmoid(sum_o), {"X": X, "params": params}


def backward(y, cache):
    X, p = cache["X"], cache["params"]
    grads = {name: np.zeros_like(value, dtype=float) for name, value in p.items()}
    for x, y_true in zip(X, y):
        sum_h = p["W1"] @ x + p["b1"]
        h = sigmoid(sum_h)
        sum_o = p["W2"] @ h + p["b2"]
        y_pred = sigmoid(sum_o)
        d_L_d_ypred = -2 * (y_true - y_pred)
        d_L_d_sum_o = d_L_d_ypred * deriv_sigmoid(sum_o)
        grads["W2"] += np.outer(d_L_d_sum_o, h)
        grads["b2"] += d_L_d_sum_o
        d_L_d_sum_h = (p["W2"].T @ d_L_d_sum_o) * deriv_sigmoid(sum_h)
        grads["W1"] += np.outer(d_L_d_sum_h, x)
        grads["b1"] += d_L_d_sum_h
    return {name: grad / y.size for name, grad in grads.items()}
