# catalog: correct
# why: plain Python loops and floats everywhere, no vectorisation; train keeps w and b as floats.

import math

import numpy as np


def linear_mse_grads(w, b, x, y, reduction="mean"):
    loss = grad_w = grad_b = 0.0
    for xi, yi in zip(x.tolist(), y.tolist()):
        error = w * xi + b - yi
        loss += error * error
        grad_w += 2 * error * xi
        grad_b += 2 * error
    if reduction == "mean":
        n = len(x)
        loss, grad_w, grad_b = loss / n, grad_w / n, grad_b / n
    return loss, grad_w, grad_b


def sgd_step(params, grads, lr):
    for param, grad in zip(params, grads):
        flat_param, flat_grad = param.reshape(-1), grad.reshape(-1)
        for i in range(flat_param.size):
            flat_param[i] = flat_param[i] - lr * flat_grad[i]


def minibatch_indices(n, batch_size, seed, epochs):
    rng = np.random.default_rng(seed)
    result = []
    for epoch in range(epochs):
        order = rng.permutation(n)
        batch = []
        for index in order:
            batch.append(index)
            if len(batch) == batch_size:
                result.append(np.array(batch))
                batch = []
        if batch:
            result.append(np.array(batch))
    return result


def train(x, y, w, b, lr, batches, reduction="mean"):
    losses = []
    for idx in batches:
        loss, grad_w, grad_b = linear_mse_grads(w, b, x[idx], y[idx], reduction)
        losses.append(loss)
        w, b = w - lr * grad_w, b - lr * grad_b
    return {"w": w, "b": b, "losses": np.array(losses)}


def largest_stable_lr(x, reduction="mean"):
    # The 2x2 Hessian [[a, c], [c, d]] has the eigenvalues (a + d)/2 ± sqrt(((a − d)/2)² + c²).
    n = len(x)
    a = 2 * sum(v * v for v in x.tolist())
    c = 2 * sum(x.tolist())
    d = 2.0 * n
    if reduction == "mean":
        a, c, d = a / n, c / n, d / n
    largest = (a + d) / 2 + math.sqrt(((a - d) / 2) ** 2 + c * c)
    return 2 / largest
