"""The question bank: loading, choosing questions, drawing numeric values, and marking answers.

Questions live in grader/data/questions/<topic>.json, each with a stable id, a type (single,
multiple, true_false, numeric, explain), tags (topic, related exercise, difficulty) and every
learner-facing text in English and Chinese. tests/test_quiz.py validates the whole bank.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from grader.i18n import localised
from grader.quiz.numeric import GENERATORS

TYPES = ("single", "multiple", "true_false", "numeric", "explain")
# Numeric answers are worked out by hand: within 0.5 % (or 5e-4 absolute, for values near 0).
NUMERIC_ABSOLUTE_TOLERANCE = 5e-4


@lru_cache(maxsize=None)
def questions() -> tuple[dict, ...]:
    folder = resources.files("grader") / "data" / "questions"
    loaded = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            loaded.extend(json.loads(entry.read_text(encoding="utf-8"))["questions"])
    return tuple(loaded)


def topics() -> list[str]:
    return sorted({q["topic"] for q in questions()})


def by_id(question_id: str) -> dict:
    for question in questions():
        if question["id"] == question_id:
            return question
    raise KeyError(question_id)


def select(scope: str | None = None) -> list[dict]:
    """The questions of a topic ('softmax_jacobian'), of an exercise ('exercise3'), or all."""
    if not scope:
        return list(questions())
    chosen = [q for q in questions() if scope in (q["topic"], q.get("exercise"))]
    if not chosen:
        raise KeyError(scope)
    return chosen


@dataclass(frozen=True)
class Instance:
    """One question as asked: numeric questions carry the numbers drawn for this attempt."""

    question: dict
    params: dict
    answer: object  # the correct answer: index, sorted indices, bool, float, or None (explain)
    working: str = ""
    order: tuple = ()  # the choices as shown: order[k] is the bank's index of the k-th choice

    @property
    def id(self) -> str:
        return self.question["id"]

    def prompt(self, language: str) -> str:
        return localised(self.question["prompt"], language).format(**self.params)

    def choices(self, language: str) -> list[str]:
        choices = self.question.get("choices", [])
        return [localised(choices[index], language) for index in self.order]

    def explanation(self, language: str) -> str:
        if self.question["type"] == "explain":
            return localised(self.question["model_answer"], language)
        return localised(self.question["explanation"], language).format(**self.params, working=self.working)


def instantiate(question: dict, seed: int) -> Instance:
    """The question as asked under ``seed``: numbers drawn and choices shuffled from the seed and
    the question's id only, so the same seed always shows the same question."""
    rng = np.random.default_rng([seed, zlib.crc32(question["id"].encode())])
    kind = question["type"]
    if kind == "numeric":
        params, answer, working = GENERATORS[question["generator"]](rng)
        return Instance(question, params, float(answer), working)
    if kind in ("single", "multiple"):
        order = tuple(int(i) for i in rng.permutation(len(question["choices"])))
        shown = {bank_index: position for position, bank_index in enumerate(order)}
        answer = shown[question["answer"]] if kind == "single" else sorted(shown[i] for i in question["answer"])
        return Instance(question, {}, answer, order=order)
    return Instance(question, {}, question.get("answer"))


def parse_response(instance: Instance, text) -> object:
    """A learner's typed answer in the question's form; ValueError when it cannot be read.

    single: "b" or "2" (1-based) · multiple: "a,c" · true_false: t/f, yes/no, 对/错 · numeric: a
    number · explain: a self-rating 0 (could not), 1 (partly) or 2 (fully).
    """
    kind = instance.question["type"]
    if isinstance(text, (bool, int, float)) and not isinstance(text, str):
        return _parse_value(kind, text, instance)
    raw = str(text).strip().lower()
    if kind == "true_false":
        if raw in ("t", "true", "y", "yes", "1", "对", "是", "正确", "√"):
            return True
        if raw in ("f", "false", "n", "no", "0", "错", "否", "错误", "×"):
            return False
        raise ValueError(text)
    if kind == "numeric":
        return float(raw.replace("，", ",").replace(",", "."))
    if kind == "explain":
        rating = int(raw)
        if rating not in (0, 1, 2):
            raise ValueError(text)
        return rating
    picks = [_choice_index(part, len(instance.question["choices"])) for part in raw.replace("，", ",").replace(" ", ",").split(",") if part]
    if kind == "single":
        if len(picks) != 1:
            raise ValueError(text)
        return picks[0]
    if not picks:
        raise ValueError(text)
    return sorted(set(picks))


def _parse_value(kind: str, value, instance: Instance):
    if kind == "true_false" and isinstance(value, bool):
        return value
    if kind == "numeric":
        return float(value)
    if kind == "explain" and value in (0, 1, 2):
        return int(value)
    if kind == "single" and isinstance(value, int) and 1 <= value <= len(instance.question["choices"]):
        return value - 1
    raise ValueError(value)


def _choice_index(part: str, count: int) -> int:
    if part.isdigit() and 1 <= int(part) <= count:
        return int(part) - 1
    if len(part) == 1 and "a" <= part < chr(ord("a") + count):
        return ord(part) - ord("a")
    raise ValueError(part)


def is_correct(instance: Instance, response) -> bool:
    """Whether a parsed response is right. An explain card counts as known when self-rated 2."""
    kind = instance.question["type"]
    if kind == "explain":
        return response == 2
    if kind == "numeric":
        tolerance = instance.question.get("tolerance", 0.005)
        return abs(response - instance.answer) <= max(tolerance * abs(instance.answer), NUMERIC_ABSOLUTE_TOLERANCE)
    if kind == "multiple":
        return sorted(response) == sorted(instance.answer)
    return response == instance.answer


def answer_text(instance: Instance, language: str) -> str:
    """The correct answer, as shown after answering."""
    kind = instance.question["type"]
    if kind == "numeric":
        return f"{instance.answer:.4g}"
    if kind == "true_false":
        return {"en": {True: "true", False: "false"}, "zh": {True: "对", False: "错"}}.get(
            language, {True: "true", False: "false"})[instance.answer]
    if kind == "single":
        return f"{chr(ord('a') + instance.answer)}) {instance.choices(language)[instance.answer]}"
    if kind == "multiple":
        choices = instance.choices(language)
        return "; ".join(f"{chr(ord('a') + i)}) {choices[i]}" for i in instance.answer)
    return ""
