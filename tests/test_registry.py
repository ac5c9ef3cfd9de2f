"""Do the registry, the check code, the solutions, the stubs and the content files agree?"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from grader import registry
from grader.compare import mistake_keys
from grader.i18n import LANGUAGES, catalog, translate
from tests.conftest import ROOT, solution_path, stub_path

EXERCISES = registry.exercises()


def defined_functions(path: Path) -> set:
    tree = ast.parse(path.read_text())
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}


def test_are_the_exercises_numbered_in_teaching_order_without_gaps():
    assert [e.id for e in EXERCISES] == [f"exercise{n}" for n in range(1, len(EXERCISES) + 1)]
    assert [e.number for e in EXERCISES] == list(range(1, len(EXERCISES) + 1))


CONTENT_KEYS = {"file", "functions", "title", "checks", "mistakes", "hints", "lesson"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_every_content_file_hold_only_known_fields_in_both_languages(exercise):
    data = registry.content(exercise.id)
    assert set(data) <= CONTENT_KEYS and {"file", "functions", "title", "checks", "lesson"} <= set(data)
    texts = [data["title"], data["lesson"], *data.get("mistakes", {}).values(), *(c["title"] for c in data["checks"])]
    for entry in texts:
        assert set(entry) == set(LANGUAGES) and all(entry[language].strip() for language in LANGUAGES), entry


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_is_every_mistake_message_of_an_exercise_used_by_its_checks(exercise):
    used = set()
    for check in exercise.implementations():
        for seed in (0, 1):
            for case in check.cases(seed):
                used |= diagnosable(check, case) | ({case.note} if case.note else set())
    assert set(registry.content(exercise.id).get("mistakes", {})) <= used


def diagnosable(check, case) -> set:
    """Every mistake a check can name for a case: its variants' keys (one or several) and its factors."""
    if case.raises:
        return set()
    keys = {key for variant in check.variants(case) for key in mistake_keys(variant)}
    return keys | set(check.factors(case))


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_every_registry_entry_match_its_files_and_checks(exercise):
    assert defined_functions(solution_path(exercise)) == set(exercise.functions)
    assert defined_functions(stub_path(exercise)) == set(exercise.functions)
    implemented = exercise.implementations()
    assert [c.name for c in implemented] == [info.name for info in exercise.checks]
    assert {c.function for c in implemented} == set(exercise.functions)
    assert all(info.points > 0 for info in exercise.checks)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_is_the_content_there_in_both_languages(exercise):
    assert 4 <= len(exercise.hints) <= 6
    for entry in [exercise.title, *(info.title for info in exercise.checks), *exercise.hints]:
        assert all(entry.get(language, "").strip() for language in LANGUAGES), entry


def test_do_both_message_catalogs_have_the_same_keys_and_placeholders():
    english, chinese = catalog("en"), catalog("zh")
    assert set(english) == set(chinese)
    def placeholders(text: str) -> set:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}

    for key in english:
        assert placeholders(english[key]) == placeholders(chinese[key]), key


def _keys_used_in_code() -> set:
    keys = set()
    for path in (ROOT / "grader").rglob("*.py"):
        source = path.read_text()
        keys |= set(re.findall(r'Text\(\s*"([\w.]+)"', source))
        keys |= set(re.findall(r'translate\(\s*"([\w.]+)"', source))
        keys |= {f"mistake.{k}" for k in re.findall(r'"((?:[a-z_]+)\.[a-z_0-9]+)":', source)
                 if path.parent.name == "checks"}
        keys |= {f"mistake.{k}" for k in re.findall(r'note="([\w.]+)"', source)}
    return keys


def test_does_every_message_the_code_uses_exist():
    missing = {key for key in _keys_used_in_code() if key not in catalog("en")}
    assert missing == set()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_every_diagnosable_mistake_have_a_message(exercise):
    for check in exercise.implementations():
        for case in check.cases(0):
            for key in diagnosable(check, case):
                for language in LANGUAGES:
                    assert translate(f"mistake.{key}", language) != f"mistake.{key}", key
            if case.note:
                assert f"mistake.{case.note}" in catalog("en")
