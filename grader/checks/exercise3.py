"""exercise3 — softmax, its Jacobian and the cross-entropy gradient, against torch."""

from __future__ import annotations

import numpy as np

from grader.checks.base import Call, Case, Check, f32, normal, numpy, tensor, torch


def _np_softmax(z, axis=-1):
    """The correct softmax, shifted by each row's max: the variants built on it must stay finite
    at the stability cases, or a mistake there could not be named."""
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def _unshifted_softmax(z):
    """exp(z) / Σ exp(z) as written: inf / inf or 0 / 0 once |z| passes ~710."""
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


def _global_max_softmax(z):
    """Shifted by the max of the whole batch: rows far below it underflow to 0 / 0."""
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max())
        return e / e.sum(axis=-1, keepdims=True)


def _unstable_variants(prefix: str, z, answer_from_softmax) -> dict:
    """What code gives whose softmax is not shifted, or shifted by one max for the whole batch,
    at inputs where that matters (NaN at the same places counts as the same answer)."""
    with np.errstate(all="ignore"):
        variants = {f"{prefix}.no_max_shift": answer_from_softmax(_unshifted_softmax(z))}
        if z.ndim == 2 and z.shape[0] > 1:
            variants[f"{prefix}.global_max"] = answer_from_softmax(_global_max_softmax(z))
    return variants


def _far_apart_rows(rng, n, c, offsets):
    """A batch whose rows sit at very different offsets, some beyond ±710 where exp overflows
    float64; rounded to float32 after adding the offsets, so float32 code sees them exactly."""
    return f32(normal(rng, n, c, scale=1.5) + np.asarray(offsets, dtype=np.float64)[:, None])


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
    rows = _far_apart_rows(rng, 4, 5, [0.0, -2000.0, 800.0, -50.0])
    negative = np.array([-1000.0, -1001.5, -999.0])
    return [Case(Call("softmax", (z,)), context=_sizes(z), note="softmax.unstable") for z in (big, rows, negative)]


def _softmax_reference(case: Case) -> np.ndarray:
    (z,) = case.call.args
    return numpy(torch().softmax(tensor(z), dim=-1))


def _softmax_variants(case: Case) -> dict:
    (z,) = case.call.args
    variants = _unstable_variants("softmax", z, lambda s: s) if case.note else {}
    if z.ndim != 2:
        return variants
    with np.errstate(all="ignore"):
        return {**variants, "softmax.wrong_axis": _np_softmax(z, axis=0),
                "softmax.global_sum": np.exp(z - z.max()) / np.exp(z - z.max()).sum()}


# ----------------------------------------------------------------------------- Jacobian


def _jacobian_single_cases(rng):
    return [Case(Call("softmax_jacobian", (normal(rng, c, scale=1.5),)), context={"C": c}) for c in (3, 5)]


def _jacobian_stability_cases(rng):
    """Logits beyond ±710 (exp overflows float64), alone and in a batch whose rows sit far apart."""
    single = [np.array([1000.0, 1001.0, 999.0, 1002.0]), np.array([-1000.0, -1001.5, -999.0])]
    batch = _far_apart_rows(rng, 4, 3, [0.0, -1500.0, 900.0, -40.0])
    return [Case(Call("softmax_jacobian", (z,)), context=_sizes(z), note="softmax.unstable") for z in single + [batch]]


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
    unstable = _unstable_variants("jacobian", z, _np_jacobian) if case.note else {}
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
    return {**unstable, **variants}


# ----------------------------------------------------------------------------- cross-entropy


def _cross_entropy_cases(rng):
    cases = []
    for n, c in ((5, 3), (2, 4), (6, 6)):
        logits = normal(rng, n, c, scale=2.0)
        labels = rng.integers(0, c, n).astype(np.int64)
        cases.append(Case(Call("cross_entropy_grad", (logits, labels)), context={"N": n, "C": c}))
    return cases


def _cross_entropy_stability_cases(rng):
    """Logits beyond ±710 (exp overflows float64), in batches whose rows sit far apart."""
    cases = []
    for offsets, c in (([1000.0, -1000.0, 0.0], 4), ([0.0, 800.0, -800.0, 30.0, -5.0], 3)):
        logits = _far_apart_rows(rng, len(offsets), c, offsets)
        labels = rng.integers(0, c, len(offsets)).astype(np.int64)
        cases.append(Case(Call("cross_entropy_grad", (logits, labels)), context={"N": len(offsets), "C": c},
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
    unstable = _unstable_variants("ce", logits, lambda softmax: (softmax - onehot) / n) if case.note else {}
    with np.errstate(divide="ignore"):
        log_s = np.log(s)
    return {**unstable, "ce.forgot_onehot": s / n, "ce.onehot_only": -onehot / n, "ce.log_softmax": (log_s - onehot) / n}


def _cross_entropy_factors(case: Case) -> dict:
    """CrossEntropyLoss averages over the batch: the gradient of the summed loss is N times it."""
    return {"ce.not_divided_by_n": case.context["N"]}


CHECKS = [
    Check("softmax_values", "softmax", _values_cases, _softmax_reference, _softmax_variants),
    Check("softmax_stability", "softmax", _stability_cases, _softmax_reference, _softmax_variants),
    Check("softmax_jacobian_single", "softmax_jacobian", _jacobian_single_cases, _jacobian_reference,
          _jacobian_variants),
    Check("softmax_jacobian_batched", "softmax_jacobian", _jacobian_batched_cases, _jacobian_reference,
          _jacobian_variants),
    Check("softmax_jacobian_stability", "softmax_jacobian", _jacobian_stability_cases, _jacobian_reference,
          _jacobian_variants),
    Check("cross_entropy_grad", "cross_entropy_grad", _cross_entropy_cases, _cross_entropy_reference,
          _cross_entropy_variants, factors=_cross_entropy_factors),
    Check("cross_entropy_grad_stability", "cross_entropy_grad", _cross_entropy_stability_cases,
          _cross_entropy_reference, _cross_entropy_variants, factors=_cross_entropy_factors),
]
