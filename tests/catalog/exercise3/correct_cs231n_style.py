# catalog: correct
# why: adapter around the CS231n softmax-classifier recipe (from its description): shifted scores, probs[range(N), y] -= 1, / N; the Jacobian entry by entry from its definition.

import numpy as np


def softmax(z):
    """Softmax along the last axis.

    Args:
        z: logits, shape (C,) for one sample or (N, C) for a batch (one row per sample).

    Returns:
        An array with z's shape whose last axis sums to 1. It must stay finite for logits beyond
        ±710, where exp overflows (or underflows) float64, such as [1000, 1001, 1002], and for a
        batch whose rows sit at very different offsets (one near 800, another near −2000):
        softmax(z) = softmax(z − c) for any constant c per row.
    """
    # Shifting by the row max leaves softmax unchanged and makes the largest exponent exp(0) = 1,
    # so nothing overflows, and at least one term of the sum is 1, so nothing divides by 0.
    shifted = z - np.max(z, axis=-1, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / np.sum(exponentials, axis=-1, keepdims=True)


def softmax_jacobian(z):
    if z.ndim == 2:
        return np.stack([softmax_jacobian(row) for row in z])
    s = softmax(z)
    C = s.shape[0]
    J = np.zeros((C, C))
    for i in range(C):
        for j in range(C):
            J[i, j] = s[i] * (1 - s[j]) if i == j else -s[i] * s[j]
    return J


def cross_entropy_grad(logits, labels):
    N = logits.shape[0]
    shifted_scores = logits - np.max(logits, axis=1, keepdims=True)
    exp_scores = np.exp(shifted_scores)
    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
    dscores = probs.copy()
    dscores[range(N), labels] -= 1
    dscores /= N
    return dscores
