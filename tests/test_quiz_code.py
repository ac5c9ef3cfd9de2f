"""Do the code-reading questions mark what the code really does? Each one is run here: numpy
code as it is, torch code with torch. A "what does it print" question's marked choice must be
exactly what its code prints; a "which line is wrong" question's code must fail its hidden check
as written and pass it with only the marked line corrected."""

from __future__ import annotations

import contextlib
import io
import warnings

import pytest

from grader.quiz import bank

CODE_QUESTIONS = [q for q in bank.questions() if q.get("code")]


def execute(source: str) -> str:
    """Run ``source`` as a fresh module; what it printed."""
    printed = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(printed):
        warnings.simplefilter("ignore")  # torch warns about reading a non-leaf's .grad, for one
        exec(compile(source, "<question>", "exec"), {"__name__": "__question__"})
    return printed.getvalue()


def test_are_there_at_least_twenty_code_questions_of_both_kinds():
    kinds = [q["code"]["asks"] for q in CODE_QUESTIONS]
    assert len(kinds) >= 20 and kinds.count("wrong_line") >= 5 and kinds.count("output") >= 10
    assert {q["code"]["runs_with"] for q in CODE_QUESTIONS} == {"numpy", "torch"}


@pytest.mark.parametrize("question", [q for q in CODE_QUESTIONS if q["code"]["asks"] == "output"],
                         ids=lambda q: q["id"])
def test_is_the_marked_choice_what_the_code_prints(question):
    printed = execute(question["code"]["source"]).strip()
    choices = question["choices"]
    assert choices[question["answer"]] == printed
    assert [choice for choice in choices if choice == printed] == [printed], "only one choice is what it prints"


@pytest.mark.parametrize("question", [q for q in CODE_QUESTIONS if q["code"]["asks"] == "wrong_line"],
                         ids=lambda q: q["id"])
def test_is_the_marked_line_the_one_that_is_wrong(question):
    code = question["code"]
    lines = code["source"].splitlines()
    number, fixed = code["fix"]["line"], code["fix"]["text"]
    assert lines[number - 1] != fixed and lines[number - 1].startswith(fixed[:len(fixed) - len(fixed.lstrip())])
    with pytest.raises(Exception):  # noqa: B017 - any failure: a wrong value or a shape error
        execute(code["source"] + "\n" + code["harness"])
    corrected = "\n".join(fixed if n == number else line for n, line in enumerate(lines, start=1))
    execute(corrected + "\n" + code["harness"])
    assert question["choices"][question["answer"]]["en"].startswith(f"line {number}:")
