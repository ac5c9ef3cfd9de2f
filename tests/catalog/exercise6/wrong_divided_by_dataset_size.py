# catalog: wrong
# expect-fail: train_matches_torch_sgd
# expect-mistake: gd_train.divided_by_all_examples
# why: an inline loop that averages each batch over len(x), the whole data set

import numpy as np


def linear_mse_grads(w, b, x, y, reduction="mean"):
    r = w * x + b - y
    scale = 1.0 / x.size if reduction == "mean" else 1.0
    return scale * (r @ r), scale * 2.0 * (r @ x), scale * 2.0 * r.sum()


def sgd_step(params, grads, lr):
    for p, g in zip(params, grads):
        p -= lr * g


def minibatch_indices(n, batch_size, seed, epochs):
    rng = np.random.default_rng(seed)
    batches = []
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batches.append(order[start:start + batch_size])
    return batches


def train(x, y, w, b, lr, batches, reduction="mean"):
    n = len(x)
    losses = []
    for idx in batches:
        xb, yb = x[idx], y[idx]
        scale = 1 / n if reduction == "mean" else 1
        error = w * xb + b - yb
        losses.append(scale * np.sum(error**2))
        grad_w, grad_b = scale * 2 * np.sum(error * xb), scale * 2 * np.sum(error)
        w, b = w - lr * grad_w, b - lr * grad_b
    return {"w": w, "b": b, "losses": np.array(losses)}


def largest_stable_lr(x, reduction="mean"):
    scale = 2.0 / x.size if reduction == "mean" else 2.0
    hessian = scale * np.array([[x @ x, x.sum()], [x.sum(), x.size]])
    return 2.0 / np.linalg.eigvalsh(hessian)[-1]
