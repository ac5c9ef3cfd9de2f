# catalog: correct
# why: J = s[..., :, None] * (I − s[..., None, :]) by broadcasting; CE gradient via take/put_along_axis.

import numpy as np


def softmax(z):
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return np.divide(e, np.sum(e, axis=-1, keepdims=True))


def softmax_jacobian(z):
    s = softmax(z)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


def cross_entropy_grad(logits, labels):
    gradient = softmax(logits)
    index = np.asarray(labels)[:, None]
    np.put_along_axis(gradient, index, np.take_along_axis(gradient, index, axis=1) - 1.0, axis=1)
    return gradient / logits.shape[0]
