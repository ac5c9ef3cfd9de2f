# external: the largest learning rate from each weight's own curvature, as Efficient BackProp derives it
#   for one weight at a time.
# source: LeCun, Bottou, Orr & Müller, "Efficient BackProp" (1998), section 5.1: for a single weight on a
#   quadratic error, η_opt = (∂²E/∂w²)⁻¹ and learning diverges for η > η_max = 2·η_opt; with several
#   weights it suggests one rate per weight from the diagonal of the Hessian.
# idea: a single global rate must suit the most curved weight: 2 / max_i ∂²E/∂θ_i².
# differs: the two parameters are w and b of the line; the diagonal of the Hessian of MSE (or SSE) is
#   written out. Only largest_stable_lr is implemented.
# expect: largest_stable_lr wrong: the diagonal ignores the coupling of w and b (Σx), so the bound is
#   too large unless mean(x) = 0 (the largest eigenvalue exceeds the largest diagonal entry).

import numpy as np


def largest_stable_lr(x, reduction="mean"):
    count = x.size if reduction == "mean" else 1
    curvature_w = 2.0 * np.sum(x * x) / count
    curvature_b = 2.0 * x.size / count
    return 2.0 / max(curvature_w, curvature_b)
