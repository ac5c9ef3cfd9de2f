"""Where a learner's exercise files are, and how a fresh workspace is made."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from grader.registry import Exercise, exercises


def locate(exercise: Exercise, workspace: Path) -> Path:
    """The learner's file for ``exercise``: WORKSPACE/exercises/FILE, else WORKSPACE/FILE.

    Returns the first that exists, or the most likely path when neither does (for the message).
    """
    candidates = [workspace / "exercises" / exercise.file, workspace / exercise.file]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return candidates[0] if (workspace / "exercises").is_dir() else candidates[1]


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
