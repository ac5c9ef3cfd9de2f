"""The pieces an exercise's checks are made of.

A check tests one idea. It generates its cases from a seed (numpy only, in the parent), computes
the expected answers with torch (only on a cache miss, see grader.references), and knows the
answers that common wrong implementations give, so a failure can name the mistake.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from grader.compare import DEFAULT_TOLERANCE, Tolerance
from grader.sandbox.child import SlotReference

SETUP_SLOT = "setup"


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def signature(self) -> str:
        """How the call looks, with shapes and dtypes instead of values: softmax(z: float64 (4, 3))."""
        parts = [_describe_argument(a) for a in self.args]
        parts += [f"{k}={_describe_argument(v)}" for k, v in self.kwargs.items()]
        return f"{self.function}({', '.join(parts)})"


def _describe_argument(value) -> str:
    if isinstance(value, np.ndarray):
        return f"{value.dtype} {tuple(value.shape)}"
    if isinstance(value, list):
        return "[" + ", ".join(_describe_argument(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(_describe_argument(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_describe_argument(v)}" for k, v in value.items()) + "}"
    if isinstance(value, SlotReference):
        return "cache" if value.index == 1 else value.name
    if isinstance(value, float) and value == float("inf"):
        return "inf"
    return repr(value)


# What to compare from a call's outcome: the returned value, one item or key of it, an argument
# as it is after the call (for functions that must work in place), or a whole input argument after
# the call (for functions that must leave their inputs unchanged).
@dataclass(frozen=True)
class Pick:
    kind: str = "return"  # return | item | key | argument | input
    index: Any = None  # item index, dict key, (argument index, item index), or argument index (input)

    def describe(self) -> str:
        if self.kind == "item":
            return f"returned[{self.index}]"
        if self.kind == "key":
            return f"returned[{self.index!r}]"
        if self.kind == "argument":
            position, item = self.index
            return f"args[{position}][{item}]"
        if self.kind == "input":
            return f"args[{self.index}]"
        return "returned"


RETURNED = Pick()


@dataclass(frozen=True)
class Case:
    """One call of the student's function and what to compare it with."""

    call: Call
    pick: Pick = RETURNED
    setup: Call | None = None  # run first in the same child; its result is kept as SETUP_SLOT
    errstate: Mapping[str, str] = field(default_factory=dict)  # numpy floating-point error policy
    context: Mapping[str, int] = field(default_factory=dict)  # sizes the checks' factors use
    note: str = ""  # a mistake key naming what this case exposes (e.g. large logits)
    raises: str = ""  # the exception the call must raise (a type name); it has no answer then


@dataclass(frozen=True)
class Check:
    """One named, scored idea. Points and titles live in the registry (grader/data)."""

    name: str
    function: str  # the student function this check calls
    make_cases: Callable[[np.random.Generator], list[Case]]
    reference: Callable[[Case], np.ndarray]  # torch; float64
    variants: Callable[[Case], Mapping[str, np.ndarray]] = lambda case: {}  # numpy; known mistakes
    tolerance: Tolerance = DEFAULT_TOLERANCE
    rng_key: str = ""  # checks with the same key see the same cases (e.g. all of backward's)
    # Mistakes that scale the whole answer: {mistake key: factor}, e.g. a sum where the loss is a
    # mean (factor N). Tried alone and combined with the variants (grader.compare.diagnose).
    factors: Callable[[Case], Mapping[str, float]] = lambda case: {}
    # The positions of the arguments the function is documented to change (clipping, in place).
    # Changing any other argument the caller passed is a mistake of its own.
    modifies: tuple[int, ...] = ()

    def cases(self, seed: int) -> list[Case]:
        key = self.rng_key or self.name
        return self.make_cases(np.random.default_rng([seed, zlib.crc32(key.encode())]))

    def answer(self, case: Case) -> np.ndarray:
        """torch's answer to a case, as float64; an empty array for a case that must raise."""
        if case.raises:
            return np.zeros(0)
        return np.asarray(self.reference(case), dtype=np.float64)


def combinations_of(compute: Callable[..., np.ndarray], knobs: Mapping[str, Mapping[str, Any]]) -> dict:
    """The answers of every combination of independent mistakes ("knobs"), keyed by the tuple of
    their mistake keys: one mistake at a time first, then pairs, and so on.

    ``knobs`` maps a mistake key to the keyword arguments that make ``compute`` commit it, e.g.
    {"backprop.missing_output_sigmoid_derivative": {"output_derivative": False}}.
    """
    keys = list(knobs)
    answers = {}
    for size in range(1, len(keys) + 1):
        for chosen in itertools.combinations(keys, size):
            settings = {}
            for key in chosen:
                settings.update(knobs[key])
            answers[chosen] = compute(**settings)
    return answers


def f32(array) -> np.ndarray:
    """Round inputs to float32 values, held in float64: float32 and float64 students then see
    the same numbers, and references built from them are exact for both."""
    return np.asarray(array, dtype=np.float32).astype(np.float64)


def normal(rng: np.random.Generator, *shape, scale: float = 1.0) -> np.ndarray:
    return f32(rng.standard_normal(shape) * scale)


def uniform(rng: np.random.Generator, low: float, high: float, *shape) -> np.ndarray:
    return f32(rng.uniform(low, high, shape))


def torch():
    """Import torch on first use: it costs ~1.8 s, and cached references make it unnecessary."""
    import torch as module

    return module


def tensor(array, requires_grad: bool = False):
    """A float64 tensor from an input array (references are always computed in float64)."""
    return torch().tensor(np.asarray(array, dtype=np.float64), requires_grad=requires_grad)


def numpy(tensor_value) -> np.ndarray:
    return tensor_value.detach().numpy().astype(np.float64)


# ----------------------------------------------------------------------------- programs


@dataclass(frozen=True)
class Program:
    """Steps that drive the student's objects in one request, where a Call cannot: an optimiser
    constructed once and stepped fifty times, an autograd graph built node by node.

    ``steps`` are plain data (grader.sandbox.child.run_program documents them; the helpers below
    build them); ``results`` names the values to send back, as one list. ``function`` is what a
    failure is attributed to ("Adam.step"); ``description`` is how the call is shown to a learner.

    Many cases may share one program, each comparing one of its results (``Pick("item", k)``): the
    program then runs once, and ``items[k]`` describes result k to a learner in place of the whole
    program's description. ``exception_mistakes`` names the mistake an exception type most likely
    means (a RecursionError on a deep graph: a recursive walk).
    """

    function: str
    steps: tuple
    results: tuple[str, ...]
    description: str
    items: tuple[str, ...] = ()
    exception_mistakes: Mapping[str, str] = field(default_factory=dict)  # exception type name -> mistake key
    args: tuple = ()  # a Program has no arguments of its own: its inputs are in its steps
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def signature(self) -> str:
        return self.description


def let(name: str, value) -> tuple:
    return ("let", name, value)


def new(name: str, cls: str, *args, **kwargs) -> tuple:
    return ("new", name, cls, args, kwargs)


def call(name: str | None, obj: str, method: str, *args, **kwargs) -> tuple:
    return ("call", name, obj, method, args, kwargs)


def op(name: str, operator: str, left, right=None) -> tuple:
    """``left <operator> right``; left or right may be ref(name) or a plain number."""
    return ("op", name, operator, left, right)


def get(name: str, obj: str, attribute: str) -> tuple:
    return ("get", name, obj, attribute)


def snapshot(name: str, obj: str) -> tuple:
    return ("copy", name, obj)


def stack(name: str, items) -> tuple:
    """``items`` (usually refs: one array's snapshot after every step) stacked along a new first
    axis, to be sent back as one array."""
    return ("stack", name, list(items))


def unstack(name: str, array) -> tuple:
    """The rows of ``array`` as a list of separate arrays (a 0-d array for each entry of a vector):
    many arrays sent as one, which is cheaper on the wire."""
    return ("unstack", name, array)


def ref(name: str, index: int | None = None) -> SlotReference:
    """A value named by an earlier step (or its item ``index``), used as an argument or operand."""
    return SlotReference(name, index)
