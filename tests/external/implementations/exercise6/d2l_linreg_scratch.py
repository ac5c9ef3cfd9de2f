# external: linear regression from scratch as d2l teaches it (halved squared loss, sgd divides by batch_size).
# source: d2l.ai, "Linear Regression Implementation from Scratch": squared_loss(y_hat, y) = (y_hat - y)**2 / 2;
#   sgd(params, lr, batch_size): param -= lr * param.grad / batch_size; data_iter shuffles a list of indices
#   with Python's random.shuffle and yields consecutive slices; the loop does l.sum().backward(), then sgd.
# idea: the ½ makes the derivative of one example (ŷ − y)·x; the step averages over the batch.
# differs: numpy gradients written out instead of autograd; sgd gets the batch's summed gradient as
#   param.grad, and is called by sgd_step with batch_size=1 (the API's gradient is already the batch's);
#   random.seed(seed) once per call of minibatch_indices; for reduction "sum" train does not divide.
# expect: linear_mse_grads wrong (the ½: loss and gradients are half of MSELoss's); sgd_step right
#   (in place); minibatch_indices wrong (Python's generator, not np.random.default_rng); train wrong
#   (half-size steps and halved losses).

import random

import numpy as np


def squared_loss(y_hat, y):
    return (y_hat - y) ** 2 / 2


def sgd(params, grads, lr, batch_size):
    for param, grad in zip(params, grads):
        param -= lr * grad / batch_size


def data_iter(batch_size, num_examples):
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        yield np.array(indices[i: min(i + batch_size, num_examples)])


def linear_mse_grads(w, b, x, y, reduction="mean"):
    y_hat = w * x + b
    l = squared_loss(y_hat, y)
    scale = 1.0 / len(x) if reduction == "mean" else 1.0
    return float(l.sum() * scale), float(((y_hat - y) * x).sum() * scale), float((y_hat - y).sum() * scale)


def sgd_step(params, grads, lr):
    sgd(params, grads, lr, batch_size=1)


def minibatch_indices(n, batch_size, seed, epochs):
    random.seed(seed)
    return [batch for _ in range(epochs) for batch in data_iter(batch_size, n)]


def train(x, y, w, b, lr, batches, reduction="mean"):
    w, b = np.array(float(w)), np.array(float(b))
    losses = []
    for idx in batches:
        X, Y = x[idx], y[idx]
        l = squared_loss(w * X + b, Y)
        losses.append(l.mean() if reduction == "mean" else l.sum())
        residual = w * X + b - Y
        sgd([w, b], [(residual * X).sum(), residual.sum()], lr, len(idx) if reduction == "mean" else 1)
    return {"w": float(w), "b": float(b), "losses": np.array(losses, dtype=float)}
