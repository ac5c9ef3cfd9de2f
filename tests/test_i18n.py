"""Is the learner's language chosen as documented: --lang, then the environment, then the locale?"""

from __future__ import annotations

import pytest

from grader.i18n import choose_language, translate
from grader.results import Text


@pytest.mark.parametrize("explicit, env, lang, expected", [
    ("zh", "en", "en_US.UTF-8", "zh"),  # --lang wins
    (None, "zh", "en_US.UTF-8", "zh"),  # then $BACKPROP_LAB_LANG
    (None, None, "zh_CN.UTF-8", "zh"),  # then the locale
    (None, None, "zh_TW", "zh"),
    (None, None, "fr_FR.UTF-8", "en"),  # English when nothing matches
    (None, "klingon", "de_DE", "en"),
])
def test_is_the_language_chosen_in_the_documented_order(monkeypatch, explicit, env, lang, expected):
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    if env is None:
        monkeypatch.delenv("BACKPROP_LAB_LANG", raising=False)
    else:
        monkeypatch.setenv("BACKPROP_LAB_LANG", env)
    monkeypatch.setenv("LANG", lang)
    monkeypatch.setattr("locale.getlocale", lambda: (None, None))
    assert choose_language(explicit) == expected


def test_does_a_message_render_in_both_languages_with_its_parameters():
    text = Text("status.not_started", {"function": "softmax"})
    assert translate(text, "en") == "Not started: softmax still raises NotImplementedError."
    assert translate(text, "zh") == "未开始：softmax 仍然抛出 NotImplementedError。"


def test_does_an_unknown_key_fall_back_to_the_key_itself():
    assert translate(Text("no.such.key"), "zh") == "no.such.key"
