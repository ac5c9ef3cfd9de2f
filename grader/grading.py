"""Grade a learner's files: run their functions in the sandbox, compare with torch, explain failures.

This is the library API behind `learn check`; it returns result objects and prints nothing.
"""

from __future__ import annotations

import ast
import hashlib
import json
import threading
import time
from pathlib import Path

import numpy as np

from grader import references
from grader.checks.base import SETUP_SLOT, Case, Check
from grader.compare import compare, diagnose, mismatches
from grader.registry import Exercise
from grader.results import (CRASHED, ERROR, FAILED, FORBIDDEN, MISSING, NOT_STARTED, PASSED, SKIPPED, TIMEOUT,
                            CheckResult, ExerciseResult, Text)
from grader.sandbox import child as wire
from grader.sandbox.runner import Limits, Outcome, Sandbox

# The cases `learn check` shows by default: the same on every run, so a learner can reproduce them.
# Grading runs use other seeds, so passing the visible cases by special-casing them earns nothing.
VISIBLE_SEED = 0

BANNED_MODULE = "torch"

# The picks that compare arguments as they are after the call, so the child must send them back.
ARGUMENTS_AFTER = ("argument", "input")

# Building ASTs is not thread-safe on some CPython 3.11 releases ("AST constructor recursion depth
# mismatch", CPython gh-106905): parsing holds this lock, and batch grading parses every file in
# the main thread before its worker threads start (prescan).
_PARSE_LOCK = threading.Lock()


def grade_file(exercise: Exercise, path: Path, *, seed: int = VISIBLE_SEED, limits: Limits = Limits()) -> ExerciseResult:
    """Grade ``path`` as a submission for ``exercise``. Never raises for anything the file does."""
    return grade_submission([(exercise, Path(path))], seed=seed, limits=limits)[0]


def grade_submission(targets: list[tuple[Exercise, Path]], *, seed: int = VISIBLE_SEED,
                     limits: Limits = Limits()) -> list[ExerciseResult]:
    """Grade one learner's files, one per exercise, in one sandbox; results in the order given.

    One child process serves every file (numpy is imported once). Each file is still judged on
    its own: a file that fails to import, hangs or imports torch costs only its own exercise.
    """
    results: dict[int, ExerciseResult] = {}
    runnable: dict[int, tuple[Exercise, Path]] = {}
    for index, (exercise, path) in enumerate(targets):
        problem = _static_problem(Path(path))
        if problem is not None:
            results[index] = _everything(exercise, seed, path, *problem)
        else:
            runnable[index] = (exercise, Path(path))
    if not runnable:  # nothing to run: no child process to start
        return [results[index] for index in range(len(targets))]
    files = {exercise.id: path for exercise, path in runnable.values()}
    with Sandbox(files, limits) as sandbox:
        sandbox.start()  # the child imports numpy while the references load here
        deadline = time.monotonic() + limits.submission_timeout
        for index, (exercise, path) in runnable.items():
            results[index] = _grade_loaded(sandbox, exercise, path, seed, deadline)
    return [results[index] for index in range(len(targets))]


def _static_problem(path: Path) -> tuple | None:
    """What is wrong with the file before anything runs: (status, Text), or None.

    Remembered per file version: batch grading scans every file in the main thread first, so that
    worker threads never build an AST (see _PARSE_LOCK)."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key is not None and key in _STATIC_PROBLEMS:
        return _STATIC_PROBLEMS[key]
    problem = _scan(path)
    if key is not None:
        _STATIC_PROBLEMS[key] = problem
    return problem


_STATIC_PROBLEMS: dict = {}


def prescan(paths: list[Path]) -> None:
    """Run the static checks of many files now, in this thread (see _static_problem)."""
    for path in paths:
        _static_problem(Path(path))


def _scan(path: Path) -> tuple | None:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return MISSING, Text("file.not_found", {"path": str(path)})
    except (OSError, UnicodeDecodeError) as error:
        return ERROR, Text("file.unreadable", {"path": str(path), "error": str(error)})
    try:
        with _PARSE_LOCK:
            tree = ast.parse(source, filename=str(path))
    except SyntaxError as error:
        return ERROR, Text("file.syntax_error", {
            "path": str(path), "line": error.lineno or 0, "message": error.msg, "text": (error.text or "").rstrip()})
    if imports_banned_module(tree):
        return FORBIDDEN, Text("file.torch")
    return None


def _everything(exercise: Exercise, seed: int, path, status: str, *feedback: Text, details: str = "",
               output: str = "") -> ExerciseResult:
    """The same verdict for every check of the exercise (missing file, syntax error, torch, ...)."""
    checks = tuple(CheckResult(info.name, info.points, status, feedback, details=details) for info in exercise.checks)
    return ExerciseResult(exercise.id, seed, checks, notes=feedback, source=str(path), output=output)


def _grade_loaded(sandbox: Sandbox, exercise: Exercise, path: Path, seed: int, deadline: float) -> ExerciseResult:
    checks, cases, expected = _case_set(exercise, seed)
    loaded = sandbox.load(exercise.id)
    if loaded.status != "ok":
        printed = sandbox.captured_output(exercise.id)
        return _everything(exercise, seed, path, *_load_failure(loaded), details=loaded.traceback or printed,
                           output=printed)
    runner = _CheckRunner(sandbox, exercise, seed, deadline)
    points = {info.name: info.points for info in exercise.checks}
    results = [runner.run(check, points[check.name], cases[check.name], expected[check.name]) for check in checks]
    printed = sandbox.captured_output(exercise.id)
    if sandbox.banned_imports[exercise.id]:
        return _everything(exercise, seed, path, FORBIDDEN, Text("file.torch"), output=printed)
    notes = (Text("file.printed", {"lines": len(printed.splitlines())}),) if printed.strip() else ()
    return ExerciseResult(exercise.id, seed, tuple(results), notes=notes, source=str(path), output=printed)


_CASE_SETS: dict = {}
_CASE_SETS_LOCK = threading.Lock()


def _case_set(exercise: Exercise, seed: int, *, read_cache: bool = True):
    """The checks, their cases and torch's answers for one exercise and seed, made once per process:
    a batch run grading hundreds of students computes (or loads) each case set once."""
    key = (exercise.id, seed)
    with _CASE_SETS_LOCK:
        if key not in _CASE_SETS:
            checks = exercise.implementations()
            cases = {check.name: check.cases(seed) for check in checks}
            answers = references.expected_answers(exercise.id, checks, cases, seed, read_cache=read_cache)
            _CASE_SETS[key] = checks, cases, answers
        return _CASE_SETS[key]


def prepare_references(exercises: list[Exercise], seed: int) -> None:
    """Compute torch's answers for a batch run in this process, before any student code runs, and
    without reading the disk cache: no submission can then change what it is compared against."""
    for exercise in exercises:
        _case_set(exercise, seed, read_cache=False)


def imports_banned_module(tree: ast.AST) -> bool:
    """Does the code import torch (import, from-import, __import__ or importlib with a literal)?"""
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            called = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if called in ("__import__", "import_module") and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        if any(name.partition(".")[0] == BANNED_MODULE for name in names):
            return True
    return False


def _load_failure(outcome: Outcome) -> tuple:
    if outcome.status == "timeout":
        return TIMEOUT, Text("file.load_timeout")
    if outcome.status == "crashed":
        return CRASHED, Text("file.load_crashed", {"message": outcome.message})
    return ERROR, Text("file.load_raised", {"type": outcome.error_type, "message": outcome.message})


class _CheckRunner:
    """Runs checks against one sandbox, remembering calls already made and functions that hang."""

    def __init__(self, sandbox: Sandbox, exercise: Exercise, seed: int, deadline: float):
        self.sandbox = sandbox
        self.exercise = exercise
        self.seed = seed
        self.deadline = deadline
        self.hung: set[str] = set()  # functions that timed out: not called again
        self.memo: dict[str, Outcome] = {}

    def run(self, check: Check, points: int, cases: list[Case], expected: list[np.ndarray]) -> CheckResult:
        for number, (case, answer) in enumerate(zip(cases, expected), start=1):
            called = Text("feedback.called", {
                "call": case.call.signature(), "case": number, "cases": len(cases),
                "exercise": self.exercise.id, "seed": self.seed})
            failure = self._run_case(check, case, answer, called)
            if failure is not None:
                return CheckResult(check.name, points, **failure)
        return CheckResult(check.name, points, PASSED)

    def _run_case(self, check: Check, case: Case, answer: np.ndarray, called: Text) -> dict | None:
        """None when the case passes, else the fields of a failing CheckResult."""
        for function in filter(None, (case.setup and case.setup.function, case.call.function)):
            if function in self.hung:
                return {"status": SKIPPED, "feedback": (Text("status.skipped_hung", {"function": function}),)}
        outcomes = self._outcomes(case)
        if outcomes is None:
            return {"status": SKIPPED, "feedback": (Text("status.skipped_budget"),)}
        for step, outcome in zip(filter(None, (case.setup, case.call)), outcomes):
            if outcome.status != "ok":
                return self._call_failure(step, case, outcome, called, is_setup=step is case.setup)
        value = _pick(outcomes[-1], case)
        verdict = compare(value, answer, check.tolerance)
        if verdict.ok:
            return None
        feedback = [called]
        if case.pick.kind == "argument":
            feedback.append(Text("feedback.compared_argument", {"pick": case.pick.describe()}))
        elif case.pick.kind == "input":
            feedback.append(Text("feedback.compared_input", {"pick": case.pick.describe()}))
        elif case.pick.kind != "return":
            feedback.append(Text("feedback.compared", {"pick": case.pick.describe()}))
        feedback.append(verdict.problem)
        feedback.extend(verdict.samples)
        found = self._diagnose(check, case, value, verdict.got, answer)
        mistake = None
        if found is not None:
            mistake, text = found
            feedback.append(text)
        if outcomes[-1].warnings:
            feedback.append(Text("feedback.warnings", {"warnings": "; ".join(outcomes[-1].warnings)}))
        return {"status": FAILED, "feedback": tuple(feedback), "mistake": mistake}

    def _diagnose(self, check: Check, case: Case, value, got: np.ndarray | None, answer: np.ndarray):
        """The most likely mistake behind a wrong answer, as (key, Text), or None."""
        if got is None:  # wrong structure: only an array of another shape can still be diagnosed
            if not isinstance(value, np.ndarray) or value.dtype.kind not in "iuf":
                return None
            return _diagnose_shape(value.astype(np.float64), answer, check, case)
        original = None
        if case.pick.kind == "argument":  # in place: the caller's array as it was before the call
            position, item = case.pick.index
            original = np.asarray(case.call.args[position][item], dtype=np.float64)
        found = diagnose(got, answer, check.variants(case), case.context, check.tolerance, original)
        if found is None and not np.isfinite(got).all() and case.note:
            found = case.note, Text(f"mistake.{case.note}")
        return found

    def _outcomes(self, case: Case) -> list[Outcome] | None:
        """The outcomes of the case's setup (if any) and call; identical cases run once per file.

        A setup and its call are run together, never reused separately: the setup's result lives
        in the child, which may have been restarted since.
        """
        key = _call_key(case)
        if key not in self.memo:
            if time.monotonic() > self.deadline:
                return None
            outcomes = []
            if case.setup is not None:
                outcomes.append(self.sandbox.call(case.setup.function, case.setup.args, dict(case.setup.kwargs),
                                                  key=self.exercise.id, errstate=dict(case.errstate),
                                                  store_as=SETUP_SLOT))
            if not outcomes or outcomes[0].status == "ok":
                outcomes.append(self.sandbox.call(case.call.function, case.call.args, dict(case.call.kwargs),
                                                  key=self.exercise.id, errstate=dict(case.errstate),
                                                  return_args=case.pick.kind in ARGUMENTS_AFTER))
            self.memo[key] = outcomes
        return self.memo[key]

    def _call_failure(self, step, case: Case, outcome: Outcome, called: Text, is_setup: bool) -> dict:
        function = step.function
        prefix = (Text("status.setup_failed", {"setup": function, "function": case.call.function}),) if is_setup else ()
        if outcome.status == "not_implemented":
            status, text = NOT_STARTED, Text("status.not_started", {"function": function})
        elif outcome.status == "missing":
            status, text = MISSING, Text("status.missing", {"function": function})
        elif outcome.status == "timeout":
            self.hung.add(function)
            status, text = TIMEOUT, Text("status.timeout", {"function": function, "seconds": self.sandbox.limits.call_timeout})
        elif outcome.status == "crashed":
            status, text = CRASHED, Text("status.crashed", {"function": function, "message": outcome.message})
        else:
            status, text = ERROR, Text("status.raised", {"function": function, "type": outcome.error_type,
                                                         "message": outcome.message})
        feedback = (*prefix, called, text) if status != NOT_STARTED else (*prefix, text)
        mistake = None
        if outcome.error_type == "FloatingPointError" and case.errstate.get("over") == "raise":
            mistake = "overflow"
            feedback += (Text("mistake.overflow"),)
        return {"status": status, "feedback": feedback, "mistake": mistake, "details": outcome.traceback}


def _pick(outcome: Outcome, case: Case):
    """The part of a call's outcome that a case compares; a StructureProblem value when absent."""
    pick = case.pick
    if pick.kind == "return":
        return outcome.value
    if pick.kind in ARGUMENTS_AFTER:
        try:
            if pick.kind == "input":
                return outcome.args_after[pick.index]
            position, item = pick.index
            return outcome.args_after[position][item]
        except (TypeError, IndexError, KeyError):
            return None
    container = outcome.value
    if pick.kind == "item" and isinstance(container, (tuple, list)) and len(container) > pick.index:
        return container[pick.index]
    if pick.kind == "key" and isinstance(container, dict) and pick.index in container:
        return container[pick.index]
    return _MissingPart(pick, container)


def _diagnose_shape(got: np.ndarray, answer: np.ndarray, check: Check, case: Case):
    for key, variant in check.variants(case).items():
        variant = np.asarray(variant, dtype=np.float64)
        if variant.shape == got.shape and not mismatches(got, variant, check.tolerance).any():
            return key, Text(f"mistake.{key}")
    if got.ndim >= 2 and got.shape == answer.shape[::-1]:
        return "transposed_shape", Text("mistake.transposed_shape")
    if case.context.get("N") and got.shape == (case.context["N"],) + answer.shape:
        return "not_summed_over_batch", Text("mistake.not_summed_over_batch")
    return None


class _MissingPart(wire.Unsupported):
    """Stands in for returned[0] or returned['W1'] when the return value has no such part."""

    def __init__(self, pick, container):
        from grader.compare import describe

        super().__init__(f"{describe(container)} without {pick.describe()}")


def _call_key(case: Case) -> str:
    """A digest of everything a call depends on: functions, inputs, setup and error policy."""
    digest = hashlib.sha256()
    arrays: list = []
    parts = [[step.function, list(step.args), dict(step.kwargs)] for step in (case.setup, case.call) if step]
    tags = wire.encode([parts, dict(case.errstate), case.pick.kind in ARGUMENTS_AFTER], arrays)
    digest.update(json.dumps(tags, sort_keys=True).encode())
    for array in arrays:
        digest.update(str((array.dtype.str, array.shape)).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()
