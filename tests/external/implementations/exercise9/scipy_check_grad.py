# external: scipy.optimize's approx_fprime and check_grad, rewritten (no scipy here).
# source: scipy.optimize approx_fprime(xk, f, epsilon) (before SciPy 1.9 always, and since then with its
#   default method): the FORWARD difference grad[k] = (f(xk + ei*epsilon) - f(xk)) / epsilon for a 1-D
#   xk; check_grad(func, grad, x0): sqrt(sum((grad(x0) - approx_fprime(x0, func, epsilon))**2)), the
#   2-norm of the difference, with no scaling.
# idea: the gradient of a function of a vector, checked by the size of the discrepancy.
# differs: x of any shape is flattened for approx_fprime and the result reshaped; epsilon is the API's
#   h; check_grad's value is the "relative error" of every function that reports one. The stub's
#   given code follows.
# expect: numerical_gradient wrong (a forward difference: error O(h) where the central one is O(h²));
#   relative_error wrong (an absolute norm of the difference); gradient_check, best_step and
#   backward_errors wrong.

import numpy as np


def approx_fprime(xk, f, epsilon):
    f0 = f(xk)
    grad = np.zeros((len(xk),), float)
    ei = np.zeros((len(xk),), float)
    for k in range(len(xk)):
        ei[k] = 1.0
        d = epsilon * ei
        grad[k] = (f(xk + d) - f0) / d[k]
        ei[k] = 0.0
    return grad


def numerical_gradient(f, x, h):
    shape = x.shape
    return approx_fprime(x.reshape(-1), lambda v: f(v.reshape(shape)), h).reshape(shape)


def relative_error(a, b):
    return np.sqrt(np.sum((a - b) ** 2))


def gradient_check(f, x, analytic, hs):
    return np.array([relative_error(analytic, numerical_gradient(f, x, h)) for h in hs])


def best_step(f, x, analytic, hs):
    return hs[int(np.argmin(gradient_check(f, x, analytic, hs)))]


def backward_errors(backward, params, X, labels, h):
    analytic = backward(params, X, labels)
    return {name: relative_error(analytic[name],
                                 numerical_gradient(lambda v: _two_layer_loss({**params, name: v}, X, labels),
                                                    params[name], h))
            for name in params}


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
