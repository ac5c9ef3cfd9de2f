"""nbgrader courses: writing a course, reading the submitted answer cells, writing the gradebook."""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
from pathlib import Path

from grader.files import write_atomically
from grader.notebook.build import (NotebookError, answer_grade_id, nbgrader_notebook, test_grade_id,
                                    write_notebook)
from grader.notebook.kernel import DEFAULT_GRADING_SEED, GRADING_SEED_ENV, grading_seed
from grader.records import StudentRecord


NBGRADER_CONFIG = """\
# nbgrader configuration written by `learn nbgrader init`.
c = get_config()
c.CourseDirectory.course_id = {course!r}
# Each test cell grades the answer in a sandbox with its own per-call limit; this bounds a cell
# that still hangs (seconds).
c.ExecutePreprocessor.timeout = {timeout}
# The seed of the grading cases: this course's secret. nbgrader's kernels inherit it, and
# `learn grade --nbgrader` reads it here. (A student running the test cells without it sees the
# cases of the package's default seed, which anyone can compute: never grade with that one.)
import os
os.environ.setdefault("{env}", "{seed}")
"""
_SEED_LINE = re.compile(r'^os\.environ\.setdefault\("' + GRADING_SEED_ENV + r'", "(\d+)"\)', re.MULTILINE)


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
    seed = 1 + secrets.randbelow(2**31 - 2)
    write_atomically(config, NBGRADER_CONFIG.format(course=course.resolve().name, timeout=timeout, env=GRADING_SEED_ENV,
                                                    seed=seed))
    for exercise_id, notebook in notebooks.items():
        write_notebook(folder / f"{exercise_id}.ipynb", notebook)
    return targets


# A submitted notebook larger than this is not read (outputs with images are well below it).
MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024


def course_seed(course: Path) -> tuple[int, bool]:
    """The seed nbgrader's test cells grade this course with, and whether it is a secret: the
    environment's, else the one nbgrader_config.py sets, else the public default (False)."""
    if GRADING_SEED_ENV in os.environ:  # then nbgrader_config.py's setdefault changes nothing
        seed = grading_seed()
        return seed, seed != DEFAULT_GRADING_SEED
    try:
        found = _SEED_LINE.search((course / "nbgrader_config.py").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        found = None
    return (int(found.group(1)), True) if found else (DEFAULT_GRADING_SEED, False)


def answer_source(path: Path, exercise_id: str) -> str:
    """The source of the autograded-answer cell of ``exercise_id`` in a submitted notebook.

    The notebook is the student's: anything but a regular file holding a notebook's JSON (a FIFO,
    JSON nested too deeply to parse, a cell that is not an object) is a NotebookError."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the run for ever
            raise OSError("not a regular file")
        with path.open("rb") as file:
            data = file.read(MAX_NOTEBOOK_BYTES + 1)
        if len(data) > MAX_NOTEBOOK_BYTES:
            raise OSError(f"larger than {MAX_NOTEBOOK_BYTES >> 20} MB")
        cells = json.loads(data.decode("utf-8"))["cells"]
        if not isinstance(cells, list):
            raise TypeError("its cells are not a list")
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise NotebookError(f"{path} is not a readable notebook ({type(error).__name__}: {str(error)[:200]})") from None
    wanted = answer_grade_id(exercise_id)
    for cell in cells:
        metadata = cell.get("metadata") if isinstance(cell, dict) else None
        nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
        if isinstance(nbgrader, dict) and nbgrader.get("grade_id") == wanted:
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(line, str) for line in source):
                source = "".join(source)
            try:
                if isinstance(source, str):
                    source.encode("utf-8")  # JSON may spell a lone surrogate (\udce9), which no file holds
                    return source
            except UnicodeEncodeError:
                pass
            raise NotebookError(f"{path}: the answer cell's source is not text")
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
        try:
            if not (folder / assignment).is_dir():
                continue
        except OSError:
            pass  # a folder the grader may not read: each of its notebooks says so
        files = {}
        for exercise in exercises:
            files[exercise.id] = None
            try:
                source = _submitted_answer(folder / assignment / f"{exercise.id}.ipynb", folder, exercise.id)
            except NotebookError as error:
                problems.append(str(error))
                continue
            if source is None:
                continue
            target = workdir / folder.name / exercise.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source, encoding="utf-8")
            files[exercise.id] = target
        students.append(Student(folder.name, files))
    return students, problems


def _submitted_answer(notebook: Path, folder: Path, exercise_id: str) -> str | None:
    """The answer cell of a student's notebook, None if they handed none in; a NotebookError says
    why one cannot be taken."""
    try:
        if not notebook.exists() and not notebook.is_symlink():
            return None
        if not notebook.resolve().is_relative_to(folder.resolve()):  # a classmate's notebook, or any file
            raise NotebookError(f"{notebook} links outside {folder}: not handed in")
    except OSError as error:  # in a folder of mode 000, which an archive can unpack
        raise NotebookError(f"{notebook} cannot be read ({error.strerror}): not handed in") from None
    return answer_source(notebook, exercise_id)


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
