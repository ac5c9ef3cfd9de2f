"""Building notebooks: the instructor's nbgrader source notebook and a learner's own notebook.

An nbgrader notebook has a markdown cell (the lesson), one autograded-answer cell (the solution
between ### BEGIN SOLUTION / ### END SOLUTION, so `nbgrader generate_assignment` makes the stub)
and one autograder-test cell per check, worth the check's points (see grader.notebook.kernel for
what a test cell does). Notebooks are written as plain nbformat-4 JSON: no Jupyter package needed.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from grader import registry
from grader.files import write_atomically
from grader.i18n import localised, translate

TEST_CELL_MARKER = "# backprop-lab test cell"
SCHEMA_VERSION = 3

# What each cell of a learner's notebook is for, in its metadata (and a "scratch" tag, which
# Jupyter shows): the stub's imports, one function, a scratch cell (not graded), the check.
ROLE_KEY = "backprop_lab"
SETUP, FUNCTION, SCRATCH, CHECK = "setup", "function", "scratch", "check"

def answer_grade_id(exercise_id: str) -> str:
    return f"{exercise_id}-answer"


def test_grade_id(exercise_id: str, check: str) -> str:
    return f"{exercise_id}-{check}"


class NotebookError(Exception):
    pass


def _source_of(exercise: registry.Exercise, kind: str, language: str = "en") -> str:
    """The solution (from the repository) or the stub in ``language`` (from the package)."""
    root = Path(__file__).resolve().parents[2]  # the repository: solutions/ is not installed
    if kind == "solution":
        try:
            return (root / "solutions" / exercise.file).read_text(encoding="utf-8")
        except OSError:
            raise NotebookError("the reference solutions are not installed: run this from a clone of the "
                                "repository (pip install -e .)") from None
    from grader.workspace import stub_source

    return stub_source(exercise, language)


def _cell(kind: str, source: str, nbgrader: dict | None = None, role: dict | None = None) -> dict:
    metadata = {}
    if nbgrader:
        metadata["nbgrader"] = nbgrader
    if role:
        metadata[ROLE_KEY] = role
        if role["role"] == SCRATCH:
            metadata["tags"] = [SCRATCH]
    cell = {"cell_type": kind, "metadata": metadata, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _notebook(cells: list[dict]) -> dict:
    return {"nbformat": 4, "nbformat_minor": 4, "cells": cells, "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}}}


def solution_in(exercise: registry.Exercise, language: str) -> str:
    """The solution with the docstrings, comments and TODO lines of the stub in ``language``: the
    stub, where each TODO and its `raise NotImplementedError` stand, gets back the solution block
    they stand for (between its BEGIN and END SOLUTION lines, which nbgrader's release removes)."""
    solution = _source_of(exercise, "solution")
    if language == "en":
        return solution
    blocks = [block.splitlines(keepends=True) for block in _SOLUTION_BLOCK.findall(solution)]
    out, todo = [], []
    for line in _source_of(exercise, "stub", language).splitlines(keepends=True):
        if todo or line.lstrip().startswith("# TODO"):
            todo.append(line)
            if line.lstrip().startswith("raise NotImplementedError("):
                if not blocks:
                    raise NotebookError(f"the {language} stub of {exercise.id} has more TODOs than its solution")
                begin, _english_todo, *body = blocks.pop(0)
                out += [begin, *todo[:-1], *body]
                todo = []
        else:
            out.append(line)
    if blocks or todo:
        raise NotebookError(f"the {language} stub of {exercise.id} does not match its solution: "
                            f"run python tools/make_stubs.py")
    return "".join(out)


_SOLUTION_BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION\n", re.MULTILINE | re.DOTALL)


def nbgrader_notebook(exercise: registry.Exercise, language: str = "en") -> dict:
    """The instructor's source notebook for nbgrader (needs the repository's solutions/), its
    lesson, docstrings, comments and test cells' titles in ``language``."""
    cells = [_cell("markdown", registry.lesson(exercise.id, language)),
             _cell("code", solution_in(exercise, language), {
                 "grade": False, "solution": True, "locked": False, "grade_id": answer_grade_id(exercise.id),
                 "schema_version": SCHEMA_VERSION})]
    for info in exercise.checks:
        cells.append(_cell("code", f"{TEST_CELL_MARKER}: {localised(info.title, language)}\n"
                                   f"from grader.notebook import check_in_notebook\n"
                                   f"check_in_notebook({exercise.id!r}, {info.name!r})", {
            "grade": True, "solution": False, "locked": True, "points": info.points,
            "grade_id": test_grade_id(exercise.id, info.name), "schema_version": SCHEMA_VERSION}))
    return _notebook(cells)


def student_notebook(exercise: registry.Exercise, language: str = "en") -> dict:
    """A learner's notebook for one exercise, in ``language``: the lesson, the stub's imports, one
    cell per function or class (each one holding something to implement followed by a scratch
    cell, which is not graded), and a last cell that runs the same check as `learn check` and
    records it (see grader.notebook.kernel)."""
    header, functions = split_functions(_source_of(exercise, "stub", language))
    cells = [_cell("markdown", registry.lesson(exercise.id, language)),
             _cell("code", header, role={"role": SETUP})]
    for name, source in functions:
        cells.append(_cell("code", source, role={"role": FUNCTION, "function": name}))
        if any(function.partition(".")[0] == name for function in exercise.functions):  # "Adam.step": Adam
            cells.append(_cell("code", translate("notebook.scratch", language, function=name),
                               role={"role": SCRATCH, "function": name}))
    cells.append(_cell("markdown", translate("notebook.check_heading", language, exercise=exercise.id)))
    cells.append(_cell("code", f"from grader.notebook import check_notebook\ncheck_notebook({exercise.id!r})",
                       role={"role": CHECK}))
    return _notebook(cells)


def write_notebook(path: Path, notebook: dict) -> None:
    write_atomically(path, json.dumps(notebook, ensure_ascii=False, indent=1))


def split_functions(source: str) -> tuple[str, list[tuple[str, str]]]:
    """(what comes before the first top-level def or class, [(name, source)] for each of them).

    A def's source runs to the next one, so module-level code between two functions stays with
    the function above it, in order."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    starts = [(min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1, node.name)
              for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    if not starts:
        return source, []
    ends = [start for start, _ in starts[1:]] + [len(lines)]
    functions = [(name, "".join(lines[start:end]).strip("\n") + "\n") for (start, name), end in zip(starts, ends)]
    return "".join(lines[:starts[0][0]]).strip("\n") + "\n", functions
