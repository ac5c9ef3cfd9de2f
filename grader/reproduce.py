"""Make one case reproducible outside the grader: its inputs shown in full, saved to an .npz, or
written out as a Python snippet the learner can paste, run and debug.

Runs in the parent, on the case set (plain arrays); nothing here touches student code.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Iterator

import numpy as np

from grader.checks.base import Call, Case, Check
from grader.sandbox.child import SlotReference

# Inputs with at most this many numbers in all are shown in full in the feedback.
SMALL_INPUTS = 40
SETUP_RESULT = "setup_result"


def case_to_show(result, wanted: tuple[str, int | None] | None = None) -> tuple[str, int] | None:
    """(check, case number) to reproduce from an ExerciseResult: the case ``wanted`` (a check and
    a number; without the number, the case where that check failed, else its first), else the
    first failing case; None when no case failed."""
    if wanted is not None:
        name, number = wanted
        return name, number or next(c.case for c in result.checks if c.name == name) or 1
    failing = [check for check in result.checks if not check.passed and check.case]
    return (failing[0].name, failing[0].case) if failing else None


def argument_name(parameters, path: tuple) -> str:
    """An argument as the learner's code names it: 'y_pred', 'grads[1]', "params['W1']"; by
    position ('args[0]') when the parameter names are unknown."""
    first, rest = path[0], path[1:]
    if isinstance(first, str):
        head = first
    elif isinstance(first, int) and first < len(parameters):
        head = parameters[first]
    else:
        head = f"args[{first}]"
    return head + "".join(f"[{part!r}]" if isinstance(part, str) else f"[{part}]" for part in rest)


def _leaves(value, name: str) -> Iterator[tuple[str, object]]:
    """(name, array or scalar) for every leaf of an argument: 'grads[0]', "params['W1']"."""
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{name}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{name}[{key!r}]")
    elif not isinstance(value, SlotReference):
        yield name, value


def _named_arguments(call: Call, parameters: dict) -> list[tuple[str, object]]:
    """The call's arguments with the names the learner's function gives them (keywords as given)."""
    names = parameters.get(call.function, ())
    named = [(argument_name(names, (position,)), value) for position, value in enumerate(call.args)]
    return named + list(call.kwargs.items())


def named_inputs(case: Case, parameters: dict) -> list[tuple[str, object]]:
    """Every input leaf of the case, the setup call's first (a prefix names its function)."""
    leaves = []
    for step, prefix in ((case.setup, f"{case.setup.function}: " if case.setup else ""), (case.call, "")):
        if step is not None:
            for name, value in _named_arguments(step, parameters):
                leaves += [(prefix + leaf, item) for leaf, item in _leaves(value, name)]
    return leaves


def small_inputs(case: Case, parameters: dict) -> str:
    """The case's inputs, one per line, when they hold few enough numbers to read; else ''."""
    leaves = named_inputs(case, parameters)
    if sum(np.size(value) for _, value in leaves if isinstance(value, np.ndarray)) > SMALL_INPUTS:
        return ""
    lines = []
    for name, value in leaves:
        if isinstance(value, np.ndarray):
            shown = np.array2string(value, separator=", ", precision=8, floatmode="maxprec", max_line_width=100,
                                    threshold=sys.maxsize, prefix=f"    {name} = ")
        else:
            shown = _literal(value)
        lines.append(f"    {name} = {shown}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- snippet and .npz


def _assignment(name: str, value) -> str:
    """`name = <value>`, with an array's rows aligned under its first one."""
    return f"{name} = {_literal(value, indent=len(name) + 3)}"


def _literal(value, indent: int = 0) -> str:
    """Python source that rebuilds ``value`` exactly (floats by their shortest round-trip repr)."""
    if isinstance(value, np.ndarray):
        body = np.array2string(value, separator=", ", floatmode="unique", threshold=sys.maxsize, max_line_width=96,
                               prefix=" " * indent + "np.array(")
        dtype = "" if value.dtype == np.float64 else f", dtype=np.{value.dtype.name}"
        return f"np.array({body}{dtype})"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(item) for item in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {_literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, SlotReference):
        return SETUP_RESULT if value.index is None else f"{SETUP_RESULT}[{value.index}]"
    return repr(value)  # a float's repr round-trips; nan and inf are defined at the top of the snippet


def _call_source(call: Call, parameters: dict) -> str:
    """`softmax(z)`: the call written with the learner's parameter names as variables."""
    named = _named_arguments(call, parameters)[:len(call.args)]
    positional = [_literal(value) if isinstance(value, SlotReference) else name for name, value in named]
    keywords = [f"{key}={_literal(value)}" for key, value in call.kwargs.items()]
    return f"{call.function}({', '.join(positional + keywords)})"


def snippet(exercise_id: str, module_path: Path, check: Check, case: Case, number: int, count: int, seed: int,
            answer: np.ndarray, parameters: dict) -> str:
    """A Python script that rebuilds the case, calls the learner's function and compares with torch."""
    module_path = Path(module_path).resolve()
    functions = sorted({step.function for step in (case.setup, case.call) if step is not None})
    lines = [
        f"# {exercise_id} · {check.name}, case {number} of {count} (seed {seed})",
        "import sys",
        "",
        "import numpy as np",
        "",
        "nan, inf = np.nan, np.inf",
        f"sys.path.insert(0, {str(module_path.parent)!r})",
        f"from {module_path.stem} import {', '.join(functions)}",
        "",
    ]
    for step in (case.setup, case.call):
        if step is None:
            continue
        for name, value in _named_arguments(step, parameters)[:len(step.args)]:  # keywords stay in the call
            if not isinstance(value, SlotReference):
                lines.append(_assignment(name, value))
    if case.setup is not None:
        lines.append(f"{SETUP_RESULT} = {_call_source(case.setup, parameters)}")
    call = _call_source(case.call, parameters)
    if case.raises:
        lines += ["", "try:", f"    {call}", f"except {case.raises} as error:",
                  f"    print('raised {case.raises}, as torch does:', error)",
                  "except Exception as error:",
                  f"    print('raised', type(error).__name__, 'instead of {case.raises}:', error)", "else:",
                  f"    print('returned instead of raising {case.raises}')"]
        return "\n".join(lines) + "\n"
    lines.append(_assignment("expected", answer) + "  # torch's answer")
    pick = case.pick
    if pick.kind == "argument":
        position, item = pick.index
        holder = _named_arguments(case.call, parameters)[position][0]
        # The caller's own arrays, kept apart from the list: the function must change them in place.
        lines.append(f"given = list({holder})  # the caller's own arrays")
        called, after = call, [f"got = given[{item}]  # as it is after the call"]
    else:
        suffix = {"item": f"[{pick.index}]", "key": f"[{pick.index!r}]"}.get(pick.kind, "")
        called, after = f"got = {call}{suffix}", []
    if case.errstate:
        settings = ", ".join(f"{key}={value!r}" for key, value in case.errstate.items())
        lines += [f"with np.errstate({settings}):  # as the grader runs it", f"    {called}"]
    else:
        lines.append(called)
    lines += after
    lines += ["got = np.asarray(got, dtype=np.float64)",
              "print('shape', got.shape, 'expected', expected.shape)",
              "if got.shape == expected.shape:",
              "    print('largest difference:', np.max(np.abs(got - expected), initial=0.0))"]
    return "\n".join(lines) + "\n"


def npz_bytes(exercise_id: str, check: Check, case: Case, number: int, seed: int, answer: np.ndarray,
              parameters: dict) -> tuple[bytes, list[str]]:
    """The case as an .npz: every input under its name, torch's answer as 'expected', and what was
    called. Loads with np.load(path) (no pickles)."""
    entries: dict[str, np.ndarray] = {}
    for name, value in named_inputs(case, parameters):
        entries[name] = np.asarray(value)
    entries["expected"] = np.asarray(answer, dtype=np.float64)
    entries["call"] = np.array(_call_source(case.call, parameters))
    if case.setup is not None:
        entries["setup"] = np.array(f"{SETUP_RESULT} = {_call_source(case.setup, parameters)}")
    if case.raises:
        entries["raises"] = np.array(case.raises)
    entries["about"] = np.array(f"{exercise_id} · {check.name}, case {number} (seed {seed})")
    buffer = io.BytesIO()
    np.savez(buffer, **entries)
    return buffer.getvalue(), list(entries)
