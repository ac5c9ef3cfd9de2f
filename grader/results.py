"""Result objects: what a check found, as data. Renderers turn these into text or JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

# Check statuses. Only "passed" earns points.
PASSED = "passed"
FAILED = "failed"  # ran and returned something wrong
NOT_STARTED = "not_started"  # the function still raises NotImplementedError
MISSING = "missing"  # the function is not defined in the file
ERROR = "error"  # the function raised (or the file failed to load)
TIMEOUT = "timeout"
CRASHED = "crashed"  # the process died: os._exit, a signal, a resource limit
FORBIDDEN = "forbidden"  # the submission imports torch
SKIPPED = "skipped"  # not run, e.g. the function already timed out


@dataclass(frozen=True)
class Text:
    """A learner-facing message: a key into the message catalog and its parameters.

    Kept untranslated so that every renderer can show it in the learner's language.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckResult:
    name: str
    max_score: int
    status: str
    feedback: tuple[Text, ...] = ()
    mistake: str | None = None  # the catalog key of the diagnosed mistake, if one was recognised
    details: str = ""  # traceback or captured output, shown with --verbose
    # Every mistake recognised, when several together explain the answer (mistake is the first).
    mistakes: tuple[str, ...] = ()
    case: int = 0  # the number (from 1) of the case that failed; 0 when no single case did

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def score(self) -> int:
        return self.max_score if self.passed else 0


@dataclass(frozen=True)
class ExerciseResult:
    exercise: str
    seed: int
    checks: tuple[CheckResult, ...]
    notes: tuple[Text, ...] = ()  # about the whole file: not found, syntax error, torch, output
    source: str = ""  # the file that was graded
    output: str = ""  # what the student's code printed (capped), shown with --verbose

    @property
    def score(self) -> int:
        return sum(check.score for check in self.checks)

    @property
    def max_score(self) -> int:
        return sum(check.max_score for check in self.checks)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def not_started(self) -> bool:
        return all(check.status in (NOT_STARTED, MISSING) for check in self.checks)

    @property
    def first_failure(self) -> str | None:
        """The name of the first check that did not pass (where `learn hint` starts), if any."""
        return next((check.name for check in self.checks if not check.passed), None)
