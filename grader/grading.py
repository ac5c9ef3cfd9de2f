"""Grade a learner's files: run their functions in the sandbox, compare with torch, explain failures.

This is the library API behind `learn check`; it returns result objects and prints nothing.
"""

from __future__ import annotations

import ast
import stat
import threading
import time
from pathlib import Path

import numpy as np

from grader import references, reproduce
from grader.checks.base import SETUP_SLOT, Case, Check, Program
from grader.compare import Diagnosis, compare, describe, diagnose, match_known
from grader.registry import Exercise
from grader.results import (CRASHED, ERROR, FAILED, FORBIDDEN, MISSING, NOT_STARTED, PASSED, SKIPPED, TIMEOUT,
                            CheckResult, ExerciseResult, Text)
from grader.sandbox import child as wire
from grader.sandbox.isolation import Isolation
from grader.sandbox.launcher import MAX_FILE_BYTES as MAX_SOURCE_BYTES
from grader.sandbox.runner import Limits, Outcome, Sandbox

# The cases `learn check` shows by default: the same on every run, so a learner can reproduce them.
# Grading runs use other seeds, so passing the visible cases by special-casing them earns nothing.
VISIBLE_SEED = 0

# Building ASTs is not thread-safe on some CPython 3.11 releases ("AST constructor recursion depth
# mismatch", CPython gh-106905): parsing holds this lock, and batch grading parses every file in
# the main thread before its worker threads start (prescan).
_PARSE_LOCK = threading.Lock()


def grade_file(exercise: Exercise, path: Path, *, seed: int = VISIBLE_SEED, limits: Limits = Limits(),
               isolation: Isolation | None = None) -> ExerciseResult:
    """Grade ``path`` as a submission for ``exercise``. Never raises for anything the file does."""
    return grade_submission([(exercise, Path(path))], seed=seed, limits=limits, isolation=isolation)[0]


def grade_submission(targets: list[tuple[Exercise, Path]], *, seed: int = VISIBLE_SEED,
                     limits: Limits = Limits(), isolation: Isolation | None = None,
                     sandbox: Sandbox | None = None) -> list[ExerciseResult]:
    """Grade one learner's files, one per exercise, in one sandbox; results in the order given.

    One child process serves every file (numpy is imported once). Each file is still judged on
    its own: a file that fails to import, hangs or imports torch costs only its own exercise.
    ``isolation``: see grader.sandbox.isolation (default: the best this machine offers).
    ``sandbox``: one already started for these files (see start_sandbox), which this closes.
    """
    results: dict[int, ExerciseResult] = {}
    runnable: dict[int, tuple[Exercise, Path]] = {}
    for index, (exercise, path) in enumerate(targets):
        problem = static_problem(Path(path))
        if problem is not None:
            results[index] = _everything(exercise, seed, path, *problem)
        else:
            runnable[index] = (exercise, Path(path))
    if not runnable:  # nothing to run: no child process to start
        if sandbox is not None:
            sandbox.close()
        return [results[index] for index in range(len(targets))]
    if sandbox is None:
        sandbox = Sandbox({exercise.id: path for exercise, path in runnable.values()}, limits, isolation)
    with sandbox:
        sandbox.start()  # the child imports numpy while the references load here
        deadline = time.monotonic() + limits.submission_timeout
        for index, (exercise, path) in runnable.items():
            results[index] = _grade_loaded(sandbox, exercise, path, seed, deadline)
    return [results[index] for index in range(len(targets))]


def static_problem(path: Path) -> tuple | None:
    """What is wrong with the file before anything runs: (status, Text), or None."""
    return _static_facts(path)[0]


def parameter_names(path: Path) -> dict[str, list[str]]:
    """The parameter names of each top-level function of the file ({} if it does not parse), to
    name arguments as the learner does ('y_pred', 'grads[1]') rather than by position."""
    return _static_facts(Path(path))[1]


def _static_facts(path: Path) -> tuple:
    """(problem or None, parameter names per function), from reading and parsing the file.

    Remembered per file version: batch grading scans every file in the main thread first, so that
    worker threads never build an AST (see _PARSE_LOCK)."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None
    if key is not None and key in _STATIC_FACTS:
        return _STATIC_FACTS[key]
    facts = _scan(path)
    if key is not None:
        _STATIC_FACTS[key] = facts
    return facts


_STATIC_FACTS: dict = {}


def prescan(paths: list[Path]) -> None:
    """Run the static checks of many files now, in this thread (see static_problem)."""
    for path in paths:
        static_problem(Path(path))


def _scan(path: Path) -> tuple:
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the reader for ever
            raise OSError("not a regular file")
        with path.open("rb") as file:
            data = file.read(MAX_SOURCE_BYTES + 1)  # never more than a sandbox would be given
        if len(data) > MAX_SOURCE_BYTES:
            return (ERROR, Text("file.too_large", {"path": str(path), "limit": MAX_SOURCE_BYTES >> 20})), {}
        source = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it
    except FileNotFoundError:
        return (MISSING, Text("file.not_found", {"path": str(path)})), {}
    except (OSError, UnicodeDecodeError) as error:
        return (ERROR, Text("file.unreadable", {"path": str(path), "error": str(error)})), {}
    try:
        with _PARSE_LOCK:
            tree = ast.parse(source, filename=str(path))
    except SyntaxError as error:
        return (ERROR, Text("file.syntax_error", {
            "path": str(path), "line": error.lineno or 0, "message": error.msg, "text": (error.text or "").rstrip()})), {}
    except (RecursionError, MemoryError, ValueError) as error:  # nested too deeply for the parser, NUL bytes
        return (ERROR, Text("file.unparsable", {"path": str(path), "error": type(error).__name__})), {}
    names = {node.name: [a.arg for a in node.args.posonlyargs + node.args.args]
             for node in tree.body if isinstance(node, ast.FunctionDef)}  # a later def wins, as in Python
    if imports_banned_module(tree):
        return (FORBIDDEN, Text("file.torch")), names
    return None, names


def _everything(exercise: Exercise, seed: int, path, status: str, *feedback: Text, details: str = "",
               output: str = "") -> ExerciseResult:
    """The same verdict for every check of the exercise (missing file, syntax error, torch, ...)."""
    checks = tuple(CheckResult(info.name, info.points, status, feedback, details=details) for info in exercise.checks)
    return ExerciseResult(exercise.id, seed, checks, notes=feedback, source=str(path), output=output)


def _grade_loaded(sandbox: Sandbox, exercise: Exercise, path: Path, seed: int, deadline: float) -> ExerciseResult:
    checks, cases, expected = _case_set(exercise, seed)
    left = deadline - time.monotonic()  # every file's import counts against the submission's budget
    if left <= 0:
        return _everything(exercise, seed, path, SKIPPED, Text("status.skipped_budget"))
    loaded = sandbox.load(exercise.id, timeout=left)
    if loaded.status != "ok":
        printed = sandbox.captured_output(exercise.id)
        return _everything(exercise, seed, path, *load_failure(loaded), *_raised_at(loaded, path),
                           details=loaded.traceback or printed, output=printed)
    runner = _CheckRunner(sandbox, exercise, seed, deadline, path)
    points = {info.name: info.points for info in exercise.checks}
    results = [runner.run(check, points[check.name], cases[check.name], expected[check.name]) for check in checks]
    printed = sandbox.captured_output(exercise.id)
    if sandbox.banned_imports[exercise.id]:
        return _everything(exercise, seed, path, FORBIDDEN, Text("file.torch"), output=printed)
    notes = (Text("file.printed", {"lines": len(printed.splitlines())}),) if printed.strip() else ()
    return ExerciseResult(exercise.id, seed, tuple(results), notes=notes, source=str(path), output=printed)


_CASE_SETS: dict = {}
_CASE_SETS_LOCK = threading.Lock()


def _case_set(exercise: Exercise, seed: int, *, use_cache: bool = True):
    """The checks, their cases and torch's answers for one exercise and seed, made once per process:
    a batch run grading hundreds of students computes (or loads) each case set once."""
    key = (exercise.id, seed)
    with _CASE_SETS_LOCK:
        if key not in _CASE_SETS:
            checks, cases = _cases(exercise, seed)
            if not use_cache:  # batch grading: computed afresh, kept in memory only (see prepare_references)
                answers = references.torch_answers(checks, cases)
            else:
                answers = references.stored_answers(exercise.id, cases, seed)
                if answers is None:
                    answers = references.compute_answers(exercise.id, checks, cases, seed)
                    _store_every_exercise(seed)
            _CASE_SETS[key] = checks, cases, answers
        return _CASE_SETS[key]


def _cases(exercise: Exercise, seed: int):
    checks = exercise.implementations()
    return checks, {check.name: check.cases(seed) for check in checks}


def _store_every_exercise(seed: int) -> None:
    """torch has just been imported for one exercise: answer every other exercise's cases for
    this seed too, in the same import, so that checking them with this seed never imports it again
    (pointless, and slow, when those answers cannot be cached)."""
    from grader.registry import exercises

    if not references.cache_is_writable():
        return
    for exercise in exercises():
        if (exercise.id, seed) in _CASE_SETS:
            continue
        checks, cases = _cases(exercise, seed)
        if references.stored_answers(exercise.id, cases, seed) is None:
            references.compute_answers(exercise.id, checks, cases, seed)


def case_set(exercise: Exercise, seed: int) -> tuple[list[Check], dict[str, list[Case]], dict[str, list[np.ndarray]]]:
    """The checks of an exercise, their cases and torch's answers for a seed: what grading compares
    with, for showing or saving one case (learn check --case, --dump)."""
    return _case_set(exercise, seed)


def prepare_references(exercises: list[Exercise], seed: int) -> None:
    """Compute torch's answers for a batch run in this process, before any student code runs, and
    keep them in memory only: no submission can change what it is compared against (the disk
    cache is not read), nor find the answers or the seed in it (it is not written)."""
    for exercise in exercises:
        _case_set(exercise, seed, use_cache=False)


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
        if any(name.partition(".")[0] in wire.BANNED_FOR_RULES for name in names):
            return True
    return False


def load_failure(outcome: Outcome) -> tuple:
    if outcome.status == "timeout":
        return TIMEOUT, Text("file.load_timeout")
    if outcome.status == "crashed":
        return CRASHED, Text("file.load_crashed", {"message": outcome.message})
    return ERROR, Text("file.load_raised", {"type": outcome.error_type, "message": outcome.message})


def _raised_at(outcome: Outcome, path: Path | None) -> tuple[Text, ...]:
    """The line of the learner's file where an error surfaced, when the traceback passed through it."""
    if not outcome.where or path is None:
        return ()
    return (Text("feedback.raised_at", {"file": Path(path).name, **outcome.where}),)


class _CheckRunner:
    """Runs checks against one sandbox, remembering calls already made and functions that hang."""

    def __init__(self, sandbox: Sandbox, exercise: Exercise, seed: int, deadline: float, path: Path | None = None):
        self.sandbox = sandbox
        self.exercise = exercise
        self.seed = seed
        self.deadline = deadline
        self.path = Path(path) if path is not None else None
        self.parameters = parameter_names(self.path) if path is not None else {}
        self.hung: set[str] = set()  # functions that timed out: not called again
        self.memo: dict[str, Outcome] = {}
        self.program_keys: dict[tuple, tuple[Program, str]] = {}

    def run(self, check: Check, points: int, cases: list[Case], expected: list[np.ndarray]) -> CheckResult:
        for number, (case, answer) in enumerate(zip(cases, expected), start=1):
            called = Text("feedback.called", {
                "call": case.call.signature(), "case": number, "cases": len(cases),
                "exercise": self.exercise.id, "seed": self.seed})
            try:
                failure = self._run_case(check, case, answer, called)
            except Exception as error:  # noqa: BLE001 - an answer that breaks the comparison is this check's verdict
                reason = f"its answer could not be checked: {type(error).__name__}: {str(error)[:200]}"
                failure = {"status": CRASHED, "feedback": (called, Text("status.crashed", {
                    "function": case.call.function, "message": reason}))}
            if failure is not None:
                return CheckResult(check.name, points, case=number, **failure)
        return CheckResult(check.name, points, PASSED)

    def _run_case(self, check: Check, case: Case, answer: np.ndarray, called: Text) -> dict | None:
        """None when the case passes, else the fields of a failing CheckResult."""
        for function in filter(None, (case.setup and case.setup.function, case.call.function)):
            if function in self.hung:
                return {"status": SKIPPED, "feedback": (Text("status.skipped_hung", {"function": function}),)}
        outcomes = self._outcomes(case, np.asarray(answer).nbytes)
        if outcomes is None:
            return {"status": SKIPPED, "feedback": (Text("status.skipped_budget"),)}
        if case.setup is not None and outcomes[0].status != "ok":
            return self._call_failure(case.setup, case, outcomes[0], called, is_setup=True)
        outcome = outcomes[-1]
        if case.raises:
            return self._expect_raise(case, outcome, called)
        if outcome.status != "ok":
            return self._call_failure(case.call, case, outcome, called, is_setup=False)
        value = _pick(outcome, case)
        if isinstance(case.call, Program):
            value = _as_numbers(value)
        verdict = compare(value, answer, check.tolerance)
        overwritten = [path for path in outcome.modified if not (isinstance(path[0], int) and path[0] in check.modifies)]
        if verdict.ok and not overwritten:
            return None
        item = _item_description(case)
        feedback = [called if item is None else Text(called.key, {**called.params, "call": item}), *self._inputs(case)]
        mistakes: list[str] = []
        if not verdict.ok:
            if case.pick.kind == "argument":
                feedback.append(Text("feedback.compared_argument", {"pick": self._name(case.call.function, case.pick.index)}))
            elif case.pick.kind != "return" and item is None:
                feedback.append(Text("feedback.compared", {"pick": case.pick.describe()}))
            feedback.append(verdict.problem)
            feedback.extend(verdict.samples)
            found = self._diagnose(check, case, value, verdict.got, answer, outcome)
            if found is not None:
                mistakes.extend(found.mistakes)
                feedback.extend(found.texts)
        if overwritten:
            feedback.append(Text("mistake.modified_input", {
                "function": case.call.function,
                "arguments": ", ".join(self._name(case.call.function, path) for path in overwritten)}))
            mistakes.append("modified_input")
        if outcome.warnings:
            feedback.append(Text("feedback.warnings", {"warnings": "; ".join(outcome.warnings)}))
        return {"status": FAILED, "feedback": tuple(feedback), "mistake": mistakes[0] if mistakes else None,
                "mistakes": tuple(mistakes)}

    def _expect_raise(self, case: Case, outcome: Outcome, called: Text) -> dict | None:
        """A case whose call must raise case.raises (e.g. an unknown reduction, ValueError)."""
        if outcome.status == "raised" and outcome.error_type == case.raises:
            return None
        if outcome.status in ("missing", "timeout", "crashed"):
            return self._call_failure(case.call, case, outcome, called, is_setup=False)
        if outcome.status == "ok":
            text = Text("feedback.returned_instead_of_raising", {"got": describe(outcome.value), "expected": case.raises})
        else:  # another exception, NotImplementedError included
            text = Text("feedback.raised_instead", {"type": outcome.error_type or "NotImplementedError",
                                                     "message": outcome.message, "expected": case.raises})
        feedback = (called, *self._inputs(case), text, *_raised_at(outcome, self.path), Text(f"mistake.{case.note}"))
        return {"status": FAILED, "feedback": feedback, "mistake": case.note, "mistakes": (case.note,),
                "details": outcome.traceback}

    def _inputs(self, case: Case) -> tuple[Text, ...]:
        """The inputs in full, when they are small enough to read."""
        shown = reproduce.small_inputs(case, self.parameters)
        return (Text("feedback.inputs", {"inputs": shown}),) if shown else ()

    def _name(self, function: str, path) -> str:
        return reproduce.argument_name(self.parameters.get(function, ()), tuple(path))

    def _diagnose(self, check: Check, case: Case, value, got: np.ndarray | None, answer: np.ndarray,
                  outcome: Outcome) -> Diagnosis | None:
        """The mistakes behind a wrong answer, or None. What the child saw happen to the caller's
        arrays is a fact, so it comes before any guess from the values."""
        if got is None:  # wrong structure: only an array of another shape can still be diagnosed
            if not isinstance(value, np.ndarray) or value.dtype.kind not in "iuf":
                return None
            return _diagnose_shape(value.astype(np.float64), answer, check, case)
        if case.pick.kind == "argument":
            where = tuple(case.pick.index)
            argument = self._name(case.call.function, where)
            if where not in outcome.modified:
                key = "replaced_not_in_place" if where in outcome.replaced else "not_in_place"
                return Diagnosis((key,), (Text(f"mistake.{key}", {"argument": argument}),))
        found = diagnose(got, answer, check.variants(case), check.factors(case), check.tolerance)
        if found is None and not np.isfinite(got).all() and case.note:
            found = Diagnosis((case.note,), (Text(f"mistake.{case.note}"),))
        return found

    def _outcomes(self, case: Case, answer_bytes: int) -> list[Outcome] | None:
        """The outcomes of the case's setup (if any) and call; identical cases run once per file.

        A setup and its call are run together, never reused separately: the setup's result lives
        in the child, which may have been restarted since.
        """
        key = self._key(case)
        if key not in self.memo:
            if time.monotonic() > self.deadline:
                return None
            outcomes = []
            if case.setup is not None:
                outcomes.append(self.sandbox.call(case.setup.function, case.setup.args, dict(case.setup.kwargs),
                                                  key=self.exercise.id, errstate=dict(case.errstate),
                                                  store_as=SETUP_SLOT, answer_bytes=answer_bytes))
            if isinstance(case.call, Program):
                outcomes.append(self.sandbox.program(list(case.call.steps), list(case.call.results),
                                                     key=self.exercise.id, errstate=dict(case.errstate),
                                                     answer_bytes=answer_bytes * max(1, len(case.call.results))))
            elif not outcomes or outcomes[0].status == "ok":
                outcomes.append(self.sandbox.call(case.call.function, case.call.args, dict(case.call.kwargs),
                                                  key=self.exercise.id, errstate=dict(case.errstate),
                                                  return_args=case.pick.kind == "argument",
                                                  answer_bytes=answer_bytes))
            self.memo[key] = outcomes
        return self.memo[key]

    def _key(self, case: Case) -> str:
        """_call_key, computed once per program object: the cases comparing a program's results
        share it, and digesting its steps for each of them would cost more than running it."""
        if not isinstance(case.call, Program) or case.setup is not None:
            return _call_key(case)
        memo = (id(case.call), tuple(sorted(case.errstate.items())))
        if memo not in self.program_keys:  # the program is kept with its key, so its id stays its own
            self.program_keys[memo] = case.call, _call_key(case)
        return self.program_keys[memo][1]

    def _call_failure(self, step, case: Case, outcome: Outcome, called: Text, is_setup: bool) -> dict:
        function = step.function
        prefix = (Text("status.setup_failed", {"setup": function, "function": case.call.function}),) if is_setup else ()
        if outcome.status == "not_implemented":
            status, text = NOT_STARTED, Text("status.not_started", {"function": self._reached(step, outcome)})
        elif outcome.status == "missing":
            status, text = MISSING, Text("status.missing", {"function": self._reached(step, outcome)})
        elif outcome.status == "timeout":
            self.hung.add(function)
            status, text = TIMEOUT, Text("status.timeout", {"function": function, "seconds": self.sandbox.limits.call_timeout})
        elif outcome.status == "crashed":
            status, text = CRASHED, Text("status.crashed", {"function": function, "message": outcome.message})
        else:
            status, text = ERROR, Text("status.raised", {"function": function, "type": outcome.error_type,
                                                         "message": outcome.message})
        if status == NOT_STARTED:
            feedback = (*prefix, text)
        else:
            feedback = (*prefix, called, *self._inputs(case), text, *_raised_at(outcome, self.path))
        mistake = None
        if outcome.error_type == "FloatingPointError" and case.errstate.get("over") == "raise":
            mistake = "overflow"
        elif outcome.status == "raised" and isinstance(step, Program) and outcome.error_type in step.exception_mistakes:
            mistake = step.exception_mistakes[outcome.error_type]
        if mistake is not None:
            feedback += (Text(f"mistake.{mistake}"),)
        return {"status": status, "feedback": feedback, "mistake": mistake, "mistakes": (mistake,) if mistake else (),
                "details": outcome.traceback}

    def _reached(self, step, outcome: Outcome) -> str:
        """The function that is missing or still raises NotImplementedError. A program calls many:
        the one it reached is named by the child ("Value.backward") or by the stub's message
        ("backward is not implemented yet", tools/make_stubs.py)."""
        if isinstance(step, Program):
            if outcome.status == "missing" and outcome.message:
                return outcome.message
            named = outcome.message.removesuffix(" is not implemented yet")
            if named in self.exercise.functions:
                return named
        return step.function


def _pick(outcome: Outcome, case: Case):
    """The part of a call's outcome that a case compares; a StructureProblem value when absent."""
    pick = case.pick
    if pick.kind == "return":
        return outcome.value
    if pick.kind == "argument":
        try:
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


def _diagnose_shape(got: np.ndarray, answer: np.ndarray, check: Check, case: Case) -> Diagnosis | None:
    """Mistakes that change the shape: a known variant of that shape, a transposed or unsummed one."""
    shaped = {key: variant for key, variant in check.variants(case).items() if np.shape(variant) == got.shape}
    found = match_known(got, answer, shaped, {}, check.tolerance) if shaped else None
    if found is not None:
        return Diagnosis(found, tuple(Text(f"mistake.{key}") for key in found))
    if got.ndim >= 2 and got.shape == answer.shape[::-1]:
        return Diagnosis(("transposed_shape",), (Text("mistake.transposed_shape"),))
    if case.context.get("N") and got.shape == (case.context["N"],) + answer.shape:
        return Diagnosis(("not_summed_over_batch",), (Text("mistake.not_summed_over_batch"),))
    return None


def _as_numbers(value):
    """A program's values come back as a list: a list of real numbers is compared as a float64 array,
    and any other list is described item by item ("[float, Value, float]")."""
    if not isinstance(value, (list, tuple)) or not value:
        return value
    if all(_is_real_number(item) for item in value):
        return np.array([float(item) for item in value])
    return wire.Unsupported("[" + ", ".join(describe(item) for item in value) + "]")


def _is_real_number(value) -> bool:
    if isinstance(value, (np.ndarray, np.generic)):
        return np.ndim(value) == 0 and np.asarray(value).dtype.kind in "iuf"
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _item_description(case: Case) -> str | None:
    """How a case that compares one result of a shared program describes it, if the program says."""
    program = case.call
    if isinstance(program, Program) and case.pick.kind == "item" and len(program.items) > case.pick.index:
        return program.items[case.pick.index]
    return None


class _MissingPart(wire.Unsupported):
    """Stands in for returned[0] or returned['W1'] when the return value has no such part."""

    def __init__(self, pick, container):
        from grader.compare import describe

        super().__init__(f"{describe(container)} without {pick.describe()}")


def _call_key(case: Case) -> str:
    """A digest of everything a call depends on: functions, inputs, setup and error policy."""
    return references.digest_of([references.call_steps(case), dict(case.errstate), case.pick.kind == "argument"])
