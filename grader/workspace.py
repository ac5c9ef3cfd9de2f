"""Where a learner's exercise files are, and how a fresh workspace is made."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from grader.registry import Exercise, exercises

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


@dataclass(frozen=True)
class Standing:
    exercise: Exercise
    path: Path
    state: str  # one of the constants above
    best: int | None  # best score so far; None before the first check


def standings(workspace: Path, summary: dict[str, dict]) -> list[Standing]:
    """Every exercise's standing in ``workspace``, in teaching order, from the progress summary of
    that workspace (Progress.summary) and the files present."""
    result = []
    for exercise in exercises():
        record = summary.get(exercise.id)
        path = locate(exercise, workspace)
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


def stub_source(exercise: Exercise) -> str:
    """The stub as shipped in the package (grader.stubs is the repository's exercises/ folder)."""
    return (resources.files("grader.stubs") / exercise.file).read_text(encoding="utf-8")


def init(directory: Path) -> tuple[list[Path], list[Path]]:
    """Copy every stub into DIRECTORY/exercises/. Existing files are kept, never overwritten.

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
        temporary = path.with_suffix(".py.tmp")
        temporary.write_text(stub_source(exercise), encoding="utf-8")
        shutil.move(temporary, path)
        created.append(path)
    return created, kept
