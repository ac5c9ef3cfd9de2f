# external: the step size 1/L of smooth convex optimisation, taken as the largest stable learning rate.
# source: Boyd & Vandenberghe, "Convex Optimization", §9.3, and Nesterov's "Introductory Lectures on
#   Convex Optimization", §2.1.5: for an L-smooth convex f, gradient descent with step 1/L decreases f
#   at every step (L = the largest eigenvalue of the Hessian for a quadratic).
# idea: L of the loss is λ_max of its Hessian in (w, b); the textbook step is 1/L.
# differs: only largest_stable_lr; the Hessian of the line's MSE (or SSE) written out.
# expect: largest_stable_lr wrong: 1/L is the step of fastest guaranteed descent, half the divergence
#   threshold 2/L that the docstring asks for.

import numpy as np


def largest_stable_lr(x, reduction="mean"):
    hessian = 2.0 * np.array([[x @ x, x.sum()], [x.sum(), float(x.size)]])
    if reduction == "mean":
        hessian = hessian / x.size
    return 1.0 / np.linalg.eigvalsh(hessian)[-1]
