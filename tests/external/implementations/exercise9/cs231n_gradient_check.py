# external: CS231n's numerical gradient and relative error (cs231n/gradient_check.py and the assignments).
# source: eval_numerical_gradient(f, x, verbose=True, h=0.00001): np.nditer over x with
#   flags=['multi_index'], op_flags=['readwrite']; oldval = x[ix]; x[ix] = oldval + h; fxph = f(x);
#   x[ix] = oldval - h; fxmh = f(x); x[ix] = oldval; grad[ix] = (fxph - fxmh) / (2 * h), printing each
#   entry when verbose; rel_error(x, y) = np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y)))
#   from the assignment notebooks; checking a model: for name in model.params: f = lambda _:
#   model.loss(X, y)[0]; grad_num = eval_numerical_gradient(f, model.params[name], verbose=False).
# idea: perturb the array in place, one entry at a time, and put it back.
# differs: verbose=False; the model is the given two-layer loss on a params dict; gradient_check and
#   best_step loop over the step sizes with these two functions. The given code of the stub follows.
# expect: every function right.

import numpy as np


def eval_numerical_gradient(f, x, verbose=True, h=0.00001):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        oldval = x[ix]
        x[ix] = oldval + h
        fxph = f(x)
        x[ix] = oldval - h
        fxmh = f(x)
        x[ix] = oldval
        grad[ix] = (fxph - fxmh) / (2 * h)
        if verbose:
            print(ix, grad[ix])
        it.iternext()
    return grad


def rel_error(x, y):
    return np.max(np.abs(x - y) / (np.maximum(1e-8, np.abs(x) + np.abs(y))))


def numerical_gradient(f, x, h):
    return eval_numerical_gradient(f, x, verbose=False, h=h)


def relative_error(a, b):
    return rel_error(a, b)


def gradient_check(f, x, analytic, hs):
    return np.array([rel_error(numerical_gradient(f, x, h), analytic) for h in hs])


def best_step(f, x, analytic, hs):
    return hs[int(np.argmin(gradient_check(f, x, analytic, hs)))]


def backward_errors(backward, params, X, labels, h):
    grads = backward(params, X, labels)
    errors = {}
    for name in params:
        f = lambda _: _two_layer_loss(params, X, labels)
        grad_num = eval_numerical_gradient(f, params[name], verbose=False, h=h)
        errors[name] = rel_error(grad_num, grads[name])
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
