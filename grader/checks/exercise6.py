"""exercise6 — gradient descent on ŷ = w·x + b, against torch.nn.MSELoss, autograd and torch.optim.SGD.

The data are the course notes' example, x = 5·randn and y = 2x + 1 + randn, drawn per seed. The
batch orders are the contract of minibatch_indices, computed here with numpy: torch's DataLoader
shuffles with its own generator, which numpy cannot reproduce, so the training references run
torch.optim.SGD on the very batches the contract defines.
"""

from __future__ import annotations

import numpy as np

from grader.checks.base import Call, Case, Check, Pick, f32, normal, tensor, torch
from grader.compare import Tolerance

# The notes' data set and the training run that fits it: 100 steps of batches of 20 bring w
# near 2 and b near 1; lr is about half of the mean loss's largest stable learning rate there.
NOTES_N = 100
NOTES_BATCH = 20
NOTES_EPOCHS = 20
NOTES_LR = 0.02
# The same lr on the summed loss multiplies the error by ~18 per step (the loss by ~300): after
# 8 steps the loss is near 1e20, far from float32's overflow at 3.4e38, so a float32 learner is
# still compared value by value.
DIVERGING_STEPS = 8
# Full-batch steps at 1.1 × lr*: the error grows by ~1.2 per step.
THRESHOLD_STEPS = 20
TRAIN_PICKS = (Pick("key", "losses"), Pick("key", "w"), Pick("key", "b"))


def _notes_data(rng, n):
    """x = 5·randn, y = 2x + 1 + randn, both rounded to float32 values."""
    x = normal(rng, n, scale=5.0)
    return x, f32(2.0 * x + 1.0 + rng.standard_normal(n))


def _start(rng) -> tuple[float, float]:
    """A starting (w, b) away from 0, 1 and 0.5, which would hide missing terms; sixteenths are
    exact in float32 and short to read in a signature."""
    sixteenths = [3, 4, 5, 6, 7, 9, 10, 11, 12]
    return -float(rng.choice(sixteenths)) / 16, float(rng.choice(sixteenths)) / 16


def _reduction(call: Call) -> str:
    return call.kwargs.get("reduction", "mean")


def contract_batches(n, batch_size, seed, epochs, *, reseed=False, seed_per_epoch=False, legacy=False,
                     shuffle=True, drop_last=False, balanced=False) -> list[np.ndarray]:
    """minibatch_indices' contract, with switches for the ways learners get it wrong."""
    rng = np.random.default_rng(seed)
    legacy_rng = np.random.RandomState(seed)  # what np.random.seed + np.random.permutation use
    batches = []
    for epoch in range(epochs):
        if not shuffle:
            order = np.arange(n)
        elif legacy:
            order = legacy_rng.permutation(n)
        elif reseed:
            order = np.random.default_rng(seed).permutation(n)
        elif seed_per_epoch:
            order = np.random.default_rng(seed + epoch).permutation(n)
        else:
            order = rng.permutation(n)
        if balanced:
            batches += np.array_split(order, -(-n // batch_size))
            continue
        stop = n - n % batch_size if drop_last else n
        batches += [order[start:start + batch_size] for start in range(0, stop, batch_size)]
    return batches


# ----------------------------------------------------------------------------- linear_mse_grads


def _grads_cases(reduction):
    def make(rng):
        cases = []
        # A small batch of the notes' data, a batch far from x = 0 (b's gradient matters more),
        # and, for "mean", one more size: sum and mean differ by N, so N must not be 1.
        sizes = [7, 12, 5] if reduction == "mean" else [9, 6]
        for number, n in enumerate(sizes):
            x, y = _notes_data(rng, n)
            if number == 1:
                x = f32(x / 5.0 + 3.0)
                y = f32(2.0 * x + 1.0 + rng.standard_normal(n))
            w, b = _start(rng)
            kwargs = {} if reduction == "mean" and number == 0 else {"reduction": reduction}
            call = Call("linear_mse_grads", (w, b, x, y), kwargs)
            cases += [Case(call, pick=Pick("item", item), context={"N": n}) for item in range(3)]
        return cases

    return make


def _grads_reference(case: Case) -> np.ndarray:
    w0, b0, x, y = case.call.args
    w, b = tensor(w0, requires_grad=True), tensor(b0, requires_grad=True)
    loss = torch().nn.MSELoss(reduction=_reduction(case.call))(w * tensor(x) + b, tensor(y))
    loss.backward()
    return np.array([loss.item(), w.grad.item(), b.grad.item()][case.pick.index])


def _grads_variants(case: Case) -> dict:
    w, b, x, y = case.call.args
    r = w * x + b - y
    n = x.size
    mean = _reduction(case.call) == "mean"
    scale = 1.0 / n if mean else 1.0
    other = 1.0 if mean else 1.0 / n  # the other reduction's scale
    swapped = "gd_loss.sum_for_mean" if mean else "gd_loss.mean_for_sum"
    item = case.pick.index
    if item == 0:
        return {swapped: other * (r @ r), "gd_loss.halved": scale * (r @ r) / 2}
    gradient = scale * 2.0 * (r @ x if item == 1 else r.sum())
    variants = {swapped: gradient * other / scale, "gd_grads.missing_2": gradient / 2,
                "gd_grads.sign_flipped": -gradient}
    if item == 1:
        variants["gd_grads.w_without_x"] = scale * 2.0 * r.sum()
    else:
        variants["gd_grads.b_times_x"] = scale * 2.0 * (r @ x)
    return variants


# ----------------------------------------------------------------------------- sgd_step


def _step_cases(rng):
    cases = []
    # A weight matrix, a bias vector and a 0-d parameter (like train's w and b); then the same
    # kind of parameters in a tuple, which a correct step never needs to assign into.
    for container, lr in ((list, 0.05), (tuple, 0.3)):
        params = container([normal(rng, 3, 2), normal(rng, 3), normal(rng)])
        grads = [normal(rng, *p.shape, scale=2.0) for p in params]
        call = Call("sgd_step", (params, grads, lr))
        cases += [Case(call, pick=Pick("argument", (0, i))) for i in range(len(params))]
    return cases


def _step_reference(case: Case) -> np.ndarray:
    params, grads, lr = case.call.args
    leaves = [tensor(p, requires_grad=True) for p in params]
    for leaf, grad in zip(leaves, grads):
        leaf.grad = tensor(grad)
    torch().optim.SGD(leaves, lr=lr).step()
    return leaves[case.pick.index[1]].detach().numpy().astype(np.float64)


def _step_variants(case: Case) -> dict:
    params, grads, lr = case.call.args
    i = case.pick.index[1]
    p, g = params[i], grads[i]
    # Not updating in place at all is named by the grader itself, from what happened to the array.
    return {"gd_step.ascent": p + lr * g, "gd_step.lr_ignored": p - g}


# ----------------------------------------------------------------------------- minibatch_indices


def _batches_cases(sizes):
    def make(rng):
        cases = []
        for n, batch_size, epochs in sizes:
            call = Call("minibatch_indices", (n, batch_size), {"seed": int(rng.integers(1, 10_000)),
                                                               "epochs": epochs})
            count = epochs * -(-n // batch_size)
            # The last batch is compared as returned[-1]: a list that dropped it, or split the
            # data evenly, then shows a batch of the wrong size, which names the mistake. It
            # never comes first, so an empty list fails on returned[0] before it is indexed.
            last = [Pick("item", -1)] if count > 1 else [Pick("item", 0)]
            cases += [Case(call, pick=Pick("item", i)) for i in range(count - 1)]
            cases += [Case(call, pick=pick) for pick in last]
        return cases

    return make


def _batches_of(call: Call, **mistake) -> list[np.ndarray]:
    n, batch_size = call.args
    return contract_batches(n, batch_size, call.kwargs["seed"], call.kwargs["epochs"], **mistake)


def _batches_reference(case: Case) -> np.ndarray:
    # The contract itself is the reference: no torch generator can be made to draw numpy's orders.
    return _batches_of(case.call)[case.pick.index].astype(np.float64)


BATCH_MISTAKES = {
    "gd_batches.same_order_every_epoch": {"reseed": True},
    "gd_batches.new_generator_per_epoch": {"seed_per_epoch": True},
    "gd_batches.global_generator": {"legacy": True},
    "gd_batches.not_shuffled": {"shuffle": False},
    "gd_batches.dropped_last": {"drop_last": True},
    "gd_batches.balanced_split": {"balanced": True},
}


def _batches_variants(case: Case) -> dict:
    """The batch a mistake gives in this position, where it differs from the right one: one epoch
    cannot show an order repeated across epochs, nor an even split a short last batch."""
    item = case.pick.index
    right = _batches_of(case.call)
    variants = {}
    for key, mistake in BATCH_MISTAKES.items():
        wrong = _batches_of(case.call, **mistake)
        if -len(wrong) <= item < len(wrong) and not np.array_equal(wrong[item], right[item]):
            variants[key] = wrong[item]
    return variants


# ----------------------------------------------------------------------------- train


def _notes_run(rng):
    """The notes' data, a start, and the batches of the notes' run (2-D: one batch per row)."""
    x, y = _notes_data(rng, NOTES_N)
    w, b = _start(rng)
    seed = int(rng.integers(1, 10_000))
    batches = np.array(contract_batches(NOTES_N, NOTES_BATCH, seed, NOTES_EPOCHS))
    return x, y, w, b, batches


def _train_cases(rng):
    x, y, w, b, batches = _notes_run(rng)
    calls = [Call("train", (x, y, w, b, NOTES_LR, batches))]
    # A small data set whose epochs end with a shorter batch (8, 8, 6), as a list of arrays.
    x, y = _notes_data(rng, 22)
    w, b = _start(rng)
    short = contract_batches(22, 8, int(rng.integers(1, 10_000)), 2)
    calls.append(Call("train", (x, y, w, b, 0.015, short), {"reduction": "mean"}))
    return [Case(call, pick=pick) for call in calls for pick in TRAIN_PICKS]


def _diverging_cases(rng):
    # The notes' run again (same rng_key: the same data, start and batches), with the summed loss.
    x, y, w, b, batches = _notes_run(rng)
    calls = [Call("train", (x, y, w, b, NOTES_LR, batches[:DIVERGING_STEPS]), {"reduction": "sum"})]
    # Full-batch steps just above the mean loss's threshold.
    lr = float(f"{1.1 * _threshold(x, 'mean'):.4g}")
    full = np.tile(np.arange(NOTES_N), (THRESHOLD_STEPS, 1))
    calls.append(Call("train", (x, y, w, b, lr, full), {"reduction": "mean"}))
    return [Case(call, pick=pick) for call in calls for pick in TRAIN_PICKS]


def _train_reference(case: Case) -> np.ndarray:
    x, y, w0, b0, lr, batches = case.call.args
    w, b = tensor(w0, requires_grad=True), tensor(b0, requires_grad=True)
    optimizer = torch().optim.SGD([w, b], lr=lr)
    criterion = torch().nn.MSELoss(reduction=_reduction(case.call))
    inputs, targets = tensor(x), tensor(y)
    losses = []
    for idx in batches:
        index = torch().as_tensor(np.asarray(idx, dtype=np.int64))
        optimizer.zero_grad()
        loss = criterion(w * inputs[index] + b, targets[index])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())  # computed before step(): the loss at the old (w, b)
    return {"losses": np.array(losses), "w": np.array(w.item()), "b": np.array(b.item())}[case.pick.index]


def _simulate(x, y, w, b, lr, batches, reduction, *, loss_after=False, sequential=False, whole_data=False,
              divide_by_all=False):
    """The training loop in numpy, with switches for the ways learners get it wrong."""
    losses = []
    with np.errstate(over="ignore", invalid="ignore"):
        for idx in batches:
            xb, yb = (x, y) if whole_data else (x[idx], y[idx])
            count = x.size if divide_by_all else xb.size
            scale = 1.0 / count if reduction == "mean" else 1.0
            r = w * xb + b - yb
            loss = scale * (r @ r)
            w_new = w - lr * scale * 2.0 * (r @ xb)
            if sequential:  # b's gradient taken after w has already moved
                r = w_new * xb + b - yb
            b = b - lr * scale * 2.0 * r.sum()
            w = w_new
            if loss_after:
                r = w * xb + b - yb
                loss = scale * (r @ r)
            losses.append(loss)
    return {"losses": np.array(losses), "w": np.array(w), "b": np.array(b)}


def _train_variants(case: Case) -> dict:
    x, y, w, b, lr, batches = case.call.args
    reduction = _reduction(case.call)
    mistakes = {"gd_train.loss_after_update": {"loss_after": True},
                "gd_train.sequential_update": {"sequential": True},
                "gd_train.whole_data_each_step": {"whole_data": True}}
    if reduction == "mean" and any(len(batch) < len(x) for batch in batches):  # else the same thing
        mistakes["gd_train.divided_by_all_examples"] = {"divide_by_all": True}
    key = case.pick.index
    variants = {name: _simulate(x, y, w, b, lr, batches, reduction, **switches)[key]
                for name, switches in mistakes.items()}
    if reduction == "sum":
        variants["gd_train.reduction_ignored"] = _simulate(x, y, w, b, lr, batches, "mean")[key]
    return variants


# ----------------------------------------------------------------------------- largest_stable_lr


def _hessian(x, reduction) -> np.ndarray:
    scale = 2.0 / x.size if reduction == "mean" else 2.0
    return scale * np.array([[x @ x, x.sum()], [x.sum(), x.size]])


def _threshold(x, reduction) -> float:
    return 2.0 / np.linalg.eigvalsh(_hessian(x, reduction))[-1]


def _lr_cases(rng):
    notes, _ = _notes_data(rng, NOTES_N)
    far_from_zero = f32(3.0 + 2.0 * rng.standard_normal(30))  # w and b strongly coupled
    small = f32(0.2 + 0.3 * rng.standard_normal(12))  # the largest curvature is b's, not w's
    data = [(notes, {}), (far_from_zero, {"reduction": "mean"}), (small, {"reduction": "mean"}),
            (notes, {"reduction": "sum"}), (small, {"reduction": "sum"})]
    return [Case(Call("largest_stable_lr", (x,), kwargs), context={"N": x.size}) for x, kwargs in data]


def _lr_reference(case: Case) -> np.ndarray:
    (x,) = case.call.args
    inputs = tensor(x)
    targets = 2.0 * inputs + 1.0  # the Hessian of a quadratic loss does not depend on y, w or b
    loss = torch().nn.MSELoss(reduction=_reduction(case.call))

    def of_parameters(theta):
        return loss(theta[0] * inputs + theta[1], targets)

    hessian = torch().autograd.functional.hessian(of_parameters, tensor([0.5, -0.5]))
    return np.array(2.0 / torch().linalg.eigvalsh(hessian)[-1].item())


def _lr_variants(case: Case) -> dict:
    (x,) = case.call.args
    reduction = _reduction(case.call)
    eigenvalues = np.linalg.eigvalsh(_hessian(x, reduction))
    variants = {"gd_lr.lambda_min": 2.0 / eigenvalues[0], "gd_lr.one_over_lambda": 1.0 / eigenvalues[-1],
                "gd_lr.w_only": 2.0 / _hessian(x, reduction)[0, 0], "gd_lr.hessian_missing_2": 4.0 / eigenvalues[-1]}
    if reduction == "sum":
        variants["gd_lr.mean_for_sum"] = _threshold(x, "mean")
    else:
        variants["gd_lr.sum_for_mean"] = _threshold(x, "sum")
    return variants


CHECKS = [
    Check("loss_and_grads_mean", "linear_mse_grads", _grads_cases("mean"), _grads_reference, _grads_variants),
    Check("loss_and_grads_sum", "linear_mse_grads", _grads_cases("sum"), _grads_reference, _grads_variants),
    Check("sgd_step_in_place", "sgd_step", _step_cases, _step_reference, _step_variants,
          modifies=(0,)),  # sgd_step updates the caller's parameter arrays, like optimizer.step()
    Check("minibatches_reshuffled_each_epoch", "minibatch_indices", _batches_cases([(12, 4, 3), (15, 5, 2)]),
          _batches_reference, _batches_variants),
    Check("minibatches_keep_short_last_batch", "minibatch_indices", _batches_cases([(10, 4, 1), (11, 3, 1), (5, 8, 1)]),
          _batches_reference, _batches_variants),
    Check("train_matches_torch_sgd", "train", _train_cases, _train_reference, _train_variants, rng_key="train"),
    Check("train_diverges_like_torch", "train", _diverging_cases, _train_reference, _train_variants, rng_key="train"),
    # Relative only: the sum's threshold is about 4e-4, where the default atol would be 0.25 %.
    Check("largest_stable_lr", "largest_stable_lr", _lr_cases, _lr_reference, _lr_variants, Tolerance(atol=0.0)),
]
