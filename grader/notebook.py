"""Notebooks: the exercises as Jupyter notebooks, for nbgrader courses and for students.

An nbgrader notebook has a markdown cell (the task), one autograded-answer cell (the solution
between ### BEGIN SOLUTION / ### END SOLUTION, so `nbgrader generate_assignment` makes the stub)
and one autograder-test cell per check, worth the check's points. A test cell grades the code the
student ran, in the sandbox (never by comparing in the kernel, where student code could have
patched numpy), prints the same feedback as `learn check`, and ends with the check's score: the
value nbgrader takes as partial credit.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
import warnings
from pathlib import Path

from grader import registry
from grader.i18n import choose_language, localised

TEST_CELL_MARKER = "# backprop-lab test cell"
SCHEMA_VERSION = 3
# The seed of the grading cases comes from the environment at grade time, not from the notebook.
GRADING_SEED_ENV = "BACKPROP_LAB_GRADING_SEED"
DEFAULT_GRADING_SEED = 20261122


def answer_grade_id(exercise_id: str) -> str:
    return f"{exercise_id}-answer"


def test_grade_id(exercise_id: str, check: str) -> str:
    return f"{exercise_id}-{check}"


class NotebookError(Exception):
    pass


def _source_of(exercise: registry.Exercise, kind: str) -> str:
    root = Path(__file__).resolve().parents[1]
    if kind == "solution":
        try:
            return (root / "solutions" / exercise.file).read_text(encoding="utf-8")
        except OSError:
            raise NotebookError("the reference solutions are not installed: run this from a clone of the "
                                "repository (pip install -e .)") from None
    from grader.workspace import stub_source

    return stub_source(exercise)


def _task_markdown(exercise: registry.Exercise, language: str) -> str:
    from grader.registry import lesson

    return lesson(exercise.id, language)


# Notebooks are written as plain nbformat-4 JSON, so making one needs no Jupyter package.
def _cell(kind: str, source: str, nbgrader: dict | None = None) -> dict:
    cell = {"cell_type": kind, "metadata": {"nbgrader": nbgrader} if nbgrader else {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _notebook(cells: list[dict]) -> dict:
    return {"nbformat": 4, "nbformat_minor": 4, "cells": cells, "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}}}


def nbgrader_notebook(exercise: registry.Exercise, language: str = "en") -> dict:
    """The instructor's source notebook for nbgrader (needs the repository's solutions/)."""
    cells = [_cell("markdown", _task_markdown(exercise, language)),
             _cell("code", _source_of(exercise, "solution"), {
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
    """A student's notebook for one exercise: the task, the stub, and a last cell that runs the same
    check as `learn check`."""
    return _notebook([_cell("markdown", _task_markdown(exercise, language)),
                      _cell("code", _source_of(exercise, "stub")),
                      _cell("code", f"from grader.notebook import check_notebook\ncheck_notebook({exercise.id!r})")])


# ----------------------------------------------------------------------------- inside the kernel


def _student_code() -> str:
    """Everything the student has run in this kernel, except the test cells themselves."""
    from IPython import get_ipython

    shell = get_ipython()
    history = shell.user_ns.get("In", []) if shell is not None else []
    cells = [cell for cell in history if cell and TEST_CELL_MARKER not in cell and "check_notebook(" not in cell]
    return "\n\n".join(cells)


_RESULTS: dict = {}


def _grade_code(exercise_id: str, code: str, seed: int):
    """Grade code in the sandbox, once per (exercise, code, seed) in this kernel."""
    from grader.grading import grade_file

    key = (exercise_id, seed, hashlib.sha256(code.encode()).hexdigest())
    if key not in _RESULTS:
        exercise = registry.get(exercise_id)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / exercise.file
            path.write_text(code, encoding="utf-8")
            with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")  # any stderr output zeroes an nbgrader test cell
                _RESULTS[key] = grade_file(exercise, path, seed=seed)
    return _RESULTS[key]


def grading_seed() -> int:
    import os

    try:
        return int(os.environ.get(GRADING_SEED_ENV, DEFAULT_GRADING_SEED))
    except ValueError:
        return DEFAULT_GRADING_SEED


def check_in_notebook(exercise_id: str, check: str, language: str | None = None) -> int:
    """An nbgrader test cell: grade what the student ran, print this check's feedback, return its score."""
    from grader.render import check_message

    result = _grade_code(exercise_id, _student_code(), grading_seed())
    found = next(c for c in result.checks if c.name == check)
    if not found.passed:
        print(check_message(found, choose_language(language)))
    return found.score


def check_notebook(exercise_id: str, language: str | None = None, seed: int | None = None):
    """A student's last cell: the same report as `learn check EXERCISE`."""
    from rich.console import Console

    from grader.grading import VISIBLE_SEED
    from grader.render import exercise_report

    language = choose_language(language)
    result = _grade_code(exercise_id, _student_code(), VISIBLE_SEED if seed is None else seed)
    Console(force_jupyter=False, width=100).print(exercise_report(result, language))
    return f"{result.score}/{result.max_score}"


# ----------------------------------------------------------------------------- courses and submissions


NBGRADER_CONFIG = """\
# nbgrader configuration written by `learn nbgrader init`.
c = get_config()
c.CourseDirectory.course_id = {course!r}
# Each test cell grades the answer in a sandbox with its own per-call limit; this bounds a cell
# that still hangs (seconds).
c.ExecutePreprocessor.timeout = {timeout}
"""


def init_course(course: Path, assignment: str, exercises: list, *, force: bool, language: str = "en",
                timeout: int = 120) -> list[Path]:
    """Write nbgrader_config.py and source/ASSIGNMENT/<exercise>.ipynb; refuse to overwrite without force."""
    config = course / "nbgrader_config.py"
    folder = course / "source" / assignment
    targets = [config] + [folder / f"{e.id}.ipynb" for e in exercises]
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise NotebookError(f"{existing[0]} already exists: add --force to overwrite the course files")
    notebooks = {e.id: nbgrader_notebook(e, language) for e in exercises}  # fails before writing anything
    folder.mkdir(parents=True, exist_ok=True)
    config.write_text(NBGRADER_CONFIG.format(course=course.resolve().name, timeout=timeout), encoding="utf-8")
    for exercise_id, notebook in notebooks.items():
        (folder / f"{exercise_id}.ipynb").write_text(json.dumps(notebook, ensure_ascii=False, indent=1),
                                                    encoding="utf-8")
    return targets


def answer_source(path: Path, exercise_id: str) -> str:
    """The source of the autograded-answer cell of ``exercise_id`` in a submitted notebook."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise NotebookError(f"{path} is not a readable notebook ({error})") from None
    wanted = answer_grade_id(exercise_id)
    for cell in cells:
        metadata = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        if metadata.get("grade_id") == wanted:
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else str(source)
    raise NotebookError(f"{path} has no answer cell {wanted!r}")


def nbgrader_students(course: Path, assignment: str, exercises: list, workdir: Path):
    """Each student's submitted answer cells as exercise files in ``workdir``, for batch grading.

    Reads submitted/<student>/<assignment>/<exercise>.ipynb. A notebook that is missing, is not
    JSON or lacks its answer cell counts as not handed in for that exercise (and is reported)."""
    from grader.batch import Student

    submitted = course / "submitted"
    if not submitted.is_dir():
        raise NotebookError(f"{submitted} does not exist: collect the submissions first")
    students, problems = [], []
    for folder in sorted(p for p in submitted.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if not (folder / assignment).is_dir():
            continue
        files = {}
        for exercise in exercises:
            notebook = folder / assignment / f"{exercise.id}.ipynb"
            files[exercise.id] = None
            if not notebook.exists():
                continue
            try:
                source = answer_source(notebook, exercise.id)
            except NotebookError as error:
                problems.append(str(error))
                continue
            target = workdir / folder.name / exercise.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source, encoding="utf-8")
            files[exercise.id] = target
        students.append(Student(folder.name, files))
    return students, problems


def write_gradebook(course: Path, assignment: str, records: list[dict]) -> None:
    """Write every check's score into nbgrader's gradebook through nbgrader's own API, so that
    formgrader and `nbgrader export` show them."""
    from nbgrader.api import Gradebook, MissingEntry

    database = course / "gradebook.db"
    if not database.exists():
        raise NotebookError(f"{database} does not exist: run `nbgrader generate_assignment {assignment}` first")
    with Gradebook(f"sqlite:///{database.resolve()}") as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            raise NotebookError(f"the gradebook has no assignment {assignment!r}: run "
                                f"`nbgrader generate_assignment {assignment}` first") from None
        for record in records:
            gradebook.update_or_create_student(record["student"])
            try:
                gradebook.find_submission(assignment, record["student"])
            except MissingEntry:
                gradebook.add_submission(assignment, record["student"])
            for entry in record["exercises"]:
                for check in entry["checks"]:
                    grade = gradebook.find_grade(test_grade_id(entry["exercise"], check["name"]), entry["exercise"],
                                                 assignment, record["student"])
                    grade.auto_score = float(check["score"])
        gradebook.db.commit()
