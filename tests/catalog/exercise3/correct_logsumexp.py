# catalog: correct
# why: softmax as exp(z − logsumexp(z)), Jacobian by np.diag per row.

import numpy as np


def softmax(z):
    m = z.max(axis=-1, keepdims=True)
    log_normaliser = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return np.exp(z - log_normaliser)


def softmax_jacobian(z):
    s = softmax(z)
    if s.ndim == 1:
        return np.diag(s) - np.outer(s, s)
    return np.stack([np.diag(row) - np.outer(row, row) for row in s])


def cross_entropy_grad(logits, labels):
    """Gradient of the mean cross-entropy loss with respect to the logits.

    L = −(1/N) Σ_n log softmax(logits[n])[labels[n]], which is torch's CrossEntropyLoss with its
    default reduction="mean" (the softmax is inside the loss, so the inputs are raw logits).

    Args:
        logits: shape (N, C).
        labels: integer class indices, shape (N,), each in [0, C).

    Returns:
        dL/dlogits, shape (N, C).
    """
    n = logits.shape[0]
    gradient = softmax(logits)
    # d(−log s_y)/dz = s − onehot(y): subtract 1 at each row's true class, without building
    # the one-hot matrix.
    gradient[np.arange(n), labels] -= 1.0
    # The mean over the batch divides every sample's gradient by N.
    return gradient / n
