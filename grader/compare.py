"""Compare a student's answer with torch's: structure first, then values, then likely mistakes.

Everything here runs in the parent on plain values received from the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from grader.results import Text
from grader.sandbox.child import Unsupported

# docs/grading.md gives the measured margins (benchmarks/tolerance_margins.py): correct float32
# and float64 implementations stay far inside these; realistic wrong ones miss by hundreds of times.
RTOL = 1e-4
ATOL = 1e-6


@dataclass(frozen=True)
class Tolerance:
    rtol: float = RTOL
    atol: float = ATOL
    # Scale atol by the size of the reference: max(1, max|ref|) for BCE-with-logits, whose torch
    # form cancels at large |z|; max|ref| for clipping, whose eps makes tiny absolute differences.
    scale: str = "none"  # none | at_least_one | max

    def atol_for(self, expected: np.ndarray) -> float:
        finite = np.abs(expected[np.isfinite(expected)])
        biggest = float(finite.max()) if finite.size else 0.0
        if self.scale == "at_least_one":
            return self.atol * max(1.0, biggest)
        if self.scale == "max":
            return self.atol * biggest
        return self.atol


DEFAULT_TOLERANCE = Tolerance()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problem: Text | None = None  # the first problem found, structural or numeric
    got: np.ndarray | None = None  # the answer as float64, when its structure was right
    samples: tuple = ()  # a few differing entries, got and expected side by side (Texts)


def describe(value) -> str:
    """A short, language-neutral description of a value: its type, dtype and shape."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"ndarray {value.dtype} {tuple(value.shape)}"
    if isinstance(value, np.generic):
        return f"numpy.{type(value).__name__}"
    if isinstance(value, Unsupported):
        return value.name
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of {len(value)}"
    return type(value).__name__


def as_answer(value, expected: np.ndarray,
              tolerance: Tolerance = DEFAULT_TOLERANCE) -> tuple[np.ndarray | None, Text | None]:
    """Turn a received value into a float64 array shaped like ``expected``, or say why not.

    A scalar may come back as a Python number, a numpy scalar or a 0-d array; an array must be a
    numpy array of exactly the expected shape (never broadcast).
    """
    if value is None:
        return None, Text("structure.none")
    scalar_expected = expected.ndim == 0
    if isinstance(value, bool) or (isinstance(value, np.ndarray | np.generic) and np.asarray(value).dtype.kind == "b"):
        return None, Text("structure.bool", {"got": describe(value)})
    if isinstance(value, (int, float)) or isinstance(value, np.generic):
        if not scalar_expected:
            return None, Text("structure.scalar_for_array", {"expected": _shape(expected)})
        array = np.asarray(value)
    elif isinstance(value, np.ndarray):
        array = value
    elif isinstance(value, Unsupported) and value.dtype is not None:
        return None, _non_numeric_array(value, expected, tolerance)
    else:
        kind = "structure.wrong_type_scalar" if scalar_expected else "structure.wrong_type_array"
        return None, Text(kind, {"got": describe(value), "expected": _shape(expected)})
    if array.dtype.kind == "c":
        return None, Text("structure.complex", {"got": describe(value)})
    if array.shape != expected.shape:
        return None, Text("structure.shape", {"got": _shape(array), "expected": _shape(expected)})
    return array.astype(np.float64), None


def _non_numeric_array(value: Unsupported, expected: np.ndarray, tolerance: Tolerance) -> Text:
    """An array whose entries are not numbers: say what it is, and, for an object array of the
    right shape whose entries are numbers, whether those numbers are right."""
    params = {"dtype": value.dtype, "shape": _shape_text(value.shape), "expected": _shape(expected)}
    if value.numbers is None:
        return Text("structure.non_numeric_array", params)
    if value.shape != expected.shape:
        return Text("structure.object_array_shape", params)
    right = not mismatches(value.numbers, expected, tolerance).any()
    return Text("structure.object_array_right_values" if right else "structure.object_array", params)


def _shape(array: np.ndarray) -> str:
    return _shape_text(array.shape)


def _shape_text(shape: tuple) -> str | Text:
    return Text("shape.zero_d") if len(shape) == 0 else str(tuple(shape))


def compare(value, expected: np.ndarray, tolerance: Tolerance = DEFAULT_TOLERANCE) -> Verdict:
    """Is ``value`` the expected answer? Exact shape, equal NaN/inf positions, then |a-e| <= atol + rtol|e|."""
    got, problem = as_answer(value, expected, tolerance)
    if problem is not None:
        return Verdict(False, problem)
    bad = mismatches(got, expected, tolerance)
    if not bad.any():
        return Verdict(True, got=got)
    got_nonfinite = ~np.isfinite(got) & np.isfinite(expected)
    if got_nonfinite.any():
        return Verdict(False, Text("structure.nonfinite", {"count": int(got_nonfinite.sum()), "total": got.size}), got)
    if got.ndim == 0:
        return Verdict(False, Text("values.differ_scalar", {"got": _num(got), "expected": _num(expected),
                                                           **_errors(got, expected)}), got)
    stats = difference_stats(got, expected, bad)
    samples = tuple(Text("values.sample", sample) for sample in stats.pop("samples"))
    return Verdict(False, Text("values.differ", stats), got, samples=samples)


def mismatches(got: np.ndarray, expected: np.ndarray, tolerance: Tolerance) -> np.ndarray:
    """A boolean mask of the entries that differ; NaN matches NaN and inf matches the same inf."""
    with np.errstate(invalid="ignore", over="ignore"):
        close = np.isfinite(expected) & (
            np.abs(got - expected) <= tolerance.atol_for(expected) + tolerance.rtol * np.abs(expected))
        same_special = (np.isnan(got) & np.isnan(expected)) | (np.isinf(expected) & (got == expected))
    return ~(close | same_special)


def difference_stats(got: np.ndarray, expected: np.ndarray, bad: np.ndarray) -> dict:
    """How many entries differ, the largest errors, where, and a few values side by side."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        absolute = np.where(bad, np.abs(got - expected), 0.0)
        relative = np.where(bad & (expected != 0), absolute / np.abs(expected), 0.0)
    worst = np.unravel_index(int(np.nanargmax(absolute)), got.shape) if got.ndim else ()
    samples = [{"index": _index(index), "got": _num(got[index]), "expected": _num(expected[index])}
               for index in (list(zip(*np.nonzero(bad)))[:4] if got.ndim else [()])]
    return {
        "count": int(bad.sum()),
        "total": int(got.size),
        "max_abs": _num(np.nanmax(absolute)),
        "max_rel": _num(np.nanmax(relative)),
        "where": _index(worst),
        "samples": samples,
    }


def _errors(got: np.ndarray, expected: np.ndarray) -> dict:
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        absolute = float(abs(got - expected))
        relative = absolute / abs(float(expected)) if expected != 0 else float("inf")
    return {"max_abs": _num(absolute), "max_rel": _num(relative)}


def _index(index: tuple) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def _num(value) -> str:
    return f"{float(value):.6g}"


# ----------------------------------------------------------------------------- diagnosis

# A mistake variant is the answer a known wrong implementation gives, computed with numpy in the
# parent from the same inputs (Check.variants); a variant's key is one mistake, or a tuple of
# mistakes made together. A factor is a mistake that scales the whole answer, such as dividing by
# the batch size where the loss averages over every element (Check.factors): it is tried on the
# correct answer and on every variant, so two mistakes at once are named together. Only then are
# forms that fit any function tried (a flipped sign, a constant factor, a transpose), and only on
# evidence: a single number that is k times the expected one says nothing about why.

SIGN_FLIPPED = "sign_flipped"


@dataclass(frozen=True)
class Diagnosis:
    mistakes: tuple[str, ...]  # every mistake that explains the answer, most specific first
    texts: tuple[Text, ...]


def diagnose(got: np.ndarray, expected: np.ndarray, variants: Mapping = None, factors: Mapping[str, float] = None,
             tolerance: Tolerance = DEFAULT_TOLERANCE) -> Diagnosis | None:
    """Name the mistakes behind a wrong answer of the right shape, or None.

    The fewest mistakes that reproduce the answer exactly win: one known variant or factor, then a
    variant times a factor, then two factors (with or without a variant).
    """
    found = match_known(got, expected, variants or {}, factors or {}, tolerance)
    if found is not None:
        return _named(found)
    if not np.isfinite(got).all() or not np.isfinite(expected).all():
        return None
    factor = _constant_factor(got, expected)
    if factor is not None:
        return Diagnosis(("scaled",), (Text("mistake.scaled", {"factor": _name_factor(factor)}),))
    if got.ndim >= 2 and got.shape[-1] == got.shape[-2]:
        if not mismatches(np.swapaxes(got, -1, -2), expected, tolerance).any():
            return Diagnosis(("transposed",), (Text("mistake.transposed"),))
    return None


def match_known(got: np.ndarray, expected: np.ndarray, variants: Mapping, factors: Mapping[str, float],
                tolerance: Tolerance = DEFAULT_TOLERANCE) -> tuple[str, ...] | None:
    """The smallest combination of known mistakes whose answer equals ``got``, as a tuple of keys."""
    bases = [((), np.asarray(expected, dtype=np.float64))]
    bases += [(mistake_keys(key), np.asarray(variant, dtype=np.float64)) for key, variant in variants.items()]
    scales = _scales(factors)
    combinations = sorted(((base_keys + scale_keys, base, factor)
                           for base_keys, base in bases for scale_keys, factor in scales),
                          # Fewest mistakes first; a check's own mistakes before the generic sign flip; then
                          # the order given (sorted() is stable).
                          key=lambda combination: (len(combination[0]), SIGN_FLIPPED in combination[0]))
    for keys, base, factor in combinations:
        if not keys or base.shape != got.shape:
            continue
        with np.errstate(invalid="ignore", over="ignore"):
            candidate = base * factor
        if not mismatches(got, candidate, tolerance).any():
            return keys
    return None


def mistake_keys(key) -> tuple[str, ...]:
    """A variant's key as a tuple of mistakes: 'a.b' -> ('a.b',); ('a.b', 'c.d') stays."""
    return (key,) if isinstance(key, str) else tuple(key)


def _scales(factors: Mapping[str, float]) -> list[tuple[tuple[str, ...], float]]:
    """No factor, each factor alone, then each pair of factors. A flipped sign is a factor of
    every function, unless the check names its own -1."""
    single = [((key,), float(value)) for key, value in factors.items() if value != 1]  # 1: no mistake here
    if not any(value == -1.0 for _, value in single):
        single.append(((SIGN_FLIPPED,), -1.0))
    pairs = [(a + b, x * y) for i, (a, x) in enumerate(single) for b, y in single[i + 1:]]
    return [((), 1.0)] + single + pairs


def _named(keys: tuple[str, ...]) -> Diagnosis:
    texts = tuple(Text(f"mistake.{key}") for key in keys)
    if len(keys) > 1:
        texts = (Text("mistake.combined", {"count": len(keys)}),) + texts
    return Diagnosis(keys, texts)


def _constant_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    """The single number r with got == r * expected everywhere, if there is one (and r != 1).

    Needs evidence: at least two entries where the reference is not zero, all with the same ratio.
    """
    nonzero = np.abs(expected) > 1e-12
    if np.count_nonzero(nonzero) < 2 or np.any(np.abs(got[~nonzero]) > 1e-9):
        return None
    ratios = got[nonzero] / expected[nonzero]
    factor = float(np.median(ratios))
    if factor == 0 or abs(factor - 1) < 1e-3 or np.any(np.abs(ratios - factor) > 1e-3 * abs(factor)):
        return None
    return factor


def _name_factor(factor: float) -> str:
    """A factor as a short number: '2', '-1', '1/6', or '0.347'."""
    for value in (factor, 1 / factor):
        whole = round(value)
        if whole != 0 and abs(value - whole) <= 1e-3 * abs(value):
            return str(whole) if value is factor else f"1/{whole}" if whole > 0 else f"-1/{-whole}"
    return f"{factor:.3g}"
