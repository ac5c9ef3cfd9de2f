"""exercise3 — softmax, its Jacobian and the cross-entropy gradient, against torch."""

from __future__ import annotations

import numpy as np

from grader.checks.base import Call, Case, Check, f32, normal, numpy, tensor, torch


def _np_softmax(z, axis=-1):
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def _np_jacobian(s):
    return np.eye(s.shape[-1]) * s[..., :, None] - s[..., :, None] * s[..., None, :]


def _sizes(z) -> dict:
    return {"N": z.shape[0], "C": z.shape[-1]} if z.ndim == 2 else {"C": z.shape[0]}


# ----------------------------------------------------------------------------- softmax


def _values_cases(rng):
    vector = normal(rng, 5, scale=2.0)
    batch = normal(rng, 4, 3, scale=2.0)  # N != C: normalising over the wrong axis shows
    column_heavy = normal(rng, 6, 4, scale=2.0)
    return [Case(Call("softmax", (z,)), context=_sizes(z)) for z in (vector, batch, column_heavy)]


def _stability_cases(rng):
    big = np.array([1000.0, 1001.0, 1002.0])
    # Rows at very different offsets: subtracting one global max underflows the low rows to 0/0.
    offsets = np.array([[0.0], [-2000.0], [800.0], [-50.0]])
    rows = f32(normal(rng, 4, 5, scale=3.0) + offsets)  # rounded after the offset: float32 code sees them exactly
    negative = np.array([-1000.0, -1001.5, -999.0])
    return [Case(Call("softmax", (z,)), context=_sizes(z), note="softmax.unstable") for z in (big, rows, negative)]


def _softmax_reference(case: Case) -> np.ndarray:
    (z,) = case.call.args
    return numpy(torch().softmax(tensor(z), dim=-1))


def _softmax_variants(case: Case) -> dict:
    (z,) = case.call.args
    if z.ndim != 2:
        return {}
    with np.errstate(all="ignore"):
        return {"softmax.wrong_axis": _np_softmax(z, axis=0),
                "softmax.global_sum": np.exp(z - z.max()) / np.exp(z - z.max()).sum()}


# ----------------------------------------------------------------------------- Jacobian


def _jacobian_single_cases(rng):
    return [Case(Call("softmax_jacobian", (normal(rng, c, scale=1.5),)), context={"C": c}) for c in (3, 5)] + [
        Case(Call("softmax_jacobian", (np.array([500.0, 501.0, 499.0, 502.0]),)), context={"C": 4},
             note="softmax.unstable")]


def _jacobian_batched_cases(rng):
    return [Case(Call("softmax_jacobian", (normal(rng, n, c, scale=1.5),)), context={"N": n, "C": c})
            for n, c in ((4, 3), (2, 5))]


def _jacobian_reference(case: Case) -> np.ndarray:
    (z,) = case.call.args
    torch_ = torch()
    softmax = lambda row: torch_.softmax(row, dim=-1)  # noqa: E731 - one row's map z -> s
    if z.ndim == 1:
        return numpy(torch_.func.jacrev(softmax)(tensor(z)))
    # vmap(jacrev): one (C, C) Jacobian per row, not the (N, C, N, C) Jacobian of the whole batch.
    return numpy(torch_.func.vmap(torch_.func.jacrev(softmax))(tensor(z)))


def _jacobian_variants(case: Case) -> dict:
    (z,) = case.call.args
    s = _np_softmax(z)
    eye = np.eye(s.shape[-1])
    outer = s[..., :, None] * s[..., None, :]
    variants = {
        "jacobian.diagonal_only": eye * (s * (1 - s))[..., :, None],
        "jacobian.missing_diagonal_term": -outer,
        "jacobian.s_times_one_minus_s_everywhere": s[..., :, None] * (1 - s[..., None, :]),
        "jacobian.inner_instead_of_outer": eye * s[..., :, None] - np.sum(s * s, axis=-1)[..., None, None],
    }
    if z.ndim == 2:  # a formula written for one vector, applied to the whole batch
        flat = s.ravel()
        variants["jacobian.whole_batch"] = np.diag(flat) - np.outer(flat, flat)
        variants["jacobian.whole_batch_4d"] = (np.diag(flat) - np.outer(flat, flat)).reshape(z.shape + z.shape)
    return variants


# ----------------------------------------------------------------------------- cross-entropy


def _cross_entropy_cases(rng):
    cases = []
    for n, c in ((5, 3), (2, 4), (6, 6)):
        logits = normal(rng, n, c, scale=2.0)
        labels = rng.integers(0, c, n).astype(np.int64)
        cases.append(Case(Call("cross_entropy_grad", (logits, labels)), context={"N": n, "C": c}))
    logits = f32(normal(rng, 3, 4) + np.array([[300.0], [-400.0], [0.0]]))
    cases.append(Case(Call("cross_entropy_grad", (logits, np.array([1, 3, 0]))), context={"N": 3, "C": 4},
                      note="softmax.unstable"))
    return cases


def _cross_entropy_reference(case: Case) -> np.ndarray:
    logits, labels = case.call.args
    torch_ = torch()
    z = tensor(logits, requires_grad=True)
    torch_.nn.functional.cross_entropy(z, torch_.tensor(labels, dtype=torch_.long)).backward()
    return numpy(z.grad)


def _cross_entropy_variants(case: Case) -> dict:
    logits, labels = case.call.args
    s = _np_softmax(logits)
    onehot = np.eye(logits.shape[1])[labels]
    n = logits.shape[0]
    return {
        "ce.forgot_onehot": s / n,
        "ce.onehot_only": -onehot / n,
        "ce.log_softmax": (np.log(s) - onehot) / n,
    }


CHECKS = [
    Check("softmax_values", "softmax", _values_cases, _softmax_reference, _softmax_variants),
    Check("softmax_stability", "softmax", _stability_cases, _softmax_reference, _softmax_variants),
    Check("softmax_jacobian_single", "softmax_jacobian", _jacobian_single_cases, _jacobian_reference,
          _jacobian_variants),
    Check("softmax_jacobian_batched", "softmax_jacobian", _jacobian_batched_cases, _jacobian_reference,
          _jacobian_variants),
    Check("cross_entropy_grad", "cross_entropy_grad", _cross_entropy_cases, _cross_entropy_reference,
          _cross_entropy_variants),
]
