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
    ### BEGIN SOLUTION
    # TODO: compute σ(z) using only exp(−|z|), which never overflows
    # exp(−|z|) lies in (0, 1]. For z ≥ 0, σ(z) = 1 / (1 + e^(−z)); for z < 0 multiply top and
    # bottom by e^z to get e^z / (1 + e^z). Both are built from e = exp(−|z|) only.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


def bernoulli_likelihood(p, y):
    """Likelihood of labels y under predicted probabilities p: Π_i p_i^y_i (1 − p_i)^(1 − y_i).

    Args:
        p: probabilities P(y = 1), shape (N,).
        y: labels in {0, 1}, shape (N,).

    Returns:
        A scalar.
    """
    ### BEGIN SOLUTION
    # TODO: multiply the per-sample Bernoulli probabilities together
    # Independent samples: the joint probability is the product of each sample's probability.
    return np.prod(p**y * (1.0 - p) ** (1.0 - y))
    ### END SOLUTION


def bernoulli_log_likelihood(p, y):
    """Log-likelihood Σ_i [y_i ln p_i + (1 − y_i) ln(1 − p_i)], each log clamped at −100 like torch.

    Args:
        p: probabilities in [0, 1] (0 and 1 included), shape (N,).
        y: labels in {0, 1}, shape (N,).

    Returns:
        A scalar (≤ 0). It must be finite when p contains 0 or 1.
    """
    ### BEGIN SOLUTION
    # TODO: sum y ln p + (1 − y) ln(1 − p), clamping each log at −100 before multiplying
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
    ### BEGIN SOLUTION
    # TODO: the negative clamped log-likelihood of each element, then reduce
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
    ### BEGIN SOLUTION
    # TODO: write −[y ln σ(z) + (1 − y) ln(1 − σ(z))] in terms of z without computing σ(z)
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
    """Gradient dL/dw of logistic regression's loss L(w) = mean BCE(σ(X @ w), y).

    Args:
        X: inputs, shape (N, D).
        w: weights, shape (D,).
        y: labels in {0, 1}, shape (N,).

    Returns:
        dL/dw, shape (D,).
    """
    ### BEGIN SOLUTION
    # TODO: chain dL/dz = (σ(z) − y)/N through z = X @ w
    # With BCE on a sigmoid, σ'(z) = σ(1 − σ) cancels the 1/(σ(1 − σ)) from the log's derivative,
    # leaving dL/dz_i = (σ(z_i) − y_i) / N. Then dz_i/dw = X_i, so dL/dw = Xᵀ (σ(Xw) − y) / N.
    residual = sigmoid(X @ w) - y
    return X.T @ residual / X.shape[0]
    ### END SOLUTION
