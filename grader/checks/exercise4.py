"""exercise4 — the chain rule on the two-layer sigmoid network of the course notes, against autograd."""

from __future__ import annotations

import numpy as np

from grader.checks.base import SETUP_SLOT, Call, Case, Check, Pick, combinations_of, normal, numpy, tensor, torch
from grader.sandbox.child import SlotReference

# N, D, H, K all distinct (a transposed or mis-summed gradient then has the wrong shape or
# values), K >= 2 and N >= 2, plus one square case where shapes alone cannot catch a transpose.
SIZES = [(5, 4, 3, 2), (3, 2, 4, 5), (4, 4, 4, 4)]
PARAMETERS = ("W2", "b2", "W1", "b1")


def _network(rng, n, d, h, k):
    params = {"W1": normal(rng, h, d), "b1": normal(rng, h, scale=0.5),
              "W2": normal(rng, k, h), "b2": normal(rng, k, scale=0.5)}
    X = normal(rng, n, d)
    y = np.clip(normal(rng, n, k, scale=0.3) + 0.5, 0.05, 0.95)
    return X, params, y


def _context(n, d, h, k) -> dict:
    return {"N": n, "K": k, "numel": n * k}


def _forward_cases(rng):
    cases = []
    for sizes in SIZES:
        X, params, _ = _network(rng, *sizes)
        cases.append(Case(Call("forward", (X, params)), pick=Pick("item", 0), context=_context(*sizes)))
    return cases


def _backward_cases_for(parameter: str):
    def make(rng):
        cases = []
        for sizes in SIZES:
            X, params, y = _network(rng, *sizes)
            cases.append(Case(Call("backward", (y, SlotReference(SETUP_SLOT, 1))), pick=Pick("key", parameter),
                              setup=Call("forward", (X, params)), context=_context(*sizes)))
        return cases

    return make


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _forward_reference(case: Case) -> np.ndarray:
    X, params = case.call.args
    functional = torch().nn.functional
    hidden = torch().sigmoid(functional.linear(tensor(X), tensor(params["W1"]), tensor(params["b1"])))
    return numpy(torch().sigmoid(functional.linear(hidden, tensor(params["W2"]), tensor(params["b2"]))))


def _forward_variants(case: Case) -> dict:
    X, p = case.call.args
    a1 = _sigmoid(X @ p["W1"].T + p["b1"])
    return {"net.no_output_sigmoid": a1 @ p["W2"].T + p["b2"],
            "net.no_hidden_sigmoid": _sigmoid((X @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]),
            "net.relu_hidden": _sigmoid(np.maximum(X @ p["W1"].T + p["b1"], 0) @ p["W2"].T + p["b2"])}


def _backward_reference(case: Case) -> np.ndarray:
    X, params = case.setup.args
    y, _ = case.call.args
    functional = torch().nn.functional
    leaves = {name: tensor(value, requires_grad=True) for name, value in params.items()}
    hidden = torch().sigmoid(functional.linear(tensor(X), leaves["W1"], leaves["b1"]))
    y_hat = torch().sigmoid(functional.linear(hidden, leaves["W2"], leaves["b2"]))
    functional.mse_loss(y_hat, tensor(y)).backward()  # mean over all N*K elements
    return numpy(leaves[case.pick.index].grad)


def _manual_gradients(X, p, y, *, scale, output_derivative=True, hidden_derivative=True):
    """The backward pass written out, with switches for the steps learners most often drop."""
    a1 = _sigmoid(X @ p["W1"].T + p["b1"])
    y_hat = _sigmoid(a1 @ p["W2"].T + p["b2"])
    dz2 = 2 * (y_hat - y) / scale * (y_hat * (1 - y_hat) if output_derivative else 1)
    dz1 = dz2 @ p["W2"] * (a1 * (1 - a1) if hidden_derivative else 1)
    return {"W2": dz2.T @ a1, "b2": dz2.sum(axis=0), "W1": dz1.T @ X, "b1": dz1.sum(axis=0)}


def _backward_variants(case: Case) -> dict:
    """Every combination of the dropped derivatives (a knob each), so that two mistakes at once are
    named together; a wrong count multiplies any of them (_backward_factors)."""
    X, p = case.setup.args
    y, _ = case.call.args
    n, k = y.shape
    name = case.pick.index
    knobs = {"backprop.missing_output_sigmoid_derivative": {"output_derivative": False}}
    if name in ("W1", "b1"):  # the hidden sigmoid lies only on the way to the first layer
        knobs["backprop.missing_hidden_sigmoid_derivative"] = {"hidden_derivative": False}
    return combinations_of(lambda **mistakes: _manual_gradients(X, p, y, scale=n * k, **mistakes)[name], knobs)


def _backward_factors(case: Case) -> dict:
    """The loss is the mean of the squared errors over all N·K elements: dividing by N only, not
    dividing, or the ½·Σ(ŷ − y)² convention of some textbooks each scale every gradient."""
    n, k = case.context["N"], case.context["K"]
    return {"backprop.divided_by_batch_only": k, "backprop.sum_instead_of_mean": n * k, "backprop.half_sse": 0.5}


CHECKS = [Check("forward_output", "forward", _forward_cases, _forward_reference, _forward_variants)] + [
    Check(f"backward_{name}", "backward", _backward_cases_for(name), _backward_reference, _backward_variants,
          rng_key="backward", factors=_backward_factors)
    for name in PARAMETERS
]
