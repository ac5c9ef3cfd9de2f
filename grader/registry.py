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

    @property
    def ladders(self) -> dict:
        """function -> tuple[Rung, ...], in the order of `functions`."""
        return _ladders(self.id)

    @property
    def max_score(self) -> int:
        return sum(check.points for check in self.checks)

    def implementations(self) -> list:
        """The check objects, in registry order (imported on demand: they pull in references)."""
        module = importlib.import_module(f"grader.checks.{self.id}")
        by_name = {check.name: check for check in module.CHECKS}
        return [by_name[info.name] for info in self.checks]

    def function_of_check(self) -> dict[str, str]:
        """check name -> the function (or "Class.method") the check is about."""
        return {check.name: check.function for check in self.implementations()}


class UnknownExercise(KeyError):
    pass


@lru_cache(maxsize=None)
def content(exercise_id: str) -> dict:
    """The whole content file of one exercise, parsed."""
    return tomllib.loads(_text(exercise_id))


# The first table that is not a check: the registry entry (file, functions, title, checks) ends
# there, above the mistakes, hints and lesson that make up most of the file.
_AFTER_ENTRY = re.compile(r"^\[(?!\[checks\]\])", re.MULTILINE)


@lru_cache(maxsize=None)
def _entry(exercise_id: str) -> dict:
    """The registry entry of one exercise, parsed without the rest of its file: every command
    needs the entries of all the exercises, few need a lesson (parsing all of every file is a
    tenth of a warm `learn check`). tests/test_registry.py proves it equals the whole file's."""
    text = _text(exercise_id)
    after = _AFTER_ENTRY.search(text)
    return tomllib.loads(text[:after.start()] if after else text)


def _text(exercise_id: str) -> str:
    return (CONTENT / f"{exercise_id}.toml").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _ladders(exercise_id: str) -> dict:
    return {function: tuple(Rung(rung["level"], {k: v for k, v in rung.items() if k != "level"}) for rung in rungs)
            for function, rungs in content(exercise_id).get("hints", {}).items()}


@lru_cache(maxsize=None)
def ids() -> tuple[str, ...]:
    """Every exercise's id, in teaching order (the order of their numbers), from the content files'
    names alone: cheap enough for `learn --help`, which parses none of them."""
    numbered = []
    for entry in CONTENT.iterdir():
        match = _ID.match(entry.name.removesuffix(".toml"))
        if match and entry.name.endswith(".toml"):
            numbered.append((int(match.group(1)), match.group(0)))
    return tuple(exercise_id for _, exercise_id in sorted(numbered))


@lru_cache(maxsize=None)
def exercises() -> tuple[Exercise, ...]:
    """Every exercise, in teaching order: the order of their numbers."""
    result = []
    for exercise_id in ids():
        data = _entry(exercise_id)
        result.append(Exercise(
            id=exercise_id,
            number=int(_ID.match(exercise_id).group(1)),
            file=data["file"],
            functions=tuple(data["functions"]),
            title=data["title"],
            checks=tuple(CheckInfo(c["name"], int(c["points"]), c["title"]) for c in data["checks"]),
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
