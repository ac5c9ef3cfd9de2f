"""Commands for a learner working through the exercises: list, check, hint, init, show."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import click

from grader import registry
from grader.cli import main
from grader.cli.common import (EXIT_FAILED, UsageProblem, exercise_named, language_option, make_console,
                               warn_progress_reset, workspace_option)
from grader.i18n import choose_language, localised, translate


@main.command("list")
@workspace_option
@language_option
def list_command(workspace: Path, lang: str | None):
    """The exercises in teaching order, with your status and best score."""
    from rich.table import Table

    from grader.progress import Progress
    from grader.workspace import standings

    language = choose_language(lang)
    progress = Progress.open()
    styles = {"no_file": "yellow", "not_started": "yellow", "passed": "green"}
    table = Table(show_edge=False)
    for column in ("exercise", "title", "file", "status", "best"):
        table.add_column(translate(f"ui.column.{column}", language))
    for standing in standings(workspace, progress.summary(workspace.resolve())):
        exercise = standing.exercise
        status = translate(f"ui.standing.{standing.state}", language)
        if standing.state in styles:
            status = f"[{styles[standing.state]}]{status}[/]"
        best = f"{'–' if standing.best is None else standing.best}/{exercise.max_score}"
        table.add_row(exercise.id, localised(exercise.title, language), str(standing.path), status, best)
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
@click.option("--case", "case_spec", metavar="CHECK[:N]", default=None,
              help="Print case N of CHECK (default: the one that failed) as Python you can paste and run: "
                   "its inputs, the call of your function and torch's answer.")
@click.option("--dump", "dump_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Save that case (without --case: the first failing one) to FILE (.npz): every input "
                   "under its name and torch's answer as 'expected'.")
@language_option
def check_command(exercise, file_path, workspace, output_format, seed, timeout, verbose, case_spec, dump_path, lang):
    """Grade EXERCISE (exercise1…exercise5, or 1…5), or every exercise when none is given."""
    from grader.grading import VISIBLE_SEED, grade_submission
    from grader.progress import Progress
    from grader.sandbox.runner import Limits
    from grader.workspace import locate

    language = choose_language(lang)
    seed = VISIBLE_SEED if seed is None else seed
    limits = Limits() if timeout is None else Limits(call_timeout=timeout)
    if (case_spec or dump_path) and not (exercise or file_path):
        raise UsageProblem(translate("cli.case_needs_one_exercise", language))
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

    wanted = _parse_case(case_spec, targets[0][0], seed, language) if case_spec else None
    results = grade_submission(targets, seed=seed, limits=limits)

    progress = Progress.open()
    if file_path is None:  # progress belongs to the workspace, not to files checked on the side
        for (chosen, path), result in zip(targets, results):
            if path.is_file():
                progress.record(workspace.resolve(), result.exercise, seed, result.score, result.max_score,
                                started=not result.not_started)
    exit_code = 0 if all(r.passed for r in results) else EXIT_FAILED

    def reproduce(check) -> str:
        """The command that shows this check's failing case on its own: the one that was run, narrowed."""
        words = ["learn", "check", targets[0][0].id]
        if file_path is not None:
            words += ["--file", str(file_path)]
        elif workspace != Path("."):
            words += ["--workspace", str(workspace)]
        if seed != VISIBLE_SEED:
            words += ["--seed", str(seed)]
        return shlex.join(words + ["--case", f"{check.name}:{check.case}"])

    if case_spec or dump_path:
        (chosen, path), result = targets[0], results[0]
        _show_case(chosen, path, result, seed, wanted, dump_path, language, output_format,
                   report=None if case_spec else reproduce)
    else:
        _render_check(results, language, output_format, verbose, single=bool(exercise or file_path),
                      reproduce=reproduce)
    if output_format == "text":
        warn_progress_reset(progress, language)
    sys.exit(exit_code)


def _parse_case(spec: str, exercise, seed: int, language) -> tuple[str, int | None]:
    """'softmax_stability:2' -> ('softmax_stability', 2); the number is optional. Checked before
    anything is graded: the cases are drawn with numpy alone."""
    name, _, number = spec.partition(":")
    checks = {check.name: check for check in exercise.implementations()}
    if name not in checks:
        raise UsageProblem(translate("cli.unknown_check", language, exercise=exercise.id, name=name,
                                     known=", ".join(checks)))
    count = len(checks[name].cases(seed))
    if number and not (number.isdigit() and 1 <= int(number) <= count):
        raise UsageProblem(translate("cli.case_out_of_range", language, check=name, count=count, number=number))
    return name, int(number) if number else None


def _show_case(exercise, path, result, seed, wanted, dump_path, language, output_format, report):
    """Print one case as a Python snippet (--case), or save it (--dump) after the usual report."""
    from grader import reproduce
    from grader.grading import case_set, parameter_names

    if wanted is not None:
        name, number = wanted
        graded = next(c for c in result.checks if c.name == name)
        number = number or graded.case or 1
    else:
        failing = [c for c in result.checks if not c.passed and c.case]
        if not failing:
            raise UsageProblem(translate("cli.nothing_failed", language, exercise=exercise.id))
        name, number = failing[0].name, failing[0].case
    checks, cases, answers = case_set(exercise, seed)
    check = next(c for c in checks if c.name == name)
    case, answer, parameters = cases[name][number - 1], answers[name][number - 1], parameter_names(path)
    payload = {"exercise": exercise.id, "check": name, "case": number, "seed": seed}
    if dump_path is not None:
        data, keys = reproduce.npz_bytes(exercise.id, check, case, number, seed, answer, parameters)
        try:
            dump_path.write_bytes(data)
        except OSError as error:
            raise UsageProblem(translate("cli.dump_failed", language, path=dump_path, error=error)) from None
        payload.update(dumped=str(dump_path), keys=keys)
    if report is None:
        payload["snippet"] = reproduce.snippet(exercise.id, path, check, case, number, len(cases[name]), seed,
                                               answer, parameters)
    if output_format == "json":
        if report is not None:
            from grader.render import exercise_to_json

            payload["result"] = exercise_to_json(result, language)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if report is not None:
        _render_check([result], language, "text", False, single=True, reproduce=report)
    else:
        click.echo(payload["snippet"], nl=False)
    if dump_path is not None:
        click.echo(translate("ui.dumped", language, check=name, case=number, path=dump_path,
                             keys=", ".join(payload["keys"])))


def _render_check(results, language, output_format, verbose, single, reproduce=None):
    from grader import render

    if output_format == "json":
        payload = render.exercise_to_json(results[0], language) if single else render.all_to_json(results, language)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    console = make_console()
    if single:
        console.print(render.exercise_report(results[0], language, verbose, reproduce=reproduce), crop=False)
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

    from grader.registry import lesson

    language = choose_language(lang)
    chosen = exercise_named(exercise, language)
    make_console().print(Markdown(lesson(chosen.id, language)))
