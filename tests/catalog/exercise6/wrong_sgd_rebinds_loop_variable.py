# catalog: wrong
# expect-fail: sgd_step_in_place
# expect-mistake: not_in_place
# why: p = p - lr * g makes a new array: the caller's parameters never change

import numpy as np


def linear_mse_grads(w, b, x, y, reduction="mean"):
    r = w * x + b - y
    scale = 1.0 / x.size if reduction == "mean" else 1.0
    return scale * (r @ r), scale * 2.0 * (r @ x), scale * 2.0 * r.sum()


def sgd_step(params, grads, lr):
    for p, g in zip(params, grads):
        p = p - lr * g


def minibatch_indices(n, batch_size, seed, epochs):
    rng = np.random.default_rng(seed)
    batches = []
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batches.append(order[start:start + batch_size])
    return batches


def train(x, y, w, b, lr, batches, reduction="mean"):
    params = [np.array(float(w)), np.array(float(b))]
    losses = []
    for idx in batches:
        loss, gw, gb = linear_mse_grads(params[0], params[1], x[idx], y[idx], reduction)
        losses.append(loss)
        params = [params[0] - lr * gw, params[1] - lr * gb]
    return {"w": float(params[0]), "b": float(params[1]), "losses": np.array(losses)}


def largest_stable_lr(x, reduction="mean"):
    scale = 2.0 / x.size if reduction == "mean" else 2.0
    hessian = scale * np.array([[x @ x, x.sum()], [x.sum(), x.size]])
    return 2.0 / np.linalg.eigvalsh(hessian)[-1]
