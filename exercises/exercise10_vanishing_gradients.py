"""Exercise 10 — vanishing and exploding gradients.

Backpropagation through a deep network multiplies, layer after layer, by each layer's weights and
by the derivative of its activation. Whether the product shrinks, stays put or grows decides
whether the first layers learn at all. You will measure it, in your own code, on the networks
torch builds:

- `init_std`: how widely torch spreads a layer's initial weights under its three usual schemes;
- `init_params`: a whole deep network's weights and biases, drawn with those spreads;
- `layer_gradient_norms`: the size of the loss gradient with respect to every layer's weights,
  from the input layer to the output layer, with an optional residual (skip) connection.

With the three together one call draws the per-layer picture of a network:

    layer_gradient_norms(init_params(sizes, "he", "relu", seed=0), X, y, "relu")

Derive each answer yourself: `learn show exercise10` explains the ideas (why gradients multiply,
where Xavier's and He's formulas come from), `learn hint exercise10` helps when stuck.
Check your work with `learn check exercise10`.
"""

import math

import numpy as np


def init_std(fan_in, fan_out, scheme, nonlinearity):
    """The standard deviation of the initial weights torch draws for one layer.

    The layer is a torch.nn.Linear(fan_in, fan_out): its weight has shape (fan_out, fan_in).

    - scheme "default": what nn.Linear(fan_in, fan_out) does on its own (its reset_parameters:
      nn.init.kaiming_uniform_ with a=math.sqrt(5)). It does not know which nonlinearity
      follows, so `nonlinearity` is ignored.
    - scheme "xavier": nn.init.xavier_uniform_ with gain=nn.init.calculate_gain(nonlinearity).
    - scheme "he": nn.init.kaiming_normal_ with mode="fan_in" and the given nonlinearity.

    calculate_gain is 1 for "linear" and "sigmoid" and 5/3 for "tanh" (an empirical choice);
    for "relu" it is the value that makes He's initialisation keep the variance of a ReLU layer's
    signal from one layer to the next: derive it.

    Whatever the distribution (uniform or normal), return its standard deviation, not a bound.

    Args:
        fan_in: number of inputs of the layer (int ≥ 1).
        fan_out: number of outputs of the layer (int ≥ 1).
        scheme: "default", "xavier" or "he".
        nonlinearity: "linear", "sigmoid", "tanh" or "relu".

    Returns:
        A positive float.
    """
    # TODO: the standard deviation of the distribution torch's `scheme` draws this layer's weights from
    raise NotImplementedError("init_std is not implemented yet")


def init_params(layer_sizes, scheme, nonlinearity, seed=0):
    """The weights and biases of a deep network, initialised as torch's `scheme` would.

    layer_sizes = [n_0, n_1, ..., n_L] describes L linear layers; layer l (1 ≤ l ≤ L) maps
    n_(l−1) inputs to n_l outputs, laid out like torch.nn.Linear(n_(l−1), n_l).

    - "default": W_l as nn.Linear draws it, and b_l from U(−1/√n_(l−1), 1/√n_(l−1)) as
      nn.Linear draws its bias;
    - "xavier": W_l as nn.init.xavier_uniform_ (gain of `nonlinearity`) draws it; b_l = 0;
    - "he": W_l as nn.init.kaiming_normal_ (mode "fan_in", `nonlinearity`) draws it; b_l = 0.

    numpy cannot reproduce torch's random numbers, so the grader reproduces yours instead: make
    exactly these draws, in this order, from rng = np.random.default_rng(seed): for l = 1, ..., L,
    first W_l with rng.uniform(low, high, size=(n_l, n_(l−1))) for a uniform scheme or
    rng.normal(0.0, std, size=(n_l, n_(l−1))) for a normal one, then, for "default" only, b_l with
    rng.uniform(low, high, size=n_l). Zero biases are not drawn.

    Args:
        layer_sizes: list of L + 1 positive ints.
        scheme: "default", "xavier" or "he".
        nonlinearity: "linear", "sigmoid", "tanh" or "relu" (ignored by "default").
        seed: the seed of the generator.

    Returns:
        dict with "W1", "b1", ..., "WL", "bL": W_l of shape (n_l, n_(l−1)), b_l of shape (n_l,),
        float arrays.
    """
    # TODO: draw every layer's weights (and the default scheme's biases) in the order stated above
    raise NotImplementedError("init_params is not implemented yet")


def layer_gradient_norms(params, X, y, activation, residual=False):
    """The size of the loss gradient with respect to each layer's weights, input layer first.

    The network has L = (number of "W" keys in params) linear layers, laid out like
    torch.nn.Linear (W_l of shape (n_l, n_(l−1)), b_l of shape (n_l,)). Starting from h_0 = X:

    - layer l < L computes z_l = linear(h_(l−1), W_l, b_l) (torch.nn.functional.linear) and
      h_l = activation(z_l), with activation torch.sigmoid, torch.tanh or torch.relu;
    - with residual=True, the hidden-to-hidden layers 2 ≤ l ≤ L − 1 also add their input:
      h_l = h_(l−1) + activation(z_l) (their widths are all equal); layer 1 and layer L have no
      skip connection;
    - the output layer is linear, with no activation: y_hat = linear(h_(L−1), W_L, b_L);
    - the loss is torch.nn.functional.mse_loss(y_hat, y) (reduction "mean").

    Entry l − 1 of the result is the Frobenius norm of ∂loss/∂W_l: torch.linalg.norm(W_l.grad)
    after loss.backward() in torch.

    Args:
        params: dict with "W1", "b1", ..., "WL", "bL" (L ≥ 2), float arrays.
        X: inputs, shape (N, n_0).
        y: targets, shape (N, n_L).
        activation: "sigmoid", "tanh" or "relu", for the hidden layers.
        residual: whether layers 2 … L − 1 have a skip connection.

    Returns:
        Float array of shape (L,): the norms of layers 1, ..., L in that order.
    """
    # TODO: run the network forward, backpropagate the loss, and measure every weight gradient
    raise NotImplementedError("layer_gradient_norms is not implemented yet")
