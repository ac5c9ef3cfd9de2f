"""Exercise 9 — a numerical gradient check.

A backward pass written by hand is only as right as its derivation. A numerical gradient needs no
derivation: it asks the loss itself how much it changes when one input moves a little. Comparing
the two is how backward passes are tested (CS231n's gradient check, torch.autograd.gradcheck), and
how a bug is found: the parameter whose two gradients disagree is where it hides.

Write the five functions below, in order; each may use the ones before it:

    numerical_gradient   the central-difference estimate of the gradient of a loss
    relative_error       how far apart two gradients are, whatever their scale
    gradient_check       that error for several step sizes h
    best_step            the step size whose estimate is the most accurate
    backward_errors      the error of every parameter's gradient in a backward pass

At the bottom of the file is given code: the losses `learn check` hands to your functions
(`_make_loss`) and five backward passes of a two-layer network (`BACKWARD_PASSES`): one is right,
the others each have a bug. Find which, and where, with backward_errors. Changing the given code
only changes what your functions compute, not what `learn check` compares them with. In the calls
`learn check` reports, `setup` stands for the function the given code built for that call.

Check your work with `learn check exercise9`; `learn show exercise9` has the lesson.
"""

import numpy as np


def numerical_gradient(f, x, h):
    """The central-difference estimate, with step h, of the gradient of f at x.

    Args:
        f: a function of one float64 array shaped like x, returning a float (the loss). It reads
            only the array you pass it, so you may pass x itself or a copy.
        x: float64 array of any shape (1-D, 2-D, 3-D, ...), the point.
        h: the step, a positive float.

    Returns:
        float64 array shaped like x: entry i estimates ∂f/∂x[i] by the central difference with
        step h, moving entry i alone (f is called 2·x.size times).

        At h = 1e-5 learn check compares it with torch.autograd's gradient of the same loss in
        float64, to the accuracy central differences reach there: |yours − autograd| must stay
        within 2e-8 · (|autograd| + 0.1 · max(1, max |autograd|)) in every entry. At a large h
        (0.1) it compares it, to the same accuracy, with the central difference torch computes
        with that step, which is visibly not the derivative: the step must be the h given.

    x must hold its original values when the function returns.
    """
    ### BEGIN SOLUTION
    # TODO: estimate every partial derivative of f at x by a central difference with step h
    gradient = np.zeros(x.shape, dtype=np.float64)
    # np.ndindex walks every index of any shape, so one loop serves 1-D, 2-D and 3-D alike.
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + h
            loss_plus = f(x)
            x[index] = original - h
            loss_minus = f(x)
        finally:
            # Assign the saved value rather than adding h back: (x − h) + h can differ from x by
            # one rounding step. finally restores x even if f raises.
            x[index] = original
        # Taylor: f(x ± h) = f ± h f' + h²/2 f'' ± h³/6 f''' + …. The difference cancels f and
        # f'' exactly, so the estimate is off by h²/6 · f''' (a one-sided difference keeps the
        # h/2 · f'' term), plus f's own rounding, about ε·|f| / h.
        gradient[index] = (loss_plus - loss_minus) / (2 * h)
    return gradient
    ### END SOLUTION


def relative_error(a, b):
    """The largest entrywise relative error between two arrays of the same shape.

    For each entry: the absolute difference of a and b divided by the sum of their absolute
    values, where a sum below 1e-8 is replaced by 1e-8. The result is the largest of these.
    So entries where a and b are both 0 count as 0, and an entry that is 0 in one array only
    counts as 1. (This is the convention of CS231n's gradient check.)

    Args:
        a, b: float arrays of the same shape (for example a numerical and an analytic gradient).

    Returns:
        A float ≥ 0.
    """
    ### BEGIN SOLUTION
    # TODO: compute every entry's relative error and return the largest
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    # Dividing by |a| + |b| makes the measure symmetric and scale-free (gradients of 1e3 and 1e-3
    # are judged alike); the 1e-8 floor keeps entries that are both ~0 (where rounding alone makes
    # them differ) from counting as 100 % wrong, and turns 0/0 into 0.
    scale = np.maximum(np.abs(a) + np.abs(b), 1e-8)
    return float(np.max(np.abs(a - b) / scale))
    ### END SOLUTION


def gradient_check(f, x, analytic, hs):
    """The relative error of the numerical gradient against an analytic one, for each step size.

    Args:
        f, x: as in numerical_gradient.
        analytic: float64 array shaped like x, a gradient of f at x to check.
        hs: a list of step sizes.

    Returns:
        float64 array of shape (len(hs),): entry k is the relative error (as relative_error
        defines it) between the central-difference gradient with step hs[k] and analytic.
    """
    ### BEGIN SOLUTION
    # TODO: for each step size, compare the numerical gradient with the analytic one
    # Large h: the h² truncation error dominates, so halving h quarters the error. Small h:
    # f's rounding, ε·|f| / h, takes over and the error grows again: a U-shaped curve.
    return np.array([relative_error(numerical_gradient(f, x, h), analytic) for h in hs], dtype=np.float64)
    ### END SOLUTION


def best_step(f, x, analytic, hs):
    """The step size in hs whose central-difference gradient is closest to analytic.

    Args:
        f, x, analytic, hs: as in gradient_check.

    Returns:
        One of the values in hs (a float): the step with the smallest relative error.
    """
    ### BEGIN SOLUTION
    # TODO: find the step size with the smallest relative error
    # The bottom of the U: where truncation (∝ h²) and rounding (∝ 1/h) balance, h ~ ε^(1/3) for
    # a loss of ordinary scale, but far larger for a quadratic, whose h² term is exactly zero.
    errors = gradient_check(f, x, analytic, hs)
    return float(hs[int(np.argmin(errors))])
    ### END SOLUTION


def backward_errors(backward, params, X, labels, h):
    """How far each gradient of a backward pass is from the numerical gradient.

    The loss is the given `_two_layer_loss(params, X, labels)`.

    Args:
        backward: a function (params, X, labels) -> dict of gradients, one per key of params,
            each shaped like its parameter (one of BACKWARD_PASSES, for instance).
        params: dict of float64 arrays, the network's parameters ("W1", "b1", "W2", "b2").
        X: float64 array (N, D), the inputs; labels: int array (N,), the classes.
        h: the step size for the numerical gradients.

    Returns:
        dict with the keys of params: for each parameter, the relative error between the
        gradient `backward` returns for it and the numerical gradient (step h) of the loss with
        respect to that parameter, the other parameters held fixed.
    """
    ### BEGIN SOLUTION
    # TODO: compare each parameter's gradient from backward with its numerical gradient
    analytic = backward(params, X, labels)
    errors = {}
    for name in params:
        # The loss as a function of this one parameter; a new dict, so the caller's is untouched.
        def loss_of(value, name=name):
            return _two_layer_loss({**params, name: value}, X, labels)

        numerical = numerical_gradient(loss_of, np.array(params[name], dtype=np.float64), h)
        errors[name] = relative_error(numerical, analytic[name])
    # A right gradient shows ~1e-9 here; a wrong one 1e-2 or more. The wrong parameter nearest the
    # loss (backpropagation order: W2, b2, then W1, b1) is where to look first.
    return errors
    ### END SOLUTION


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
