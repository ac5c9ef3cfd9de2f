# external: the numpy warm-up of PyTorch's tutorial, with DataLoader's shuffling and the step-size bound
#   of gradient descent on a quadratic.
# source: PyTorch tutorial "Learning PyTorch with Examples", warm-up: numpy (loss = np.square(y_pred -
#   y).sum(); grad_y_pred = 2.0 * (y_pred - y); grad_a = grad_y_pred.sum(); grad_b = (grad_y_pred *
#   x).sum(); a -= learning_rate * grad_a); torch.utils.data.RandomSampler (a fresh permutation of
#   range(n) every epoch from one generator, BatchSampler slicing it, drop_last=False); Gabriel Goh,
#   "Why Momentum Really Works" (Distill, 2017): gradient descent on a quadratic converges iff
#   0 < α·λ_i < 2 for every eigenvalue λ_i of its Hessian.
# idea: the summed loss's derivatives by hand; the mean divides them by N; the largest stable step is
#   2 / λ_max of the Hessian of the loss in (w, b).
# differs: a line instead of the tutorial's cubic; numpy's default_rng in place of torch's generator;
#   the Hessian of the line's loss written out for Goh's bound.
# expect: every function right.

import numpy as np


def linear_mse_grads(w, b, x, y, reduction="mean"):
    y_pred = w * x + b
    loss = np.square(y_pred - y).sum()
    grad_y_pred = 2.0 * (y_pred - y)
    grad_w, grad_b = (grad_y_pred * x).sum(), grad_y_pred.sum()
    if reduction == "mean":
        loss, grad_w, grad_b = loss / x.size, grad_w / x.size, grad_b / x.size
    return loss, grad_w, grad_b


def sgd_step(params, grads, lr):
    for p, g in zip(params, grads):
        p -= lr * g


def minibatch_indices(n, batch_size, seed, epochs):
    generator = np.random.default_rng(seed)
    batches = []
    for _ in range(epochs):
        order = generator.permutation(n)
        batches += [order[i:i + batch_size] for i in range(0, n, batch_size)]
    return batches


def train(x, y, w, b, lr, batches, reduction="mean"):
    a, c = float(w), float(b)
    losses = []
    for idx in batches:
        loss, grad_a, grad_c = linear_mse_grads(a, c, x[idx], y[idx], reduction)
        losses.append(loss)
        a -= lr * grad_a
        c -= lr * grad_c
    return {"w": a, "b": c, "losses": np.array(losses)}


def largest_stable_lr(x, reduction="mean"):
    hessian = 2.0 * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), x.size]])
    if reduction == "mean":
        hessian /= x.size
    return 2.0 / np.linalg.eigvalsh(hessian).max()
