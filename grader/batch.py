"""Grade a whole class: one folder per student, resumable, each result saved as soon as it is known.

Layout of a run's state directory (next to the CSV, `grades.state/` for `grades.csv`):
    run.json              the seed and exercises of the run, so --resume grades the same cases
    students/<id>.json    one record per student, written atomically when that student is done

The final outputs (CSV, JSON, Gradescope) are rebuilt from the records, so a run killed part way
and resumed produces exactly what an uninterrupted run would have.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from grader import export, registry
from grader.files import write_atomically
from grader.grading import grade_submission, prepare_references, prescan
from grader.registry import Exercise
from grader.records import GRADING_FAILED, ClassSummary, ExerciseRecord, StudentRecord, summarise
from grader.sandbox.isolation import Isolation
from grader.sandbox.runner import Limits


# A file name may hold 255 bytes; a record's temporary name adds 19 to its id (".", ".json.", 8, ".tmp").
MAX_RECORD_NAME_BYTES = 200


class BatchError(Exception):
    """A problem with the run itself (not with a submission): reported as a usage error."""


@dataclass(frozen=True)
class Student:
    id: str
    files: dict[str, Path | None]  # exercise id -> the student's file, None when not handed in


@dataclass(frozen=True)
class Run:
    seed: int
    exercises: tuple[str, ...]


def discover(submissions: Path, exercises: Iterable[Exercise]) -> list[Student]:
    """One Student per folder of ``submissions`` (sorted by id); other entries are ignored."""
    if not submissions.is_dir():
        raise BatchError(f"{submissions} is not a folder of student folders")
    exercises = list(exercises)
    students = []
    for folder in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = {}
        for exercise in exercises:
            candidates = [folder / exercise.file, folder / "exercises" / exercise.file]
            files[exercise.id] = next((c for c in candidates if _handed_in(c, folder)), None)
        students.append(Student(folder.name, files))
    return students


def _handed_in(path: Path, folder: Path) -> bool:
    """Is ``path`` a file of the student's? A symlink to a classmate's file, the saved records or
    anything else outside the student's own folder is not, nor what is in a folder the grader may
    not read (an archive can unpack one of mode 000: looking into it raises PermissionError)."""
    try:
        return path.is_file() and path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def shard_of(students: list[Student], shard: tuple[int, int] | None) -> list[Student]:
    """Students i, i+n, i+2n, ... of the sorted list for shard i/n (1-based)."""
    if shard is None:
        return students
    index, count = shard
    return [student for position, student in enumerate(students) if position % count == index - 1]


def state_dir_for(out: Path) -> Path:
    return out.with_name(out.name.removesuffix(".csv") + ".state")


def open_run(state: Path, *, exercises: tuple[str, ...], seed: int | None, resume: bool) -> Run:
    """Start a new run in ``state``, or continue the one there with ``resume``."""
    settings = state / "run.json"
    if settings.exists():
        if not resume:
            raise BatchError(f"{state} holds an earlier run: add --resume to continue it, or remove the folder "
                             f"to start over")
        try:
            saved = json.loads(settings.read_text(encoding="utf-8"))
            run = Run(int(saved["seed"]), tuple(saved["exercises"]))
        except (ValueError, KeyError, TypeError):
            raise BatchError(f"{settings} is damaged: remove {state} to start over") from None
        if seed is not None and seed != run.seed:
            raise BatchError(f"the run in {state} used --seed {run.seed}, not {seed}")
        if tuple(exercises) != run.exercises:
            raise BatchError(f"the run in {state} graded {','.join(run.exercises)}: resume it with the same exercises")
        return run
    # Without --seed, cases no student has seen: `learn check` shows seed 0.
    run = Run(seed if seed is not None else 1 + secrets.randbelow(2**31 - 2), tuple(exercises))
    (state / "students").mkdir(parents=True, exist_ok=True)
    write_atomically(settings, json.dumps({"seed": run.seed, "exercises": list(run.exercises)}, indent=2), private=True)
    return run


def _record_path(state: Path, student_id: str) -> Path:
    """Where a student's record is saved. The ids are folder names, so they are valid file names,
    but ".json" and write_atomically's temporary name make them longer: a long id is saved under
    its digest (records are found again by the id inside them, not by their names)."""
    name = os.fsencode(student_id)
    if len(name) > MAX_RECORD_NAME_BYTES:
        return state / "students" / f"~{hashlib.sha256(name).hexdigest()}.json"
    return state / "students" / f"{student_id}.json"


def load_records(state: Path, run: Run) -> dict[str, StudentRecord]:
    """Every record saved in ``state`` that is whole and belongs to ``run``; a damaged or
    forged-looking one is left out, so that its student is graded again."""
    records = {}
    for path in sorted((state / "students").glob("*.json")):
        try:
            record = StudentRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):  # DamagedRecord is a ValueError, as is bad JSON
            continue
        # saved under its own student's name: a record written under a classmate's is not theirs
        if _record_path(state, record.student) == path and record.matches(record.student, run.seed, run.exercises):
            records[record.student] = record
    return records


def grade_student(student: Student, run: Run, limits: Limits, language: str,
                  isolation: Isolation | None = None) -> StudentRecord:
    """Grade one student and return their record."""
    exercises = [registry.get(name) for name in run.exercises]
    handed_in = [(e, student.files[e.id]) for e in exercises if student.files.get(e.id) is not None]
    results = ({r.exercise: r for r in grade_submission(handed_in, seed=run.seed, limits=limits, isolation=isolation)}
               if handed_in else {})
    return StudentRecord.of(student.id, run.seed, tuple(
        ExerciseRecord.graded(results[e.id], language) if e.id in results else ExerciseRecord.not_handed_in(e, run.seed)
        for e in exercises))


def failed_record(student: Student, run: Run, error: BaseException) -> StudentRecord:
    """The record of a student whose grading itself failed: every check crashed, with the reason."""
    reason = f"grading failed: {type(error).__name__}: {str(error)[:300]}"
    return StudentRecord(student.id, GRADING_FAILED, run.seed, tuple(
        ExerciseRecord.grading_failed(registry.get(name), run.seed, student.files.get(name) is not None, reason)
        for name in run.exercises))


def grade_class(students: list[Student], run: Run, state: Path, *, limits: Limits, jobs: int, language: str,
                on_done: Callable[[StudentRecord], None] = lambda record: None,
                isolation: Isolation | None = None) -> dict[str, StudentRecord]:
    """Grade every student without a saved record, ``jobs`` at a time, saving each record as soon as
    it is known. Returns the records of ``students`` (saved earlier or now), from memory: the files
    are for resuming, and are not read back after student code has run.

    A student whose grading fails (whatever the cause) gets a record with status "error" that is
    not saved, so that --resume grades them again; the others are not affected."""
    prepare_references([registry.get(name) for name in run.exercises], run.seed)
    saved = load_records(state, run)  # read before any student code of this run has run
    todo = [student for student in students if student.id not in saved]
    prescan([path for student in todo for e, path in student.files.items() if path is not None and e in run.exercises])
    for student in students:
        if student.id in saved:
            on_done(saved[student.id])
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(grade_student, student, run, limits, language, isolation): student for student in todo}
        for future in as_completed(futures):
            try:
                record = future.result()
            except Exception as error:  # noqa: BLE001 - one student's failure never stops the run
                record = failed_record(futures[future], run, error)
            else:
                write_atomically(_record_path(state, record.student), json.dumps(record.to_json(), ensure_ascii=False),
                                 private=True)
            saved[record.student] = record
            on_done(record)
    return {student.id: saved[student.id] for student in students}


# ----------------------------------------------------------------------------- `learn grade`


@dataclass(frozen=True)
class ClassGrades:
    """What grading a class came to: its records (in the order of the students), the seed of its
    cases, the summary, and the notebooks that could not be read (nbgrader: not handed in)."""

    records: tuple[StudentRecord, ...]
    seed: int
    summary: ClassSummary
    problems: tuple[str, ...] = ()


def choose_isolation(choice: str) -> Isolation:
    """Call before anything is written or run. Makes this process unreadable to student code (its
    memory, environment and pipes through /proc), then returns the isolation ``choice`` asks for
    (see grader.sandbox.isolation.detect: IsolationUnavailable when it cannot be had)."""
    from grader.sandbox import isolation, system

    system.make_undumpable()
    return isolation.detect(choice)


def _check_writable(paths) -> None:
    """Refuse, before anything is graded, an output that cannot be written (what exists of its path
    is a file, or a read-only folder): learning it after grading a whole class would waste the run."""
    for path in filter(None, paths):
        existing = next(parent for parent in Path(path).absolute().parents if parent.exists())
        if not existing.is_dir() or not os.access(existing, os.W_OK):
            raise BatchError(f"cannot write {path}: {existing} is not a writable folder")


def grade(submissions: Path, *, out: Path, isolation: Isolation, exercises: Sequence[Exercise] | None = None,
          assignment: str | None = None, json_path: Path | None = None, gradescope: Path | None = None,
          seed: int | None = None, resume: bool = False, shard: tuple[int, int] | None = None,
          jobs: int | None = None, limits: Limits = Limits(), language: str = "en",
          on_start: Callable[[int, tuple[str, ...]], None] = lambda students, notices: None,
          on_done: Callable[[StudentRecord], None] = lambda record: None) -> ClassGrades:
    """Grade a class and write its grades: the CSV ``out`` (its run saved next to it, see the top
    of this module), the JSON ``json_path`` and Gradescope's DIR/<student>/results.json on request.

    ``submissions`` holds one folder per student; with ``assignment`` it is an nbgrader course
    instead, whose submitted notebooks' answer cells are graded and whose gradebook gets every
    check's score (the cases are the test cells', kernel.grading_seed(), unless ``seed`` is given).
    ``exercises``: default all; ``shard`` (i, n): part i of n of the students; ``jobs``: students
    at once (default: the number of cores). ``on_start(students, notices)`` is called once the
    students are known (notices: a default seed anyone can compute, the notebooks that cannot be read), ``on_done(record)`` as each one is graded (or found saved, with ``resume``).

    Raises BatchError for a problem with the run itself (not with a submission)."""
    from grader.notebook.build import NotebookError  # stdlib only: cheap even without nbgrader

    exercises = list(registry.exercises() if exercises is None else exercises)
    with tempfile.TemporaryDirectory(prefix="backprop-lab-nbgrader-") as workdir:
        problems: list[str] = []
        warnings: list[str] = []
        try:
            if assignment is None:
                found = discover(submissions, exercises)
            else:
                from grader.notebook import course, kernel

                exercises = course.assignment_exercises(submissions, assignment, exercises)
                found, problems = course.nbgrader_students(submissions, assignment, exercises, Path(workdir))
                if seed is None:  # the test cells' cases
                    seed, secret = course.course_seed(submissions)
                    if not secret:
                        warnings.append(
                            f"warning: grading with the default seed {seed}, whose cases any student can compute "
                            f"with this package: set {kernel.GRADING_SEED_ENV} to a secret number for nbgrader "
                            f"autograde and learn grade alike (`learn nbgrader init` writes one into "
                            f"nbgrader_config.py)")
            students = shard_of(found, shard)
            _check_writable([out, json_path, gradescope and gradescope / "results.json"])
            state = state_dir_for(out)
            run = open_run(state, exercises=tuple(e.id for e in exercises), seed=seed, resume=resume)
        except (NotebookError, OSError) as error:
            raise BatchError(str(error)) from None
        on_start(len(students), tuple(warnings + problems))
        graded = grade_class(students, run, state, limits=limits, jobs=jobs or os.cpu_count() or 1,
                             language=language, on_done=on_done, isolation=isolation)
    records = [graded[student.id] for student in students]
    names = [e.id for e in exercises]
    if assignment is not None:
        from grader.notebook.course import write_gradebook

        try:
            write_gradebook(submissions, assignment, records)
        except NotebookError as error:
            raise BatchError(str(error)) from None
    try:
        export.write_csv(records, names, out)
        if json_path:
            export.write_json(records, run.seed, json_path)
        if gradescope:
            export.write_gradescope(records, gradescope)
    except OSError as error:  # e.g. the disk filled up while grading: nothing graded is lost
        raise BatchError(f"could not write the grades ({error}); every student's record is saved in {state}: "
                         f"fix the problem and run the same command with --resume") from None
    return ClassGrades(tuple(records), run.seed, summarise(records, names), tuple(problems))
