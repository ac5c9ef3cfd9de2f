"""One mechanism for every learner-facing string, in English and Chinese.

Messages live in grader/data/messages/<lang>.json as key -> str.format template; the messages
naming an exercise's mistakes live in its content file (grader.registry). The language is
chosen by --lang, else $BACKPROP_LAB_LANG, else the system locale; English when nothing matches.
"""

from __future__ import annotations

import json
import locale
import os
from functools import lru_cache
from importlib import resources

from grader.results import Text

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
LANG_ENV = "BACKPROP_LAB_LANG"


def choose_language(explicit: str | None = None) -> str:
    for candidate in (explicit, os.environ.get(LANG_ENV), *_locale_names()):
        language = _normalise(candidate)
        if language:
            return language
    return DEFAULT_LANGUAGE


def _locale_names():
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        yield os.environ.get(variable)
    try:
        yield locale.getlocale()[0]
    except ValueError:
        return


def _normalise(name: str | None) -> str | None:
    """'zh_CN.UTF-8' -> 'zh', 'en-GB' -> 'en'; None for anything we have no messages in."""
    if not name:
        return None
    code = name.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else None


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    """Every message in ``language``: the shared ones, then each exercise's mistake messages."""
    from grader.registry import mistake_messages

    return {**_shared(language), **mistake_messages(language)}


@lru_cache(maxsize=None)
def _shared(language: str) -> dict[str, str]:
    path = resources.files("grader") / "data" / "messages" / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _message(key: str, language: str) -> str | None:
    # Only a mistake's message and its correction need the exercises' content files, which take
    # long to parse (see registry.mistake_messages).
    return (catalog if key.startswith(("mistake.", "explain.")) else _shared)(language).get(key)


def translate(text: Text | str, language: str, **params) -> str:
    """The message for ``text`` in ``language`` (falling back to English, then to the key)."""
    key, values = (text, params) if isinstance(text, str) else (text.key, {**text.params, **params})
    values = {name: translate(value, language) if isinstance(value, Text) else value for name, value in values.items()}
    template = _message(key, language) or _message(key, DEFAULT_LANGUAGE)
    if template is None:
        return key
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def localised(texts: dict, language: str) -> str:
    """Pick a language from a {'en': ..., 'zh': ...} content entry."""
    return texts.get(language) or texts.get(DEFAULT_LANGUAGE) or ""
