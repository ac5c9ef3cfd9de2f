"""Where a learner's exercise files are, and how a fresh workspace is made."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from grader.files import write_atomically
from grader.i18n import DEFAULT_LANGUAGE, LANGUAGES
from grader.registry import Exercise, exercises, for_file_name
from grader.results import ExerciseResult, Text

# Where a learner stands on one exercise, as `learn list` shows it.
NO_FILE = "no_file"  # nothing at the expected path
UNCHECKED = "unchecked"  # a file, never checked
NOT_STARTED = "not_started"  # checked, but every function still raises NotImplementedError
IN_PROGRESS = "in_progress"
PASSED = "passed"  # full marks at least once


def locate(exercise: Exercise, workspace: Path) -> Path:
    """The learner's file for ``exercise``: WORKSPACE/exercises/FILE, else WORKSPACE/FILE.

    Returns the first that exists, or the most likely path when neither does (for the message).
    """
    candidates = [workspace / "exercises" / exercise.file, workspace / exercise.file]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return candidates[0] if (workspace / "exercises").is_dir() else candidates[1]


NOTEBOOK_SUFFIX = ".ipynb"


def notebook_path(exercise: Exercise, workspace: Path) -> Path:
    """Where `learn notebook EXERCISE` puts the learner's notebook by default: WORKSPACE/<id>.ipynb."""
    return workspace / f"{exercise.id}{NOTEBOOK_SUFFIX}"


class NothingToCheck(Exception):
    """The files to check are not there; ``message`` says so, for the learner."""

    def __init__(self, message: Text):
        super().__init__(message.key)
        self.message = message


def files_to_check(workspace: Path, exercise: Exercise | None = None,
                   file: Path | None = None) -> list[tuple[Exercise, Path]]:
    """What to grade: ``file`` as ``exercise`` (default: the exercise its name says), else the file
    of ``exercise`` in ``workspace``, else every exercise's file there (missing ones included: they
    are reported as such), at least one of which must exist. Raises NothingToCheck."""
    if file is not None:
        exercise = exercise or for_file_name(file.name)
        if exercise is None:
            raise NothingToCheck(Text("cli.cannot_tell_exercise", {"path": file}))
        if not file.is_file():
            raise NothingToCheck(Text("cli.file_missing", {"path": file}))
        return [(exercise, file)]
    if exercise is not None:
        path = locate(exercise, workspace)
        if not path.is_file() and notebook_path(exercise, workspace).is_file():
            raise NothingToCheck(Text("cli.exercise_is_notebook", {"exercise": exercise.id,
                                                                   "path": notebook_path(exercise, workspace)}))
        if not path.is_file():
            raise NothingToCheck(Text("cli.file_missing_in_workspace", {"path": path, "workspace": workspace}))
        return [(exercise, path)]
    targets = [(e, locate(e, workspace)) for e in exercises()]
    if not any(path.is_file() for _, path in targets):
        raise NothingToCheck(Text("cli.empty_workspace", {"workspace": workspace.resolve()}))
    return targets


@dataclass(frozen=True)
class Standing:
    exercise: Exercise
    path: Path
    state: str  # one of the constants above
    best: int | None  # best score so far; None before the first check


def standings(workspace: Path, summary: dict[str, dict]) -> list[Standing]:
    """Every exercise's standing in ``workspace``, in teaching order, from the progress summary of
    that workspace (Progress.summary) and the files present: its exercise file, else its notebook."""
    result = []
    for exercise in exercises():
        record = summary.get(exercise.id)
        path = locate(exercise, workspace)
        if not path.is_file() and notebook_path(exercise, workspace).is_file():
            path = notebook_path(exercise, workspace)  # a learner working in `learn notebook`'s notebook
        if not path.is_file():
            state = NO_FILE
        elif record is None:
            state = UNCHECKED
        elif not record["started"]:
            state = NOT_STARTED
        elif record["best"] >= exercise.max_score:
            state = PASSED
        else:
            state = IN_PROGRESS
        result.append(Standing(exercise, path, state, record["best"] if record else None))
    return result


def elsewhere(progress, workspace: Path) -> list[tuple[Path, list[Standing]]]:
    """The other folders where exercises were checked (that still exist), the most recently used
    first, each with its standings. ``progress``: a grader.progress.Progress."""
    here = workspace.resolve()
    return [(folder, standings(folder, progress.summary(folder))) for folder in progress.workspaces()
            if folder != here and folder.is_dir()]


def passed_count(current: list[Standing]) -> Text:
    """How many exercises pass, as a message: "2/5 exercises pass"."""
    return Text("ui.next.progress", {"passed": sum(s.state == PASSED for s in current), "total": len(current)})


# Where a learner checks their work, which changes what the next step says.
CHECK, WATCH, NOTEBOOK = "check", "watch", "notebook"


def next_step(current: list[Standing], checked: ExerciseResult | None = None, *, context: str = CHECK) -> Text:
    """What the learner should do next, as a message: after checking one exercise (``checked``, its
    result), or looking at the whole workspace (``checked`` None). ``context``: `learn check`,
    `learn watch` (which checks on every save) or a notebook's check cell."""
    by_id = {s.exercise.id: s for s in current}
    if checked is not None and not checked.passed and checked.exercise in by_id:
        standing = by_id[checked.exercise]
        if checked.not_started:
            return _step("ui.next.start", standing)
        failing = next(check.name for check in checked.checks if not check.passed)
        return _step({CHECK: "ui.next.fix", WATCH: "ui.next.fix_watch", NOTEBOOK: "ui.next.fix_notebook"}[context],
                     standing, check=failing)
    unfinished = [s for s in current if s.state != PASSED]
    if not unfinished:
        return Text("ui.next.all_passed")
    # Exercises without a file are not part of this workspace's set unless nothing else is left.
    target = first_unfinished(current) or unfinished[0]
    if target.state == NO_FILE:
        return _step("ui.next.no_file_notebook" if context == NOTEBOOK else "ui.next.no_file", target)
    if target.state == IN_PROGRESS:
        key = "ui.next.continue_notebook" if target.path.suffix == NOTEBOOK_SUFFIX else "ui.next.continue"
        return _step(key, target, best=target.best, max_score=target.exercise.max_score)
    return _step("ui.next.start", target)


def _step(key: str, standing: Standing, **params) -> Text:
    return Text(key, {"exercise": standing.exercise.id, "path": str(standing.path), **params})


def first_unfinished(current: list[Standing]) -> Standing | None:
    """The exercise to work on: the first in teaching order that has a file and has not passed."""
    return next((s for s in current if s.state not in (PASSED, NO_FILE)), None)


def watch_focus(current: list[Standing]) -> Standing | None:
    """The exercise for `learn watch` to watch: the first not passed that has its exercise file,
    else the first not passed (its file may yet be saved). Notebooks are left out: they are
    checked in Jupyter."""
    candidates = [s for s in current if s.state != PASSED and s.path.suffix != NOTEBOOK_SUFFIX]
    return next((s for s in candidates if s.path.is_file()), candidates[0] if candidates else None)


def stub_source(exercise: Exercise, language: str = DEFAULT_LANGUAGE) -> str:
    """The stub as shipped in the package, its docstrings and comments in ``language``.

    grader.stubs is the repository's exercises/ folder: the English stubs, and in a folder per
    other language (grader.stubs.zh) the same code with translated texts (tools/make_stubs.py).
    """
    folder = resources.files("grader.stubs")
    if language != DEFAULT_LANGUAGE:
        folder = folder / language
    return (folder / exercise.file).read_text(encoding="utf-8")


def is_unchanged_stub(exercise: Exercise, text: str) -> bool:
    """Whether ``text`` is the stub of ``exercise`` as shipped, in any language."""
    return any(text == stub_source(exercise, language) for language in LANGUAGES)


def init(directory: Path, language: str = DEFAULT_LANGUAGE) -> tuple[list[Path], list[Path]]:
    """Copy every stub, in ``language``, into DIRECTORY/exercises/. Existing files are kept, never
    overwritten (whatever their language).

    Returns (created, kept).
    """
    target = directory / "exercises"
    target.mkdir(parents=True, exist_ok=True)
    created, kept = [], []
    for exercise in exercises():
        path = target / exercise.file
        if path.exists():
            kept.append(path)
            continue
        write_atomically(path, stub_source(exercise, language))
        created.append(path)
    return created, kept


BACKUPS = "backups"


class NothingToReset(Exception):
    """The learner's file is the stub as shipped: there is nothing to restore."""


@dataclass(frozen=True)
class Restored:
    path: Path  # the learner's file, now the stub again
    backup: Path | None  # where the learner's version was kept; None when there was no file


def reset(exercise: Exercise, workspace: Path, now: float | None = None,
          language: str = DEFAULT_LANGUAGE) -> Restored:
    """Put the stub of ``exercise``, in ``language``, back in ``workspace``, after copying the
    learner's file to WORKSPACE/backups/<name>-<date>-<time>.py (never overwriting an earlier backup).

    The file is replaced only once its backup is on disk and reads back the same, and is replaced
    atomically: an interruption leaves either the learner's file or the stub, never half of one.
    Raises NothingToReset when the file is still a stub as shipped (in any language: nothing of the
    learner's to undo), OSError when something cannot be written.
    """
    path = locate(exercise, workspace)
    stub = stub_source(exercise, language)
    backup = None
    if path.is_file():
        original = path.read_bytes()
        if is_unchanged_stub(exercise, original.decode("utf-8", errors="replace")):
            raise NothingToReset(path)
        backup = _new_backup(workspace / BACKUPS, path, now)
        with backup.open("wb") as file:
            file.write(original)
            file.flush()
            os.fsync(file.fileno())
        if backup.read_bytes() != original:
            raise OSError(f"the backup {backup} does not read back as written")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, stub)
    return Restored(path, backup)


def _new_backup(folder: Path, path: Path, now: float | None) -> Path:
    """A backup path that does not exist yet, created empty (so that no two resets share one)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    for number in range(1, 1000):
        candidate = folder / f"{path.stem}-{stamp}{'' if number == 1 else f'-{number}'}{path.suffix}"
        try:
            candidate.touch(exist_ok=False)
            return candidate
        except FileExistsError:
            continue
    raise OSError(f"too many backups of {path.name} in {folder} this second")

