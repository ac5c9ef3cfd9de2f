"""Lessons, one per exercise, in English and Chinese (grader/data/lessons/<exercise>.json)."""

from __future__ import annotations

import json
from importlib import resources

from grader.i18n import localised


def lesson(exercise_id: str, language: str) -> str:
    path = resources.files("grader") / "data" / "lessons" / f"{exercise_id}.json"
    return localised(json.loads(path.read_text(encoding="utf-8")), language)
