"""Commands for a learner working through the exercises: list, check, hint, init, show."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from grader import registry
from grader.cli import main
from grader.cli.common import (EXIT_FAILED, UsageProblem, exercise_named, isolation_option, language_option,
                               make_console, warn_progress_reset, workspace_option)
from grader.i18n import choose_language, localised, translate


@main.command("list")
@workspace_option
@language_option
def list_command(workspace: Path, lang: str | None):
    """The exercises in teaching order, with your status and best score."""
    from rich.table import Table

    from grader.progress import Progress
    from grader.workspace import locate

    language = choose_language(lang)
    progress = Progress.open()
    done = progress.summary(workspace.resolve())
    table = Table(show_edge=False)
    for column in ("exercise", "title", "file", "status", "best"):
        table.add_column(translate(f"ui.column.{column}", language))
    for exercise in registry.exercises():
        record = done.get(exercise.id)
        path = locate(exercise, workspace)
        if not path.is_file():
            status = f"[yellow]{translate('ui.list.no_file', language)}[/]"
        elif record is None:
            status = translate("ui.list.unchecked", language)
        elif not record["started"]:
            status = f"[yellow]{translate('ui.status.not_started', language)}[/]"
        elif record["best"] >= exercise.max_score:
            status = f"[green]{translate('ui.list.passed', language)}[/]"
        else:
            status = translate("ui.list.in_progress", language)
        best = f"{record['best']}/{exercise.max_score}" if record else f"–/{exercise.max_score}"
        table.add_row(exercise.id, localised(exercise.title, language), str(path), status, best)
    console = make_console()
    console.print(table)
    warn_progress_reset(progress, language)


@main.command("check")
@click.argument("exercise", required=False)
@click.option("--file", "file_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Grade this one file instead of the workspace's.")
@workspace_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--seed", type=int, default=None, help="Grade other cases (default: the visible set, seed 0).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Seconds each call of your code may take (default 5).")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks and what your code printed.")
@isolation_option("Run your code isolated from your files and network where this system allows it (auto), "
                  "or as a plain process (none).", choices=("auto", "none"))
@language_option
def check_command(exercise, file_path, workspace, output_format, seed, timeout, verbose, isolation, lang):
    """Grade EXERCISE (exercise1…exercise5, or 1…5), or every exercise when none is given."""
    from grader.grading import VISIBLE_SEED, grade_submission
    from grader.progress import Progress
    from grader.sandbox import isolation as isolation_backends
    from grader.sandbox.runner import Limits
    from grader.workspace import locate

    language = choose_language(lang)
    seed = VISIBLE_SEED if seed is None else seed
    limits = Limits() if timeout is None else Limits(call_timeout=timeout)
    if file_path is not None:
        chosen = exercise_named(exercise, language) if exercise else registry.for_file_name(file_path.name)
        if chosen is None:
            raise UsageProblem(translate("cli.cannot_tell_exercise", language, path=file_path))
        if not file_path.is_file():
            raise UsageProblem(translate("cli.file_missing", language, path=file_path))
        targets = [(chosen, file_path)]
    elif exercise:
        chosen = exercise_named(exercise, language)
        path = locate(chosen, workspace)
        if not path.is_file():
            raise UsageProblem(translate("cli.file_missing_in_workspace", language, path=path, workspace=workspace))
        targets = [(chosen, path)]
    else:
        targets = [(e, locate(e, workspace)) for e in registry.exercises()]
        if not any(path.is_file() for _, path in targets):
            raise UsageProblem(translate("cli.empty_workspace", language, workspace=workspace.resolve()))

    # auto: no probe; the sandbox falls back by itself where isolation cannot start (a check must stay fast)
    chosen_isolation = isolation_backends.optimistic() if isolation == "auto" else isolation_backends.detect("none")
    results = grade_submission(targets, seed=seed, limits=limits, isolation=chosen_isolation)

    progress = Progress.open()
    if file_path is None:  # progress belongs to the workspace, not to files checked on the side
        for (chosen, path), result in zip(targets, results):
            if path.is_file():
                progress.record(workspace.resolve(), result.exercise, seed, result.score, result.max_score,
                                started=not result.not_started)
    _render_check(results, language, output_format, verbose, single=bool(exercise or file_path))
    if output_format == "text":
        warn_progress_reset(progress, language)
    sys.exit(0 if all(r.passed for r in results) else EXIT_FAILED)


def _render_check(results, language, output_format, verbose, single):
    from grader import render

    if output_format == "json":
        payload = render.exercise_to_json(results[0], language) if single else render.all_to_json(results, language)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    console = make_console()
    if single:
        console.print(render.exercise_report(results[0], language, verbose))
        return
    console.print(render.summary_table(results, language))
    if verbose:
        for result in results:
            console.print(render.exercise_report(result, language, verbose))
    else:
        console.print(translate("ui.check_one_for_details", language), style="dim")


@main.command("hint")
@click.argument("exercise")
@click.option("--all", "show_all", is_flag=True, help="Show every hint revealed so far again.")
@click.option("--reset", is_flag=True, help="Hide the hints again and start from the first.")
@workspace_option
@language_option
def hint_command(exercise, show_all, reset, workspace, lang):
    """The next hint for EXERCISE, one at a time."""
    from grader.progress import Progress

    language = choose_language(lang)
    chosen = exercise_named(exercise, language)
    progress = Progress.open()
    key = workspace.resolve()
    if reset:
        progress.set_hints_revealed(key, chosen.id, 0)
        click.echo(translate("ui.hint.reset", language, exercise=chosen.id))
        return
    total = len(chosen.hints)
    revealed = progress.hints_revealed(key, chosen.id)
    if not show_all:
        revealed = min(revealed + 1, total)
        progress.set_hints_revealed(key, chosen.id, revealed)
    console = make_console()
    for number in range(1, revealed + 1):
        if show_all or number == revealed:
            console.print(f"[bold]{translate('ui.hint.heading', language, number=number, total=total)}[/]")
            console.print(localised(chosen.hints[number - 1], language), markup=False)
    if revealed >= total:
        console.print(translate("ui.hint.no_more", language, exercise=chosen.id), style="dim")
    warn_progress_reset(progress, language)


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@language_option
def init_command(directory: Path, lang):
    """Copy the exercise stubs into DIRECTORY/exercises/ (existing files are never overwritten)."""
    from grader.workspace import init

    language = choose_language(lang)
    try:
        created, kept = init(directory)
    except OSError as error:
        raise UsageProblem(translate("cli.init_failed", language, directory=directory, error=error)) from None
    for path in created:
        click.echo(translate("ui.init.created", language, path=path))
    for path in kept:
        click.echo(translate("ui.init.kept", language, path=path))
    click.echo(translate("ui.init.next", language, directory=directory))



@main.command("show")
@click.argument("exercise")
@language_option
def show_command(exercise, lang):
    """The lesson for EXERCISE: the idea, the derivation, the shapes and the common mistakes."""
    from rich.markdown import Markdown

    from grader.lessons import lesson

    language = choose_language(lang)
    chosen = exercise_named(exercise, language)
    make_console().print(Markdown(lesson(chosen.id, language)))
