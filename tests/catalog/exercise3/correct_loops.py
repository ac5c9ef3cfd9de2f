# catalog: correct
# why: plain Python loops over rows and entries.

import numpy as np


def softmax(z):
    rows = z.reshape(-1, z.shape[-1])
    out = np.empty(rows.shape)
    for r, row in enumerate(rows):
        biggest = max(row)
        exps = [np.exp(v - biggest) for v in row]
        total = sum(exps)
        for c, value in enumerate(exps):
            out[r, c] = value / total
    return out.reshape(z.shape)


def softmax_jacobian(z):
    s = softmax(z)
    rows = s.reshape(-1, s.shape[-1])
    c = rows.shape[1]
    out = np.zeros((rows.shape[0], c, c))
    for r in range(rows.shape[0]):
        for i in range(c):
            for j in range(c):
                out[r, i, j] = rows[r, i] * ((1.0 if i == j else 0.0) - rows[r, j])
    return out.reshape(s.shape + (c,))


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
