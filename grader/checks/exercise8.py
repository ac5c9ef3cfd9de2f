"""exercise8 — optimisers, stepped fifty times against torch.optim on the same parameters and gradients.

A case is a program (grader.checks.base.Program), run in one request: build the learner's
optimiser on parameters drawn from the seed, call step() with fifty lists of gradients drawn from
the seed, and snapshot the caller's own parameter arrays before the first step and after every
step. Each parameter's history comes back as one (51, *shape) array, row k after step k, and is
compared with torch.optim's history on the same parameters and gradients: the first row that
differs is the first step that went wrong. The gradients are fixed inputs, so neither history
depends on the other. The known mistakes are the histories numpy gives for them from the same
inputs (_simulate); a mistake is offered as a diagnosis only where its history differs from the
right one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

from grader.checks.base import (Case, Check, Pick, Program, call, f32, let, new, normal, numpy, ref, snapshot, stack,
                                tensor, torch, unstack)
from grader.compare import DEFAULT_TOLERANCE, mismatches

STEPS = 50
TWO_SHAPES = [(3, 4), (5,)]
MANY_SHAPES = [(2, 3, 2), (4,), (), (1, 3)]  # a 3-d, a vector, a 0-d scalar parameter, a row
SAME_SHAPES = [(4, 3)] * 3  # one state shared by all of them would broadcast without an error

# torch.optim's defaults for the options of this exercise (torch 2.13).
DEFAULTS = {
    "SGD": {"lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False},
    "RMSprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0},
    "Adam": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0},
    "AdamW": {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2},
}
NOT_FINITE = "optim.not_finite"


@dataclass(frozen=True)
class Run(Program):
    """A program stepping one optimiser through fifty steps, with the inputs it was built from.

    The cases of one run share it: it runs once per file, and its ``histories`` keep torch's and
    numpy's answers once computed.
    """

    optimiser: str = ""
    options: Mapping = field(default_factory=dict)
    params: tuple = ()
    grads: tuple = ()  # grads[i][k]: the gradient of params[i] at step k + 1
    histories: dict = field(default_factory=dict, compare=False, repr=False)

    def hyper(self) -> dict:
        return {**DEFAULTS[self.optimiser], **self.options}


# ----------------------------------------------------------------------------- inputs


def _draw(rng, shapes, scale: float = 1.0):
    """Parameters, and each one's gradients for fifty steps, (50, *shape): a steady pull plus
    noise, like the minibatch gradients of one loss (a steady pull makes momentum build up)."""
    params = [normal(rng, *shape) for shape in shapes]
    grads = [scale * (normal(rng, *shape) + normal(rng, STEPS, *shape, scale=0.5)) for shape in shapes]
    return params, [f32(g) for g in grads]


def _cases(optimiser: str, options: dict, params, grads, watch_grads: bool = False) -> list[Case]:
    """The cases of one run of the optimiser: one per parameter's history (and, with
    ``watch_grads``, one per gradient as it is after the last step). They share one program."""
    count = len(params)
    # "caller" holds the caller's own arrays in a list the optimiser never sees: its snapshots
    # show what the caller sees, whatever the optimiser does to the list it was given.
    steps = [let("params", list(params)), let("caller", [ref("params", i) for i in range(count)]),
             *(unstack(f"grads{i}", grads[i]) for i in range(count)),
             new("opt", optimiser, ref("params"), **options), snapshot("after0", "caller")]
    for k in range(STEPS):
        steps += [call(None, "opt", "step", [ref(f"grads{i}", k) for i in range(count)]),
                  snapshot(f"after{k + 1}", "caller")]
    results = [f"params[{i}]" for i in range(count)]
    steps += [stack(name, [ref(f"after{k}", i) for k in range(STEPS + 1)]) for i, name in enumerate(results)]
    # Shown to the learner in either language, so code-like: row k of returned[i] is params[i]
    # after step k (the lesson says so in words).
    returned = f"returned[i][k] = params[i] (k = 0…{STEPS})"
    if watch_grads:
        results += [f"grads[{i}]" for i in range(count)]
        steps += [stack(f"grads[{i}]", [ref(f"grads{i}", k) for k in range(STEPS)]) for i in range(count)]
        returned += f"; returned[{count} + i] = grads[i]"
    arguments = ", ".join(f"float64 {np.shape(p)}" for p in params)
    options_shown = "".join(f", {key}={value!r}" for key, value in options.items())
    description = (f"opt = {optimiser}([{arguments}]{options_shown}); for k in 1…{STEPS}: opt.step(grads[k]); "
                   f"{returned}")
    run = Run(f"{optimiser}.step", tuple(steps), tuple(results), description, optimiser=optimiser,
              options=dict(options), params=tuple(params), grads=tuple(grads))
    return [Case(run, pick=Pick("item", index), note=NOT_FINITE) for index in range(len(results))]


def _sgd_momentum_cases(rng):
    return [*_cases("SGD", {}, *_draw(rng, TWO_SHAPES)),
            *_cases("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.05}, *_draw(rng, TWO_SHAPES))]


def _sgd_dampening_cases(rng):
    return _cases("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.25}, *_draw(rng, TWO_SHAPES))


def _sgd_nesterov_cases(rng):
    return _cases("SGD", {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.05, "nesterov": True}, *_draw(rng, TWO_SHAPES))


def _rmsprop_cases(rng):
    # Small gradients and a large eps: only then does where eps goes show in the numbers.
    return [*_cases("RMSprop", {}, *_draw(rng, TWO_SHAPES)),
            *_cases("RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-3, "weight_decay": 0.05},
                    *_draw(rng, TWO_SHAPES, scale=0.03))]


def _adam_cases(rng):
    return [*_cases("Adam", {"lr": 0.01}, *_draw(rng, TWO_SHAPES)),
            *_cases("Adam", {"lr": 0.01, "betas": (0.8, 0.95), "eps": 1e-3}, *_draw(rng, TWO_SHAPES, scale=0.03))]


def _decay_cases(rng):
    # AdamW and Adam on the same parameters and gradients: the two kinds of decay part ways. And
    # AdamW with small gradients and a large eps, as Adam's own check has it: AdamW's step may be
    # code of its own, and only there does where its eps goes show in the numbers. AdamW's runs
    # come first: a check reports its first failing case, and this check is AdamW's.
    params, grads = _draw(rng, TWO_SHAPES)
    small = _draw(rng, TWO_SHAPES, scale=0.03)
    return [*_cases("AdamW", {"lr": 0.05, "weight_decay": 0.2}, params, grads),
            *_cases("AdamW", {"lr": 0.01, "betas": (0.8, 0.95), "eps": 1e-3, "weight_decay": 0.1}, *small),
            *_cases("Adam", {"lr": 0.05, "weight_decay": 0.2}, params, grads)]


def _state_cases(rng):
    return [*_cases("SGD", {"lr": 0.05, "momentum": 0.9}, *_draw(rng, SAME_SHAPES)),
            *_cases("Adam", {}, *_draw(rng, SAME_SHAPES))]  # torch's defaults, lr included


def _zero_cases(rng):
    params, grads = _draw(rng, TWO_SHAPES)
    grads[0][:, :, 1] = 0.0  # one column of params[0] never gets a gradient
    grads[1][:10] = 0.0  # params[1] gets none for the first ten steps
    return [*_cases("Adam", {"lr": 0.01}, params, grads), *_cases("RMSprop", {}, params, grads)]


def _in_place_cases(rng):
    return [*_cases("SGD", {"lr": 0.05, "momentum": 0.9}, *_draw(rng, MANY_SHAPES), watch_grads=True),
            *_cases("RMSprop", {"weight_decay": 0.01}, *_draw(rng, MANY_SHAPES), watch_grads=True),
            *_cases("Adam", {"lr": 0.01, "weight_decay": 0.01}, *_draw(rng, MANY_SHAPES), watch_grads=True),
            *_cases("AdamW", {}, *_draw(rng, MANY_SHAPES), watch_grads=True)]  # torch's defaults


# ----------------------------------------------------------------------------- torch


def _reference(case: Case) -> np.ndarray:
    run = case.call
    if "torch" not in run.histories:
        run.histories["torch"] = _torch_histories(run)
    return run.histories["torch"][case.pick.index]


def _torch_histories(run: Run) -> list[np.ndarray]:
    """torch.optim's parameter histories, then the gradients as they are after the last step."""
    parameters = [tensor(p, requires_grad=True) for p in run.params]
    # foreach=False: the single-tensor implementation, the one the lesson describes.
    optimiser = getattr(torch().optim, run.optimiser)(parameters, foreach=False, **run.options)
    history = [[np.array(p, dtype=np.float64)] for p in run.params]
    given = [[tensor(g[k]) for k in range(STEPS)] for g in run.grads]
    for k in range(STEPS):
        for parameter, grads in zip(parameters, given):
            parameter.grad = grads[k]
        optimiser.step()
        for rows, parameter in zip(history, parameters):
            rows.append(numpy(parameter))
    grads_after = [np.stack([numpy(g) for g in grads]) for grads in given]
    return [np.stack(rows) for rows in history] + grads_after


# ----------------------------------------------------------------------------- known mistakes


def _sgd(p, g, state, t, h, mistake):
    lr, momentum, dampening, decay = h["lr"], h["momentum"], h["dampening"], h["weight_decay"]
    if mistake not in ("optim.weight_decay_ignored", "momentum.decay_outside_buffer"):
        g = g + decay * p
    direction = g
    if momentum and mistake != "momentum.ignored":
        if mistake == "momentum.ema":  # v = βv + (1 − β)g from v = 0
            buf = momentum * state.get("buf", 0.0) + (1 - momentum) * g
        elif "buf" not in state:
            buf = (1 - dampening) * g if mistake == "dampening.first_step_damped" else g
        else:
            buf = momentum * state["buf"] + (1 - (0.0 if mistake == "dampening.ignored" else dampening)) * g
        state["buf"] = buf
        nesterov = h["nesterov"] and mistake != "nesterov.plain_momentum"
        direction = g + momentum * buf if nesterov else buf
    if mistake == "momentum.decay_outside_buffer":
        direction = direction + decay * p
    return p - lr * direction


def _rmsprop(p, g, state, t, h, mistake):
    lr, alpha, eps, decay = h["lr"], h["alpha"], h["eps"], h["weight_decay"]
    if mistake != "optim.weight_decay_ignored":
        g = g + decay * p
    if mistake == "rmsprop.alpha_swapped":
        alpha = 1 - alpha
    square = np.abs(g) if mistake == "rmsprop.abs_instead_of_square" else g * g
    if "v" not in state and mistake == "rmsprop.initialised_with_first_gradient":
        v = square
    else:
        v = alpha * state.get("v", 0.0) + (1 - alpha) * square
    state["v"] = v
    if mistake == "rmsprop.bias_corrected":
        v = v / (1 - alpha**t)
    denominators = {"rmsprop.eps_inside_sqrt": lambda: np.sqrt(v + eps), "rmsprop.no_sqrt": lambda: v + eps,
                    "rmsprop.no_eps": lambda: np.sqrt(v)}
    return p - lr * g / denominators.get(mistake, lambda: np.sqrt(v) + eps)()


def _adam(p, g, state, t, h, mistake):
    lr, (beta1, beta2), eps, decay = h["lr"], h["betas"], h["eps"], h["weight_decay"]
    before = p
    decoupled = h["decoupled"] != (mistake in ("adam.decoupled_decay", "adamw.l2_decay"))
    if mistake == "optim.weight_decay_ignored":
        pass
    elif not decoupled:
        g = g + decay * p
    elif mistake not in ("adamw.decay_with_adaptive_step", "adamw.decay_after_update"):
        p = p * (1 - (decay if mistake == "adamw.decay_without_lr" else lr * decay))
    if mistake == "adam.betas_swapped":
        beta1, beta2 = beta2, beta1
    m = beta1 * state.get("m", 0.0) + (1 - beta1) * g
    v = beta2 * state.get("v", 0.0) + (1 - beta2) * (np.abs(g) if mistake == "adam.abs_instead_of_square" else g * g)
    state["m"], state["v"] = m, v
    t = {"adam.bias_correction_off_by_one": t + 1, "adam.step_count_from_zero": t - 1}.get(mistake, t)
    correction1 = 1.0 if mistake == "adam.no_bias_correction" else 1 - beta1**t
    correction2 = 1.0 if mistake in ("adam.no_bias_correction", "adam.only_first_moment_corrected") else 1 - beta2**t
    m_hat, v_hat = m / correction1, v / correction2
    denominators = {"adam.eps_inside_sqrt": lambda: np.sqrt(v_hat + eps),
                    "adam.eps_before_correction": lambda: (np.sqrt(v) + eps) / np.sqrt(correction2),
                    "adam.no_sqrt": lambda: v_hat + eps, "adam.no_eps": lambda: np.sqrt(v_hat)}
    denominator = denominators.get(mistake, lambda: np.sqrt(v_hat) + eps)()
    p = p - lr * m_hat / denominator
    if mistake == "adamw.decay_with_adaptive_step":
        p = p - lr * decay * before / denominator
    if mistake == "adamw.decay_after_update":
        p = p * (1 - lr * decay)
    return p


_UPDATES = {"SGD": _sgd, "RMSprop": _rmsprop, "Adam": _adam, "AdamW": _adam}


def _simulate(run: Run, mistake: str = "") -> tuple[list[np.ndarray], list[dict]]:
    """numpy's parameter histories for ``run`` made with ``mistake`` (none: the right answer),
    and each parameter's state after the last step."""
    h = {**run.hyper(), "decoupled": run.optimiser == "AdamW"}
    params = [np.array(p, dtype=np.float64) for p in run.params]
    shared: dict = {}
    states = [shared if mistake == "optim.shared_state" else {} for _ in params]
    counts = [0] * len(params)  # each parameter's step count, as torch keeps it
    calls = 0  # updates made so far, over all parameters
    history = [[p] for p in params]
    with np.errstate(all="ignore"):
        for k in range(STEPS):
            for i, g in enumerate(grads[k] for grads in run.grads):
                if mistake == "optim.zero_gradient_skipped" and not np.any(g):
                    continue
                counts[i] += 1
                calls += 1
                t = calls if mistake == "optim.step_count_per_array" else counts[i]
                params[i] = _UPDATES[run.optimiser](params[i], g, states[i], t, h, mistake)
            for rows, p in zip(history, params):
                rows.append(p)
    return [np.stack(rows) for rows in history], states


def _mistakes(run: Run) -> list[str]:
    """The mistakes worth simulating for this run (the others cannot show in it)."""
    h = run.hyper()
    stateful, decay = run.optimiser != "SGD" or h["momentum"] != 0, h["weight_decay"] != 0
    keys = []
    if len(run.params) > 1 and len({np.shape(p) for p in run.params}) == 1 and stateful:
        keys.append("optim.shared_state")
    if any(not np.any(g) for grads in run.grads for g in grads):
        keys.append("optim.zero_gradient_skipped")
    if decay:
        keys.append("optim.weight_decay_ignored")
    if run.optimiser == "SGD" and stateful:
        keys += ["momentum.ignored", "momentum.ema"]
        keys += ["momentum.decay_outside_buffer"] if decay else []
        keys += ["dampening.first_step_damped", "dampening.ignored"] if h["dampening"] else []
        keys += ["nesterov.plain_momentum"] if h["nesterov"] else []
    elif run.optimiser == "RMSprop":
        keys += ["rmsprop.eps_inside_sqrt", "rmsprop.no_sqrt", "rmsprop.no_eps", "rmsprop.alpha_swapped",
                 "rmsprop.abs_instead_of_square", "rmsprop.bias_corrected", "rmsprop.initialised_with_first_gradient"]
    elif run.optimiser in ("Adam", "AdamW"):
        keys += ["optim.step_count_per_array"] if len(run.params) > 1 else []
        keys += ["adam.no_bias_correction", "adam.only_first_moment_corrected", "adam.bias_correction_off_by_one",
                 "adam.step_count_from_zero", "adam.betas_swapped", "adam.eps_inside_sqrt",
                 "adam.eps_before_correction", "adam.no_sqrt", "adam.no_eps", "adam.abs_instead_of_square"]
        if decay and run.optimiser == "Adam":
            keys.append("adam.decoupled_decay")
        if decay and run.optimiser == "AdamW":
            keys += ["adamw.l2_decay", "adamw.decay_without_lr", "adamw.decay_with_adaptive_step",
                     "adamw.decay_after_update"]
    return keys


def _mistake_histories(run: Run) -> dict:
    """{mistake: the answer for every pick of the run} (computed once per run)."""
    if "mistakes" not in run.histories:
        right, states = _simulate(run)
        initial = [np.repeat(rows[:1], STEPS + 1, axis=0) for rows in right]
        answers = {"optim.not_in_place": initial + [None] * len(right)}
        for key in _mistakes(run):
            answers[key] = _simulate(run, key)[0] + [None] * len(right)
        answers.update(_gradient_mistakes(run, right, states))
        run.histories["mistakes"] = answers, right
    return run.histories["mistakes"]


def _gradient_mistakes(run: Run, right: list[np.ndarray], states: list[dict]) -> dict:
    """What the caller's gradient arrays hold after the last step when step() wrote into them."""
    h, count = run.hyper(), len(right)
    answers = {}
    if h["weight_decay"] and run.optimiser != "AdamW":  # g += weight_decay * p
        answers["optim.grads_modified_by_decay"] = [None] * count + [
            g + h["weight_decay"] * rows[:-1] for g, rows in zip(run.grads, right)]
    if run.optimiser == "SGD" and h["momentum"] and not h["weight_decay"]:
        # The buffer was the first step's gradient array itself: every later step scaled and
        # added to it, so the caller's array ends up holding the last buffer.
        aliased = [g.copy() for g in run.grads]
        for g, state in zip(aliased, states):
            g[0] = state["buf"]
        answers["momentum.buffer_aliases_gradient"] = [None] * count + aliased
    return answers


def _variants(case: Case) -> dict:
    """The known mistakes whose answer for this pick differs from the right one."""
    answers, right = _mistake_histories(case.call)
    index = case.pick.index
    if index >= len(right):  # a gradient: torch leaves it as it was given
        expected = case.call.grads[index - len(right)]
    else:
        expected = right[index]
    return {key: answer[index] for key, answer in answers.items()
            if answer[index] is not None and mismatches(answer[index], expected, DEFAULT_TOLERANCE).any()}


def _check(name: str, function: str, make_cases) -> Check:
    return Check(name, function, make_cases, _reference, _variants)


CHECKS = [
    _check("sgd_momentum", "SGD.step", _sgd_momentum_cases),
    _check("sgd_dampening", "SGD.step", _sgd_dampening_cases),
    _check("sgd_nesterov", "SGD.step", _sgd_nesterov_cases),
    _check("rmsprop", "RMSprop.step", _rmsprop_cases),
    _check("adam_bias_correction", "Adam.step", _adam_cases),
    _check("adam_vs_adamw_decay", "AdamW.step", _decay_cases),
    _check("state_per_parameter", "SGD.step", _state_cases),
    _check("zero_gradients", "Adam.step", _zero_cases),
    _check("in_place_any_shape", "SGD.step", _in_place_cases),
]
