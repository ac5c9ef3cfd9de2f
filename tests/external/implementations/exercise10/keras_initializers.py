# external: Keras's initializers (keras/src/initializers/random_initializers.py) and Dense's defaults.
# source: VarianceScaling(scale, mode, distribution): n = fan_in, fan_out or their mean; stddev =
#   √(scale/n); "truncated_normal" draws from a normal cut at two standard deviations with stddev
#   divided by 0.87962566103423978 (so the truncated draw has the intended spread); "uniform" draws
#   U(−limit, limit) with limit = √(3·scale/n); GlorotUniform = VarianceScaling(1, "fan_avg", "uniform");
#   HeNormal = VarianceScaling(2, "fan_in", "truncated_normal"); Dense defaults: kernel_initializer
#   "glorot_uniform", bias_initializer "zeros". Keras initializers take no gain or nonlinearity.
# idea: the spread of a layer is set by the scale and a fan; the activation does not enter.
# differs: scheme "default" is what Keras's Dense does by default (Glorot uniform, zero biases); the
#   truncated normal is drawn with rng.normal and redrawn outside ±2σ; the (out, in) layout is torch's.
# expect: init_std wrong (torch's nn.Linear default is not Glorot; no gain for tanh and relu in Xavier;
#   He is √(2/fan_in) whatever the nonlinearity); init_params wrong (the same spreads, Keras's default
#   draws no bias, and the truncated normal's redraws).

import math

import numpy as np


def _variance_scaling(fan_in, fan_out, scale, mode, distribution):
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[mode]
    stddev = math.sqrt(scale / n)
    if distribution == "truncated_normal":
        return "truncated_normal", stddev / 0.87962566103423978
    return "uniform", math.sqrt(3.0 * scale / n)


def _keras(fan_in, fan_out, scheme):
    if scheme == "he":
        return _variance_scaling(fan_in, fan_out, 2.0, "fan_in", "truncated_normal")
    return _variance_scaling(fan_in, fan_out, 1.0, "fan_avg", "uniform")  # glorot_uniform, Dense's default


def init_std(fan_in, fan_out, scheme, nonlinearity):
    distribution, value = _keras(fan_in, fan_out, scheme)
    if distribution == "uniform":
        return value / math.sqrt(3.0)
    return value * 0.87962566103423978  # the spread of the truncated draw


def _truncated_normal(rng, stddev, shape):
    values = rng.normal(0.0, stddev, size=shape)
    outside = np.abs(values) > 2 * stddev
    while outside.any():
        values[outside] = rng.normal(0.0, stddev, size=int(outside.sum()))
        outside = np.abs(values) > 2 * stddev
    return values


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        distribution, value = _keras(fan_in, fan_out, scheme)
        if distribution == "uniform":
            params[f"W{l}"] = rng.uniform(-value, value, size=(fan_out, fan_in))
        else:
            params[f"W{l}"] = _truncated_normal(rng, value, (fan_out, fan_in))
        params[f"b{l}"] = np.zeros(fan_out)
    return params
