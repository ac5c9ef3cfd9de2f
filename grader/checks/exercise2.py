"""exercise2 — binary cross-entropy by maximum likelihood, against torch's BCE losses."""

from __future__ import annotations

import numpy as np

from grader.checks.base import Call, Case, Check, f32, normal, numpy, tensor, torch, uniform
from grader.compare import Tolerance

# torch's BCE-with-logits form cancels at large |z|: scale atol by max(1, max|ref|) (docs/grading.md).
LOGITS_TOLERANCE = Tolerance(scale="at_least_one")
REDUCTIONS = ("mean", "sum", "none")
# A likelihood is a product of probabilities, about 1e-3 here: an absolute 1e-6 would be a relative
# error of 1e-3. Scale atol by the value, so that the comparison stays relative.
PRODUCT_TOLERANCE = Tolerance(scale="max")


def _labels(rng, n) -> np.ndarray:
    y = (rng.uniform(size=n) < 0.5).astype(np.float64)
    y[:2] = [0.0, 1.0]  # both classes, always
    return y


def _soft_targets(rng, n) -> np.ndarray:
    """Targets anywhere in [0, 1], as the docstrings allow (label smoothing, soft labels), with one
    hard 0 and one hard 1; away from 0.5, where both log terms weigh the same and hide swaps."""
    y = uniform(rng, 0.05, 0.95, n)
    y = f32(np.where(np.abs(y - 0.5) < 0.05, y + 0.1, y))
    y[:2] = [0.0, 1.0]
    return y


def _hard_label_variants(losses_for, y, reduction) -> dict:
    """What code that only handles labels 0 and 1 computes for soft targets: a branch on y == 1
    (or int(y)), or on the truth of y (any target above 0 counts as 1)."""
    if np.all((y == 0) | (y == 1)):
        return {}
    return {"bce.hard_labels_only": _reduce(losses_for((y == 1).astype(np.float64)), reduction),
            "bce.hard_labels_truthy": _reduce(losses_for((y != 0).astype(np.float64)), reduction)}


def _unknown_reduction_case(function, inputs) -> Case:
    """The docstring promises ValueError for a reduction other than mean, sum and none, as torch does."""
    return Case(Call(function, inputs, {"reduction": "avg"}), raises="ValueError", note="reduction.unknown")


def _probabilities(rng, n) -> np.ndarray:
    # Strictly inside (0, 1) and away from 0.5, where p and 1-p coincide and hide swapped terms.
    p = uniform(rng, 0.05, 0.95, n)
    return f32(np.where(np.abs(p - 0.5) < 0.05, p + 0.1, p))


def _np_sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _clamped_log(x):
    with np.errstate(divide="ignore"):
        return np.maximum(np.log(x), -100.0)


def _reduce(losses, reduction):
    return {"mean": np.mean, "sum": np.sum}.get(reduction, lambda v: v)(losses)


def _reduction(case: Case) -> str:
    return case.call.kwargs.get("reduction", "mean")


# ----------------------------------------------------------------------------- sigmoid


def _sigmoid_values_cases(rng):
    return [Case(Call("sigmoid", (normal(rng, 7, scale=3.0),))), Case(Call("sigmoid", (normal(rng, 3, 4, scale=2.0),)))]


def _sigmoid_stability_cases(rng):
    extreme = np.array([-1000.0, -745.0, -100.0, -40.0, 0.0, 40.0, 100.0, 745.0, 1000.0])
    return [Case(Call("sigmoid", (z,)), errstate={"over": "raise"}, note="sigmoid.overflow")
            for z in (extreme, -extreme[::-1].copy())]


def _sigmoid_reference(case: Case) -> np.ndarray:
    return numpy(torch().sigmoid(tensor(case.call.args[0])))


def _sigmoid_variants(case: Case) -> dict:
    (z,) = case.call.args
    with np.errstate(over="ignore"):
        return {"sigmoid.wrong_sign": 1 / (1 + np.exp(z)), "sigmoid.tanh": np.tanh(z)}


# ----------------------------------------------------------------------------- likelihoods


def _likelihood_cases(rng):
    cases = []
    for n in (6, 9):
        cases.append(Case(Call("bernoulli_likelihood", (_probabilities(rng, n), _labels(rng, n)))))
    return cases


def _likelihood_reference(case: Case) -> np.ndarray:
    p, y = (tensor(a) for a in case.call.args)
    return numpy(torch().prod(torch().distributions.Bernoulli(probs=p).log_prob(y).exp()))


def _likelihood_variants(case: Case) -> dict:
    p, y = case.call.args
    per_sample = p**y * (1 - p) ** (1 - y)
    return {"likelihood.sum_instead_of_product": per_sample.sum(), "likelihood.swapped": np.prod(p ** (1 - y) * (1 - p) ** y),
            "likelihood.mean_of_terms": per_sample.mean()}


def _log_likelihood_cases(rng):
    cases = [Case(Call("bernoulli_log_likelihood", (_probabilities(rng, n), _labels(rng, n)))) for n in (6, 10)]
    p = np.array([0.0, 1.0, 1.0, 0.0, 0.3, 0.8])
    y = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0])
    cases.append(Case(Call("bernoulli_log_likelihood", (p, y)), note="bce.missing_clamp"))
    return cases


def _log_likelihood_reference(case: Case) -> np.ndarray:
    p, y = (tensor(a) for a in case.call.args)
    # BCE is the negative mean log-likelihood; torch clamps each log at -100 the same way.
    return numpy(-torch().nn.functional.binary_cross_entropy(p, y, reduction="sum"))


def _log_likelihood_factors(case: Case) -> dict:
    p, _ = case.call.args
    return {"log_likelihood.mean_instead_of_sum": 1 / p.size, "log_likelihood.negated": -1.0}


# ----------------------------------------------------------------------------- BCE on probabilities


def _bce_reduction_cases(rng):
    cases = []
    for reduction, shape in zip(REDUCTIONS + ("mean",), ((8,), (8,), (8,), (4, 3))):
        n = int(np.prod(shape))
        p, y = _probabilities(rng, n).reshape(shape), _labels(rng, n).reshape(shape)
        kwargs = {} if shape == (4, 3) else {"reduction": reduction}
        cases.append(Case(Call("bce_loss", (p, y), kwargs), context={"numel": n, "N": shape[0]}))
    for reduction in ("none", "mean"):
        p, y = _probabilities(rng, 9), _soft_targets(rng, 9)
        cases.append(Case(Call("bce_loss", (p, y), {"reduction": reduction}), context={"numel": 9, "N": 9}))
    return cases + [_unknown_reduction_case("bce_loss", (_probabilities(rng, 5), _labels(rng, 5)))]


def _bce_clamp_cases(rng):
    p = np.array([0.0, 1.0, 1.0, 0.0, 0.25, 0.9])
    y = np.array([1.0, 1.0, 0.0, 0.0, 0.0, 1.0])
    return [Case(Call("bce_loss", (p, y), {"reduction": r}), context={"numel": 6}, note="bce.missing_clamp")
            for r in ("none", "mean")]


def _bce_reference(case: Case) -> np.ndarray:
    p, y = (tensor(a) for a in case.call.args)
    return numpy(torch().nn.functional.binary_cross_entropy(p, y, reduction=_reduction(case)))


def _bce_losses(p, y):
    return -(y * _clamped_log(p) + (1 - y) * _clamped_log(1 - p))


def _bce_variants(case: Case) -> dict:
    p, y = case.call.args
    reduction = _reduction(case)
    variants = {"bce.swapped_terms": _reduce(_bce_losses(1 - p, y), reduction),
                **_hard_label_variants(lambda hard: _bce_losses(p, hard), y, reduction)}
    if reduction == "none":
        variants["bce.reduced_none"] = _bce_losses(p, y).mean()
    if case.note:  # at p = 0 or 1, the conventions of other libraries: clip p itself
        clipped = np.clip(p, 1e-7, 1 - 1e-7)  # Keras: clip to [ε, 1 − ε], then log(· + ε)
        variants["bce.clipped_probabilities"] = _reduce(
            -(y * np.log(clipped + 1e-7) + (1 - y) * np.log(1 - clipped + 1e-7)), reduction)
        # scikit-learn's log_loss: clip to [1e-15, 1 − 1e-15]
        variants["bce.clipped_probabilities_tiny"] = _reduce(_bce_losses(np.clip(p, 1e-15, 1 - 1e-15), y), reduction)
    return variants


def _reduction_factors(case: Case) -> dict:
    """A sum for a mean multiplies the loss by the number of elements; a mean for a sum divides."""
    numel = case.context.get("numel", 1)
    return {"mean": {"bce.sum_instead_of_mean": numel}, "sum": {"bce.mean_instead_of_sum": 1 / numel}}.get(
        _reduction(case), {})


# ----------------------------------------------------------------------------- BCE on logits


def _logits_reduction_cases(rng):
    cases = []
    for reduction in REDUCTIONS:
        z, y = normal(rng, 7, scale=3.0), _labels(rng, 7)
        cases.append(Case(Call("bce_with_logits", (z, y), {"reduction": reduction}), context={"numel": 7}))
    z, y = normal(rng, 3, 4, scale=3.0), _labels(rng, 12).reshape(3, 4)
    cases.append(Case(Call("bce_with_logits", (z, y)), context={"numel": 12, "N": 3}))
    for reduction in ("none", "mean"):
        z, y = normal(rng, 9, scale=3.0), _soft_targets(rng, 9)
        cases.append(Case(Call("bce_with_logits", (z, y), {"reduction": reduction}), context={"numel": 9}))
    return cases + [_unknown_reduction_case("bce_with_logits", (normal(rng, 5), _labels(rng, 5)))]


def _logits_stability_cases(rng):
    z = np.array([40.0, -40.0, 60.0, -60.0, 200.0, -200.0, 1000.0, -1000.0])
    y = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0])
    return [Case(Call("bce_with_logits", (z, y), {"reduction": r}), context={"numel": z.size}, note="logits.unstable")
            for r in ("none", "mean")]


def _logits_reference(case: Case) -> np.ndarray:
    z, y = (tensor(a) for a in case.call.args)
    return numpy(torch().nn.functional.binary_cross_entropy_with_logits(z, y, reduction=_reduction(case)))


def _logits_variants(case: Case) -> dict:
    z, y = case.call.args
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p = 1 / (1 + np.exp(-z))
        via_sigmoid = -(y * _clamped_log(p) + (1 - y) * _clamped_log(1 - p))
    reduction = _reduction(case)

    def stable(targets):
        return np.maximum(z, 0) - z * targets + np.log1p(np.exp(-np.abs(z)))

    variants = _hard_label_variants(stable, y, reduction)
    if case.note:  # BCE(σ(z)) only breaks down at the large |z| of the stability cases
        variants["logits.via_sigmoid"] = _reduce(via_sigmoid, reduction)
    return variants


# ----------------------------------------------------------------------------- logistic regression


def _logistic_cases(rng):
    cases = []
    for n, d in ((6, 3), (4, 5)):  # N != D: X @ r versus X.T @ r shows
        X, w, y = normal(rng, n, d), normal(rng, d), _labels(rng, n)
        cases.append(Case(Call("logistic_regression_grad", (X, w, y)), context={"N": n}))
    return cases


def _logistic_reference(case: Case) -> np.ndarray:
    X, w, y = case.call.args
    weights = tensor(w, requires_grad=True)
    loss = torch().nn.functional.binary_cross_entropy_with_logits(tensor(X) @ weights, tensor(y))
    loss.backward()
    return numpy(weights.grad)


def _logistic_variants(case: Case) -> dict:
    X, w, y = case.call.args
    residual = _np_sigmoid(X @ w) - y
    return {"logistic.extra_sigmoid_derivative": X.T @ (residual * _np_sigmoid(X @ w) * (1 - _np_sigmoid(X @ w))) / len(y)}


def _logistic_factors(case: Case) -> dict:
    return {"logistic.not_divided_by_n": case.context["N"], "logistic.wrong_sign": -1.0}


CHECKS = [
    Check("sigmoid_values", "sigmoid", _sigmoid_values_cases, _sigmoid_reference, _sigmoid_variants),
    Check("sigmoid_stability", "sigmoid", _sigmoid_stability_cases, _sigmoid_reference, _sigmoid_variants),
    Check("bernoulli_likelihood", "bernoulli_likelihood", _likelihood_cases, _likelihood_reference,
          _likelihood_variants, PRODUCT_TOLERANCE),
    Check("bernoulli_log_likelihood", "bernoulli_log_likelihood", _log_likelihood_cases, _log_likelihood_reference,
          factors=_log_likelihood_factors),
    Check("bce_loss_reductions", "bce_loss", _bce_reduction_cases, _bce_reference, _bce_variants,
          factors=_reduction_factors),
    Check("bce_loss_clamp", "bce_loss", _bce_clamp_cases, _bce_reference, _bce_variants, factors=_reduction_factors),
    Check("bce_with_logits_reductions", "bce_with_logits", _logits_reduction_cases, _logits_reference,
          _logits_variants, LOGITS_TOLERANCE, factors=_reduction_factors),
    Check("bce_with_logits_stability", "bce_with_logits", _logits_stability_cases, _logits_reference,
          _logits_variants, LOGITS_TOLERANCE, factors=_reduction_factors),
    Check("logistic_regression_grad", "logistic_regression_grad", _logistic_cases, _logistic_reference,
          _logistic_variants, factors=_logistic_factors),
]
