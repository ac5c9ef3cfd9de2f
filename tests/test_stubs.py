"""Are the stubs, in English and in Chinese, exactly what the solutions derive to, and unsolved?"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize

import pytest

from grader import registry
from grader.grading import grade_file
from grader.results import NOT_STARTED
from tests.conftest import ROOT, STUBS, solution_path, stub_path

sys.path.insert(0, str(ROOT / "tools"))
from make_stubs import (CHINESE, TranslationError, derive_stub, load_translations, stub_texts,  # noqa: E402
                        translate_stub, translation_path)

EXERCISES = registry.exercises()
LANGUAGES = ["en", CHINESE]
CJK = re.compile(r"[\u4e00-\u9fff]")
# Learners do not have the course notes: the stubs point to `learn show exerciseN` instead.
NOTES = re.compile(r"\bnotes\b|笔记|讲义", re.IGNORECASE)


def chinese_stub_path(exercise):
    return STUBS / CHINESE / exercise.file


def stub_in(exercise, language: str):
    return stub_path(exercise) if language == "en" else chinese_stub_path(exercise)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_is_the_stub_derived_from_the_solution(exercise):
    assert stub_path(exercise).read_text() == derive_stub(solution_path(exercise).read_text())


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_is_the_chinese_stub_the_english_stub_with_its_translations(exercise):
    translations = load_translations(translation_path(solution_path(exercise)))
    expected = translate_stub(stub_path(exercise).read_text(), translations)
    assert chinese_stub_path(exercise).read_text(encoding="utf-8") == expected


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The tokens of ``source`` without its comments, blank lines and docstrings' contents."""
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            docstrings.add((body[0].lineno, body[0].col_offset))
    return [(token.type, "<docstring>" if token.start in docstrings else token.string)
            for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type not in (tokenize.COMMENT, tokenize.NL)]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_is_the_chinese_stubs_code_the_english_stubs_to_the_token(exercise):
    english, chinese = stub_path(exercise).read_text(), chinese_stub_path(exercise).read_text(encoding="utf-8")
    assert code_tokens(chinese) == code_tokens(english)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_is_every_docstring_and_comment_of_the_chinese_stub_in_chinese(exercise):
    english = stub_texts(stub_path(exercise).read_text())
    chinese = stub_texts(chinese_stub_path(exercise).read_text(encoding="utf-8"))
    assert [(text.kind, text.where) for text in chinese] == [(text.kind, text.where) for text in english]
    assert [text.where for text in chinese if not CJK.search(text.english)] == []
    todos = [text.where for text in chinese if text.english.startswith("TODO:")]
    assert todos == [text.where for text in english if text.english.startswith("TODO:")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_the_stub_keep_no_solution_code_nor_mention_the_notes(exercise, language):
    stub = stub_in(exercise, language).read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in stub and "END SOLUTION" not in stub
    assert stub.count("raise NotImplementedError") == len(exercise.functions)
    assert stub.count("# TODO:") >= len(exercise.functions)
    assert NOTES.search(stub) is None and NOTES.search(solution_path(exercise).read_text()) is None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_the_package_ship_the_same_stub(exercise, language):
    from grader.workspace import stub_source

    assert stub_source(exercise, language) == stub_in(exercise, language).read_text(encoding="utf-8")


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_a_fresh_chinese_stub_get_zero_marked_not_started(exercise):
    result = grade_file(exercise, chinese_stub_path(exercise))
    assert result.score == 0 and {check.status for check in result.checks} == {NOT_STARTED}


def test_is_a_methods_stub_named_after_its_class():
    solution = (
        "class Adam:\n"
        "    def step(self, grads):\n"
        "        ### BEGIN SOLUTION\n"
        "        # TODO: update every parameter\n"
        "        pass\n"
        "        ### END SOLUTION\n"
    )
    stub = derive_stub(solution)
    assert 'raise NotImplementedError("Adam.step is not implemented yet")' in stub and "pass" not in stub


def test_does_the_check_command_agree():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_stubs.py"), "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ----------------------------------------------------------------------------- translating a stub

STUB = '''"""Module.

Two lines.
"""


def f(x):
    """Return x.

    Args:
        x: a number.
    """
    # Why it works,
    # in two lines.
    # TODO: compute it
    return x  # the answer


def g(self, other):  # other + self
    return other
'''
TRANSLATIONS_OF_STUB = {
    "Module.\n\nTwo lines.\n": "模块。\n\n两行。\n",
    "Return x.\n\nArgs:\n    x: a number.\n": "返回 x。\n\n参数：\n    x：一个数。\n",
    "Why it works,\nin two lines.\nTODO: compute it": "为什么可行，\nTODO: 算出它",
    "the answer": "答案",
}


def test_does_a_translation_replace_each_text_in_place_and_leave_code_alone():
    translated = translate_stub(STUB, TRANSLATIONS_OF_STUB)
    assert translated == '''"""模块。

两行。
"""


def f(x):
    """返回 x。

    参数：
        x：一个数。
    """
    # 为什么可行，
    # TODO: 算出它
    return x  # 答案


def g(self, other):  # other + self
    return other
'''


@pytest.mark.parametrize("change, named", [
    (lambda t: {**t, "Return x.\n\nArgs:\n    x: a number.\n": None}, "f: no translation of the docstring 'Return x."),
    (lambda t: {**t, "the old answer": "旧答案"}, "a translation of a text the stub no longer has, 'the old answer'"),
    (lambda t: {**t, "the answer": "the answer"}, "has no Chinese in it"),
    (lambda t: {**t, "Why it works,\nin two lines.\nTODO: compute it": "为什么可行"}, "must keep its 'TODO:' line"),
    (lambda t: {**t, "Module.\n\nTwo lines.\n": '模块。"""'}, "would end or escape its quotes"),
    (lambda t: {**t, "Module.\n\nTwo lines.\n": "模块。"}, "must end as the English does"),
    (lambda t: {**t, "the answer": "答\n案"}, "must stay on one line"),
])
def test_does_a_missing_stale_or_broken_translation_stop_the_build_and_say_where(change, named):
    translations = {english: text for english, text in change(TRANSLATIONS_OF_STUB).items() if text is not None}
    with pytest.raises(TranslationError, match=re.escape(named)):
        translate_stub(STUB, translations)


def test_does_a_stale_translation_point_to_the_english_that_replaced_it():
    changed = STUB.replace("# the answer", "# the right answer")
    with pytest.raises(TranslationError, match=re.escape("the English is now 'the right answer'")):
        translate_stub(changed, TRANSLATIONS_OF_STUB)
