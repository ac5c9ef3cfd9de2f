# external: per-layer gradients from Nielsen's network.py backprop, with his quadratic cost.
# source: Michael Nielsen, "Neural Networks and Deep Learning", network.py: backprop(x, y) for one
#   example (activations kept layer by layer; delta = cost_derivative(a, y) * σ'(z) at the output;
#   delta = (w_{l+1}ᵀ · delta) * σ'(z_l) going down; nabla_w = delta · a_{l−1}ᵀ), cost_derivative =
#   (output_activations − y), the derivative of C = ½‖y − a‖²; update_mini_batch sums nabla_w over the
#   mini-batch and scales by 1/len(mini_batch); chapter 5 plots ‖∂C/∂W‖ per layer to show vanishing;
#   network2.py's default_weight_initializer (np.random.randn(y, x)/np.sqrt(x), biases randn(y, 1)).
# idea: the gradient of the mean over examples of ½‖y − a‖², one example at a time.
# differs: the output layer is linear (no σ′ there), as the API's network; σ is the API's activation;
#   the residual branch is added to the recursion; biases are vectors; np.random.seed(seed) first.
# expect: init_params wrong (Nielsen's spreads and unit-Gaussian biases from the global generator,
#   whatever the scheme); layer_gradient_norms wrong: ½‖y − a‖² summed over the K outputs has gradient
#   (a − y)/N, torch's MSE (mean over N·K entries) 2(a − y)/(N·K): every norm is K/2 times torch's
#   (equal when the network has exactly 2 outputs).

import numpy as np


def _activation(name):
    if name == "relu":
        return lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)
    if name == "tanh":
        return np.tanh, lambda z: 1 - np.tanh(z) ** 2
    sigmoid = lambda z: 1.0 / (1.0 + np.exp(-z))
    return sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))


def backprop(x, y, weights, biases, activation, residual):
    f, f_prime = _activation(activation)
    L = len(weights)
    activation_value, activations, zs = x, [x], []
    for l, (w, b) in enumerate(zip(weights, biases), start=1):
        z = w @ activation_value + b
        zs.append(z)
        if l == L:
            activation_value = z
        elif residual and 2 <= l <= L - 1:
            activation_value = activation_value + f(z)
        else:
            activation_value = f(z)
        activations.append(activation_value)
    nabla_w = [None] * L
    upstream = activations[-1] - y  # cost_derivative: ∂C/∂a at the (linear) output
    for l in range(L, 0, -1):  # layer l, weights[l - 1]
        delta = upstream if l == L else upstream * f_prime(zs[l - 1])
        nabla_w[l - 1] = np.outer(delta, activations[l - 1])
        skip = residual and 2 <= l <= L - 1  # a_l = a_(l-1) + f(z_l): ∂C/∂a_l also reaches a_(l-1)
        upstream = weights[l - 1].T @ delta + (upstream if skip else 0)
    return nabla_w


def layer_gradient_norms(params, X, y, activation, residual=False):
    L = sum(1 for key in params if key.startswith("W"))
    weights = [params[f"W{l}"] for l in range(1, L + 1)]
    biases = [params[f"b{l}"] for l in range(1, L + 1)]
    nabla_w = [np.zeros_like(w) for w in weights]
    for x, target in zip(X, y):
        for total, delta_nabla in zip(nabla_w, backprop(x, target, weights, biases, activation, residual)):
            total += delta_nabla
    return np.array([np.linalg.norm(total / len(X)) for total in nabla_w])


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    # network2.py's default_weight_initializer: Gaussian weights of spread 1/√n_in, unit-Gaussian biases,
    # from numpy's global generator (np.random.seed for reproducibility, as the book's examples do).
    np.random.seed(seed)
    params = {}
    for l, (x, y) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"b{l}"] = np.random.randn(y)
        params[f"W{l}"] = np.random.randn(y, x) / np.sqrt(x)
    return params
