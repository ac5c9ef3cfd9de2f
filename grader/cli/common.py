"""What every `learn` command shares: the exit codes, the usage error, the common options."""

from __future__ import annotations

import codecs
import json
import os
import sys
from pathlib import Path

import click

from grader import registry
from grader.i18n import LANGUAGES, translate

EXIT_FAILED = 1
EXIT_USAGE = 2


class UsageProblem(click.ClickException):
    """One clear line on stderr and exit code 2."""

    exit_code = EXIT_USAGE


def make_console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def language_option(function):
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                        help="Language of the output (default: $BACKPROP_LAB_LANG, else the system locale).")(function)


# The values of --isolation, as grader.sandbox.isolation.CHOICES (a test keeps them equal): written
# out here so that `learn --help` does not import the sandbox.
ISOLATION_CHOICES = ("auto", "strict", "namespaces", "bubblewrap", "none")


def isolation_option(help_text: str, choices=ISOLATION_CHOICES):
    return click.option("--isolation", type=click.Choice(choices), default="auto", show_default=True, help=help_text)


def workspace_option(function):
    return click.option("--workspace", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                        show_default=True, help="The folder holding your exercise files.")(function)


def exercises_epilog() -> str:
    """The end of the help of a command that takes an EXERCISE: which ones there are, from the registry."""
    known = registry.ids()
    return f"EXERCISE is one of {known[0]}…{known[-1]}, or its number; `learn list` shows them in teaching order."


def exercise_named(name: str, language: str) -> registry.Exercise:
    try:
        return registry.get(name)
    except registry.UnknownExercise:
        known = ", ".join(e.id for e in registry.exercises())
        raise UsageProblem(translate("cli.unknown_exercise", language, name=name, known=known)) from None


def exercises_named(names: str | None, language: str) -> list[registry.Exercise]:
    """--exercises exercise1,exercise3 (default: all)."""
    if not names:
        return list(registry.exercises())
    return [exercise_named(name.strip(), language) for name in names.split(",") if name.strip()]


def exercise_file(exercise: registry.Exercise, workspace: Path, language: str) -> Path:
    """The learner's file for ``exercise`` in ``workspace``, or a usage error saying why there is none."""
    from grader.workspace import NothingToCheck, files_to_check

    try:
        ((_, path),) = files_to_check(workspace, exercise)
    except NothingToCheck as nothing:
        raise UsageProblem(translate(nothing.message, language)) from None
    return path


def warn_progress_reset(progress, language):
    if progress.reset_from is not None:
        click.echo(translate("ui.progress_reset", language, path=progress.reset_from), err=True)



# ----------------------------------------------------------------------------- any terminal

# What the few symbols we print become on a terminal that cannot show them (same width where a
# table column depends on it). Anything else is decomposed to ASCII when it can be (é -> e),
# else shown as '?' ('??' for a wide character, so columns stay aligned).
_PLAIN = {"✓": "+", "✗": "x", "—": "-", "–": "-", "−": "-", "…": "...", "·": ".", "•": "*", "→": "->",
          "←": "<-", "⇒": "=>", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "×": "x", "∞": "inf", "‖": "||",
          "“": '"', "”": '"', "‘": "'", "’": "'", "√": "sqrt", "∂": "d", "∑": "sum", "Σ": "Sigma",
          "━": "-", "─": "-", "│": "|", "┃": "|", "▸": ">", "█": "#", "░": "."}
PLAIN_ERRORS = "backprop-lab-plain"


def _plain_character(character: str) -> str:
    import unicodedata

    if character in _PLAIN:
        return _PLAIN[character]
    name = unicodedata.name(character, "")
    if name.startswith("GREEK"):  # σ -> sigma, Δ -> Delta: how the maths reads aloud
        letter = name.split()[-1].lower()
        return letter.capitalize() if "CAPITAL" in name else letter
    if name.startswith("BOX DRAWINGS"):
        return "|" if "VERTICAL" in name and "HORIZONTAL" not in name else "-" if "HORIZONTAL" in name else "+"
    ascii_part = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode()
    if ascii_part:
        # yᵢ -> y_i, x² -> x^2, ŷ -> y^ (the hat matters: ŷ is the prediction, y the target)
        prefix = "_" if "SUBSCRIPT" in name else "^" if "SUPERSCRIPT" in name else ""
        return prefix + ascii_part + ("^" if "\u0302" in unicodedata.normalize("NFD", character) else "")
    return "??" if unicodedata.east_asian_width(character) in "WF" else "?"


def _plain_errors(error: UnicodeError):
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(_plain_character(c) for c in error.object[error.start:error.end]), error.end


codecs.register_error(PLAIN_ERRORS, _plain_errors)


def can_show(stream, text: str = "✓—…中") -> bool:
    """Can ``stream`` encode our symbols and Chinese text?"""
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
        return True
    except (UnicodeEncodeError, LookupError):
        return False


class PlainWriter:
    """A text stream that writes what its terminal or file can encode and plain characters for the
    rest, instead of raising UnicodeEncodeError (PYTHONIOENCODING=ascii, a cp1252 console, a
    latin-1 locale writing to a file).

    It deliberately has no ``buffer``: click would otherwise rewrap an ASCII stream as UTF-8."""

    def __init__(self, stream):
        self._stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for binary streams with write(b"")
            raise TypeError("PlainWriter writes text")
        return self._stream.write(text.encode(self.encoding, PLAIN_ERRORS).decode(self.encoding))

    def __getattr__(self, name):
        if name == "buffer":
            raise AttributeError(name)
        return getattr(self._stream, name)


def plain_output_where_needed() -> None:
    """Put a PlainWriter over stdout and stderr where they cannot show everything we print."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, PlainWriter) and not can_show(stream):
            setattr(sys, name, PlainWriter(stream))


def echo_json(payload) -> None:
    """JSON on stdout: with \\u escapes where the stream cannot show the text, so nothing is lost."""
    click.echo(json.dumps(payload, ensure_ascii=not can_show(sys.stdout), indent=2))


def check_destination(path: Path, language: str, *, option: str, example: str) -> None:
    """A usage error, before any of the learner's code runs, for a file that cannot be written:
    ``option`` (--png, --dump) given an empty name, a folder that is not there, or a read-only one."""
    if not path.name:  # --png ""
        raise UsageProblem(translate("cli.destination.no_name", language, option=option, example=example))
    folder = path.parent
    if not folder.is_dir():
        raise UsageProblem(translate("cli.destination.no_folder", language, path=path, folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageProblem(translate("cli.destination.read_only", language, path=path, folder=folder))
