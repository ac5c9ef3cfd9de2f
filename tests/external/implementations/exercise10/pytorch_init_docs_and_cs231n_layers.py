# external: the formulas of torch.nn.init's documentation, and CS231n's layer-by-layer backward pass.
# source: torch.nn.init docs: calculate_gain (linear/sigmoid 1, tanh 5/3, relu √2, leaky_relu
#   √(2/(1 + a²))); xavier_uniform_: U(−a, a) with a = gain·√(6/(fan_in + fan_out)); kaiming_uniform_:
#   bound = gain·√(3/fan_in); kaiming_normal_: N(0, std²) with std = gain/√fan_in; nn.Linear's
#   reset_parameters: kaiming_uniform_(a=√5) for the weight, U(−1/√fan_in, 1/√fan_in) for the bias.
#   CS231n assignment 2 layers.py: affine_forward/affine_backward (dw = x.T @ dout, db = dout.sum(0),
#   dx = dout @ w.T), relu_backward (dx = dout * (x > 0)), sigmoid and tanh backward from the output.
# idea: a uniform U(−a, a) has standard deviation a/√3; backprop one layer at a time from a cache.
# differs: CS231n's w is (in, out); here it is torch's (out, in), so the products are transposed; the
#   loss is MSE (CS231n's are softmax and SVM); the residual branch adds its input, and its gradient
#   flows to both paths.
# expect: every function right.

import math

import numpy as np

GAIN = {"linear": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3.0, "relu": math.sqrt(2.0)}


def calculate_gain(nonlinearity, param=None):
    if nonlinearity == "leaky_relu":
        return math.sqrt(2.0 / (1 + param ** 2))
    return GAIN[nonlinearity]


def _bounds(fan_in, fan_out, scheme, nonlinearity):
    """("uniform", a) or ("normal", std)."""
    if scheme == "default":
        gain = calculate_gain("leaky_relu", math.sqrt(5))
        return "uniform", gain * math.sqrt(3.0 / fan_in)
    if scheme == "xavier":
        return "uniform", calculate_gain(nonlinearity) * math.sqrt(6.0 / (fan_in + fan_out))
    return "normal", calculate_gain(nonlinearity) / math.sqrt(fan_in)


def init_std(fan_in, fan_out, scheme, nonlinearity):
    kind, value = _bounds(fan_in, fan_out, scheme, nonlinearity)
    return value / math.sqrt(3.0) if kind == "uniform" else value


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        kind, value = _bounds(fan_in, fan_out, scheme, nonlinearity)
        if kind == "uniform":
            params[f"W{l}"] = rng.uniform(-value, value, size=(fan_out, fan_in))
        else:
            params[f"W{l}"] = rng.normal(0.0, value, size=(fan_out, fan_in))
        if scheme == "default":
            bound = 1 / math.sqrt(fan_in)
            params[f"b{l}"] = rng.uniform(-bound, bound, size=fan_out)
        else:
            params[f"b{l}"] = np.zeros(fan_out)
    return params


def affine_forward(x, w, b):
    return x @ w.T + b, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    return dout @ w, dout.T @ x, dout.sum(axis=0)


def activation_forward(z, activation):
    if activation == "relu":
        return np.maximum(0, z)
    if activation == "tanh":
        return np.tanh(z)
    return 1 / (1 + np.exp(-z))


def activation_backward(dout, z, out, activation):
    if activation == "relu":
        return dout * (z > 0)
    if activation == "tanh":
        return dout * (1 - out ** 2)
    return dout * out * (1 - out)


def layer_gradient_norms(params, X, y, activation, residual=False):
    L = sum(1 for key in params if key.startswith("W"))
    h, caches = X, []
    for l in range(1, L + 1):
        z, cache = affine_forward(h, params[f"W{l}"], params[f"b{l}"])
        if l == L:
            caches.append((cache, None, None, False))
            h = z
            break
        out = activation_forward(z, activation)
        skip = residual and 2 <= l <= L - 1
        caches.append((cache, z, out, skip))
        h = h + out if skip else out
    dh = 2 * (h - y) / y.size
    norms = [0.0] * L
    for l in range(L, 0, -1):
        cache, z, out, skip = caches[l - 1]
        if l < L:
            dz = activation_backward(dh, z, out, activation)
        else:
            dz = dh
        dx, dw, _ = affine_backward(dz, cache)
        norms[l - 1] = np.linalg.norm(dw)
        dh = dx + dh if skip else dx
    return np.array(norms)
