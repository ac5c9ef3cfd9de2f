"""Pictures of the learner's own code at work, as data: the loss per step for several learning
rates (exercise 6) and per optimiser (exercise 8), and the gradient norm per layer (exercise 10).

The library API behind `learn plot`. It runs the learner's functions in the sandbox, with the
limits and isolation of `learn check`, and returns the series as plain numbers (a Picture);
grader.plotting draws them and only the CLI prints. What the learner's code returns is read like
any answer from the sandbox: a value of the wrong kind or shape becomes a one-line problem, never a
point; what it prints is counted, never shown. A function that is missing, not implemented or
raises costs only the series that need it: the rest is drawn.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import numpy as np

from grader import grading
from grader.checks.base import call, let, new, op, ref, snapshot, stack
from grader.compare import describe
from grader.registry import Exercise
from grader.results import Text
from grader.sandbox import child as wire
from grader.sandbox.isolation import Isolation
from grader.sandbox.runner import Limits, Outcome, Sandbox


@dataclass(frozen=True)
class Series:
    """One curve: y over x, finite values only. A run whose value stopped being a finite number
    (an overflow) ends at the last finite one, and ``ended_at`` is the x where it stopped."""

    label: Text
    x: tuple[float, ...]
    y: tuple[float, ...]
    ended_at: float | None = None
    group: str = ""  # series of one group are drawn alike (one colour family), e.g. one activation


@dataclass(frozen=True)
class Panel:
    """One chart. ``y_max`` keeps a diverging run from flattening the others: what lies above it is
    off the chart (the curve leaves through the top)."""

    title: Text
    x_label: Text
    y_label: Text
    series: tuple[Series, ...]
    log_y: bool = True
    y_max: float | None = None
    x_kind: str = "step"  # what x counts ("step" or "layer"), for the words around a series that ends
    notes: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Picture:
    exercise: str
    panels: tuple[Panel, ...] = ()
    problems: tuple[Text, ...] = ()  # one line per function (or file) that could not be run
    notes: tuple[Text, ...] = ()

    @property
    def complete(self) -> bool:
        """Was every series drawn from the learner's code as asked?"""
        return not self.problems


class NoPicture(ValueError):
    """The exercise has no picture (only those in PICTURED have one)."""


def picture(exercise: Exercise, path: Path, *, limits: Limits = Limits(),
            isolation: Isolation | None = None) -> Picture:
    """Run the learner's ``path`` for ``exercise`` and return its picture. Never raises for
    anything the file does; raises NoPicture for an exercise without one."""
    if exercise.id not in PICTURED:
        raise NoPicture(exercise.id)
    problem = grading.static_problem(Path(path))
    if problem is not None:
        return Picture(exercise.id, problems=(problem[1],))
    with Sandbox({exercise.id: Path(path)}, limits, isolation) as sandbox:
        loaded = sandbox.load(exercise.id)
        if loaded.status != "ok":
            return Picture(exercise.id, problems=(grading.load_failure(loaded)[1],))
        runner = _Runner(sandbox, exercise.id, time.monotonic() + limits.submission_timeout)
        panels = PICTURED[exercise.id](runner)
        if sandbox.banned_imports[exercise.id]:  # imported torch at run time: nothing it drew counts
            return Picture(exercise.id, problems=(Text("file.torch"),))
        printed = sandbox.captured_output(exercise.id)
    notes = (Text("plot.printed", {"lines": len(printed.splitlines())}),) if printed.strip() else ()
    return Picture(exercise.id, tuple(panels), tuple(runner.problems.values()), notes)


def to_json(result: Picture, language: str) -> dict:
    """The picture as plain JSON-ready data, every text in ``language``."""
    from grader.i18n import translate

    def series(s: Series) -> dict:
        return {"label": translate(s.label, language), "x": list(s.x), "y": list(s.y), "ended_at": s.ended_at,
                "group": s.group}

    return {
        "exercise": result.exercise,
        "complete": result.complete,
        "problems": [translate(text, language) for text in result.problems],
        "notes": [translate(text, language) for text in result.notes],
        "panels": [{"title": translate(p.title, language), "x_label": translate(p.x_label, language),
                    "y_label": translate(p.y_label, language), "log_y": p.log_y, "y_max": p.y_max,
                    "notes": [translate(text, language) for text in p.notes],
                    "series": [series(s) for s in p.series]} for p in result.panels],
    }


# ----------------------------------------------------------------------------- running the learner's code


class _Runner:
    """Calls into one learner's file, turning every failure into one problem line per function.

    A function that is missing, not implemented, hung or crashed is not called again: its answer
    would be the same, and a hung one would cost its time limit every time."""

    def __init__(self, sandbox: Sandbox, key: str, deadline: float):
        self.sandbox = sandbox
        self.key = key
        self.deadline = deadline
        self.problems: dict[str, Text] = {}
        self._given_up: set[str] = set()

    def call(self, function: str, *args, **kwargs):
        """The value ``function(*args, **kwargs)`` returned, or None after recording why not."""
        if not self._may_run(function):
            return None
        outcome = self.sandbox.call(function, args, kwargs, key=self.key, errstate={"all": "ignore"})
        return self._value(function, outcome)

    def program(self, function: str, steps: list, results: list[str], answer_bytes: int):
        """The values a program of steps named in ``results``, or None after recording why not.
        ``function`` is what its failures are attributed to ("Adam.step")."""
        if not self._may_run(function):
            return None
        outcome = self.sandbox.program(steps, results, key=self.key, errstate={"all": "ignore"},
                                       answer_bytes=answer_bytes)
        return self._value(function, outcome)

    def unexpected(self, function: str, value, expected: str) -> None:
        """Record that ``function`` returned something that cannot be drawn."""
        self.problems.setdefault(function, Text("plot.unexpected_answer", {
            "function": function, "got": describe(value), "expected": expected}))

    def _may_run(self, function: str) -> bool:
        if function in self._given_up:
            return False
        if time.monotonic() > self.deadline:
            self.problems.setdefault(function, Text("status.skipped_budget"))
            return False
        return True

    def _value(self, function: str, outcome: Outcome):
        if outcome.status == "ok":
            return outcome.value
        if outcome.status in ("not_implemented", "missing", "timeout", "crashed"):
            self._given_up.add(function)
        self.problems.setdefault(function, _problem(function, outcome, self.sandbox.limits))
        return None


def _problem(function: str, outcome: Outcome, limits: Limits) -> Text:
    """One line saying why ``function`` gave nothing to draw."""
    if outcome.status == "not_implemented":
        return Text("status.not_started", {"function": function})
    if outcome.status == "missing":
        return Text("status.missing", {"function": outcome.message or function})
    if outcome.status == "timeout":
        return Text("status.timeout", {"function": function, "seconds": limits.call_timeout})
    if outcome.status == "crashed":
        return Text("status.crashed", {"function": function, "message": outcome.message})
    first_line = (outcome.message.strip().splitlines() or [""])[0][:200]
    return Text("status.raised", {"function": function, "type": outcome.error_type, "message": first_line})


def _real_array(value, shape: tuple) -> np.ndarray | None:
    """``value`` as a float64 array of ``shape`` when it holds real numbers of that shape, else None.
    A list of numbers counts as well as an array; booleans and anything unreceivable do not."""
    if value is None or isinstance(value, (bool, np.bool_, wire.Unsupported)):
        return None
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return None
    if array.dtype.kind not in "iuf" or array.shape != shape:
        return None
    return array.astype(np.float64)


def _series(label: Text, values: np.ndarray, x=None) -> Series:
    """A series of the finite prefix of ``values``; x defaults to 0, 1, 2, ... (steps)."""
    xs = np.arange(len(values), dtype=float) if x is None else np.asarray(x, dtype=float)
    finite = np.isfinite(values)
    stop = len(values) if finite.all() else int(np.argmin(finite))
    return Series(label, tuple(float(v) for v in xs[:stop]), tuple(float(v) for v in values[:stop]),
                  ended_at=None if stop == len(values) else float(xs[stop]))


def _verbatim(text: str) -> Text:
    """A label that reads the same in every language: code, such as Adam(lr=0.1)."""
    return Text("plot.verbatim", {"text": text})


# ----------------------------------------------------------------------------- exercise 6

# The lesson's data and start: 100 points x = 5·ε, y = 2x + 1 + ε′ from a generator seeded with 0,
# trained from w = b = 0. Full-batch: lr* (the learner's largest_stable_lr) is the threshold of
# full-batch gradient descent, so each step uses every example and the curves show that threshold.
GD_N = 100
GD_STEPS = 40
GD_FACTORS = (0.25, 0.5, 0.9, 1.1)
GD_SUM_FACTOR = 0.5  # the sum of squares at the mean's 0.5 × lr*: the lesson's divergence
GD_FALLBACK_LRS = (0.005, 0.01, 0.02, 0.05)  # around the lesson's lr = 0.02, when lr* is unknown
GD_CEILING = 1e3  # the chart shows losses up to this many times the starting loss


def _gradient_descent(runner: _Runner) -> list[Panel]:
    from grader.checks.exercise6 import _notes_data

    x, y = _notes_data(np.random.default_rng(0), GD_N)
    batches = [np.arange(GD_N)] * GD_STEPS
    threshold = _stable_lr(runner, x)
    if threshold is not None:
        runs = [(_times_threshold(factor, threshold), factor * threshold, "mean") for factor in GD_FACTORS]
        runs.append((Text("plot.gd.sum_label", {"factor": GD_SUM_FACTOR, "lr": GD_SUM_FACTOR * threshold}),
                     GD_SUM_FACTOR * threshold, "sum"))
        notes = (Text("plot.gd.threshold", {"lr": threshold}),)
    else:
        runs = [(Text("plot.gd.lr_label", {"lr": lr}), lr, "mean") for lr in GD_FALLBACK_LRS]
        runs.append((Text("plot.gd.sum_label_plain", {"lr": 0.02}), 0.02, "sum"))
        notes = (Text("plot.gd.no_threshold"),)
    series = []
    for label, lr, reduction in runs:
        kwargs = {"reduction": "sum"} if reduction == "sum" else {}
        result = runner.call("train", x, y, 0.0, 0.0, lr, batches, **kwargs)
        if result is None:
            continue
        losses = _real_array(result.get("losses") if isinstance(result, dict) else None, (GD_STEPS,))
        if losses is None:
            runner.unexpected("train", result, f"a dict whose 'losses' holds {GD_STEPS} numbers")
            continue
        series.append(_series(label, losses))
    start = float(np.mean(y**2))  # the loss at w = b = 0, known without the learner's code
    panel = Panel(Text("plot.gd.title"), Text("plot.step"), Text("plot.loss_log"), tuple(series),
                  y_max=GD_CEILING * start, notes=notes)
    return [panel]


def _stable_lr(runner: _Runner, x: np.ndarray) -> float | None:
    value = runner.call("largest_stable_lr", x)
    if value is None:
        return None
    number = _real_array(value, ())
    if number is None or not (0 < float(number) < math.inf):
        runner.unexpected("largest_stable_lr", value, "a positive number")
        return None
    return float(number)


def _times_threshold(factor: float, threshold: float) -> Text:
    return Text("plot.gd.times_label", {"factor": factor, "lr": factor * threshold})


# ----------------------------------------------------------------------------- exercise 8

# A long, narrow bowl: f(p) = ½·Σ a_i·(p_i − 1)² with a = (1, 25), so f(x, y) = ½(x − 1)² + 12.5(y − 1)²,
# 25 times more curved across (y) than along (x), from p = (−3, 2). The learner's optimiser is built
# on one parameter p of shape (2,); each step, the program computes the gradient a·(p − 1) at the
# caller's p as it is now, calls the learner's step() and snapshots p. The loss is computed here from
# the snapshots: the learner's code decides where p goes, never what its loss is.
BOWL_CURVATURE = np.array([1.0, 25.0])
BOWL_MINIMUM = np.array([1.0, 1.0])
BOWL_START = np.array([-3.0, 2.0])
OPT_STEPS = 100
# What each panel compares: (title, [(optimiser, options), ...]).
OPT_PANELS = (
    ("plot.opt.title_optimisers", (("SGD", {"lr": 0.02}), ("SGD", {"lr": 0.02, "momentum": 0.9}),
                                   ("SGD", {"lr": 0.02, "momentum": 0.9, "nesterov": True}),
                                   ("RMSprop", {"lr": 0.03}), ("Adam", {"lr": 0.1}))),
    # 2/25 = 0.08 is plain gradient descent's threshold here (exercise 6's lr*): 0.085 is past it.
    ("plot.opt.title_learning_rates", (("SGD", {"lr": 0.02}), ("SGD", {"lr": 0.07}), ("SGD", {"lr": 0.085}),
                                       ("Adam", {"lr": 0.03}), ("Adam", {"lr": 0.1}), ("Adam", {"lr": 0.3}))),
    ("plot.opt.title_decay", (("Adam", {"lr": 0.1}), ("Adam", {"lr": 0.1, "weight_decay": 0.5}),
                              ("AdamW", {"lr": 0.1, "weight_decay": 0.5}))),
)


def bowl(points: np.ndarray) -> np.ndarray:
    """The bowl's loss at each row of ``points`` (shape (..., 2))."""
    return 0.5 * (BOWL_CURVATURE * (points - BOWL_MINIMUM) ** 2).sum(axis=-1)


def _optimiser_program(optimiser: str, options: dict) -> list:
    # "caller" holds the caller's own array in a list the optimiser never sees, as in the checks:
    # an optimiser that replaces the array in its own list leaves the caller's where it was.
    steps = [let("params", [BOWL_START.copy()]), let("caller", [ref("params", 0)]),
             let("curvature", BOWL_CURVATURE), let("minimum", BOWL_MINIMUM),
             new("opt", optimiser, ref("params"), **options), snapshot("after0", "caller")]
    for k in range(1, OPT_STEPS + 1):
        steps += [op("offset", "sub", ref("caller", 0), ref("minimum")),
                  op("gradient", "mul", ref("offset"), ref("curvature")),
                  call(None, "opt", "step", [ref("gradient")]), snapshot(f"after{k}", "caller")]
    return steps + [stack("p", [ref(f"after{k}", 0) for k in range(OPT_STEPS + 1)])]


def _optimiser_label(optimiser: str, options: dict) -> str:
    return f"{optimiser}({', '.join(f'{key}={value}' for key, value in options.items())})"


def _optimisers(runner: _Runner) -> list[Panel]:
    losses: dict[str, np.ndarray] = {}
    for optimiser, options in (run for _, runs in OPT_PANELS for run in runs):
        label, function = _optimiser_label(optimiser, options), f"{optimiser}.step"
        if label in losses:
            continue
        values = runner.program(function, _optimiser_program(optimiser, options), ["p"],
                                answer_bytes=(OPT_STEPS + 1) * BOWL_START.nbytes)
        if values is None:
            continue
        path = _real_array(values[0] if isinstance(values, list) and values else None, (OPT_STEPS + 1, 2))
        if path is None:
            runner.unexpected(function, values, f"p after each of the {OPT_STEPS} steps, in place")
            continue
        with np.errstate(all="ignore"):
            losses[label] = bowl(path)
    ceiling = 1e3 * float(bowl(BOWL_START))
    return [Panel(Text(title), Text("plot.step"), Text("plot.loss_log"),
                  tuple(_series(_verbatim(label), losses[label]) for label in map(lambda r: _optimiser_label(*r), runs)
                        if label in losses), y_max=ceiling)
            for title, runs in OPT_PANELS]


# ----------------------------------------------------------------------------- exercise 10

# Ten layers of width 24, as in the lesson's measurements; the data drawn from a fixed seed.
NORM_SIZES = [16] + [24] * 9 + [4]
NORM_BATCH = 32
NORM_RUNS = (("sigmoid", "default"), ("sigmoid", "xavier"), ("sigmoid", "he"),
             ("relu", "default"), ("relu", "xavier"), ("relu", "he"))


def _gradient_norms(runner: _Runner) -> list[Panel]:
    from grader.checks.exercise10 import _network

    rng = np.random.default_rng(10)
    X, y = rng.standard_normal((NORM_BATCH, NORM_SIZES[0])), rng.standard_normal((NORM_BATCH, NORM_SIZES[-1]))
    depth = len(NORM_SIZES) - 1
    layers = np.arange(1, depth + 1)
    series, notes, grader_weights = [], [], False
    for activation, scheme in NORM_RUNS:
        params = _learner_params(runner, scheme, activation)
        drawn_here = params is None
        if drawn_here:  # their init_params gives no weights: the checks' own draws, torch's spreads
            params = _network(np.random.default_rng(0), NORM_SIZES, scheme, activation)
        norms = runner.call("layer_gradient_norms", params, X, y, activation)
        if norms is None:
            continue
        values = _real_array(norms, (depth,))
        if values is None:
            runner.unexpected("layer_gradient_norms", norms, f"{depth} numbers, one per layer")
            continue
        grader_weights |= drawn_here
        label = Text("plot.norms.label", {"activation": activation, "scheme": scheme})
        if (values == 0).any():  # no place on a log scale: those layers are left out, and said so
            notes.append(Text("plot.norms.zero", {"activation": activation, "scheme": scheme}))
            series.append(Series(label, tuple(float(v) for v in layers[values != 0]),
                                 tuple(float(v) for v in values[values != 0]), group=activation))
        else:
            series.append(replace(_series(label, values, x=layers), group=activation))
    if grader_weights:
        notes.insert(0, Text("plot.norms.grader_weights"))
    panel = Panel(Text("plot.norms.title"), Text("plot.layer"), Text("plot.norm_log"), tuple(series),
                  x_kind="layer", notes=tuple(notes))
    return [panel]


def _learner_params(runner: _Runner, scheme: str, activation: str) -> dict | None:
    """The learner's init_params for the picture's network, if it returns every W and b with the
    shapes torch's layers have; None (and a problem line) otherwise."""
    params = runner.call("init_params", NORM_SIZES, scheme, activation, seed=0)
    if params is None:
        return None
    checked = {}
    for layer, (fan_in, fan_out) in enumerate(zip(NORM_SIZES[:-1], NORM_SIZES[1:]), start=1):
        for name, shape in ((f"W{layer}", (fan_out, fan_in)), (f"b{layer}", (fan_out,))):
            array = _real_array(params.get(name) if isinstance(params, dict) else None, shape)
            if array is None or not np.isfinite(array).all():
                runner.unexpected("init_params", params, f"a dict of finite arrays, {name} of shape {shape}")
                return None
            checked[name] = array
    return checked


# The exercises with a picture, in teaching order, and what draws each.
PICTURED: dict[str, Callable[[_Runner], list[Panel]]] = {
    "exercise6": _gradient_descent,
    "exercise8": _optimisers,
    "exercise10": _gradient_norms,
}
