# catalog: correct
# why: works internally in the x @ W layout (weights transposed to (in, out)), gradients (in, out), einsum for products; the Frobenius norm does not care about the transpose.

import numpy as np


def init_std(fan_in, fan_out, scheme, nonlinearity):
    var = {
        "default": 1 / (3 * fan_in),
        "xavier": 2 / (fan_in + fan_out),
        "he": 1 / fan_in,
    }[scheme]
    if scheme != "default":
        var *= {"linear": 1, "sigmoid": 1, "tanh": 25 / 9, "relu": 2}[nonlinearity]
    return float(np.sqrt(var))


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    rng = np.random.default_rng(seed)
    out = {}
    for l, (n_in, n_out) in enumerate(zip(layer_sizes, layer_sizes[1:]), start=1):
        std = init_std(n_in, n_out, scheme, nonlinearity)
        if scheme == "he":
            out[f"W{l}"] = rng.normal(0, std, (n_out, n_in))
        else:
            out[f"W{l}"] = rng.uniform(-std * 3**0.5, std * 3**0.5, (n_out, n_in))
        out[f"b{l}"] = rng.uniform(-n_in**-0.5, n_in**-0.5, n_out) if scheme == "default" else np.zeros(n_out)
    return out


def layer_gradient_norms(params, X, y, activation, residual=False):
    Ws = [params[f"W{l}"].T for l in range(1, len(params) // 2 + 1)]  # (in, out)
    bs = [params[f"b{l}"] for l in range(1, len(Ws) + 1)]
    L = len(Ws)
    skip = [residual and 0 < i < L - 1 for i in range(L)]

    def act(z):
        if activation == "relu":
            return np.where(z > 0, z, 0.0)
        if activation == "tanh":
            return np.tanh(z)
        return 0.5 * (1 + np.tanh(z / 2))  # sigmoid without overflow

    acts, pre = [X], []
    for i in range(L):
        z = np.einsum("nd,dh->nh", acts[-1], Ws[i]) + bs[i]
        pre.append(z)
        if i == L - 1:
            acts.append(z)
        else:
            acts.append(act(z) + (acts[-1] if skip[i] else 0))
    delta = 2 * (acts[-1] - y) / y.size
    result = np.zeros(L)
    for i in reversed(range(L)):
        if i < L - 1:
            a = act(pre[i])
            if activation == "relu":
                slope = (pre[i] > 0).astype(float)
            elif activation == "tanh":
                slope = 1 - a * a
            else:
                slope = a * (1 - a)
            upstream = delta
            delta = delta * slope
        dW = np.einsum("nd,nh->dh", acts[i], delta)  # (in, out)
        result[i] = np.sqrt(np.einsum("ij,ij->", dW, dW))
        new = np.einsum("nh,dh->nd", delta, Ws[i])
        if skip[i]:
            new = new + upstream
        delta = new
    return result
