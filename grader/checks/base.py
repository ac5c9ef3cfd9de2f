"""The pieces an exercise's checks are made of.

A check tests one idea. It generates its cases from a seed (numpy only, in the parent), computes
the expected answers with torch (only on a cache miss, see grader.references), and knows the
answers that common wrong implementations give, so a failure can name the mistake.
"""

from __future__ import annotations

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
    context: Mapping[str, int] = field(default_factory=dict)  # sizes named in diagnoses
    note: str = ""  # a message key saying what is special about this case (e.g. large logits)


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

    def cases(self, seed: int) -> list[Case]:
        key = self.rng_key or self.name
        return self.make_cases(np.random.default_rng([seed, zlib.crc32(key.encode())]))


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
