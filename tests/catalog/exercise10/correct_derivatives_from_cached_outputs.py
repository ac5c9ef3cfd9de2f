# catalog: correct
# why: derivatives from the cached outputs (σ(1 − σ), 1 − tanh², relu > 0), layers found by parsing the keys' numbers, a generator-style init, and a sqrt of summed squares for the norm.

import numpy as np


def init_std(fan_in, fan_out, scheme, nonlinearity):
    gain = np.sqrt(2.0) if nonlinearity == "relu" else (5.0 / 3.0 if nonlinearity == "tanh" else 1.0)
    if scheme == "default":
        a = np.sqrt(5.0)  # nn.Linear's kaiming_uniform_(a=sqrt(5))
        bound = np.sqrt(2.0 / (1 + a**2)) * np.sqrt(3.0 / fan_in)
        return bound / np.sqrt(3.0)
    if scheme == "xavier":
        return gain * np.sqrt(2.0) / np.sqrt(fan_in + fan_out)
    if scheme == "he":
        return np.sqrt(gain**2 / fan_in)
    raise ValueError(scheme)


def _layers(layer_sizes, scheme, nonlinearity, rng):
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = init_std(n_in, n_out, scheme, nonlinearity)
        if scheme == "he":
            W = rng.normal(0.0, std, size=(n_out, n_in))
        else:
            W = rng.uniform(-np.sqrt(3.0) * std, np.sqrt(3.0) * std, size=(n_out, n_in))
        if scheme == "default":
            b = rng.uniform(-1 / np.sqrt(n_in), 1 / np.sqrt(n_in), size=n_out)
        else:
            b = np.zeros(n_out)
        yield W, b


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for number, (W, b) in enumerate(_layers(layer_sizes, scheme, nonlinearity, rng), 1):
        params["W%d" % number] = W
        params["b%d" % number] = b
    return params


def layer_gradient_norms(params, X, y, activation, residual=False):
    numbers = sorted(int(key[1:]) for key in params if key[0] == "W")  # numeric, so W10 comes after W9
    L = numbers[-1]
    outputs = []  # f(z) of every hidden layer, kept to get f'(z) back from it
    inputs = []
    h = X
    for l in numbers:
        inputs.append(h)
        z = h.dot(params["W%d" % l].T) + params["b%d" % l]
        if l == L:
            h = z
            break
        if activation == "sigmoid":
            a = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
        elif activation == "tanh":
            a = np.tanh(z)
        else:
            a = np.maximum(z, 0)
        outputs.append(a)
        h = h + a if (residual and 1 < l < L) else a
    g = 2 * (h - y) / np.prod(y.shape)
    result = [0.0] * L
    for l in reversed(numbers):
        if l < L:
            a = outputs[l - 1]
            slope = {"sigmoid": a * (1 - a), "tanh": 1 - a * a, "relu": (a > 0).astype(float)}[activation]
            delta = g * slope
        else:
            delta = g
        grad_W = delta.T.dot(inputs[l - 1])
        result[l - 1] = np.sqrt(np.sum(grad_W * grad_W))
        g_below = delta.dot(params["W%d" % l])
        if residual and 1 < l < L:
            g_below += g
        g = g_below
    return np.array(result)
