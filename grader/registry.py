"""The exercise registry: which exercises exist, in teaching order, with their checks and points.

Each exercise is one content file, grader/data/exercises/<id>.toml: its file and functions, its
checks' names, points and titles, the messages naming its known mistakes, a hint ladder for each
function and its lesson, in English and Chinese. The checks themselves are code
(grader/checks/<id>.py). tests/test_registry.py proves the two agree. Adding an exercise adds
files; it edits none.

A hint ladder climbs from understanding to code, one rung per `learn hint`:

    [[hints.softmax]]            # one table per rung, in the order they are revealed
    level = "idea"               # idea → formula → recipe → code (see LEVELS)
    en = "..."
    zh = "..."

The ladders follow the order of `functions`; each starts with the idea and ends with one code
rung, the only rung that may hold code.

A mistake is named by what the learner's answer IS, never by its fix; the correction is kept apart
and shown only when the learner asks for it (`learn check --explain`):

    [mistakes."softmax.wrong_axis"]
    hint = "softmax"             # the function whose ladder teaches it (a function of this exercise)
    en = "..."                   # what the answer is: what was computed, which convention, the symptom
    zh = "..."
    explain.en = "..."           # the correction: the right formula or convention, code allowed
    explain.zh = "..."

The message catalog (grader.i18n) holds each as 'mistake.<key>' and 'explain.<key>'; the mistakes
that any check can name (a flipped sign, a transpose...) live in grader/data/messages/ the same way.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

CONTENT = resources.files("grader") / "data" / "exercises"
_ID = re.compile(r"^exercise(\d+)$")


@dataclass(frozen=True)
class CheckInfo:
    name: str
    points: int
    title: dict  # language -> text


# The rungs of a hint ladder, in the order a learner climbs them: what the function means and
# which rule applies; the maths, as written on paper; which axes, products and shapes, in words;
# and only last, the code.
LEVELS = ("idea", "formula", "recipe", "code")


@dataclass(frozen=True)
class Rung:
    level: str  # one of LEVELS
    text: dict  # language -> text


@dataclass(frozen=True)
class Exercise:
    id: str
    number: int
    file: str
    functions: tuple[str, ...]
    title: dict
    checks: tuple[CheckInfo, ...]
    ladders: dict  # function -> tuple[Rung, ...], in the order of `functions`

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
def content(exercise_id: str) -> dict:
    """The whole content file of one exercise, parsed."""
    return tomllib.loads((CONTENT / f"{exercise_id}.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def exercises() -> tuple[Exercise, ...]:
    """Every exercise, in teaching order: the order of their numbers."""
    numbered = []
    for entry in CONTENT.iterdir():
        match = _ID.match(entry.name.removesuffix(".toml"))
        if match and entry.name.endswith(".toml"):
            numbered.append((int(match.group(1)), match.group(0)))
    result = []
    for number, exercise_id in sorted(numbered):
        data = content(exercise_id)
        result.append(Exercise(
            id=exercise_id,
            number=number,
            file=data["file"],
            functions=tuple(data["functions"]),
            title=data["title"],
            checks=tuple(CheckInfo(c["name"], int(c["points"]), c["title"]) for c in data["checks"]),
            ladders={function: tuple(Rung(rung["level"], {k: v for k, v in rung.items() if k != "level"})
                                     for rung in rungs)
                     for function, rungs in data.get("hints", {}).items()},
        ))
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


def mistake_messages(language: str) -> dict[str, str]:
    """Every exercise's mistake messages and their corrections as catalog entries:
    {'mistake.<key>': what the answer is, 'explain.<key>': the correction}."""
    messages = {}
    for exercise in exercises():
        for key, texts in content(exercise.id).get("mistakes", {}).items():
            if language in texts:
                messages[f"mistake.{key}"] = texts[language]
            if language in texts.get("explain", {}):
                messages[f"explain.{key}"] = texts["explain"][language]
    return messages


def mistake_ladder(mistake: str) -> tuple[str, str] | None:
    """(exercise id, function) of the hint ladder that teaches a mistake, when its entry names one."""
    for exercise in exercises():
        entry = content(exercise.id).get("mistakes", {}).get(mistake.removeprefix("mistake."))
        if entry and entry.get("hint"):
            return exercise.id, entry["hint"]
    return None


def lesson(exercise_id: str, language: str) -> str:
    """The lesson of an exercise in ``language`` (English when it has none in that language)."""
    texts = content(exercise_id)["lesson"]
    return texts.get(language) or texts["en"]
