"""What every `learn` command shares: the exit codes, the usage error, the common options."""

from __future__ import annotations

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


def exercise_named(name: str, language: str) -> registry.Exercise:
    try:
        return registry.get(name)
    except registry.UnknownExercise:
        known = ", ".join(e.id for e in registry.exercises())
        raise UsageProblem(translate("cli.unknown_exercise", language, name=name, known=known)) from None


def warn_progress_reset(progress, language):
    if progress.reset_from is not None:
        click.echo(translate("ui.progress_reset", language, path=progress.reset_from), err=True)

