# catalog: wrong
# expect-fail: bce_loss_reductions
# expect-mistake: bce.hard_labels_only
# why: picks one log term per element with np.where(y == 1, ...): right for labels 0 and 1, wrong for soft targets.

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
    # exp(−|z|) lies in (0, 1]. For z ≥ 0, σ(z) = 1 / (1 + e^(−z)); for z < 0 multiply top and
    # bottom by e^z to get e^z / (1 + e^z). Both are built from e = exp(−|z|) only.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bernoulli_likelihood(p, y):
    """Likelihood of labels y under predicted probabilities p: Π_i p_i^y_i (1 − p_i)^(1 − y_i).

    Args:
        p: probabilities P(y = 1), shape (N,).
        y: labels in {0, 1}, shape (N,).

    Returns:
        A scalar.
    """
    # Independent samples: the joint probability is the product of each sample's probability.
    return np.prod(p**y * (1.0 - p) ** (1.0 - y))


def bernoulli_log_likelihood(p, y):
    """Log-likelihood Σ_i [y_i ln p_i + (1 − y_i) ln(1 − p_i)], each log clamped at −100 like torch.

    Args:
        p: probabilities in [0, 1] (0 and 1 included), shape (N,).
        y: labels in {0, 1}, shape (N,).

    Returns:
        A scalar (≤ 0). It must be finite when p contains 0 or 1.
    """
    # Clamp before multiplying: 0 · (−inf) is NaN, but 0 · (−100) is 0, so a label that
    # switches a term off really switches it off. errstate hides the harmless log(0) warning.
    # log1p(−p) is ln(1 − p) without first rounding 1 − p, so it stays accurate for tiny p
    # (torch uses it too).
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_not_p = np.maximum(np.log1p(-p), -100.0)
    return np.sum(y * log_p + (1.0 - y) * log_not_p)


def bce_loss(p, y, reduction="mean"):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"unknown reduction {reduction!r}")
    with np.errstate(divide="ignore"):
        losses = -np.where(y == 1, np.maximum(np.log(p), -100.0), np.maximum(np.log1p(-p), -100.0))
    if reduction == "none":
        return losses
    return losses.mean() if reduction == "mean" else losses.sum()


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


def logistic_regression_grad(X, w, y):
    """Gradient dL/dw of logistic regression's loss L(w) = mean BCE(σ(X @ w), y).

    Args:
        X: inputs, shape (N, D).
        w: weights, shape (D,).
        y: labels in {0, 1}, shape (N,).

    Returns:
        dL/dw, shape (D,).
    """
    # With BCE on a sigmoid, σ'(z) = σ(1 − σ) cancels the 1/(σ(1 − σ)) from the log's derivative,
    # leaving dL/dz_i = (σ(z_i) − y_i) / N. Then dz_i/dw = X_i, so dL/dw = Xᵀ (σ(Xw) − y) / N.
    residual = sigmoid(X @ w) - y
    return X.T @ residual / X.shape[0]
