"""learn plot: pictures of what the learner's own code does (loss curves, gradient norms)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from grader.cli import main
from grader.cli.common import (check_destination, EXIT_FAILED, UsageProblem, can_show, echo_json, exercise_file, exercise_named,
                               isolation_option, language_option, make_console, workspace_option)
from grader.i18n import choose_language, translate

# The exercises with a picture, as grader.pictures.PICTURED (a test keeps them equal): written out
# here so that `learn --help` does not import the pictures' code.
PICTURED = ("exercise6", "exercise8", "exercise10")

# The characters a chart in colour is drawn with: a terminal that cannot show them gets ASCII marks.
BLOCKS = "▀▄█▌▐▚┌─┐│└┘"


@main.command("plot")
@click.argument("exercise")
@click.option("--png", "png_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also save the picture to FILE as a PNG.")
@click.option("--file", "file_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw from this one file instead of the workspace's.")
@workspace_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: the series as numbers, to plot them yourself (no plotting library needed).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Seconds each call of your code may take (default 5).")
@isolation_option("Run your code isolated from your files and network where this system allows it (auto), "
                  "or as a plain process (none).", choices=("auto", "none"))
@language_option
def plot_command(exercise, png_path, file_path, workspace, output_format, timeout, isolation, lang):
    """Draw what your code does in EXERCISE: exercise6 (the loss per step for several learning rates),
    exercise8 (the loss per step of each optimiser) or exercise10 (the gradient norm per layer).

    Your own functions run in the sandbox, with the limits of `learn check`. Drawing needs the
    plotting libraries: pip install uniplot matplotlib (in a clone: pip install -e '.[plots]').
    Exit 0 when every curve was drawn, 1 when a function of yours could not give one (each is
    named), 2 for a usage error.
    """
    from grader.pictures import picture, to_json
    from grader.sandbox import isolation as isolation_backends
    from grader.sandbox.runner import Limits

    language = choose_language(lang)
    chosen = exercise_named(exercise, language)
    if chosen.id not in PICTURED:
        raise UsageProblem(translate("plot.no_picture", language, exercise=chosen.id, pictured=", ".join(PICTURED)))
    if output_format == "text" or png_path is not None:
        _require_extra(language, png=png_path is not None)
    if png_path is not None:
        check_destination(png_path, language, option="--png", example="loss.png")
    if file_path is not None:
        if not file_path.is_file():
            raise UsageProblem(translate("cli.file_missing", language, path=file_path))
        path = file_path
    else:
        path = exercise_file(chosen, workspace, language)

    limits = Limits() if timeout is None else Limits(call_timeout=timeout)
    # auto: no probe; the sandbox falls back by itself where isolation cannot start, as in learn check
    chosen_isolation = isolation_backends.optimistic() if isolation == "auto" else isolation_backends.detect("none")
    result = picture(chosen, path, limits=limits, isolation=chosen_isolation)
    drawn = any(panel.series for panel in result.panels)

    notes, save_failure = list(result.notes), None
    if png_path is not None and drawn:
        try:
            notes += _save(result, language, png_path)
        except UsageProblem as failure:  # said after the picture, which is not lost with the PNG
            save_failure = failure
    if output_format == "json":
        echo_json(to_json(result, language))
    else:
        _print_text(result, language, drawn, notes, png_path)
    if save_failure is not None:
        raise save_failure
    sys.exit(0 if result.complete and drawn else EXIT_FAILED)


def _require_extra(language: str, *, png: bool) -> None:
    from grader.plotting import MissingExtra, require

    try:
        require(png=png)
    except MissingExtra as missing:
        raise UsageProblem(translate("plot.missing_extra", language, missing=", ".join(missing.missing),
                                     packages=" ".join(missing.missing))) from None


def _save(result, language: str, png_path: Path) -> list:
    from grader.plotting import save_png
    from grader.results import Text

    try:
        notes = save_png(result, language, png_path)
    except OSError as error:  # strerror: the error without the temporary file's name
        raise UsageProblem(translate("plot.save_failed", language, path=png_path,
                                     error=error.strerror or error)) from None
    return [*notes, Text("plot.saved", {"path": str(png_path)})]


def _print_text(result, language: str, drawn: bool, notes: list, png_path: Path | None) -> None:
    from grader.plotting import terminal

    console = make_console()
    for problem in result.problems:
        click.echo(f"✗ {translate(problem, language)}")
    if drawn:
        if result.problems:
            click.echo()
        click.echo(terminal(result, language, width=console.width, unicode=can_show(sys.stdout, BLOCKS),
                            color=console.color_system is not None))
    else:
        click.echo(translate("plot.nothing_drawn", language))
    for note in notes:
        click.echo(translate(note, language))
