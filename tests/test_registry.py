"""Do the registry, the check code, the solutions, the stubs and the content files agree?"""

from __future__ import annotations

import ast
import re
import string
import subprocess
import textwrap
from pathlib import Path

import pytest

from grader import registry
from grader.compare import mistake_keys
from grader.i18n import LANGUAGES, catalog, translate
from tests.conftest import ROOT, solution_path, stub_path

EXERCISES = registry.exercises()


def defined_functions(path: Path) -> set:
    """What a learner writes: the functions, and the methods of classes ("Adam.step", "Value.__add__"),
    that hold a solution block (in a solution) or the stub's NotImplementedError (in a stub)."""
    source = path.read_text()
    written = set()
    for node in ast.parse(source).body:
        members = [("", node)] if isinstance(node, ast.FunctionDef) else [
            (f"{node.name}.", item) for item in node.body if isinstance(item, ast.FunctionDef)
        ] if isinstance(node, ast.ClassDef) else []
        for prefix, function in members:
            if any(marker in ast.get_source_segment(source, function)
                   for marker in ("### BEGIN SOLUTION", "raise NotImplementedError(")):
                written.add(prefix + function.name)
    return written


def test_are_the_exercises_in_teaching_order_by_their_numbers():
    assert [e.id for e in EXERCISES] == [f"exercise{e.number}" for e in EXERCISES]
    assert [e.number for e in EXERCISES] == sorted({e.number for e in EXERCISES})
    assert EXERCISES[0].number == 1


CONTENT_KEYS = {"file", "functions", "title", "checks", "mistakes", "hints", "lesson"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_every_content_file_hold_only_known_fields_in_both_languages(exercise):
    data = registry.content(exercise.id)
    assert set(data) <= CONTENT_KEYS and {"file", "functions", "title", "checks", "hints", "lesson"} <= set(data)
    mistakes = [{k: v for k, v in entry.items() if k not in ("hint", "explain")} for entry in data.get("mistakes", {}).values()]
    corrections = [entry["explain"] for entry in data.get("mistakes", {}).values() if "explain" in entry]
    texts = [data["title"], data["lesson"], *mistakes, *corrections, *(c["title"] for c in data["checks"])]
    for entry in texts:
        assert set(entry) == set(LANGUAGES) and all(entry[language].strip() for language in LANGUAGES), entry


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_every_mistake_point_to_a_hint_ladder_of_its_own_exercise(exercise):
    for key, entry in registry.content(exercise.id).get("mistakes", {}).items():
        assert entry.get("hint") in exercise.functions, key
        assert registry.mistake_ladder(f"mistake.{key}") == (exercise.id, entry["hint"]), key


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_every_mistake_have_its_correction_in_both_languages(exercise):
    for key, entry in registry.content(exercise.id).get("mistakes", {}).items():
        assert set(entry.get("explain", {})) == set(LANGUAGES), key
        for language in LANGUAGES:
            assert entry["explain"][language].strip() and entry["explain"][language] != entry[language], key


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
    return keys | set(check.factors(case)) | set(getattr(case.call, "exception_mistakes", {}).values())


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
    rungs = [rung.text for ladder in exercise.ladders.values() for rung in ladder]
    for entry in [exercise.title, *(info.title for info in exercise.checks), *rungs]:
        assert set(entry) == set(LANGUAGES) and all(entry[language].strip() for language in LANGUAGES), entry


# ------------------------------------------------------------------------------- lessons

# What code looks like in this course: numpy calls, transposes, matrix products, axis and
# keepdims arguments, in-place operators, slicing with None or ..., Python statements.
CODE = re.compile(r"\bnp\.|\bnumpy\.|\.T\b|\s@\s|\baxis\s*=|keepdims|\*=|\bout\s*=|\[\s*\.\.\.|None\s*\]"
                  r"|\.(?:sum|mean|max|ravel|reshape)\(|\.(?:size|shape)\b"
                  r"|^\s*(?:def|return)\b|^\s*for \w+ in \w+:", re.MULTILINE)
# Learners do not have the course notes: texts point to `learn show exerciseN` instead.
NOTES = re.compile(r"\bnotes\b|笔记|讲义", re.IGNORECASE)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_the_lesson_stand_without_the_course_notes(exercise):
    assert [language for language in LANGUAGES if NOTES.search(registry.lesson(exercise.id, language))] == []


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_the_lesson_derive_without_handing_over_code(exercise):
    for language in LANGUAGES:
        match = CODE.search(registry.lesson(exercise.id, language))
        assert match is None, (language, match and match.group())


# ------------------------------------------------------------------------------- hint ladders

@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_every_function_have_one_ladder_in_the_files_order(exercise):
    assert list(exercise.ladders) == list(exercise.functions)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_every_ladder_climb_from_the_idea_to_one_code_rung_at_the_top(exercise):
    for function, ladder in exercise.ladders.items():
        levels = [rung.level for rung in ladder]
        assert set(levels) == set(registry.LEVELS), (function, levels)
        assert levels == sorted(levels, key=registry.LEVELS.index), (function, levels)
        assert levels.count("code") == 1 and levels[-1] == "code", (function, levels)
        assert all(set(rung.text) == {*LANGUAGES} for rung in ladder), function


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_only_the_code_rung_hold_code(exercise):
    for function, ladder in exercise.ladders.items():
        for rung in ladder[:-1]:
            for language in LANGUAGES:
                assert not CODE.search(rung.text[language]), (function, rung.level, language,
                                                              CODE.search(rung.text[language]).group())


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_is_the_code_rung_the_same_python_in_both_languages(exercise):
    for function, ladder in exercise.ladders.items():
        code = ladder[-1].text
        # Comments may be translated; the code may not. ast.dump drops comments.
        trees = {language: ast.dump(ast.parse(textwrap.dedent(code[language]))) for language in LANGUAGES}
        assert len(set(trees.values())) == 1, function


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_do_the_hints_stand_without_the_course_notes(exercise):
    texts = [rung.text[language] for ladder in exercise.ladders.values() for rung in ladder for language in LANGUAGES]
    assert [text for text in texts if NOTES.search(text)] == []


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


# ------------------------------------------------------------------------------- mistake messages

# A mistake message says what the answer IS; telling the learner what to write instead is the
# correction's job (`learn check --explain`). What a fix looks like: a sentence that starts with an
# imperative ("Use …", "Return …", "Clip by …") or says what something should or must be.
FIX = re.compile(r"(?:^|[.:;!?]\s+)(?:Use|Return|Clamp|Clip|Divide|Subtract|Multiply|Add|Work with|Compute|Replace"
                 r"|Keep|Take|Shift|Square)\b|\bshould\b|\bmust be\b|\bneeds? to be\b"
                 r"|应该|应当|应为|应返回|应按|应截断|应沿|改成|改为|请|需要用|要除以|要乘", re.MULTILINE)


def mistake_keys_in_catalog() -> list[str]:
    """Every mistake the grader can name: each exercise's and those any check can name."""
    return sorted(key.removeprefix("mistake.") for key in catalog("en") if key.startswith("mistake."))


@pytest.mark.parametrize("language", LANGUAGES)
def test_does_a_mistake_message_name_the_mistake_without_the_fix(language):
    messages = catalog(language)
    for key in mistake_keys_in_catalog():
        message = messages[f"mistake.{key}"]
        assert not CODE.search(message), (key, CODE.search(message).group())
        assert not FIX.search(message), (key, FIX.search(message).group())
        correction = messages.get(f"explain.{key}")
        assert correction is None or correction not in message, key


def test_would_the_fix_patterns_catch_a_message_that_dictates_the_fix():
    dictating = ["Likely mistake: exp overflowed. Use exp(−|z|), which is at most 1.",
                 "Likely mistake: per-array norms. Clip by one global norm.",
                 "Likely mistake: the sum. 'mean' should be divided by the number of elements.",
                 "可能的错误：你沿批维度做了归一化。每一行之和应为 1。",
                 "可能的错误：你返回的是裁剪系数；应返回裁剪前的总范数。",
                 "可能的错误：缺少 diag(s) 项，请改成 diag(s) − s sᵀ。"]
    naming = ["Likely mistake: you divide by v̂ itself, not by its square root.",
              "可能的错误：被使用不止一次的 Value 只留下了一份梯度。",
              "Likely mistake: this is the answer for reduction=\"mean\": the squared errors are averaged."]
    assert [text for text in dictating if not FIX.search(text)] == []
    assert [text for text in naming if FIX.search(text)] == []


def test_does_every_mistake_any_check_can_name_have_its_correction():
    for language in LANGUAGES:
        missing = [key for key in mistake_keys_in_catalog()
                   if key not in ("combined",) and f"explain.{key}" not in catalog(language)]
        assert missing == [], language


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


@pytest.mark.parametrize("exercise", [e.id for e in registry.exercises()])
def test_is_the_registry_entry_read_alone_the_same_as_in_the_whole_file(exercise):
    """The registry reads only the top of each content file (file, functions, title, checks):
    anything written below the first other table would be lost to it."""
    whole, entry = registry.content(exercise), registry._entry(exercise)
    assert set(entry) == {"file", "functions", "title", "checks"}
    assert all(entry[key] == whole[key] for key in entry)


# ------------------------------------------------------------------------------- standing alone

# Files the developers have and users do not: the project's own docs (docs/grading.md) say what
# users need. The patterns are split so that this file does not name them itself.
OUTSIDE_REFERENCES = re.compile(r"\bshared" "/|torch" "-semantics")


def test_does_no_tracked_file_point_to_files_users_do_not_have():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    offending = []
    for name in filter(None, listed.stdout.decode().split("\0")):
        path = ROOT / name
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="ignore")
            offending += [f"{name}: {match.group()}" for match in OUTSIDE_REFERENCES.finditer(text)]
    assert offending == []
    assert (ROOT / "docs" / "grading.md").is_file()
