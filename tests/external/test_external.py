"""Does the grader agree with an independent torch oracle on implementations the team did not write?

tests/external/implementations/exerciseN/*.py are well-known public numpy implementations (CS231n,
nnfs, d2l, numpy-ml, micrograd, Deep Learning from Scratch, TensorFlow, Keras, scikit-learn, the Adam
and AdamW papers, torch.nn.init's documentation, ...), for all eleven exercises,
rewritten from their descriptions with their mathematics and their flaws kept, and wrapped to the
exercise API; each file's header says where the idea came from and what the rewrite changes.
tests/external/oracle.py judges them from the stub docstrings alone. For every function a file
implements, the grader's verdict (every check that calls it passes, on the visible seed and on a
grading seed) must be the oracle's: no false accept, no false reject (issue 9).
"""

from __future__ import annotations

import ast
import itertools
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from grader import registry
from grader.grading import case_set, grade_submission
from grader.render import check_message
from tests.conftest import SOLUTIONS, STUBS
from tests.external import oracle

HERE = Path(__file__).resolve().parent
IMPLEMENTATIONS = sorted((HERE / "implementations").glob("exercise*/*.py"))
SEEDS = (0, 1)  # the visible cases, and a grading seed
EXERCISES = [exercise for exercise in registry.exercises() if exercise.id in oracle.FUNCTIONS]  # what the oracle knows

# Disagreements known today: the grader passes functions the oracle shows wrong. Issue 9 names these
# kinds and another branch is fixing them; strict xfail turns red when a fix lands, so that the mark
# is removed then. Keys are "exerciseN/file_stem::function".
STABILITY = ("issue 9, false accept kind 'stability promised but not tested at overflowing magnitudes': "
             "no case reaches |z| >= 710")
GLOBAL_MAX = "issue 9, false accept kind 'one global max instead of a per-row max'"
IN_PLACE = "issue 9, false accept kind '\"in place\" checked on the list, not on the caller's arrays'"
UNCHECKED = "issue 9, false accept kind 'unchecked promises'"
KNOWN_FALSE_ACCEPTS: dict[str, str] = {}


def case_id(path: Path, function: str = "") -> str:
    return f"{path.parent.name}/{path.stem}" + (f"::{function}" if function else "")


def implemented(path: Path, functions: tuple[str, ...] | None = None) -> list[str]:
    """The exercise functions the file defines, other than those whose body only raises NotImplementedError."""
    functions = functions or registry.get(path.parent.name).functions
    defined, classes = set(), {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and not _only_raises_not_implemented(node):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):  # e.g. sigmoid = np.frompyfunc(...)
            defined |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        elif isinstance(node, ast.ClassDef):  # "Adam.step", "Value.__add__": a method, here or inherited
            defined |= {f"{node.name}.{name}" for name in _methods(node, classes)}
            classes[node.name] = node
    return [name for name in functions if name in defined]


def _methods(node: ast.ClassDef, classes: dict) -> set[str]:
    """The methods a class defines (other than stubs), with those of its bases defined earlier in the file."""
    own = {item.name for item in node.body if isinstance(item, ast.FunctionDef) and not _only_raises_not_implemented(item)}
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id in classes:
            own |= _methods(classes[base.id], classes)
    return own


def _only_raises_not_implemented(function: ast.FunctionDef) -> bool:
    body = [statement for statement in function.body
            if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))]  # docstring
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    raised = body[0].exc.func if isinstance(body[0].exc, ast.Call) else body[0].exc
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def _cases():
    for path in IMPLEMENTATIONS:
        for function in implemented(path):
            key = case_id(path, function)
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_FALSE_ACCEPTS[key])] if key in KNOWN_FALSE_ACCEPTS else []
            yield pytest.param(path, function, id=key, marks=marks)


@lru_cache(maxsize=None)
def _graded() -> dict:
    """{path: (result on each seed)} for every implementation.

    grade_file(exercise, path) is grade_submission([(exercise, path)]); passing one file of each
    exercise at a time grades each file on its own all the same, and starts four times fewer
    child processes on this shared machine.
    """
    by_exercise: dict[str, list[Path]] = {}
    for path in IMPLEMENTATIONS:
        by_exercise.setdefault(path.parent.name, []).append(path)
    results: dict[Path, list] = {path: [] for path in IMPLEMENTATIONS}
    for seed in SEEDS:
        for group in itertools.zip_longest(*by_exercise.values()):
            paths = [path for path in group if path is not None]
            graded = grade_submission([(registry.get(path.parent.name), path) for path in paths], seed=seed)
            for path, result in zip(paths, graded):
                results[path].append(result)
    return results


@lru_cache(maxsize=None)
def _judged(path: Path) -> dict:
    return oracle.judge(path.parent.name, path)


def grader_failures(path: Path, function: str) -> list[str]:
    """The failing checks whose failing case calls ``function``, with the grader's message; empty when
    it is accepted. A check may call several functions (exercise 8's zero_gradients steps Adam, then
    RMSprop): its failure counts against the function its failing case called, which the message names."""
    exercise = registry.get(path.parent.name)
    calls = {check.name: check.function for check in exercise.implementations()}

    def called(result, check) -> str:
        if not check.case:  # not a single case's failure (a missing function): the check's own
            return calls[check.name]
        return case_set(exercise, result.seed)[1][check.name][check.case - 1].call.function

    return [f"seed {result.seed}, {check.name}: {check_message(check, 'en')[:400]}"
            for result in _graded()[path] for check in result.checks
            if not check.passed and called(result, check) == function]


@pytest.mark.parametrize("path, function", list(_cases()))
def test_grader_agrees_with_the_oracle(path, function):
    """Does the grader accept this function exactly when the oracle finds it correct?"""
    failures = grader_failures(path, function)
    verdict = _judged(path)[function]
    assert verdict.status in (oracle.CORRECT, oracle.WRONG), verdict
    if verdict.correct:
        assert not failures, f"false reject: the oracle finds {function} correct, the grader says\n" + "\n".join(failures)
    else:
        assert failures, f"false accept: the grader passes {function}, the oracle finds: {verdict.reason}"


@pytest.mark.parametrize("path", IMPLEMENTATIONS, ids=case_id)
def test_oracle_sees_exactly_the_implemented_functions(path):
    """Is every function the file leaves as a stub not implemented for the oracle, and every other one judged?"""
    verdicts = _judged(path)
    judged = [name for name, verdict in verdicts.items() if verdict.status in (oracle.CORRECT, oracle.WRONG)]
    assert judged == implemented(path) and judged, verdicts


@pytest.mark.parametrize("path", IMPLEMENTATIONS, ids=case_id)
def test_implementation_names_its_source(path):
    """Does every rewrite say where its idea came from and what it changed?"""
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any(line.startswith("# source: ") for line in header), path
    assert any(line.startswith("# differs: ") for line in header), path


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_a_stub_implements_nothing_and_a_solution_everything(exercise):
    """Does `implemented` tell a function that only raises NotImplementedError from a real one?"""
    assert implemented(STUBS / exercise.file, exercise.functions) == []
    assert implemented(SOLUTIONS / exercise.file, exercise.functions) == list(exercise.functions)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_oracle_accepts_the_reference_solution(exercise):
    """Does the oracle, written from the docstrings alone, accept the team's own solution?"""
    verdicts = oracle.judge(exercise.id, SOLUTIONS / exercise.file)
    assert {name: verdict.status for name, verdict in verdicts.items()} == dict.fromkeys(exercise.functions, oracle.CORRECT)


def test_oracle_compares_within_its_tolerance_and_exactly_in_structure():
    """Does the oracle refuse a NaN, a wrong shape, a list for a scalar, and an error just over its tolerance?"""
    assert oracle.compare(1.0 + oracle.RTOL / 2, 1.0) is None
    assert oracle.compare(1.0 + 3 * oracle.RTOL, 1.0) is not None
    assert oracle.compare(float("nan"), 1.0) is not None
    assert "shape" in oracle.compare(np.zeros((2, 2)), np.zeros((1, 2, 2)))
    assert "scalar" in oracle.compare([1.0], 1.0)
