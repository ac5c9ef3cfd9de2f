# catalog: correct
# why: θ = (w, b) against a design matrix [x, 1]; rng.shuffle on an arange; np.subtract(..., out=);
# the threshold through the largest singular value of the design matrix.

import numpy as np


def _design(x):
    return np.column_stack([x, np.ones_like(x)])


def linear_mse_grads(w, b, x, y, reduction="mean"):
    design = _design(x)
    residual = design @ np.array([w, b]) - y
    divisor = len(x) if reduction == "mean" else 1
    gradient = 2 * design.T @ residual / divisor
    return np.sum(residual**2) / divisor, gradient[0], gradient[1]


def sgd_step(params, grads, lr):
    for p, g in zip(params, grads):
        np.subtract(p, lr * g, out=p)


def minibatch_indices(n, batch_size, seed, epochs):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(epochs):
        order = np.arange(n)
        rng.shuffle(order)
        out.extend(np.split(order, range(batch_size, n, batch_size)))
    return out


def train(x, y, w, b, lr, batches, reduction="mean"):
    theta = np.array([w, b], dtype=float)
    parts = [theta[0:1], theta[1:2]]  # views: updating them in place updates theta
    losses = []
    for idx in batches:
        loss, gw, gb = linear_mse_grads(theta[0], theta[1], x[idx], y[idx], reduction)
        losses.append(loss)
        sgd_step(parts, [np.array([gw]), np.array([gb])], lr)
    return {"w": theta[0], "b": theta[1], "losses": np.asarray(losses)}


def largest_stable_lr(x, reduction="mean"):
    # H = 2 AᵀA (/N), and the largest eigenvalue of AᵀA is the square of A's largest singular value.
    largest_singular = np.linalg.svd(_design(x), compute_uv=False)[0]
    curvature = 2 * largest_singular**2
    if reduction == "mean":
        curvature /= len(x)
    return 2 / curvature
