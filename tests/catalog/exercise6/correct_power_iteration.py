# catalog: correct
# why: the threshold from λ_max by power iteration on the Hessian; batches from rng.permuted; losses
# from np.mean / np.sum; parameters passed to sgd_step as a tuple.

import numpy as np


def linear_mse_grads(w, b, x, y, reduction="mean"):
    prediction = w * x + b
    reduce = np.mean if reduction == "mean" else np.sum
    return (reduce((prediction - y) ** 2), reduce(2 * (prediction - y) * x), reduce(2 * (prediction - y)))


def sgd_step(params, grads, lr):
    for p, g in zip(params, grads):
        p[...] = p - lr * g


def minibatch_indices(n, batch_size, seed, epochs):
    rng = np.random.default_rng(seed)
    batches = []
    for _ in range(epochs):
        shuffled = rng.permuted(np.arange(n))
        starts = np.arange(0, n, batch_size)
        batches += [shuffled[s:min(s + batch_size, n)] for s in starts]
    return batches


def train(x, y, w, b, lr, batches, reduction="mean"):
    w, b = np.array(w, dtype=np.float64), np.array(b, dtype=np.float64)
    losses = []
    for idx in batches:
        loss, gw, gb = linear_mse_grads(w, b, x[idx], y[idx], reduction)
        losses.append(float(loss))
        sgd_step((w, b), (np.asarray(gw), np.asarray(gb)), lr)
    return {"w": w, "b": b, "losses": np.array(losses)}


def largest_stable_lr(x, reduction="mean"):
    reduce = np.mean if reduction == "mean" else np.sum
    hessian = np.array([[reduce(2 * x * x), reduce(2 * x)], [reduce(2 * x), reduce(2 * np.ones_like(x))]])
    vector = np.array([1.0, 0.3])
    for _ in range(500):
        vector = hessian @ vector
        vector /= np.linalg.norm(vector)
    return 2 / (vector @ hessian @ vector)
