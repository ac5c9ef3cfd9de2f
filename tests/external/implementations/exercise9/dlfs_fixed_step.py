# external: the numerical gradient of "Deep Learning from Scratch" (common/gradient.py), whose step is fixed.
# source: Koki Saito, deep-learning-from-scratch common/gradient.py: numerical_gradient(f, x): h = 1e-4;
#   grad = np.zeros_like(x); it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite']); tmp_val =
#   x[idx]; x[idx] = float(tmp_val) + h; fxh1 = f(x); x[idx] = tmp_val - h; fxh2 = f(x);
#   grad[idx] = (fxh1 - fxh2) / (2*h); x[idx] = tmp_val; chapter 5's gradient check compares with
#   diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key])) for each parameter.
# idea: h = 1e-4 as "a good value" (the book explains why 1e-50 fails); the check is the mean absolute
#   difference per parameter.
# differs: the API's h is accepted and, as in the book, not used; the given two-layer loss stands for
#   the book's TwoLayerNet.loss. The stub's given code follows.
# expect: numerical_gradient wrong (the step is always 1e-4: with a step that is not, the central
#   difference differs); relative_error wrong (the mean absolute difference, no scale); gradient_check,
#   best_step (every step gives the same error, so the first one wins) and backward_errors wrong.

import numpy as np


def _numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = float(tmp_val) + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
        it.iternext()
    return grad


def numerical_gradient(f, x, h):
    return _numerical_gradient(f, x)


def relative_error(a, b):
    return np.average(np.abs(a - b))


def gradient_check(f, x, analytic, hs):
    return np.array([relative_error(analytic, numerical_gradient(f, x, h)) for h in hs])


def best_step(f, x, analytic, hs):
    return hs[int(np.argmin(gradient_check(f, x, analytic, hs)))]


def backward_errors(backward, params, X, labels, h):
    grad_backprop = backward(params, X, labels)
    errors = {}
    for key in params:
        grad_numerical = numerical_gradient(lambda W: _two_layer_loss(params, X, labels), params[key], h)
        errors[key] = relative_error(grad_backprop[key], grad_numerical)
    return errors


# ------------------------------------------------------------------------------------------------
# Given code. `learn check` builds the losses it hands to your functions with _make_loss, and the
# backward passes with _backward_pass. You may call all of it; you need not change any of it.


def _quadratic(x, A, b):
    """½ vᵀAv + bᵀv with v = x flattened: a loss whose second derivatives are constant."""
    v = x.reshape(-1)
    return float(0.5 * (v @ A @ v) + b @ v)


def _softmax_cross_entropy(logits, labels):
    """The mean over the N rows of −log softmax(logits)[n, labels[n]], like F.cross_entropy."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _two_layer_loss(params, X, labels):
    """The mean cross-entropy of a two-layer network: tanh(X W1ᵀ + b1) W2ᵀ + b2 are the logits.

    Shapes: X (N, D), W1 (H, D), b1 (H,), W2 (K, H), b2 (K,), labels (N,) in 0..K−1; the
    weights are laid out like torch.nn.Linear's (out, in).
    """
    hidden = np.tanh(X @ params["W1"].T + params["b1"])
    return _softmax_cross_entropy(hidden @ params["W2"].T + params["b2"], labels)


def _make_loss(kind, data):
    """A loss as a function of one array x, everything else fixed by the dict data.

        _make_loss("quadratic", {"A": A, "b": b})                  x: any shape, A.shape[0] entries
        _make_loss("softmax_cross_entropy", {"labels": labels})    x: the logits (N, C)
        _make_loss("two_layer", {"params": params, "X": X, "labels": labels, "parameter": "W1"})
                                                                   x: that parameter's array
    """
    if kind == "quadratic":
        return lambda x: _quadratic(x, data["A"], data["b"])
    if kind == "softmax_cross_entropy":
        return lambda x: _softmax_cross_entropy(x, data["labels"])
    if kind == "two_layer":
        return lambda x: _two_layer_loss({**data["params"], data["parameter"]: x}, data["X"], data["labels"])
    raise ValueError(f"unknown loss {kind!r}")


def _forward(params, X):
    """What a backward pass of _two_layer_loss reuses: the pre-activation, the hidden layer and
    the softmax probabilities."""
    pre = X @ params["W1"].T + params["b1"]
    hidden = np.tanh(pre)
    logits = hidden @ params["W2"].T + params["b2"]
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return pre, hidden, exp / exp.sum(axis=1, keepdims=True)


def _logit_gradient(probs, labels):
    """dL/dlogits of the mean cross-entropy, (N, K)."""
    n = len(labels)
    d_logits = probs.copy()
    d_logits[np.arange(n), labels] -= 1.0
    return d_logits / n


# Five backward passes of _two_layer_loss, each returning {"W1", "b1", "W2", "b2"}. They are
# written for networks with a square W1 (D = H), like the ones learn check uses.


def _backward_a(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_hidden = d_logits @ params["W2"]
    d_pre = d_hidden * hidden * (1.0 - hidden)
    return {"W1": d_pre.T @ X, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ hidden, "b2": d_logits.sum(axis=0)}


def _backward_b(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_pre = (d_logits @ params["W2"]) * (1.0 - hidden ** 2)
    return {"W1": d_pre.T @ X, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ pre, "b2": d_logits.sum(axis=0)}


def _backward_c(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_hidden = d_logits @ params["W2"]
    d_pre = d_hidden * (1.0 - hidden ** 2)
    return {"W1": d_pre.T @ X, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ hidden, "b2": d_logits.sum(axis=0)}


def _backward_d(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_pre = (d_logits @ params["W2"]) * (1.0 - np.tanh(pre) ** 2)
    return {"W1": d_pre.T @ X, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ hidden, "b2": d_logits.mean(axis=0)}


def _backward_e(params, X, labels):
    pre, hidden, probs = _forward(params, X)
    d_logits = _logit_gradient(probs, labels)
    d_pre = (d_logits @ params["W2"]) * (1.0 - hidden ** 2)
    return {"W1": X.T @ d_pre, "b1": d_pre.sum(axis=0), "W2": d_logits.T @ hidden, "b2": d_logits.sum(axis=0)}


BACKWARD_PASSES = {"a": _backward_a, "b": _backward_b, "c": _backward_c, "d": _backward_d, "e": _backward_e}


def _backward_pass(name):
    """The given backward pass called name ("a" … "e")."""
    return BACKWARD_PASSES[name]
