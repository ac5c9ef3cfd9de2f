"""nbgrader courses: writing a course, reading the submitted answer cells, writing the gradebook."""

from __future__ import annotations

import json
from pathlib import Path

from grader.files import write_atomically
from grader.notebook.build import (NotebookError, answer_grade_id, nbgrader_notebook, test_grade_id,
                                    write_notebook)
from grader.records import StudentRecord


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
    write_atomically(config, NBGRADER_CONFIG.format(course=course.resolve().name, timeout=timeout))
    for exercise_id, notebook in notebooks.items():
        write_notebook(folder / f"{exercise_id}.ipynb", notebook)
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


def assignment_exercises(course: Path, assignment: str, exercises: list) -> list:
    """Those of ``exercises`` that have a source notebook in the course's ``assignment``."""
    found = [e for e in exercises if (course / "source" / assignment / f"{e.id}.ipynb").exists()]
    if not found:
        raise NotebookError(f"{course / 'source' / assignment} has no exercise notebooks")
    return found


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


def write_gradebook(course: Path, assignment: str, records: list[StudentRecord]) -> None:
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
            gradebook.update_or_create_student(record.student)
            try:
                gradebook.find_submission(assignment, record.student)
            except MissingEntry:
                gradebook.add_submission(assignment, record.student)
            for entry in record.exercises:
                for check in entry.checks:
                    grade = gradebook.find_grade(test_grade_id(entry.exercise, check.name), entry.exercise,
                                                 assignment, record.student)
                    grade.auto_score = float(check.score)
        gradebook.db.commit()
