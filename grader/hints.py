"""Hint ladders: which function a learner is stuck on, and which rung of its ladder comes next.

Every function of an exercise has a ladder (grader/data/exercises/<id>.toml, see grader.registry)
that climbs from the idea to the formula, the shape-level recipe and only last the code. Where a
learner stands on each ladder is kept per workspace in the progress database. This module returns
data; grader/cli/learner.py renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.progress import Progress
from grader.registry import Exercise, Rung


class UnknownFunction(KeyError):
    pass


@dataclass(frozen=True)
class ShownRung:
    """One rung as a learner sees it: 'softmax_jacobian · hint 2/4: the formula'."""

    function: str
    number: int  # 1-based position on the ladder
    total: int
    rung: Rung
    next_level: str | None  # the level of the rung above, None at the top

    @property
    def is_last(self) -> bool:
        return self.next_level is None


@dataclass(frozen=True)
class Start:
    """Where `learn hint EXERCISE` starts when no function is named, and why."""

    function: str
    failed_check: str | None  # the first check that failed in the last `learn check` here, if any


def function_named(exercise: Exercise, name: str) -> str:
    """The function of ``exercise`` called ``name`` (case-insensitive), a class's only method
    ("Adam" for "Adam.step"), or a method no other class has ("backward" for "Value.backward");
    UnknownFunction otherwise."""
    wanted = name.strip().lower()
    for function in exercise.functions:
        if function.lower() == wanted:
            return function
    for part in (0, 2):  # the class, then the method
        matches = [function for function in exercise.functions if function.lower().partition(".")[part] == wanted]
        if wanted and len(matches) == 1:
            return matches[0]
    raise UnknownFunction(name)


def starting_point(exercise: Exercise, progress: Progress, workspace: Path) -> Start:
    """The function of the first check that failed in the last `learn check` of this exercise here;
    the first function when there is none on record (never checked, or everything passed)."""
    failed = progress.last_failure(workspace, exercise.id)
    if failed is not None:
        function_of = exercise.function_of_check()
        if failed in function_of:  # a check renamed since the attempt was recorded is ignored
            return Start(function_of[failed], failed)
    return Start(exercise.functions[0], None)


def reveal_next(exercise: Exercise, function: str, progress: Progress, workspace: Path) -> ShownRung:
    """The next rung of ``function``'s ladder, remembered as revealed; the last one again at the top."""
    number = min(_revealed(exercise, function, progress, workspace) + 1, len(exercise.ladders[function]))
    progress.set_rungs_revealed(workspace, exercise.id, function, number)
    return _shown(exercise, function, number)


def revealed_so_far(exercise: Exercise, progress: Progress, workspace: Path,
                    function: str | None = None) -> list[ShownRung]:
    """Every rung revealed so far, of ``function``'s ladder or of every ladder, in teaching order."""
    return [_shown(exercise, name, number)
            for name in (exercise.functions if function is None else (function,))
            for number in range(1, _revealed(exercise, name, progress, workspace) + 1)]


def hide(exercise: Exercise, progress: Progress, workspace: Path, function: str | None = None) -> None:
    """Back to the first rung, of ``function``'s ladder or of every ladder of the exercise."""
    progress.hide_rungs(workspace, exercise.id, function)


def _revealed(exercise: Exercise, function: str, progress: Progress, workspace: Path) -> int:
    # Clamped: a ladder may have been shortened since the count was saved.
    return min(progress.rungs_revealed(workspace, exercise.id).get(function, 0), len(exercise.ladders[function]))


def _shown(exercise: Exercise, function: str, number: int) -> ShownRung:
    ladder = exercise.ladders[function]
    above = ladder[number].level if number < len(ladder) else None
    return ShownRung(function, number, len(ladder), ladder[number - 1], above)
