# external: the initialisations as the two papers state them.
# source: Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural networks"
#   (AISTATS 2010): the "commonly used heuristic" W ~ U[−1/√n, 1/√n] (n the size of the previous layer,
#   eq. 1) and the "normalized initialization" W ~ U[−√6/√(n_j + n_{j+1}), √6/√(n_j + n_{j+1})] (eq. 16);
#   He, Zhang, Ren & Sun, "Delving Deep into Rectifiers" (ICCV 2015): a zero-mean Gaussian with
#   standard deviation √(2/n_l) (eq. 10), biases 0.
# idea: keep the variance of the signal from layer to layer; the papers derive one formula each.
# differs: "default" is the paper's common heuristic, "xavier" its normalized initialization, "he" the
#   ReLU paper's Gaussian; the standard deviation of U[−a, a] is a/√3. Only init_std and init_params.
# expect: init_std wrong: the papers have no gain, so Xavier is right only for linear and sigmoid and He
#   only for relu (right for "default": the heuristic is nn.Linear's U(−1/√fan_in, 1/√fan_in));
#   init_params wrong for the same spreads (its draws are otherwise in the stub's order).

import math

import numpy as np


def _distribution(n_in, n_out, scheme):
    if scheme == "default":
        return "uniform", 1.0 / math.sqrt(n_in)
    if scheme == "xavier":
        return "uniform", math.sqrt(6.0) / math.sqrt(n_in + n_out)
    return "normal", math.sqrt(2.0 / n_in)


def init_std(fan_in, fan_out, scheme, nonlinearity):
    kind, value = _distribution(fan_in, fan_out, scheme)
    return value / math.sqrt(3.0) if kind == "uniform" else value


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        kind, value = _distribution(n_in, n_out, scheme)
        if kind == "uniform":
            params[f"W{l}"] = rng.uniform(-value, value, size=(n_out, n_in))
        else:
            params[f"W{l}"] = rng.normal(0.0, value, size=(n_out, n_in))
        params[f"b{l}"] = (rng.uniform(-1 / math.sqrt(n_in), 1 / math.sqrt(n_in), size=n_out)
                           if scheme == "default" else np.zeros(n_out))
    return params
