"""Exercise 2 — binary cross-entropy, derived by maximum likelihood.

A binary classifier outputs p = P(y = 1 | x), a probability for each sample. Which outputs are
good? Maximum likelihood answers: those under which the labels that were actually observed are
as probable as possible. Follow that idea through the functions below, in order: the likelihood
of a set of labels, its logarithm, and the loss that training minimises, binary cross-entropy,
first on probabilities and then on logits (the raw scores z, with p = σ(z)), where the numbers
must stay exact however large |z| gets. Last comes the gradient of logistic regression's loss.
`learn show exercise2` derives each step; `learn hint exercise2` helps when you are stuck.

Like torch's functions, these leave the arrays they are given unchanged. Check your work with
`learn check exercise2`.
"""

import numpy as np


def sigmoid(z):
    """The logistic sigmoid σ(z) = 1 / (1 + e^(−z)) of every entry of z, like torch.sigmoid.

    Must not overflow for |z| up to 1000, far beyond 709.78, where exp overflows float64: it is
    checked under np.errstate(over="raise"), so even an overflow warning in a branch you later
    discard (np.where evaluates both) counts.

    Args:
        z: float array of any shape.

    Returns:
        σ(z), a float array of z's shape, values in [0, 1].
    """
    # TODO: σ of every entry of z, without overflow
    raise NotImplementedError("sigmoid is not implemented yet")


def bernoulli_likelihood(p, y):
    """The likelihood of the labels y under the predicted probabilities p.

    Sample i's label is a Bernoulli draw with P(y_i = 1) = p_i (torch.distributions.Bernoulli),
    and the samples are independent: return the probability of drawing exactly the labels y.

    Args:
        p: probabilities P(y = 1), strictly between 0 and 1, shape (N,).
        y: labels, each 0.0 or 1.0, shape (N,).

    Returns:
        A scalar in (0, 1).
    """
    # TODO: the probability of drawing exactly the labels y
    raise NotImplementedError("bernoulli_likelihood is not implemented yet")


def bernoulli_log_likelihood(p, y):
    """The natural logarithm of bernoulli_likelihood(p, y), computed so that it stays finite.

    Where a probability is exactly 0 or 1, a log of 0 appears: follow torch's binary
    cross-entropy (torch.nn.BCELoss), which clamps every log it takes at −100, so that the result
    is finite.

    Args:
        p: probabilities in [0, 1], 0 and 1 included, shape (N,).
        y: labels, each 0.0 or 1.0, shape (N,).

    Returns:
        A scalar ≤ 0, finite even when p contains 0 or 1.
    """
    # TODO: the log-likelihood of the labels y, each log clamped at −100 as torch clamps it
    raise NotImplementedError("bernoulli_log_likelihood is not implemented yet")


def bce_loss(p, y, reduction="mean"):
    """Binary cross-entropy on probabilities, like torch.nn.BCELoss(reduction=reduction).

    Finite when p contains 0 or 1, because every log is clamped at −100 as torch clamps it.

    Args:
        p: probabilities in [0, 1] (0 and 1 included), a float array of any shape.
        y: targets in [0, 1], p's shape: soft targets such as 0.3 included, not only 0 and 1.
        reduction: "mean" (over every element), "sum", or "none" (one loss per element, in p's
            shape), as torch's. Anything else raises ValueError.

    Returns:
        A scalar for "mean" and "sum", else an array of p's shape.
    """
    # TODO: the loss of every element, reduced as `reduction` asks
    raise NotImplementedError("bce_loss is not implemented yet")


def bce_with_logits(z, y, reduction="mean"):
    """Binary cross-entropy on logits, like torch.nn.BCEWithLogitsLoss(reduction=reduction).

    In exact arithmetic this is bce_loss(σ(z), y, reduction); in floating point it must stay exact
    where that form breaks down. σ(z) rounds to exactly 1.0 from z ≈ 36.7 in float64 (from
    z ≈ 16.6 in float32), and its log hits the −100 clamp once z < −100. The checks use |z| from
    40 up to 1000 (beyond 709.78, exp overflows float64), with large positive and large negative
    logits in the same array.

    Args:
        z: logits, a float array of any shape.
        y: targets in [0, 1], z's shape: soft targets such as 0.3 included, not only 0 and 1.
        reduction: "mean", "sum" or "none", as in bce_loss. Anything else raises ValueError.

    Returns:
        A scalar for "mean" and "sum", else an array of z's shape.
    """
    # TODO: the loss of every element, computed from the logits, reduced as `reduction` asks
    raise NotImplementedError("bce_with_logits is not implemented yet")


def logistic_regression_grad(X, w, y):
    """The gradient dL/dw of logistic regression's loss with respect to its weights.

    The model gives sample i the logit z_i = X[i] · w and the probability σ(z_i); its loss is
    L(w) = bce_with_logits(X @ w, y) with reduction "mean". The answer is what torch.autograd
    leaves in w.grad after torch.nn.functional.binary_cross_entropy_with_logits(X @ w, y).backward().

    Args:
        X: inputs, shape (N, D).
        w: weights, shape (D,).
        y: labels, each 0.0 or 1.0, shape (N,).

    Returns:
        dL/dw, shape (D,).
    """
    # TODO: compute dL/dw
    raise NotImplementedError("logistic_regression_grad is not implemented yet")
