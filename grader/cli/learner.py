"""Commands for a learner working through the exercises: list, check, hint, init, show."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from grader.cli import main
from grader.cli.common import (EXIT_FAILED, UsageProblem, check_destination, echo_json, exercise_named,
                               exercises_epilog, isolation_option, language_option, make_console,
                               warn_progress_reset, workspace_option)
from grader.i18n import choose_language, localised, translate


@main.command("list")
@workspace_option
@language_option
def list_command(workspace: Path, lang: str | None):
    """The exercises in teaching order, with your status and best score in this workspace."""
    from grader.progress import Progress

    language = choose_language(lang)
    progress = Progress.open()
    make_console().print(standings_table(workspace, progress, language))
    warn_progress_reset(progress, language)


def standings_table(workspace: Path, progress, language: str, *, files: bool = True, title: str | None = None):
    """Where the learner stands on each exercise of ``workspace``: `learn list` and `learn progress`
    show the same thing (files: with the file column)."""
    from rich.table import Table

    from grader.workspace import standings

    styles = {"no_file": "yellow", "not_started": "yellow", "passed": "green"}
    table = Table(show_edge=False, title=title, title_justify="left")
    for column in ("exercise", "title", "file", "status", "best"):
        if files or column != "file":
            table.add_column(translate(f"ui.column.{column}", language))
    for standing in standings(workspace, progress.summary(workspace.resolve())):
        exercise = standing.exercise
        status = translate(f"ui.standing.{standing.state}", language)
        if standing.state in styles:
            status = f"[{styles[standing.state]}]{status}[/]"
        best = f"{'–' if standing.best is None else standing.best}/{exercise.max_score}"
        cells = [exercise.id, localised(exercise.title, language), str(standing.path), status, best]
        table.add_row(*(cells if files else cells[:2] + cells[3:]))
    return table


def other_workspaces_note(workspace: Path, progress, language: str) -> str | None:
    """A line naming the other folders where exercises were checked, with how many pass there."""
    from grader.workspace import PASSED, elsewhere

    others = [f"{folder} ({sum(s.state == PASSED for s in current)}/{len(current)})"
              for folder, current in elsewhere(progress, workspace)]
    return translate("ui.other_workspaces", language, workspaces=", ".join(others)) if others else None


@main.command("check", epilog=exercises_epilog())
@click.argument("exercise", required=False)
@click.option("--file", "file_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Grade this one file instead of the workspace's.")
@workspace_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--seed", type=int, default=None, help="Grade other cases (default: the visible set, seed 0).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Seconds each call of your code may take (default 5).")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks and what your code printed.")
@click.option("--explain", is_flag=True,
              help="After each mistake the grader names, show its correction: the right formula or convention. "
                   "Without it you get the mistake and the hint that teaches it, never the fix.")
@click.option("--case", "case_spec", metavar="CHECK[:N]", default=None,
              help="Print case N of CHECK (default: the one that failed) as Python you can paste and run: "
                   "its inputs, the call of your function and torch's answer.")
@click.option("--dump", "dump_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Save that case (without --case: the first failing one) to FILE (.npz): every input "
                   "under its name and torch's answer as 'expected'.")
@isolation_option("Run your code isolated from your files and network where this system allows it (auto), "
                  "or as a plain process (none).", choices=("auto", "none"))
@language_option
def check_command(exercise, file_path, workspace, output_format, seed, timeout, verbose, explain, case_spec,
                  dump_path, isolation, lang):
    """Grade EXERCISE, or every exercise when none is given."""
    from grader.progress import Progress
    from grader.sandbox import isolation as isolation_backends
    from grader.sandbox.runner import Limits, Sandbox
    from grader.workspace import NothingToCheck, files_to_check

    language = choose_language(lang)
    limits = Limits() if timeout is None else Limits(call_timeout=timeout)
    if (case_spec or dump_path) and not (exercise or file_path):
        raise UsageProblem(translate("cli.case_needs_one_exercise", language))
    if dump_path is not None:
        check_destination(dump_path, language, option="--dump", example="case.npz")
    try:
        targets = files_to_check(workspace, exercise_named(exercise, language) if exercise else None, file_path)
    except NothingToCheck as nothing:
        raise UsageProblem(translate(nothing.message, language)) from None

    # The child starts now, before this process imports numpy and the checks: the two start up
    # side by side (about 0.1 s of a warm check). auto: no probe; the sandbox falls back by itself
    # where isolation cannot start (a check must stay fast).
    chosen_isolation = isolation_backends.optimistic() if isolation == "auto" else isolation_backends.detect("none")
    sandbox = Sandbox({e.id: path for e, path in targets if path.is_file()}, limits, chosen_isolation)
    sandbox.start()
    try:
        from grader.grading import VISIBLE_SEED, grade_submission

        seed = VISIBLE_SEED if seed is None else seed
        wanted = _parse_case(case_spec, targets[0][0], seed, language) if case_spec else None
    except BaseException:
        sandbox.close()
        raise
    results = grade_submission(targets, seed=seed, limits=limits, sandbox=sandbox)

    progress = Progress.open()
    if file_path is None:  # progress belongs to the workspace, not to files checked on the side
        for (_, path), result in zip(targets, results):
            if path.is_file():  # checking every exercise grades missing files too: not an attempt
                progress.record_result(workspace.resolve(), result)
    single = bool(exercise or file_path)
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
                   report=None if case_spec else reproduce, explain=explain)
    else:
        _render_check(results, language, output_format, verbose, single, reproduce=reproduce, explain=explain)
    if output_format == "text":
        if file_path is None:
            _print_next_step(workspace, progress, results[0] if single else None, language)
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


def _show_case(exercise, path, result, seed, wanted, dump_path, language, output_format, report, explain=False):
    """Print one case as a Python snippet (--case), or save it (--dump) after the usual report."""
    from grader import reproduce
    from grader.files import write_atomically
    from grader.grading import case_set, parameter_names

    shown = reproduce.case_to_show(result, wanted)
    if shown is None:
        raise UsageProblem(translate("cli.nothing_failed", language, exercise=exercise.id))
    name, number = shown
    checks, cases, answers = case_set(exercise, seed)
    check = next(c for c in checks if c.name == name)
    case, answer, parameters = cases[name][number - 1], answers[name][number - 1], parameter_names(path)
    payload = {"exercise": exercise.id, "check": name, "case": number, "seed": seed}
    if dump_path is not None:
        data, keys = reproduce.npz_bytes(exercise.id, check, case, number, seed, answer, parameters)
        try:
            write_atomically(dump_path, data)
        except OSError as error:
            raise UsageProblem(translate("cli.dump_failed", language, path=dump_path, error=error)) from None
        payload.update(dumped=str(dump_path), keys=keys)
    if report is None:
        payload["snippet"] = reproduce.snippet(exercise.id, path, check, case, number, len(cases[name]), seed,
                                               answer, parameters)
    if output_format == "json":
        if report is not None:
            from grader.render import exercise_to_json

            payload["result"] = exercise_to_json(result, language, explain)
        echo_json(payload)
        return
    if report is not None:
        _render_check([result], language, "text", False, single=True, reproduce=report, explain=explain)
    else:
        click.echo(payload["snippet"], nl=False)
    if dump_path is not None:
        click.echo(translate("ui.dumped", language, check=name, case=number, path=dump_path,
                             keys=", ".join(payload["keys"])))


def _render_check(results, language, output_format, verbose, single, reproduce=None, explain=False):
    from grader import render

    if output_format == "json":
        payload = (render.exercise_to_json(results[0], language, explain) if single
                   else render.all_to_json(results, language, explain))
        echo_json(payload)
        return
    console = make_console()
    if single:
        console.print(render.exercise_report(results[0], language, verbose, reproduce=reproduce, explain=explain),
                      crop=False)
        return
    console.print(render.summary_table(results, language))
    if verbose or explain:
        for result in results:
            console.print(render.exercise_report(result, language, verbose, explain=explain))


def _print_next_step(workspace: Path, progress, checked, language: str) -> None:
    """The progress line after a check: how many exercises pass, and what to do next."""
    from grader import render
    from grader.workspace import next_step, passed_count, standings

    current = standings(workspace, progress.summary(workspace.resolve()))
    make_console().print(render.next_step(passed_count(current), next_step(current, checked), language))


@main.command("hint", epilog=exercises_epilog())
@click.argument("exercise")
@click.argument("function", required=False)
@click.option("--all", "show_all", is_flag=True, help="Show again the hints revealed so far (of FUNCTION, or of all).")
@click.option("--reset", is_flag=True, help="Hide the hints again (of FUNCTION, or of all) and start from the first.")
@workspace_option
@language_option
def hint_command(exercise, function, show_all, reset, workspace, lang):
    """The next hint for FUNCTION of EXERCISE, one rung at a time: the idea, the formula, the recipe, the code.

    Without FUNCTION: the function of the first check that failed in your last `learn check`.
    """
    from grader import hints
    from grader.progress import Progress

    language = choose_language(lang)
    chosen = exercise_named(exercise, language)
    if function is not None:
        try:
            function = hints.function_named(chosen, function)
        except hints.UnknownFunction:
            raise UsageProblem(translate("cli.unknown_function", language, exercise=chosen.id, name=function,
                                         functions=", ".join(chosen.functions))) from None
    progress = Progress.open()
    key = workspace.resolve()
    console = make_console()
    if reset:
        hints.hide(chosen, progress, key, function)
        click.echo(translate("ui.hint.reset" if function is None else "ui.hint.reset_function", language,
                             exercise=chosen.id, function=function))
    elif show_all:
        shown = hints.revealed_so_far(chosen, progress, key, function)
        for rung in shown:
            _print_rung(console, rung, language)
        if not shown:
            console.print(translate("ui.hint.none_yet", language, target=function or chosen.id,
                                    command=chosen.id if function is None else f"{chosen.id} {function}"),
                          style="dim", markup=False)
    else:
        show_hints(progress, key, chosen, language, console, function)
    warn_progress_reset(progress, language)


def show_hints(progress, workspace_key: Path, exercise, language: str, console, function: str | None = None) -> None:
    """Reveal the next rung of ``function``'s hint ladder and print it; without a function, of the
    ladder of the function where the last check first failed (learn hint, and `h` in learn watch)."""
    from grader import hints

    def say(message: str, **params):
        console.print(translate(message, language, exercise=exercise.id, **params), style="dim", markup=False)

    if function is None:
        start = hints.starting_point(exercise, progress, workspace_key)
        function = start.function
        if start.failed_check:
            say("ui.hint.from_failed_check", check=start.failed_check, function=function)
        else:
            say("ui.hint.from_first_function", function=function)
        others = [name for name in exercise.functions if name != function]
        if others:
            say("ui.hint.other_functions", others=", ".join(others))
    rung = hints.reveal_next(exercise, function, progress, workspace_key)
    _print_rung(console, rung, language)
    if rung.is_last:
        say("ui.hint.no_more", function=function)
    else:
        say("ui.hint.next_is_code" if rung.next_level == "code" else "ui.hint.next", function=function,
            number=rung.number + 1, total=rung.total, level=translate(f"ui.hint.level.{rung.next_level}", language))


def _print_rung(console, rung, language):
    level = translate(f"ui.hint.level.{rung.rung.level}", language)
    heading = translate("ui.hint.heading", language, function=rung.function, number=rung.number,
                        total=rung.total, level=level)
    console.print(f"\n{heading}", style="bold", markup=False)
    # Code keeps its lines as written: wrapping it would break the indentation.
    console.print(localised(rung.rung.text, language), markup=False, soft_wrap=rung.rung.level == "code")


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@language_option
def init_command(directory: Path, lang):
    """Copy the exercise stubs, their docstrings and TODOs in your language, into DIRECTORY/exercises/
    (existing files are never overwritten)."""
    from grader.workspace import init

    language = choose_language(lang)
    try:
        created, kept = init(directory, language)
    except OSError as error:
        raise UsageProblem(translate("cli.init_failed", language, directory=directory, error=error)) from None
    for path in created:
        click.echo(translate("ui.init.created", language, path=path))
    for path in kept:
        click.echo(translate("ui.init.kept", language, path=path))
    click.echo(translate("ui.init.next", language, directory=directory))
    if language != choose_language():  # --lang chose it: say how every command can speak it
        from grader.i18n import LANG_ENV

        click.echo(translate("ui.init.keep_language", language, variable=LANG_ENV, code=language,
                             name=translate(f"ui.language.{language}", language)))



@main.command("reset", epilog=exercises_epilog())
@click.argument("exercise")
@workspace_option
@language_option
def reset_command(exercise, workspace, lang):
    """Start EXERCISE again: put its stub (in your language) back, after keeping your file in
    WORKSPACE/backups/.

    Earlier attempts stay in the history, but the exercise counts as not checked yet and its hints
    are hidden again. A file that is already an unchanged stub is left alone (exit 0).
    """
    from grader.progress import Progress
    from grader.workspace import NothingToReset, reset

    language = choose_language(lang)
    chosen = exercise_named(exercise, language)
    try:
        restored = reset(chosen, workspace, language=language)
    except NothingToReset as nothing:
        click.echo(translate("ui.reset.nothing", language, exercise=chosen.id, path=nothing.args[0]))
        return
    except OSError as error:
        raise UsageProblem(translate("ui.reset.failed", language, exercise=chosen.id, error=error)) from None
    if restored.backup is None:
        click.echo(translate("ui.reset.created", language, exercise=chosen.id, path=restored.path))
    else:
        click.echo(translate("ui.reset.done", language, exercise=chosen.id, path=restored.path,
                             backup=restored.backup))
    progress = Progress.open()
    progress.reset(workspace.resolve(), chosen.id)
    click.echo(translate("ui.reset.progress", language, exercise=chosen.id))
    warn_progress_reset(progress, language)


@main.command("show", epilog=exercises_epilog())
@click.argument("exercise")
@language_option
def show_command(exercise, lang):
    """The lesson for EXERCISE: the idea, the derivation, the shapes and the common mistakes."""
    from rich.markdown import Markdown

    from grader.registry import lesson

    language = choose_language(lang)
    chosen = exercise_named(exercise, language)
    make_console().print(Markdown(lesson(chosen.id, language)))
