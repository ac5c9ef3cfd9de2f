"""The question bank: loading, choosing questions, drawing numeric values, and marking answers.

The bank is data: one file per topic, grader/data/questions/<topic>.json. tests/test_quiz.py
validates every file against the schema below, renders every question in both languages over
many seeds, and runs the code of every code-reading question.

A topic file::

    {"topic": "softmax_jacobian",                     # id: used in commands (`learn quiz ID`) and JSON
     "title": {"en": "Softmax and its Jacobian",      # what a person sees: headings, progress, advice
               "zh": "Softmax 及其雅可比矩阵"},
     "order": 4,                                      # place in teaching order (learn progress lists so)
     "questions": [ ... ]}

A question (the topic is the file's; "text" below means {"en": ..., "zh": ...}, or a plain string
for what reads the same in both languages: formulas, numbers, printed output)::

    id          stable, kebab-case, unique in the bank (progress is keyed by it: never rename)
    type        single | multiple | true_false | numeric | explain
    difficulty  1 recall · 2 apply (compute, trace, predict) · 3 analyse (find the bug, derive, compare)
    exercise    optional: the exercise it belongs to ("exercise3"); `learn quiz exercise3` picks it
    prompt      text. Numeric prompts name the generator's parameters as {name}; nothing else in
                braces is ever substituted, so "y ∈ {0, 1}" is safe anywhere.
    code        optional, shown under the prompt with line numbers (see below)
    choices     single / multiple: a list of texts, shown shuffled per attempt. Make them of similar
                length and draw the wrong ones from real mistakes (tests/catalog/*/wrong_*.py).
    answer      single: index into choices · multiple: sorted indices, leaving at least two wrong
                choices · true_false: true or false (keep the bank balanced)
    generator   numeric: a function name in grader/quiz/numeric.py; it draws the parameters and
                computes the answer (add the same computation in torch to torch_answer in
                tests/test_quiz.py). The prompt gets "give N significant figures" appended and
                answers are marked by exactly that (see is_correct).
    significant_figures  numeric, optional: N (default 3)
    explanation text shown after answering; numeric explanations may use {working} and the parameters
    model_answer, key_points   explain cards: a text, and a list of at least three texts

Code-reading questions are single-choice questions with a code block::

    "code": {"runs_with": "numpy" | "torch",   # what the source imports (a harness may use torch)
             "source": "print(...)\\n",        # short, deterministic, no comments the answer hides in
             "asks": "output"}                # the choices are printed outputs; the tests run the
                                              # source and check the marked choice is exactly what it
                                              # prints (stripped) and no other choice is
    "code": {"runs_with": ..., "source": ..., "asks": "wrong_line",
             "candidate_lines": [2, 3, 4, 5], # the choices, built from these lines of the source
             "fix": {"line": 4, "text": "    return ..."},   # the answer, and its correction
             "harness": "..."}                # hidden: raises AssertionError when the code is wrong;
                                              # the tests check it fails as written and passes fixed

A which-line question has no "choices" or "answer": both come from candidate_lines and fix, and
its choices are shown in line order.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import zlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from importlib import resources

import numpy as np

from grader.i18n import LANGUAGES, translate
from grader.quiz.numeric import GENERATORS

TYPES = ("single", "multiple", "true_false", "numeric", "explain")
CHOICE_TYPES = ("single", "multiple", "true_false")
DEFAULT_SIGNIFICANT_FIGURES = 3
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def text(entry, language: str) -> str:
    """A text of the bank in ``language``: a plain string reads the same in every language."""
    if isinstance(entry, str):
        return entry
    return entry.get(language) or entry.get("en") or ""


def fill(template: str, values: dict) -> str:
    """Put ``values`` into the {name} placeholders they name; every other brace stays as written.

    Prompts are prose and maths ("y ∈ {0, 1}"), not format strings: str.format would raise on them.
    """
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


# ----------------------------------------------------------------------------- loading


@lru_cache(maxsize=None)
def _topic_files() -> tuple[dict, ...]:
    folder = resources.files("grader") / "data" / "questions"
    files = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            files.append(json.loads(entry.read_text(encoding="utf-8")))
    return tuple(files)


@lru_cache(maxsize=None)
def questions() -> tuple[dict, ...]:
    loaded = []
    for data in _topic_files():
        for question in data["questions"]:
            loaded.append(_complete(question, data["topic"]))
    return tuple(loaded)


def _complete(question: dict, topic: str) -> dict:
    """The question as the rest of the code reads it: its topic, and the choices of a which-line
    question built from its code."""
    question = {**question, "topic": topic}
    code = question.get("code")
    if code and code.get("asks") == "wrong_line":
        lines = code["source"].splitlines()
        question["choices"] = [
            {language: translate("quiz.code_line", language, number=number, line=lines[number - 1].strip())
             for language in LANGUAGES}
            for number in code["candidate_lines"]]
        question["answer"] = code["candidate_lines"].index(code["fix"]["line"])
    return question


def topics() -> list[str]:
    """Topic ids in teaching order."""
    return [data["topic"] for data in sorted(_topic_files(), key=lambda data: data["order"])]


def topic_title(topic: str, language: str) -> str:
    """A topic's name for people ("Softmax and its Jacobian"); the id stays for commands and JSON."""
    for data in _topic_files():
        if data["topic"] == topic:
            return text(data["title"], language)
    return topic


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


def is_auto_marked_choice(question: dict) -> bool:
    return question["type"] in CHOICE_TYPES


def significant_figures(question: dict) -> int:
    return int(question.get("significant_figures", DEFAULT_SIGNIFICANT_FIGURES))


# ----------------------------------------------------------------------------- asking


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

    @property
    def code(self) -> str | None:
        """The code to read, if any (shown with line numbers under the prompt)."""
        code = self.question.get("code")
        return code["source"].rstrip("\n") if code else None

    def prompt(self, language: str) -> str:
        prompt = fill(text(self.question["prompt"], language), self.params)
        if self.question["type"] == "numeric":
            return translate("quiz.precision", language, prompt=prompt, digits=significant_figures(self.question))
        return prompt

    def choices(self, language: str) -> list[str]:
        choices = self.question.get("choices", [])
        return [text(choices[index], language) for index in self.order]

    def explanation(self, language: str) -> str:
        if self.question["type"] == "explain":
            return text(self.question["model_answer"], language)
        return fill(text(self.question["explanation"], language), {**self.params, "working": self.working})


def instantiate(question: dict, seed: int) -> Instance:
    """The question as asked under ``seed``: numbers drawn and choices shuffled from the seed and
    the question's id only, so the same seed always shows the same question."""
    rng = np.random.default_rng([seed, zlib.crc32(question["id"].encode())])
    kind = question["type"]
    if kind == "numeric":
        params, answer, working = GENERATORS[question["generator"]](rng)
        return Instance(question, params, float(answer), working)
    if kind in ("single", "multiple"):
        count = len(question["choices"])
        # Line numbers read best in order; any other choices are shuffled per attempt.
        in_order = question.get("code", {}).get("asks") == "wrong_line"
        order = tuple(range(count)) if in_order else tuple(int(i) for i in rng.permutation(count))
        shown = {bank_index: position for position, bank_index in enumerate(order)}
        answer = shown[question["answer"]] if kind == "single" else sorted(shown[i] for i in question["answer"])
        return Instance(question, {}, answer, order=order)
    return Instance(question, {}, question.get("answer"))


# ----------------------------------------------------------------------------- reading answers

_TRUE = ("t", "true", "y", "yes", "1", "对", "是", "正确", "√", "✓")
_FALSE = ("f", "false", "n", "no", "0", "错", "否", "错误", "×", "✗")
_SEPARATORS = re.compile(r"[\s,;、]+")


def normalise(raw: str) -> str:
    """What a learner typed, in plain ASCII where possible: full-width digits, letters and
    punctuation (ＡＢ，０．５) become their ASCII forms, the minus sign − becomes -."""
    folded = unicodedata.normalize("NFKC", str(raw)).replace("−", "-").replace("。", ".")
    return folded.strip().lower()


def parse_number(raw: str) -> float:
    """A number as a person writes it: 0.25, -1.5e-3, 1/4, -3/8, 0,25 (decimal comma), ０.２５."""
    value = normalise(raw).replace(" ", "")
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    if "/" in value:
        numerator, _, denominator = value.partition("/")
        if "/" in denominator:
            raise ValueError(raw)
        try:
            return float(Fraction(numerator) / Fraction(denominator))
        except (ValueError, ZeroDivisionError):
            raise ValueError(raw) from None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(raw)
    return number


def parse_response(instance: Instance, typed) -> object:
    """A learner's typed answer in the question's form; ValueError when it cannot be read.

    single: "b" or "2" (1-based) · multiple: "a,c", "a c", "a、c" or "ac" · true_false: t/f,
    yes/no, 对/错 · numeric: a number or a fraction · explain: a self-rating 0 (could not),
    1 (partly) or 2 (fully). Full-width characters are read as their ASCII forms.
    """
    kind = instance.question["type"]
    if isinstance(typed, (bool, int, float)) and not isinstance(typed, str):
        return _parse_value(kind, typed, instance)
    raw = normalise(typed)
    if kind == "true_false":
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        raise ValueError(typed)
    if kind == "numeric":
        return parse_number(typed)
    if kind == "explain":
        if raw not in ("0", "1", "2"):
            raise ValueError(typed)
        return int(raw)
    count = len(instance.question["choices"])
    parts = [part for part in _SEPARATORS.split(raw) if part]
    if kind == "multiple" and len(parts) == 1 and parts[0].isalpha():
        parts = list(parts[0])  # "ac" for a and c
    picks = [_choice_index(part, count) for part in parts]
    if kind == "single":
        if len(picks) != 1:
            raise ValueError(typed)
        return picks[0]
    if not picks:
        raise ValueError(typed)
    return sorted(set(picks))


def _parse_value(kind: str, value, instance: Instance):
    if kind == "true_false" and isinstance(value, bool):
        return value
    if kind == "numeric" and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if kind == "explain" and value in (0, 1, 2) and not isinstance(value, bool):
        return int(value)
    if kind == "single" and isinstance(value, int) and not isinstance(value, bool) \
            and 1 <= value <= len(instance.question["choices"]):
        return value - 1
    raise ValueError(value)


def _choice_index(part: str, count: int) -> int:
    if part.isdigit() and 1 <= int(part) <= count:
        return int(part) - 1
    if len(part) == 1 and "a" <= part < chr(ord("a") + count):
        return ord(part) - ord("a")
    raise ValueError(part)


# ----------------------------------------------------------------------------- marking


def numeric_margin(answer: float, digits: int) -> float:
    """How far from the exact answer a response may be: one unit in its last stated significant
    figure. Rounding the exact answer as told is off by at most half a unit, so it always passes,
    with room for a slightly rounded intermediate step; a different formula is off by far more."""
    if answer == 0:
        return 10.0 ** -digits
    return 10.0 ** (math.floor(math.log10(abs(answer))) - digits + 1)


def is_correct(instance: Instance, response) -> bool:
    """Whether a parsed response is right. An explain card counts as known when self-rated 2."""
    kind = instance.question["type"]
    if kind == "explain":
        return response == 2
    if kind == "numeric":
        digits = significant_figures(instance.question)
        # the float rounding of a typed decimal must not turn "exactly one unit" into a miss
        return abs(response - instance.answer) <= numeric_margin(instance.answer, digits) * (1 + 1e-9)
    if kind == "multiple":
        return sorted(response) == sorted(instance.answer)
    return response == instance.answer


def rounded(answer: float, digits: int) -> str:
    """The answer written to ``digits`` significant figures, rounding half up as people do:
    0.07359 → 0.0736, 0.09996 → 0.100, 1234.5 → 1230, 0.5 → 0.500."""
    if answer == 0:
        return "0"
    exact = Decimal(repr(answer))  # the decimal a calculator shows
    lead = exact.adjusted()  # the power of ten of the first significant digit
    value = exact.quantize(Decimal(1).scaleb(lead - digits + 1), rounding=ROUND_HALF_UP)
    if value.adjusted() > lead:  # rounding carried into a new leading digit
        value = value.quantize(Decimal(1).scaleb(lead - digits + 2), rounding=ROUND_HALF_UP)
    return format(value, "f")


def answer_text(instance: Instance, language: str) -> str:
    """The correct answer, as shown after answering."""
    kind = instance.question["type"]
    if kind == "numeric":
        return rounded(instance.answer, significant_figures(instance.question))
    if kind == "true_false":
        return translate("quiz.true" if instance.answer else "quiz.false", language)
    if kind == "single":
        return f"{chr(ord('a') + instance.answer)}) {instance.choices(language)[instance.answer]}"
    if kind == "multiple":
        choices = instance.choices(language)
        return "; ".join(f"{chr(ord('a') + i)}) {choices[i]}" for i in instance.answer)
    return ""
