"""exercise10 — vanishing and exploding gradients, against torch.nn.init and torch.autograd.

Three ideas, each checked exactly:
- the spread of torch's initial weights (nn.Linear's default, xavier_uniform_, kaiming_normal_),
  read off torch itself by drawing the same seed twice (see _torch_scale);
- a deep network's weights drawn with those spreads, in the order the stub states, so that the
  parent can replay the learner's numpy draws;
- the per-layer norms of ∂loss/∂W_l of deep MLPs against autograd, on weights the parent draws:
  sigmoid (vanishing), ReLU and tanh (stable with the right scale, vanishing with nn.Linear's,
  exploding with a larger one), and residual networks, where the skip connection keeps
  the gradient of the first layers alive.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from grader.checks.base import Call, Case, Check, Pick, normal, tensor, torch, uniform
from grader.compare import Tolerance

# calculate_gain, for the parent's own draws and the known mistakes (references ask torch).
GAIN = {"linear": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3.0, "relu": math.sqrt(2.0)}

# Norms of a vanishing profile reach 1e-8 at the first layer: an absolute tolerance of 1e-6 would
# accept anything there (zeros included), so only the relative one applies. Measured over 300
# seeds: correct float32 code stays within 2e-5 of torch's float64 norms, and the nearest known
# mistake (the spectral norm, close to the Frobenius norm for these nearly rank-one gradients)
# is at least 1.7e-3 away.
NORMS_TOLERANCE = Tolerance(atol=0.0)

DEPTH = 10  # linear layers: sigmoid's first-layer gradient is then 1e-8 to 1e-6 of its last one


def _std(fan_in: int, fan_out: int, scheme: str, nonlinearity: str) -> float:
    """torch's standard deviation, in numpy: for the parent's draws and the mistakes only."""
    if scheme == "default":
        return 1.0 / math.sqrt(3.0 * fan_in)
    if scheme == "xavier":
        return GAIN[nonlinearity] * math.sqrt(2.0 / (fan_in + fan_out))
    return GAIN[nonlinearity] / math.sqrt(fan_in)


# ----------------------------------------------------------------------------- torch's scales


@lru_cache(maxsize=None)
def _torch_scale(scheme: str, nonlinearity: str, fan_in: int, fan_out: int) -> tuple[float, float]:
    """(weight scale, bias bound) of torch's draw for a (fan_out, fan_in) layer, read off torch.

    The scale is the bound of a uniform scheme and the std of a normal one. torch fills a tensor
    as scale · (its unit draw), so filling once with the scheme and once with unit draws from the
    same seed, the least-squares ratio of the two is the scale (exact to ~1e-16), whatever
    formula torch uses. "default" is nn.Linear itself: its weight and then its bias.
    """
    torch_ = torch()
    init = torch_.nn.init
    kind = "normal" if scheme == "he" else "uniform"

    def unit(*shape):
        empty = torch_.empty(*shape, dtype=torch_.float64)
        return empty.normal_(0.0, 1.0) if kind == "normal" else empty.uniform_(-1.0, 1.0)

    with torch_.random.fork_rng(devices=[]):
        torch_.manual_seed(0)
        if scheme == "default":
            layer = torch_.nn.Linear(fan_in, fan_out, dtype=torch_.float64)
            weight, bias = layer.weight.detach(), layer.bias.detach()
        else:
            weight, bias = torch_.empty(fan_out, fan_in, dtype=torch_.float64), None
            if scheme == "xavier":
                init.xavier_uniform_(weight, gain=init.calculate_gain(nonlinearity))
            else:
                init.kaiming_normal_(weight, mode="fan_in", nonlinearity=nonlinearity)
        torch_.manual_seed(0)
        unit_weight, unit_bias = unit(fan_out, fan_in), unit(fan_out)

    def ratio(drawn, units):
        return float((drawn * units).sum() / (units * units).sum())

    return ratio(weight, unit_weight), (ratio(bias, unit_bias) if bias is not None else 0.0)


# ----------------------------------------------------------------------------- init_std


def _std_mistakes(fan_in: int, fan_out: int, scheme: str, nonlinearity: str) -> dict:
    """What common wrong formulas give, without those that happen to equal the right one."""
    gain, right = GAIN[nonlinearity], _std(fan_in, fan_out, scheme, nonlinearity)
    if scheme == "default":
        mistakes = {"std.default_standard_normal": 1.0,
                    "std.default_fan_out": 1.0 / math.sqrt(3.0 * fan_out),
                    "std.default_as_he": gain / math.sqrt(fan_in)}
    elif scheme == "xavier":
        mistakes = {"std.xavier_fan_in_only": gain / math.sqrt(fan_in),
                    "std.xavier_sum_without_two": gain / math.sqrt(fan_in + fan_out),
                    "std.xavier_product_of_fans": gain * math.sqrt(2.0 / (fan_in * fan_out)),
                    "std.gain_missing": math.sqrt(2.0 / (fan_in + fan_out)),
                    "std.gain_squared": gain**2 * math.sqrt(2.0 / (fan_in + fan_out)),
                    "std.gain_on_variance": math.sqrt(gain * 2.0 / (fan_in + fan_out))}
    else:
        mistakes = {"std.he_fan_out": gain / math.sqrt(fan_out),
                    "std.gain_missing": 1.0 / math.sqrt(fan_in),
                    "std.gain_squared": gain**2 / math.sqrt(fan_in),
                    "std.gain_on_variance": math.sqrt(gain / fan_in),
                    "std.he_as_xavier": gain * math.sqrt(2.0 / (fan_in + fan_out))}
    if scheme != "he":  # the uniform schemes: the bound of U(−a, a) is not its std
        mistakes["std.uniform_bound"] = math.sqrt(3.0) * right
    mistakes["std.variance"] = right**2
    return {key: value for key, value in mistakes.items() if abs(value - right) > 1e-3 * right}


def _distinct(values) -> bool:
    values = sorted(values)
    return all(b - a > 0.01 * b for a, b in zip(values, values[1:]))


def _std_cases(scheme: str, nonlinearities: tuple[str, ...]):
    """One layer per nonlinearity, with fans drawn so that no two known mistakes (nor a mistake
    and the right answer) give the same number: the mistake named is then the one made."""
    def make(rng):
        cases = []
        for nonlinearity in nonlinearities:
            for _ in range(1000):  # a handful of draws in practice
                fan_in, fan_out = (int(n) for n in rng.integers(3, 65, size=2))
                values = [_std(fan_in, fan_out, scheme, nonlinearity),
                          *_std_mistakes(fan_in, fan_out, scheme, nonlinearity).values()]
                if fan_in != fan_out and _distinct(values):
                    break
            else:
                raise AssertionError(f"no fans tell the known mistakes of {scheme}/{nonlinearity} apart")
            cases.append(Case(Call("init_std", (fan_in, fan_out, scheme, nonlinearity))))
        return cases

    return make


def _std_reference(case: Case) -> np.ndarray:
    fan_in, fan_out, scheme, nonlinearity = case.call.args
    scale, _ = _torch_scale(scheme, nonlinearity, fan_in, fan_out)
    return np.array(scale if scheme == "he" else scale / math.sqrt(3.0))  # U(−a, a): std a/√3


def _std_variants(case: Case) -> dict:
    return _std_mistakes(*case.call.args)


# ----------------------------------------------------------------------------- init_params

INIT_SCHEMES = [("default", "relu"), ("xavier", "tanh"), ("he", "relu")]


def _init_cases(rng):
    """Three layers of four distinct widths, under each scheme; every W and b is compared."""
    cases = []
    for scheme, nonlinearity in INIT_SCHEMES:
        sizes = [int(n) for n in rng.choice(np.arange(3, 10), size=4, replace=False)]
        seed = int(rng.integers(0, 2**31))
        call = Call("init_params", (sizes, scheme, nonlinearity), {"seed": seed})
        for layer in range(1, len(sizes)):
            cases += [Case(call, pick=Pick("key", f"W{layer}")), Case(call, pick=Pick("key", f"b{layer}"))]
    return cases


def _replay(sizes, seed, weight, bias, *, legacy=False, bias_first=False) -> dict:
    """The stub's draws, replayed: weight(rng, fan_in, fan_out) and bias(rng, fan_in, fan_out)
    return an array, or None for a bias that is zero and not drawn."""
    rng = np.random.RandomState(seed) if legacy else np.random.default_rng(seed)
    params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        if bias_first:
            b = bias(rng, fan_in, fan_out)
            W = weight(rng, fan_in, fan_out)
        else:
            W = weight(rng, fan_in, fan_out)
            b = bias(rng, fan_in, fan_out)
        params[f"W{layer}"], params[f"b{layer}"] = W, np.zeros(fan_out) if b is None else b
    return params


def _uniform_weight(bound_of, transposed=False):
    def draw(rng, fan_in, fan_out):
        bound = bound_of(fan_in, fan_out)
        return rng.uniform(-bound, bound, size=(fan_in, fan_out) if transposed else (fan_out, fan_in))
    return draw


def _normal_weight(std_of, transposed=False):
    def draw(rng, fan_in, fan_out):
        return rng.normal(0.0, std_of(fan_in, fan_out), size=(fan_in, fan_out) if transposed else (fan_out, fan_in))
    return draw


def _linear_bias(rng, fan_in, fan_out):
    bound = 1.0 / math.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=fan_out)


def _no_bias(rng, fan_in, fan_out):
    return None


def _init_reference(case: Case) -> np.ndarray:
    sizes, scheme, nonlinearity = case.call.args
    seed = case.call.kwargs["seed"]

    def scale(fan_in, fan_out):
        return _torch_scale(scheme, nonlinearity, fan_in, fan_out)[0]

    def bias(rng, fan_in, fan_out):
        if scheme != "default":
            return None
        bound = _torch_scale(scheme, nonlinearity, fan_in, fan_out)[1]
        return rng.uniform(-bound, bound, size=fan_out)

    weight = _normal_weight(scale) if scheme == "he" else _uniform_weight(scale)
    return _replay(sizes, seed, weight, bias)[case.pick.index]


def _init_variants(case: Case) -> dict:
    sizes, scheme, nonlinearity = case.call.args
    seed = case.call.kwargs["seed"]

    def std(fan_in, fan_out):
        return _std(fan_in, fan_out, scheme, nonlinearity)

    def bound(fan_in, fan_out):
        return math.sqrt(3.0) * std(fan_in, fan_out)

    def swapped(fan_in, fan_out):
        return std(fan_out, fan_in)

    bias = _linear_bias if scheme == "default" else _no_bias
    if scheme == "he":
        right = _normal_weight(std)
        draws = {"draw.uniform_instead_of_normal": (_uniform_weight(bound), bias),
                 "draw.fans_swapped": (_normal_weight(swapped), bias),
                 "draw.weights_transposed": (_normal_weight(std, transposed=True), bias)}
    else:
        right = _uniform_weight(bound)
        draws = {"draw.uniform_bound_is_std": (_uniform_weight(std), bias),
                 "draw.normal_instead_of_uniform": (_normal_weight(std), bias),
                 "draw.fans_swapped": (_uniform_weight(lambda i, o: math.sqrt(3.0) * swapped(i, o)), bias),
                 "draw.weights_transposed": (_uniform_weight(bound, transposed=True), bias)}
    if scheme == "default":
        draws["draw.default_standard_normal"] = (_normal_weight(lambda i, o: 1.0), bias)
        draws["draw.default_biases_not_drawn"] = (right, _no_bias)
    else:
        draws["draw.biases_drawn"] = (right, _linear_bias)
    key = case.pick.index
    variants = {name: _replay(sizes, seed, weight, b)[key] for name, (weight, b) in draws.items()}
    variants["draw.legacy_generator"] = _replay(sizes, seed, right, bias, legacy=True)[key]
    if scheme == "default":
        variants["draw.bias_before_weight"] = _replay(sizes, seed, right, bias, bias_first=True)[key]
    expected = _replay(sizes, seed, right, bias)[key]
    # A mistake that changes nothing in this array (xavier's fans are symmetric, layer 1 is drawn
    # before any bias) must not be offered as the diagnosis of another one.
    return {name: value for name, value in variants.items()
            if value.shape != expected.shape or not np.allclose(value, expected, rtol=1e-6, atol=0)}


# ----------------------------------------------------------------------------- gradient norms


def _sizes(rng, residual: bool) -> tuple[int, list[int]]:
    """Batch size and layer widths: input, hidden and output widths and the batch all distinct;
    hidden widths alternate unless the network is residual (its skips need equal widths)."""
    n, d, k = (int(v) for v in rng.choice(np.arange(3, 15), size=3, replace=False))
    wide, narrow = (int(v) for v in rng.choice(np.arange(16, 29), size=2, replace=False))
    hidden = [wide] * (DEPTH - 1) if residual else [wide if i % 2 == 0 else narrow for i in range(DEPTH - 1)]
    return n, [d, *hidden, k]


def _network(rng, sizes, scheme, nonlinearity, factor=1.0) -> dict:
    """Weights with the spread of torch's scheme (times ``factor``); nn.Linear's biases for the
    default scheme, small non-zero ones otherwise (zero biases would hide a forgotten b)."""
    params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        std = factor * _std(fan_in, fan_out, scheme, nonlinearity)
        if scheme == "he":
            params[f"W{layer}"] = normal(rng, fan_out, fan_in, scale=std)
        else:
            params[f"W{layer}"] = uniform(rng, -math.sqrt(3.0) * std, math.sqrt(3.0) * std, fan_out, fan_in)
        if scheme == "default":
            params[f"b{layer}"] = uniform(rng, -1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), fan_out)
        else:
            params[f"b{layer}"] = normal(rng, fan_out, scale=0.1)
    return params


def _norm_cases(settings, residual=False):
    """settings: (activation, scheme, weight factor) per case, each on a network of its own."""
    def make(rng):
        cases = []
        for activation, scheme, factor in settings:
            n, sizes = _sizes(rng, residual)
            params = _network(rng, sizes, scheme, activation, factor)
            X, y = normal(rng, n, sizes[0]), normal(rng, n, sizes[-1])
            kwargs = {"residual": True} if residual else {}
            cases.append(Case(Call("layer_gradient_norms", (params, X, y, activation), kwargs),
                              context={"N": n, "K": sizes[-1], "numel": n * sizes[-1]}))
        return cases

    return make


def _depth(params) -> int:
    return sum(1 for key in params if key.startswith("W"))


def _has_skip(layer: int, depth: int, residual: bool) -> bool:
    return residual and 2 <= layer <= depth - 1


def _norms_reference(case: Case) -> np.ndarray:
    params, X, y, activation = case.call.args
    residual = case.call.kwargs.get("residual", False)
    torch_ = torch()
    functional = torch_.nn.functional
    f = {"sigmoid": torch_.sigmoid, "tanh": torch_.tanh, "relu": torch_.relu}[activation]
    depth = _depth(params)
    weights = [tensor(params[f"W{layer}"], requires_grad=True) for layer in range(1, depth + 1)]
    h = tensor(X)
    for layer, weight in enumerate(weights, start=1):
        z = functional.linear(h, weight, tensor(params[f"b{layer}"]))
        h = z if layer == depth else (h + f(z) if _has_skip(layer, depth, residual) else f(z))
    functional.mse_loss(h, tensor(y)).backward()  # mean over all N·K entries
    return np.array([float(torch_.linalg.norm(weight.grad)) for weight in weights])


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


ACTIVATIONS = {
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
}
WRONG_DERIVATIVES = {  # what f' is replaced by
    "activation": lambda f, z: f(z),
    "one": lambda f, z: np.ones_like(z),
    "preactivation": lambda f, z: z * (1 - z) if f is _sigmoid else 1 - z**2,
    "not_squared": lambda f, z: 1 - f(z),
}


def _numpy_norms(params, X, y, activation, residual, *, derivative=None, measure="weight", norm="fro",
                 output_activated=False, skip="both") -> np.ndarray:
    """The network's forward and backward written out, with switches for the steps learners
    most often get wrong. skip: "both" (right), "forward" (none in the backward), "inside"
    (h_l = f(z_l + h_(l−1))) or "none"."""
    f, f_prime = ACTIVATIONS[activation]
    if derivative is not None:
        def f_prime(z):
            return WRONG_DERIVATIVES[derivative](f, z)
    depth = _depth(params)
    skips = {layer for layer in range(1, depth + 1) if _has_skip(layer, depth, residual) and skip != "none"}
    inputs, pre_activations, outputs = [], [], []
    h = X
    for layer in range(1, depth + 1):
        z = h @ params[f"W{layer}"].T + params[f"b{layer}"]
        if layer in skips and skip == "inside":
            z = z + h
        inputs.append(h)
        pre_activations.append(z)
        if layer == depth:
            h = f(z) if output_activated else z
        elif layer in skips and skip != "inside":
            h = h + f(z)
        else:
            h = f(z)
        outputs.append(h)
    grad_h = 2.0 * (h - y) / y.size
    measured = [None] * depth
    for layer in range(depth, 0, -1):
        z = pre_activations[layer - 1]
        grad_z = grad_h * f_prime(z) if layer < depth or output_activated else grad_h
        measured[layer - 1] = {"weight": grad_z.T @ inputs[layer - 1], "bias": grad_z.sum(axis=0),
                               "grad_z": grad_z, "activation": outputs[layer - 1]}[measure]
        grad_input = grad_z @ params[f"W{layer}"]
        if layer in skips and skip == "both":
            grad_input = grad_input + grad_h
        elif layer in skips and skip == "inside":
            grad_input = grad_input + grad_z
        grad_h = grad_input
    if norm == "spectral":
        return np.array([np.linalg.norm(m, 2) if m.ndim == 2 else np.linalg.norm(m) for m in measured])
    return np.array([np.sum(m**2) if norm == "squared" else np.linalg.norm(m) for m in measured])


def _norms_variants(case: Case) -> dict:
    params, X, y, activation = case.call.args
    residual = case.call.kwargs.get("residual", False)

    def norms(**mistake):
        return _numpy_norms(params, X, y, activation, residual, **mistake)

    right = norms()
    n, k = y.shape
    variants = {
        "norms.reversed": right[::-1],
        "norms.bias_gradients": norms(measure="bias"),
        "norms.of_preactivation_gradients": norms(measure="grad_z"),
        "norms.of_activations": norms(measure="activation"),
        "norms.sum_not_mean": right * (n * k),
        "norms.batch_mean_only": right * k,
        "norms.missing_factor_two": right / 2,
        "norms.output_activated": norms(output_activated=True),
        "norms.squared": norms(norm="squared"),
        "norms.spectral": norms(norm="spectral"),
        "norms.derivative_is_activation": norms(derivative="activation"),
        "norms.derivative_missing": norms(derivative="one"),
    }
    if activation != "relu":  # relu' read off z or off relu(z) is the same
        variants["norms.derivative_of_preactivation"] = norms(derivative="preactivation")
    if activation == "tanh":
        variants["norms.tanh_derivative_not_squared"] = norms(derivative="not_squared")
    if residual:
        variants.update({"residual.skip_ignored": norms(skip="none"),
                         "residual.skip_not_in_backward": norms(skip="forward"),
                         "residual.skip_inside_activation": norms(skip="inside")})
    return variants


# Sigmoid vanishes under every scheme; ReLU is flat under He, vanishes under nn.Linear's default
# and explodes with twice He's spread; tanh is flat under Xavier with its gain and grows towards
# the input with 1.7 times it (not twice: tanh' then cancels so much in float32 that correct
# float32 code came within a factor 2 of the tolerance). Residual networks keep sigmoid's first
# layers alive.
SIGMOID_SETTINGS = [("sigmoid", "default", 1.0), ("sigmoid", "xavier", 1.0), ("sigmoid", "he", 1.0)]
RELU_TANH_SETTINGS = [("relu", "he", 1.0), ("relu", "default", 1.0), ("relu", "he", 2.0),
                      ("tanh", "xavier", 1.0), ("tanh", "xavier", 1.7)]
RESIDUAL_SETTINGS = [("sigmoid", "default", 1.0), ("relu", "default", 1.0)]

CHECKS = [
    Check("init_std_default", "init_std", _std_cases("default", ("relu", "tanh")), _std_reference, _std_variants),
    # Not relu: with its gain √2, a missing gain and a missing 2 in 2/(fan_in + fan_out) coincide.
    Check("init_std_xavier", "init_std", _std_cases("xavier", ("tanh", "sigmoid", "tanh")), _std_reference,
          _std_variants),
    Check("init_std_he", "init_std", _std_cases("he", ("relu", "tanh", "linear")), _std_reference, _std_variants),
    Check("init_params", "init_params", _init_cases, _init_reference, _init_variants),
    Check("gradient_norms_sigmoid", "layer_gradient_norms", _norm_cases(SIGMOID_SETTINGS), _norms_reference,
          _norms_variants, NORMS_TOLERANCE),
    Check("gradient_norms_relu_tanh", "layer_gradient_norms", _norm_cases(RELU_TANH_SETTINGS), _norms_reference,
          _norms_variants, NORMS_TOLERANCE),
    Check("gradient_norms_residual", "layer_gradient_norms", _norm_cases(RESIDUAL_SETTINGS, residual=True),
          _norms_reference, _norms_variants, NORMS_TOLERANCE),
]
