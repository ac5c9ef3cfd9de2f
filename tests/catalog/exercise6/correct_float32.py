# catalog: correct
# why: everything in float32, from the gradients to the 100-step training run and the eigenvalues.

import numpy as np


def linear_mse_grads(w, b, x, y, reduction="mean"):
    x, y = x.astype(np.float32), y.astype(np.float32)
    w, b = np.float32(w), np.float32(b)
    r = w * x + b - y
    scale = np.float32(1.0 / x.size if reduction == "mean" else 1.0)
    two = np.float32(2.0)
    return scale * np.dot(r, r), scale * two * np.dot(r, x), scale * two * np.sum(r)


def sgd_step(params, grads, lr):
    for p, g in zip(params, grads):
        p -= np.float32(lr) * g.astype(np.float32)


def minibatch_indices(n, batch_size, seed, epochs):
    rng = np.random.default_rng(seed)
    batches = []
    for _ in range(epochs):
        order = rng.permutation(n).astype(np.int32)
        batches += [order[i:i + batch_size] for i in range(0, n, batch_size)]
    return batches


def train(x, y, w, b, lr, batches, reduction="mean"):
    params = [np.array(w, dtype=np.float32), np.array(b, dtype=np.float32)]
    losses = np.zeros(len(batches), dtype=np.float32)
    for step, idx in enumerate(batches):
        loss, gw, gb = linear_mse_grads(params[0], params[1], x[idx], y[idx], reduction)
        losses[step] = loss
        sgd_step(params, [np.array(gw), np.array(gb)], lr)
    return {"w": params[0], "b": params[1], "losses": losses}


def largest_stable_lr(x, reduction="mean"):
    x = x.astype(np.float32)
    ones = np.ones_like(x)
    design = np.stack([x, ones], axis=1)  # (N, 2): ŷ = design @ (w, b)
    hessian = np.float32(2.0) * design.T @ design
    if reduction == "mean":
        hessian /= np.float32(x.size)
    return np.float32(2.0) / np.linalg.eigvalsh(hessian).max()
