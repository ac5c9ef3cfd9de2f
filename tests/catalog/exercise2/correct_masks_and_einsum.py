# catalog: correct
# why: boolean masks instead of np.where, einsum for the gradient, 0-d array scalars.

import numpy as np


def sigmoid(z):
    out = np.empty_like(z, dtype=np.float64)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1.0 + e)
    return out


def bernoulli_likelihood(p, y):
    return np.array(np.exp(np.sum(np.log(np.where(y == 1, p, 1.0 - p)))))


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
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_not_p = np.maximum(np.log(1.0 - p), -100.0)
    return np.sum(y * log_p + (1.0 - y) * log_not_p)


def bce_loss(p, y, reduction="mean"):
    """Binary cross-entropy on probabilities, like torch.nn.BCELoss.

    l_i = −[y_i · max(ln p_i, −100) + (1 − y_i) · max(ln(1 − p_i), −100)]

    Args:
        p: probabilities in [0, 1], any shape.
        y: targets in [0, 1], same shape.
        reduction: "mean" (over every element), "sum", or "none" (elementwise, p's shape).

    Returns:
        A scalar for "mean" and "sum", else an array.
    """
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), -100.0)
        log_not_p = np.maximum(np.log(1.0 - p), -100.0)
    # The minus sign turns "maximise the likelihood" into "minimise the loss".
    losses = -(y * log_p + (1.0 - y) * log_not_p)
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    if reduction == "none":
        return losses
    raise ValueError(f"unknown reduction {reduction!r}")


def bce_with_logits(z, y, reduction="mean"):
    """Binary cross-entropy on logits, like torch.nn.BCEWithLogitsLoss: BCE(σ(z), y), computed stably.

    Must be exact for |z| from 40 up to 1000, where σ(z) rounds to 0 or 1 and BCE(σ(z)) breaks.

    Args:
        z: logits, any shape.
        y: targets in [0, 1], same shape.
        reduction: "mean", "sum" or "none".

    Returns:
        A scalar for "mean" and "sum", else an array.
    """
    # −ln σ(z) = ln(1 + e^(−z)) and −ln(1 − σ(z)) = z + ln(1 + e^(−z)); combined and rearranged
    # so that exp only sees −|z|: loss = max(z, 0) − z·y + ln(1 + e^(−|z|)). log1p keeps the
    # last term accurate when e^(−|z|) is tiny.
    losses = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    if reduction == "none":
        return losses
    raise ValueError(f"unknown reduction {reduction!r}")


def logistic_regression_grad(X, w, y):
    return np.einsum("nd,n->d", X, sigmoid(X @ w) - y) / X.shape[0]
