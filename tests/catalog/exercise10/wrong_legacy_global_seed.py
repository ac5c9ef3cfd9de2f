# catalog: wrong
# expect-fail: init_params
# expect-mistake: draw.legacy_generator
# why: seeds numpy's legacy global generator (np.random.seed) instead of np.random.default_rng(seed).

import numpy as np

GAINS = {"linear": 1.0, "sigmoid": 1.0, "tanh": 5 / 3, "relu": np.sqrt(2)}


def init_std(fan_in, fan_out, scheme, nonlinearity):
    gain = GAINS[nonlinearity]
    if scheme == "default":
        return 1 / np.sqrt(3 * fan_in)
    if scheme == "xavier":
        return gain * np.sqrt(2 / (fan_in + fan_out))
    return gain / np.sqrt(fan_in)


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    np.random.seed(seed)
    rng = np.random
    params = {}
    for l in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        std = init_std(fan_in, fan_out, scheme, nonlinearity)
        if scheme == "he":
            W = rng.normal(0.0, std, size=(fan_out, fan_in))
        else:
            a = np.sqrt(3) * std
            W = rng.uniform(-a, a, size=(fan_out, fan_in))
        if scheme == "default":
            bound = 1 / np.sqrt(fan_in)
            b = rng.uniform(-bound, bound, size=fan_out)
        else:
            b = np.zeros(fan_out)
        params[f"W{l}"] = W
        params[f"b{l}"] = b
    return params


def _sigmoid(z):
    return np.exp(-np.logaddexp(0, -z))


ACTIVATIONS = {
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0) * 1.0),
}


def layer_gradient_norms(params, X, y, activation, residual=False):
    f, df = ACTIVATIONS[activation]
    L = len(params) // 2
    hs, zs = [X], []
    for l in range(1, L + 1):
        z = hs[-1] @ params[f"W{l}"].T + params[f"b{l}"]
        zs.append(z)
        if l == L:
            hs.append(z)
        elif residual and 1 < l < L:
            hs.append(hs[-1] + f(z))
        else:
            hs.append(f(z))
    dh = 2 * (hs[-1] - y) / y.size
    norms = []
    for l in range(L, 0, -1):
        dz = dh if l == L else dh * df(zs[l - 1])
        norms.append(np.linalg.norm(dz.T @ hs[l - 1]))
        d_prev = dz @ params[f"W{l}"]
        if residual and 1 < l < L:
            d_prev = d_prev + dh
        dh = d_prev
    return np.array(norms[::-1])
