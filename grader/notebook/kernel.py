"""Inside the kernel: what a notebook's check cells run.

A test cell grades the code the student ran, in the sandbox (never by comparing in the kernel,
where student code could have patched numpy), prints the same feedback as `learn check`, and ends
with the check's score: the value nbgrader takes as partial credit.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import warnings
from pathlib import Path

from grader import registry
from grader.i18n import choose_language
from grader.notebook.build import TEST_CELL_MARKER

# The seed of the grading cases comes from the environment at grade time, not from the notebook.
GRADING_SEED_ENV = "BACKPROP_LAB_GRADING_SEED"
DEFAULT_GRADING_SEED = 20261122


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
    """A learner's last cell: the same report as `learn check EXERCISE`, recorded in the progress of
    the folder the notebook is in (Jupyter starts the kernel there), with the next step."""
    from rich.console import Console

    from grader import render
    from grader.grading import VISIBLE_SEED
    from grader.progress import Progress
    from grader.workspace import NOTEBOOK, next_step, passed_count, standings

    language = choose_language(language)
    result = _grade_code(exercise_id, _student_code(), VISIBLE_SEED if seed is None else seed)
    workspace = Path.cwd()
    progress = Progress.open()
    progress.record(workspace, result.exercise, result.seed, result.score, result.max_score,
                    started=not result.not_started)
    current = standings(workspace, progress.summary(workspace))
    console = Console(force_jupyter=False, width=100)
    console.print(render.exercise_report(result, language))
    console.print(render.next_step(passed_count(current), next_step(current, result, context=NOTEBOOK), language))
    return f"{result.score}/{result.max_score}"
