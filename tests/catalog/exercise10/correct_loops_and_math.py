# catalog: correct
# why: plain Python: math for the scales, draws built from rng.random and rng.standard_normal, per-sample loops for every gradient.

import math

import numpy as np


def init_std(fan_in, fan_out, scheme, nonlinearity):
    if scheme == "default":
        # nn.Linear: kaiming_uniform_ with a = sqrt(5), so gain = sqrt(2 / (1 + 5))
        gain = math.sqrt(2 / (1 + 5))
        return gain / math.sqrt(fan_in)
    gain = {"linear": 1, "sigmoid": 1, "tanh": 5 / 3, "relu": math.sqrt(2)}[nonlinearity]
    if scheme == "xavier":
        bound = gain * math.sqrt(6 / (fan_in + fan_out))  # xavier_uniform_'s bound
        return bound / math.sqrt(3)
    return gain / math.sqrt(fan_in)


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        s = init_std(n_in, n_out, scheme, nonlinearity)
        if scheme == "he":
            W = s * rng.standard_normal((n_out, n_in))
        else:
            a = s * math.sqrt(3)
            W = a * (2 * rng.random((n_out, n_in)) - 1)
        params["W" + str(i + 1)] = W
        if scheme == "default":
            c = 1 / math.sqrt(n_in)
            params["b" + str(i + 1)] = c * (2 * rng.random(n_out) - 1)
        else:
            params["b" + str(i + 1)] = np.zeros(n_out)
    return params


def _f(name, z):
    if name == "sigmoid":
        return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
    if name == "tanh":
        return math.tanh(z)
    return max(z, 0.0)


def _df(name, z):
    if name == "sigmoid":
        s = _f(name, z)
        return s * (1 - s)
    if name == "tanh":
        return 1 - math.tanh(z) ** 2
    return 1.0 if z > 0 else 0.0


def layer_gradient_norms(params, X, y, activation, residual=False):
    L = 0
    while f"W{L + 1}" in params:
        L += 1
    N = X.shape[0]
    total = np.zeros(L)
    grads = [np.zeros_like(params[f"W{l}"], dtype=float) for l in range(1, L + 1)]
    for n in range(N):  # one sample at a time; the batch gradient is the sum
        h = [list(X[n])]
        z_all = []
        for l in range(1, L + 1):
            W, b = params[f"W{l}"], params[f"b{l}"]
            z = [sum(W[i, j] * h[-1][j] for j in range(len(h[-1]))) + b[i] for i in range(len(b))]
            z_all.append(z)
            if l == L:
                h.append(z)
            elif residual and 2 <= l <= L - 1:
                h.append([h[-1][i] + _f(activation, z[i]) for i in range(len(z))])
            else:
                h.append([_f(activation, v) for v in z])
        count = y.shape[0] * y.shape[1]
        g = [2 * (h[-1][k] - y[n, k]) / count for k in range(y.shape[1])]
        for l in range(L, 0, -1):
            W = params[f"W{l}"]
            if l == L:
                dz = g
            else:
                dz = [g[i] * _df(activation, z_all[l - 1][i]) for i in range(len(g))]
            for i in range(len(dz)):
                for j in range(len(h[l - 1])):
                    grads[l - 1][i, j] += dz[i] * h[l - 1][j]
            back = [sum(dz[i] * W[i, j] for i in range(len(dz))) for j in range(W.shape[1])]
            if residual and 2 <= l <= L - 1:
                back = [back[j] + g[j] for j in range(len(back))]
            g = back
    for l in range(L):
        total[l] = math.sqrt(sum(v * v for v in grads[l].ravel()))
    return total
