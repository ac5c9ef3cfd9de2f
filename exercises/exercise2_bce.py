"""Exercise 2 — binary cross-entropy, derived by maximum likelihood.

A binary classifier outputs p = P(y = 1 | x). Each label is then a Bernoulli draw:
P(y | p) = p^y (1 − p)^(1 − y). For independent samples the likelihood of the whole data set is
the product Π_i p_i^y_i (1 − p_i)^(1 − y_i), and training means choosing the parameters that make
it as large as possible (maximum likelihood).

A product of many probabilities underflows and is awkward to differentiate, so take the log: the
log-likelihood Σ_i [y_i ln p_i + (1 − y_i) ln(1 − p_i)] has the same maximiser. Optimisers minimise,
so flip the sign and average: that is the binary cross-entropy

    BCE = −(1/N) Σ_i [y_i ln p_i + (1 − y_i) ln(1 − p_i)].

torch clamps each log at −100 so that p = 0 or 1 gives a finite loss. When the model outputs
logits z (p = σ(z)), BCE can be written directly in z, which is exact even for huge |z|.

Implement the six functions below. Like torch's functions, they leave the arrays they are given
unchanged. Check your work with `learn check exercise2`.
"""

import numpy as np


def sigmoid(z):
    """The logistic function σ(z) = 1 / (1 + e^(−z)), elementwise.

    Must not overflow for |z| up to 1000, far beyond 710, where exp overflows float64: it is
    checked under np.errstate(over="raise"), so even an overflow warning in a branch you later
    discard (np.where evaluates both) counts.

    Args:
        z: array of any shape.

    Returns:
        σ(z), same shape, values in [0, 1].
    """
    # TODO: compute σ(z) using only exp(−|z|), which never overflows
    raise NotImplementedError("sigmoid is not implemented yet")


def bernoulli_likelihood(p, y):
    """Likelihood of labels y under predicted probabilities p: Π_i p_i^y_i (1 − p_i)^(1 − y_i).

    Args:
        p: probabilities P(y = 1), shape (N,).
        y: labels in {0, 1}, shape (N,).

    Returns:
        A scalar.
    """
    # TODO: multiply the per-sample Bernoulli probabilities together
    raise NotImplementedError("bernoulli_likelihood is not implemented yet")


def bernoulli_log_likelihood(p, y):
    """Log-likelihood Σ_i [y_i ln p_i + (1 − y_i) ln(1 − p_i)], each log clamped at −100 like torch.

    Args:
        p: probabilities in [0, 1] (0 and 1 included), shape (N,).
        y: labels in {0, 1}, shape (N,).

    Returns:
        A scalar (≤ 0). It must be finite when p contains 0 or 1.
    """
    # TODO: sum y ln p + (1 − y) ln(1 − p), clamping each log at −100 before multiplying
    raise NotImplementedError("bernoulli_log_likelihood is not implemented yet")


def bce_loss(p, y, reduction="mean"):
    """Binary cross-entropy on probabilities, like torch.nn.BCELoss.

    l_i = −[y_i · max(ln p_i, −100) + (1 − y_i) · max(ln(1 − p_i), −100)]

    Args:
        p: probabilities in [0, 1], any shape.
        y: targets in [0, 1], same shape: soft targets such as 0.3 included, not only 0 and 1.
        reduction: "mean" (over every element), "sum", or "none" (elementwise, p's shape).
            Anything else raises ValueError.

    Returns:
        A scalar for "mean" and "sum", else an array.
    """
    # TODO: the negative clamped log-likelihood of each element, then reduce
    raise NotImplementedError("bce_loss is not implemented yet")


def bce_with_logits(z, y, reduction="mean"):
    """Binary cross-entropy on logits, like torch.nn.BCEWithLogitsLoss: BCE(σ(z), y), computed stably.

    Must be exact for |z| from 40 up to 1000 (beyond 710, exp overflows float64), where
    BCE(σ(z)) has lost all precision, also when large positive and negative logits meet in one
    array.

    Args:
        z: logits, any shape.
        y: targets in [0, 1], same shape: soft targets such as 0.3 included, not only 0 and 1.
        reduction: "mean", "sum" or "none". Anything else raises ValueError.

    Returns:
        A scalar for "mean" and "sum", else an array.
    """
    # TODO: write −[y ln σ(z) + (1 − y) ln(1 − σ(z))] in terms of z without computing σ(z)
    raise NotImplementedError("bce_with_logits is not implemented yet")


def logistic_regression_grad(X, w, y):
    """Gradient dL/dw of logistic regression's loss L(w) = mean BCE(σ(X @ w), y).

    Args:
        X: inputs, shape (N, D).
        w: weights, shape (D,).
        y: labels in {0, 1}, shape (N,).

    Returns:
        dL/dw, shape (D,).
    """
    # TODO: chain dL/dz = (σ(z) − y)/N through z = X @ w
    raise NotImplementedError("logistic_regression_grad is not implemented yet")
