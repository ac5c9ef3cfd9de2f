"""The exercise registry: which exercises exist, in teaching order, with their checks and points.

The registry is data (grader/data/exercises.json, hints in grader/data/hints.json); the check
implementations are code (grader/checks/exerciseN.py). tests/test_registry.py proves they agree.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DATA = resources.files("grader") / "data"


@dataclass(frozen=True)
class CheckInfo:
    name: str
    points: int
    title: dict  # language -> text


@dataclass(frozen=True)
class Exercise:
    id: str
    number: int
    file: str
    functions: tuple[str, ...]
    title: dict
    checks: tuple[CheckInfo, ...]
    hints: tuple[dict, ...]

    @property
    def max_score(self) -> int:
        return sum(check.points for check in self.checks)

    def implementations(self) -> list:
        """The check objects, in registry order (imported on demand: they pull in references)."""
        module = importlib.import_module(f"grader.checks.{self.id}")
        by_name = {check.name: check for check in module.CHECKS}
        return [by_name[info.name] for info in self.checks]


class UnknownExercise(KeyError):
    pass


@lru_cache(maxsize=None)
def exercises() -> tuple[Exercise, ...]:
    registry = json.loads((DATA / "exercises.json").read_text(encoding="utf-8"))
    hints = json.loads((DATA / "hints.json").read_text(encoding="utf-8"))
    result = []
    for number, entry in enumerate(registry["exercises"], start=1):
        result.append(
            Exercise(
                id=entry["id"],
                number=number,
                file=entry["file"],
                functions=tuple(entry["functions"]),
                title=entry["title"],
                checks=tuple(CheckInfo(c["name"], int(c["points"]), c["title"]) for c in entry["checks"]),
                hints=tuple(hints.get(entry["id"], ())),
            )
        )
    return tuple(result)


def get(name: str) -> Exercise:
    """Look an exercise up by id ('exercise3'), number ('3') or file name."""
    wanted = str(name).strip().lower()
    for exercise in exercises():
        if wanted in (exercise.id, str(exercise.number), exercise.file, exercise.file.removesuffix(".py")):
            return exercise
    raise UnknownExercise(name)


def for_file_name(file_name: str) -> Exercise | None:
    """The exercise a file belongs to, judged by its name ('exercise3_anything.py' -> exercise3)."""
    stem = file_name.lower().removesuffix(".py")
    for exercise in exercises():
        if stem == exercise.file.removesuffix(".py") or stem.split("_")[0] == exercise.id:
            return exercise
    return None
