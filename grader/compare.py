"""Compare a student's answer with torch's: structure first, then values, then likely mistakes.

Everything here runs in the parent on plain values received from the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from grader.results import Text
from grader.sandbox.child import Unsupported

# Measured (shared/reference/torch-semantics.md): no correct float32 or float64 implementation
# failed these in 500-1,500 trials per exercise; realistic wrong ones missed by a factor >= 3,000.
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


def as_answer(value, expected: np.ndarray) -> tuple[np.ndarray | None, Text | None]:
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
    else:
        kind = "structure.wrong_type_scalar" if scalar_expected else "structure.wrong_type_array"
        return None, Text(kind, {"got": describe(value), "expected": _shape(expected)})
    if array.dtype.kind == "c":
        return None, Text("structure.complex", {"got": describe(value)})
    if array.shape != expected.shape:
        return None, Text("structure.shape", {"got": _shape(array), "expected": _shape(expected)})
    return array.astype(np.float64), None


def _shape(array: np.ndarray) -> str:
    return "a scalar" if array.ndim == 0 else str(tuple(array.shape))


def compare(value, expected: np.ndarray, tolerance: Tolerance = DEFAULT_TOLERANCE) -> Verdict:
    """Is ``value`` the expected answer? Exact shape, equal NaN/inf positions, then |a-e| <= atol + rtol|e|."""
    got, problem = as_answer(value, expected)
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
# parent from the same inputs (Check.variants). If the student's answer equals one, the mistake is
# named exactly; otherwise generic forms (sign, constant factor, transpose) are tried.

# Sizes a wrong answer is often off by, from the case's context: batch size N, number of
# elements, classes C, outputs K.
_FACTOR_SIZES = ("N", "numel", "C", "K")


def diagnose(got: np.ndarray, expected: np.ndarray, variants: Mapping[str, np.ndarray], context: Mapping[str, int],
             tolerance: Tolerance = DEFAULT_TOLERANCE, original: np.ndarray | None = None) -> tuple[str, Text] | None:
    """Name the most likely mistake behind a wrong answer of the right shape, or None.

    Known wrong variants are the most specific, so they come first. ``original`` is the input as
    it was before an in-place call: an answer equal to it means nothing was modified in place.
    """
    for key, variant in variants.items():
        variant = np.asarray(variant, dtype=np.float64)
        if variant.shape == got.shape and not mismatches(got, variant, tolerance).any():
            return key, Text(f"mistake.{key}")
    if original is not None and original.shape == got.shape and not mismatches(got, original, tolerance).any():
        return "not_in_place", Text("mistake.not_in_place")
    if not np.isfinite(got).all() or not np.isfinite(expected).all():
        return None
    if np.allclose(got, -expected, rtol=RTOL, atol=tolerance.atol_for(expected)) and np.abs(expected).max() > 0:
        return "sign_flipped", Text("mistake.sign_flipped")
    factor = _constant_factor(got, expected)
    if factor is not None:
        named = _name_factor(factor, context)
        # Any two numbers are a constant factor apart: for a single number, only a factor with a
        # meaning (2, 1/N, ...) says something the values shown do not.
        if got.ndim or named != _unnamed(factor):
            return "scaled", Text("mistake.scaled", {"factor": named})
    if got.ndim >= 2 and got.shape[-1] == got.shape[-2]:
        if not mismatches(np.swapaxes(got, -1, -2), expected, tolerance).any():
            return "transposed", Text("mistake.transposed")
    return None


def _constant_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    """The single number r with got == r * expected everywhere, if there is one (and r != 1)."""
    nonzero = np.abs(expected) > 1e-12
    if not nonzero.any() or np.any(np.abs(got[~nonzero]) > 1e-9):
        return None
    ratios = got[nonzero] / expected[nonzero]
    factor = float(np.median(ratios))
    if factor == 0 or abs(factor - 1) < 1e-3 or np.any(np.abs(ratios - factor) > 1e-3 * abs(factor)):
        return None
    return factor


def _name_factor(factor: float, context: Mapping[str, int]) -> str:
    """Describe a factor as '2', '1/N (N = 5, the batch size)', ..., or just the number."""
    candidates = [(2.0, "2"), (0.5, "1/2")]
    for name, size in context.items():
        if name in _FACTOR_SIZES and size not in (1, 2):
            candidates += [(float(size), f"{name} = {size}"), (1.0 / size, f"1/{name} = 1/{size}"),
                           (2.0 * size, f"2·{name} = {2 * size}"), (0.5 / size, f"1/(2·{name}) = 1/{2 * size}")]
    for value, text in candidates:
        if abs(factor - value) <= 1e-3 * abs(value):
            return text
    return _unnamed(factor)


def _unnamed(factor: float) -> str:
    return f"{factor:.6g}"
