"""A student's record in a class run: every exercise and check with its score and message, in the
language the run was graded in. Saved as JSON (to_json, from_json) to resume a run, and read by
every export (CSV, JSON, Gradescope, the nbgrader gradebook) and by the class summary.

A record read back from disk is trusted only if it looks exactly like one this code writes for
this run: from_json and matches() refuse anything else, and the student is graded again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from grader import registry
from grader.i18n import translate
from grader.results import (CRASHED, ERROR, FAILED, FORBIDDEN, MISSING, NOT_STARTED, PASSED, SKIPPED, TIMEOUT,
                            ExerciseResult)

# A student's status in the run.
COMPLETE, PARTIAL, NO_FILES = "complete", "partial", "missing"  # every exercise handed in, some, none
GRADING_FAILED = "error"  # grading this student failed: recorded in the outputs, not saved, graded again on --resume
SAVED_STATUSES = (COMPLETE, PARTIAL, NO_FILES)
CHECK_STATUSES = (PASSED, FAILED, NOT_STARTED, MISSING, ERROR, TIMEOUT, CRASHED, FORBIDDEN, SKIPPED)
# Check statuses that mean the code did not run to an answer, for the summary.
FAILED_TO_RUN = (TIMEOUT, CRASHED, ERROR, FORBIDDEN)


class DamagedRecord(ValueError):
    """Saved data that is not a record this code writes."""


@dataclass(frozen=True)
class CheckRecord:
    name: str
    max_score: int
    status: str
    message: str = ""  # everything a failing check had to say ('' when it passed)
    mistake: str | None = None
    mistakes: tuple[str, ...] = ()
    case: int | None = None  # the case that failed, from 1

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def score(self) -> int:
        return self.max_score if self.passed else 0


@dataclass(frozen=True)
class ExerciseRecord:
    exercise: str
    seed: int
    handed_in: bool
    checks: tuple[CheckRecord, ...]
    notes: tuple[str, ...] = ()

    @property
    def score(self) -> int:
        return sum(check.score for check in self.checks)

    @property
    def max_score(self) -> int:
        return sum(check.max_score for check in self.checks)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @classmethod
    def graded(cls, result: ExerciseResult, language: str) -> "ExerciseRecord":
        from grader.render import check_message

        checks = tuple(CheckRecord(check.name, check.max_score, check.status, check_message(check, language),
                                   check.mistake, tuple(check.mistakes), check.case or None)
                       for check in result.checks)
        return cls(result.exercise, result.seed, True, checks, tuple(translate(n, language) for n in result.notes))

    @classmethod
    def not_handed_in(cls, exercise: registry.Exercise, seed: int) -> "ExerciseRecord":
        return cls(exercise.id, seed, False, tuple(CheckRecord(info.name, info.points, MISSING)
                                                   for info in exercise.checks))

    @classmethod
    def grading_failed(cls, exercise: registry.Exercise, seed: int, handed_in: bool, reason: str) -> "ExerciseRecord":
        """Every check crashed, with the reason."""
        return cls(exercise.id, seed, handed_in,
                   tuple(CheckRecord(info.name, info.points, CRASHED, reason) for info in exercise.checks), (reason,))


@dataclass(frozen=True)
class StudentRecord:
    student: str
    status: str
    seed: int
    exercises: tuple[ExerciseRecord, ...]

    @property
    def score(self) -> int:
        return sum(entry.score for entry in self.exercises)

    @property
    def max_score(self) -> int:
        return sum(entry.max_score for entry in self.exercises)

    @classmethod
    def of(cls, student: str, seed: int, exercises: tuple[ExerciseRecord, ...]) -> "StudentRecord":
        """The record of a student who was graded, with the status their hand-in gives."""
        count = sum(entry.handed_in for entry in exercises)
        return cls(student, COMPLETE if count == len(exercises) else PARTIAL if count else NO_FILES, seed, exercises)

    def matches(self, student: str, seed: int, exercises: tuple[str, ...]) -> bool:
        """Is this the saved record of ``student`` in a run of ``exercises`` with ``seed``, with
        every check the registry has today, worth what it is worth today?"""
        if self.student != student or self.seed != seed or self.status not in SAVED_STATUSES:
            return False
        if tuple(entry.exercise for entry in self.exercises) != exercises:
            return False
        for entry in self.exercises:
            wanted = [(info.name, info.points) for info in registry.get(entry.exercise).checks]
            if entry.seed != seed or [(c.name, c.max_score) for c in entry.checks] != wanted:
                return False
        return self == StudentRecord.of(student, seed, self.exercises)  # the status its hand-in gives

    def to_json(self) -> dict:
        return {"student": self.student, "status": self.status, "seed": self.seed, "score": self.score,
                "max_score": self.max_score, "exercises": [_exercise_json(entry) for entry in self.exercises]}

    @classmethod
    def from_json(cls, data) -> "StudentRecord":
        """The record ``to_json`` wrote (or the code before this module: checks of exercises not
        handed in had no "mistakes" and "case"). Raises DamagedRecord for anything else,
        including scores that do not add up."""
        try:
            record = cls(_typed(data["student"], str), _typed(data["status"], str), _typed(data["seed"], int),
                         tuple(_exercise_from_json(entry) for entry in _typed(data["exercises"], list)))
            totals = _typed(data["score"], int), _typed(data["max_score"], int)
        except (KeyError, TypeError) as error:
            raise DamagedRecord(f"not a student's record ({error!r})") from None
        if totals != (record.score, record.max_score):
            raise DamagedRecord("the scores do not add up")
        return record


def _exercise_json(entry: ExerciseRecord) -> dict:
    return {"exercise": entry.exercise, "score": entry.score, "max_score": entry.max_score, "passed": entry.passed,
            "seed": entry.seed, "notes": list(entry.notes), "checks": [
                {"name": check.name, "passed": check.passed, "score": check.score, "max_score": check.max_score,
                 "status": check.status, "mistake": check.mistake, "mistakes": list(check.mistakes),
                 "case": check.case, "message": check.message}
                for check in entry.checks],
            "handed_in": entry.handed_in}


def _exercise_from_json(data) -> ExerciseRecord:
    entry = ExerciseRecord(_typed(data["exercise"], str), _typed(data["seed"], int), _typed(data["handed_in"], bool),
                           tuple(_check_from_json(check) for check in _typed(data["checks"], list)),
                           tuple(_typed(note, str) for note in _typed(data["notes"], list)))
    stated = _typed(data["score"], int), _typed(data["max_score"], int), _typed(data["passed"], bool)
    if stated != (entry.score, entry.max_score, entry.passed):
        raise DamagedRecord(f"the scores of {entry.exercise} do not add up")
    return entry


def _check_from_json(data) -> CheckRecord:
    check = CheckRecord(_typed(data["name"], str), _typed(data["max_score"], int), _typed(data["status"], str),
                        _typed(data["message"], str), _typed(data["mistake"], str, optional=True),
                        tuple(_typed(m, str) for m in _typed(data.get("mistakes", []), list)),
                        _typed(data.get("case"), int, optional=True))
    if check.status not in CHECK_STATUSES or check.max_score < 0 or (check.case is not None and check.case < 1):
        raise DamagedRecord(f"check {check.name} is not one this code grades")
    if (_typed(data["score"], int), _typed(data["passed"], bool)) != (check.score, check.passed):
        raise DamagedRecord(f"the score of {check.name} does not add up")
    return check


def _typed(value, kind: type, *, optional: bool = False):
    """``value`` if it is exactly a ``kind`` (a bool is no int here), or None when ``optional``."""
    if type(value) is kind or (optional and value is None):
        return value
    raise TypeError(f"{value!r} is not a {kind.__name__}")


# ----------------------------------------------------------------------------- the class summary


@dataclass(frozen=True)
class ExerciseSummary:
    exercise: str
    mean: float  # mean score over the students
    max_score: int
    not_handed_in: int  # students
    failed_to_run: dict[str, int]  # check status (FAILED_TO_RUN) -> students with a check that ended so


@dataclass(frozen=True)
class ClassSummary:
    students: int
    statuses: dict[str, int]  # student status -> students
    exercises: tuple[ExerciseSummary, ...]


def summarise(records: list[StudentRecord], exercises: list[str]) -> ClassSummary:
    """Students by status and, per exercise, the mean score, who did not hand it in and whose code
    did not run to an answer, by reason (each student counted once per reason)."""
    summaries = []
    for exercise in exercises:
        entries = [entry for record in records for entry in record.exercises if entry.exercise == exercise]
        failed: Counter = Counter()
        for entry in entries:
            statuses = {check.status for check in entry.checks}
            failed.update(status for status in FAILED_TO_RUN if status in statuses)
        summaries.append(ExerciseSummary(
            exercise, sum(e.score for e in entries) / len(entries) if entries else 0.0,
            entries[0].max_score if entries else 0, sum(not e.handed_in for e in entries), dict(failed)))
    return ClassSummary(len(records), dict(Counter(record.status for record in records)), tuple(summaries))
