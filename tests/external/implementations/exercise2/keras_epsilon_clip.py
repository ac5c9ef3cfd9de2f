# external: Keras's backend binary_crossentropy: clip p to [ε, 1 − ε] and add ε inside each log.
# source: Keras 2.x keras/backend/tensorflow_backend.py, binary_crossentropy(target, output,
#   from_logits=False) with epsilon() = 1e-7, and keras.activations.sigmoid for logits.
# idea: output = clip(output, ε, 1 − ε); bce = y·log(output + ε) + (1 − y)·log(1 − output + ε); −bce.
# differs: reductions of the API applied to the elementwise loss; the log-likelihood is −Σ bce;
#   bce_with_logits goes through the sigmoid and then the same clipped BCE (Keras' from_logits=False path).

import numpy as np

EPSILON = 1e-7


def _elementwise(output, target):
    output = np.clip(output, EPSILON, 1.0 - EPSILON)
    bce = target * np.log(output + EPSILON)
    bce += (1 - target) * np.log(1 - output + EPSILON)
    return -bce


def _reduce(values, reduction):
    return {"mean": np.mean, "sum": np.sum}.get(reduction, lambda v: v)(values)


def bernoulli_log_likelihood(p, y):
    return -np.sum(_elementwise(p, y))


def bce_loss(p, y, reduction="mean"):
    return _reduce(_elementwise(p, y), reduction)


def bce_with_logits(z, y, reduction="mean"):
    return _reduce(_elementwise(1.0 / (1.0 + np.exp(-z)), y), reduction)
