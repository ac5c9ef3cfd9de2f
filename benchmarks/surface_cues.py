"""Can the quiz be passed without knowing anything? The score of a test-taker who only reads
surface cues, on the auto-marked choice questions (single, multiple, true/false).

Usage: python benchmarks/surface_cues.py

The strategy: in a single-choice question pick the longest choice; in a multiple-choice question
pick every choice but the shortest; answer every true/false question "true". Length is the width
on screen (a Chinese character is two columns wide); a tie counts as a guess among the tied
choices. It is measured in each language, and the higher figure is the one reported.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grader.i18n import LANGUAGES  # noqa: E402
from grader.quiz import bank  # noqa: E402

COMMAND = "python benchmarks/surface_cues.py"


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def cue_credit(question: dict, language: str) -> float:
    """The chance that the surface-cue strategy answers ``question`` right (0 … 1)."""
    kind = question["type"]
    if kind == "true_false":
        return float(question["answer"] is True)
    widths = [width(bank.text(choice, language)) for choice in question["choices"]]
    if kind == "single":
        longest = [i for i, w in enumerate(widths) if w == max(widths)]
        return (question["answer"] in longest) / len(longest)
    shortest = [i for i, w in enumerate(widths) if w == min(widths)]
    everything = set(range(len(widths)))
    return sum(sorted(everything - {dropped}) == question["answer"] for dropped in shortest) / len(shortest)


def surface_cue_score(language: str, questions=None) -> dict:
    """{"score": fraction right, "right": expected number right, "total": questions, "by_type": {...}}."""
    chosen = [q for q in (questions or bank.questions()) if bank.is_auto_marked_choice(q)]
    by_type: dict[str, list[float]] = {}
    for question in chosen:
        by_type.setdefault(question["type"], []).append(cue_credit(question, language))
    right = sum(sum(credits) for credits in by_type.values())
    return {"score": right / len(chosen), "right": right, "total": len(chosen),
            "by_type": {kind: (sum(credits), len(credits)) for kind, credits in by_type.items()}}


def main() -> None:
    worst = None
    for language in LANGUAGES:
        result = surface_cue_score(language)
        parts = ", ".join(f"{kind} {right:.1f}/{total}" for kind, (right, total) in sorted(result["by_type"].items()))
        print(f"{language}: {result['right']:.1f} of {result['total']} = {result['score']:.0%}  ({parts})")
        worst = result if worst is None or result["score"] > worst["score"] else worst
    print(f"surface-cue score (longest / all but the shortest / always true): {worst['score']:.0%}")
    print(f"command: {COMMAND}")


if __name__ == "__main__":
    main()
