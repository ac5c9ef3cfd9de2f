"""Grade a whole class: one folder per student, resumable, each result saved as soon as it is known.

Layout of a run's state directory (next to the CSV, `grades.state/` for `grades.csv`):
    run.json              the seed and exercises of the run, so --resume grades the same cases
    students/<id>.json    one record per student, written atomically when that student is done

The final outputs (CSV, JSON, Gradescope) are rebuilt from the records, so a run killed part way
and resumed produces exactly what an uninterrupted run would have.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from grader import registry
from grader.grading import grade_submission, prepare_references, prescan
from grader.registry import Exercise
from grader.render import exercise_to_json
from grader.sandbox.isolation import Isolation
from grader.sandbox.runner import Limits

COMPLETE, PARTIAL, NO_FILES = "complete", "partial", "missing"
FAILED = "error"  # grading this student failed: recorded in the outputs, not saved, graded again on --resume


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
            files[exercise.id] = next((c for c in candidates if c.is_file() and _inside(c, folder)), None)
        students.append(Student(folder.name, files))
    return students


def _inside(path: Path, folder: Path) -> bool:
    """A symlink to a classmate's file, the saved records or anything else outside the student's
    own folder is not a submission."""
    return path.resolve().is_relative_to(folder.resolve())


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
    write_atomically(settings, json.dumps({"seed": run.seed, "exercises": list(run.exercises)}, indent=2))
    return run


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename: readers see all or nothing.
    Text is written as UTF-8, with its newlines as they are (the same file on every platform)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data.encode("utf-8") if isinstance(data, str) else data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _record_path(state: Path, student_id: str) -> Path:
    # Folder names are the ids; they are names of existing folders, so they are valid file names.
    return state / "students" / f"{student_id}.json"


def load_records(state: Path) -> dict[str, dict]:
    """Every complete record saved in ``state`` (a damaged one is graded again)."""
    records = {}
    for path in sorted((state / "students").glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            records[record["student"]] = record
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return records


def grade_student(student: Student, run: Run, limits: Limits, language: str, isolation: Isolation | None = None) -> dict:
    """Grade one student and return their record (plain data, as saved and exported)."""
    exercises = [registry.get(name) for name in run.exercises]
    handed_in = [(e, student.files[e.id]) for e in exercises if student.files.get(e.id) is not None]
    results = ({r.exercise: r for r in grade_submission(handed_in, seed=run.seed, limits=limits, isolation=isolation)}
               if handed_in else {})
    entries = []
    for exercise in exercises:
        if exercise.id in results:
            entry = exercise_to_json(results[exercise.id], language)
            entry["handed_in"] = True
        else:
            entry = {"exercise": exercise.id, "score": 0, "max_score": exercise.max_score, "passed": False,
                     "seed": run.seed, "handed_in": False, "notes": [], "checks": [
                         {"name": info.name, "passed": False, "score": 0, "max_score": info.points,
                          "status": "missing", "mistake": None, "message": ""} for info in exercise.checks]}
        entries.append(entry)
    count = sum(entry["handed_in"] for entry in entries)
    status = COMPLETE if count == len(entries) else PARTIAL if count else NO_FILES
    return {"student": student.id, "status": status, "seed": run.seed,
            "score": sum(e["score"] for e in entries), "max_score": sum(e["max_score"] for e in entries),
            "exercises": entries}


def failed_record(student: Student, run: Run, error: BaseException) -> dict:
    """The record of a student whose grading itself failed: every check crashed, with the reason."""
    reason = f"grading failed: {type(error).__name__}: {str(error)[:300]}"
    entries = []
    for exercise in (registry.get(name) for name in run.exercises):
        entries.append({"exercise": exercise.id, "score": 0, "max_score": exercise.max_score, "passed": False,
                        "seed": run.seed, "handed_in": student.files.get(exercise.id) is not None, "notes": [reason],
                        "checks": [{"name": info.name, "passed": False, "score": 0, "max_score": info.points,
                                    "status": "crashed", "mistake": None, "message": reason}
                                   for info in exercise.checks]})
    return {"student": student.id, "status": FAILED, "seed": run.seed, "score": 0,
            "max_score": sum(e["max_score"] for e in entries), "exercises": entries}


def grade_class(students: list[Student], run: Run, state: Path, *, limits: Limits, jobs: int, language: str,
                on_done: Callable[[dict], None] = lambda record: None,
                isolation: Isolation | None = None) -> dict[str, dict]:
    """Grade every student without a saved record, ``jobs`` at a time, saving each record as soon as
    it is known. Returns the records of ``students`` (saved earlier or now), from memory: the files
    are for resuming, and are not read back after student code has run.

    A student whose grading fails (whatever the cause) gets a record with status "error" that is
    not saved, so that --resume grades them again; the others are not affected."""
    prepare_references([registry.get(name) for name in run.exercises], run.seed)
    saved = load_records(state)  # read before any student code of this run has run
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
                write_atomically(_record_path(state, record["student"]), json.dumps(record, ensure_ascii=False))
            saved[record["student"]] = record
            on_done(record)
    return {student.id: saved[student.id] for student in students}
