# catalog: correct
# why: caches the pre-activations in a SimpleNamespace and takes σ'(z) = σ(z)·σ(−z) from them.

from types import SimpleNamespace

import numpy as np


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _sigmoid_prime(z):
    return _sigmoid(z) * _sigmoid(-z)


def forward(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    z2 = _sigmoid(z1) @ params["W2"].T + params["b2"]
    y_hat = _sigmoid(z2)
    return y_hat, SimpleNamespace(X=X, z1=z1, z2=z2, W2=params["W2"].copy())


def backward(y, cache):
    y_hat, a1 = _sigmoid(cache.z2), _sigmoid(cache.z1)
    d_z2 = 2.0 * (y_hat - y) / y.size * _sigmoid_prime(cache.z2)
    d_z1 = (d_z2 @ cache.W2) * _sigmoid_prime(cache.z1)
    return {"W2": np.matmul(d_z2.T, a1), "b2": np.add.reduce(d_z2, axis=0),
            "W1": np.matmul(d_z1.T, cache.X), "b1": np.add.reduce(d_z1, axis=0)}
