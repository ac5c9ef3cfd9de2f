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
    ### BEGIN SOLUTION
    # TODO: σ of every entry of z, without overflow
    # exp(−|z|) lies in (0, 1]. For z ≥ 0, σ(z) = 1 / (1 + e^(−z)); for z < 0 multiply top and
    # bottom by e^z to get e^z / (1 + e^z). Both are built from e = exp(−|z|) only.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    # TODO: the probability of drawing exactly the labels y
    # Independent samples: the joint probability is the product of each sample's probability.
    return np.prod(p**y * (1.0 - p) ** (1.0 - y))
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    # TODO: the log-likelihood of the labels y, each log clamped at −100 as torch clamps it
    # Clamp before multiplying: 0 · (−inf) is NaN, but 0 · (−100) is 0, so a label that
    # switches a term off really switches it off. errstate hides the harmless log(0) warning.
    # log1p(−p) is ln(1 − p) without first rounding 1 − p, so it stays accurate for tiny p
    # (torch uses it too).
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_not_p = np.maximum(np.log1p(-p), -100.0)
    return np.sum(y * log_p + (1.0 - y) * log_not_p)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    # TODO: the loss of every element, reduced as `reduction` asks
    # Same clamped logs as the log-likelihood: finite at p = 0 and p = 1, no NaN from 0 · (−inf).
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_not_p = np.maximum(np.log1p(-p), -100.0)
    # The minus sign turns "maximise the likelihood" into "minimise the loss".
    losses = -(y * log_p + (1.0 - y) * log_not_p)
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    if reduction == "none":
        return losses
    raise ValueError(f"unknown reduction {reduction!r}")
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    # TODO: the loss of every element, computed from the logits, reduced as `reduction` asks
    # −ln σ(z) = ln(1 + e^(−z)) and −ln(1 − σ(z)) = z + ln(1 + e^(−z)), so the loss is
    # z − z·y + ln(1 + e^(−z)). For z < 0, e^(−z) overflows; there ln(1 + e^(−z)) = −z + ln(1 + e^z),
    # and both cases become max(z, 0) − z·y + ln(1 + e^(−|z|)), where exp only sees −|z| ≤ 0.
    # log1p keeps the last term accurate when e^(−|z|) is tiny.
    losses = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    if reduction == "none":
        return losses
    raise ValueError(f"unknown reduction {reduction!r}")
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    # TODO: compute dL/dw
    # With BCE on a sigmoid, σ'(z) = σ(1 − σ) cancels the 1/(σ(1 − σ)) from the log's derivative,
    # leaving dL/dz_i = (σ(z_i) − y_i) / N. Then dz_i/dw = X_i, so dL/dw = Xᵀ (σ(Xw) − y) / N.
    residual = sigmoid(X @ w) - y
    return X.T @ residual / X.shape[0]
    ### END SOLUTION
