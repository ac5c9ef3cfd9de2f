# external: full-batch gradient descent for y = m·x + c, as in a much-read blog post.
# source: Adarsh Menon, "Linear Regression using Gradient Descent" (Towards Data Science, 2018):
#   Y_pred = m*X + c; D_m = (-2/n) * sum(X * (Y - Y_pred)); D_c = (-2/n) * sum(Y - Y_pred);
#   m = m - L * D_m; c = c - L * D_c  (the parameters are rebound to new values each step).
# idea: the derivatives of the mean squared error, written out; the update rebinds the names.
# differs: the loss, which the post never prints, is the mean of the squared residuals; for reduction
#   "sum" the 1/n is left out; sgd_step rebinds each list slot as the post rebinds m and c; train runs
#   the post's update on each batch instead of the whole data set.
# expect: linear_mse_grads right; sgd_step wrong (new arrays put in the list, the caller's arrays are
#   untouched, and a tuple cannot even be assigned into); train right.

import numpy as np


def _derivatives(m, c, X, Y, reduction):
    n = len(X) if reduction == "mean" else 1
    Y_pred = m * X + c
    D_m = (-2 / n) * sum(X * (Y - Y_pred))
    D_c = (-2 / n) * sum(Y - Y_pred)
    return sum((Y - Y_pred) ** 2) / n, D_m, D_c


def linear_mse_grads(w, b, x, y, reduction="mean"):
    loss, D_m, D_c = _derivatives(w, b, x, y, reduction)
    return float(loss), float(D_m), float(D_c)


def sgd_step(params, grads, lr):
    for i, (p, g) in enumerate(zip(params, grads)):
        params[i] = p - lr * g


def train(x, y, w, b, lr, batches, reduction="mean"):
    m, c, L = float(w), float(b), lr
    losses = []
    for idx in batches:
        loss, D_m, D_c = _derivatives(m, c, x[idx], y[idx], reduction)
        losses.append(loss)
        m = m - L * D_m
        c = c - L * D_c
    return {"w": m, "b": c, "losses": np.array(losses, dtype=float)}
