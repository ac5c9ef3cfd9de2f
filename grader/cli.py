"""The `learn` command. Each command parses its options, calls the library, renders, and sets
the exit code: 0 when everything passed, 1 when a check failed, 2 for a usage error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from grader import registry
from grader.i18n import LANGUAGES, choose_language, localised, translate

EXIT_FAILED = 1
EXIT_USAGE = 2


class UsageProblem(click.ClickException):
    """One clear line on stderr and exit code 2."""

    exit_code = EXIT_USAGE


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def language_option(function):
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                        help="Language of the output (default: $BACKPROP_LAB_LANG, else the system locale).")(function)


def workspace_option(function):
    return click.option("--workspace", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                        show_default=True, help="The folder holding your exercise files.")(function)


def _exercise(name: str, language: str) -> registry.Exercise:
    try:
        return registry.get(name)
    except registry.UnknownExercise:
        known = ", ".join(e.id for e in registry.exercises())
        raise UsageProblem(translate("cli.unknown_exercise", language, name=name, known=known)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="backprop-lab")
def main():
    """backprop-lab: implement the training loop in numpy, graded against torch.autograd.

    Start with `learn list`, edit a file under exercises/, then `learn check exercise1`.
    """


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
    console = _console()
    console.print(table)
    _warn_progress_reset(progress, language)


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
@language_option
def check_command(exercise, file_path, workspace, output_format, seed, timeout, verbose, lang):
    """Grade EXERCISE (exercise1…exercise5, or 1…5), or every exercise when none is given."""
    from grader.grading import VISIBLE_SEED, grade_submission
    from grader.progress import Progress
    from grader.sandbox.runner import Limits
    from grader.workspace import locate

    language = choose_language(lang)
    seed = VISIBLE_SEED if seed is None else seed
    limits = Limits() if timeout is None else Limits(call_timeout=timeout)
    if file_path is not None:
        chosen = _exercise(exercise, language) if exercise else registry.for_file_name(file_path.name)
        if chosen is None:
            raise UsageProblem(translate("cli.cannot_tell_exercise", language, path=file_path))
        if not file_path.is_file():
            raise UsageProblem(translate("cli.file_missing", language, path=file_path))
        targets = [(chosen, file_path)]
    elif exercise:
        chosen = _exercise(exercise, language)
        path = locate(chosen, workspace)
        if not path.is_file():
            raise UsageProblem(translate("cli.file_missing_in_workspace", language, path=path, workspace=workspace))
        targets = [(chosen, path)]
    else:
        targets = [(e, locate(e, workspace)) for e in registry.exercises()]
        if not any(path.is_file() for _, path in targets):
            raise UsageProblem(translate("cli.empty_workspace", language, workspace=workspace.resolve()))

    results = grade_submission(targets, seed=seed, limits=limits)

    progress = Progress.open()
    if file_path is None:  # progress belongs to the workspace, not to files checked on the side
        for (chosen, path), result in zip(targets, results):
            if path.is_file():
                progress.record(workspace.resolve(), result.exercise, seed, result.score, result.max_score,
                                started=not result.not_started)
    _render_check(results, language, output_format, verbose, single=bool(exercise or file_path))
    if output_format == "text":
        _warn_progress_reset(progress, language)
    sys.exit(0 if all(r.passed for r in results) else EXIT_FAILED)


def _render_check(results, language, output_format, verbose, single):
    from grader import render

    if output_format == "json":
        payload = render.exercise_to_json(results[0], language) if single else render.all_to_json(results, language)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    console = _console()
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
    chosen = _exercise(exercise, language)
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
    console = _console()
    for number in range(1, revealed + 1):
        if show_all or number == revealed:
            console.print(f"[bold]{translate('ui.hint.heading', language, number=number, total=total)}[/]")
            console.print(localised(chosen.hints[number - 1], language), markup=False)
    if revealed >= total:
        console.print(translate("ui.hint.no_more", language, exercise=chosen.id), style="dim")
    _warn_progress_reset(progress, language)


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


# ----------------------------------------------------------------------------- notebooks


@main.group("nbgrader")
def nbgrader_group():
    """nbgrader courses built from the exercises."""


@nbgrader_group.command("init")
@click.argument("course", type=click.Path(file_okay=False, path_type=Path))
@click.option("--assignment", default="backprop", show_default=True)
@click.option("--exercises", "exercise_list", default=None, help="Comma-separated (default: all).")
@click.option("--force", is_flag=True, help="Overwrite the course files this command writes.")
@language_option
def nbgrader_init_command(course, assignment, exercise_list, force, lang):
    """Write an nbgrader course: nbgrader_config.py and source/ASSIGNMENT/<exercise>.ipynb, ready for
    `nbgrader generate_assignment ASSIGNMENT`."""
    from grader.notebook import NotebookError, init_course

    language = choose_language(lang)
    chosen = ([_exercise(n.strip(), language) for n in exercise_list.split(",") if n.strip()] if exercise_list
              else list(registry.exercises()))
    try:
        written = init_course(course, assignment, chosen, force=force, language=language)
    except (NotebookError, OSError) as error:
        raise UsageProblem(str(error)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"Next: cd {course} && nbgrader generate_assignment {assignment}")


@main.command("notebook")
@click.argument("exercise")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it (default: EXERCISE.ipynb here); an existing file is never overwritten.")
@language_option
def notebook_command(exercise, out, lang):
    """Write the student version of EXERCISE as a Jupyter notebook; its last cell runs `learn check`."""
    from grader.notebook import student_notebook

    language = choose_language(lang)
    chosen = _exercise(exercise, language)
    out = out or Path(f"{chosen.id}.ipynb")
    if out.exists():
        raise UsageProblem(f"{out} already exists: choose another --out")
    out.write_text(json.dumps(student_notebook(chosen, language), ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"wrote {out}")


# ----------------------------------------------------------------------------- concepts


@main.command("show")
@click.argument("exercise")
@language_option
def show_command(exercise, lang):
    """The lesson for EXERCISE: the idea, the derivation, the shapes and the common mistakes."""
    from rich.markdown import Markdown

    from grader.lessons import lesson

    language = choose_language(lang)
    chosen = _exercise(exercise, language)
    _console().print(Markdown(lesson(chosen.id, language)))


def _quiz_scope(scope: str | None, language: str) -> str | None:
    from grader.quiz import bank

    if scope is None:
        return None
    try:
        wanted = registry.get(scope).id
    except registry.UnknownExercise:
        wanted = scope
    try:
        bank.select(wanted)
    except KeyError:
        raise UsageProblem(translate("quiz.unknown_scope", language, scope=scope,
                                     topics=", ".join(bank.topics()))) from None
    return wanted


def _ask(instance, number: int, total: int, language: str, console):
    """Ask one question at the terminal; returns (parsed response, correct) or None at end of input."""
    from grader.quiz import bank

    kind = instance.question["type"]
    console.print(f"\n[bold]{translate('quiz.heading', language, number=number, total=total, topic=instance.question['topic'])}[/]")
    console.print(instance.prompt(language), markup=False)
    for index, choice in enumerate(instance.choices(language)):
        console.print(f"  {chr(ord('a') + index)}) {choice}", markup=False)
    if kind == "explain":
        click.prompt(translate("quiz.explain_prompt", language), default="", show_default=False)
        console.print(translate("quiz.model_answer", language), style="bold")
        console.print(instance.explanation(language), markup=False)
        from grader.quiz.session import key_points

        for point in key_points(instance, language):
            console.print(f"  • {point}", markup=False)
    while True:
        text = click.prompt(translate(f"quiz.prompt.{kind}", language))
        try:
            response = bank.parse_response(instance, text)
            break
        except ValueError:
            console.print(translate(f"quiz.unreadable.{kind}", language), style="yellow")
    correct = bank.is_correct(instance, response)
    if kind != "explain":
        verdict = translate("quiz.right" if correct else "quiz.wrong", language, answer=bank.answer_text(instance, language))
        console.print(verdict, style="green" if correct else "red", markup=False)
        console.print(instance.explanation(language), style="dim", markup=False)
    return response, correct


def _run_session(instances, language: str, deadline: float | None = None):
    """Ask the questions in order, recording each answer; stops at the deadline or end of input."""
    import time

    from grader.progress import Progress
    from grader.quiz.session import Answered

    console = _console()
    progress = Progress.open()
    answered = []
    for number, instance in enumerate(instances, start=1):
        if deadline is not None and time.monotonic() >= deadline:
            console.print(translate("quiz.time_up", language), style="yellow")
            break
        try:
            _, correct = _ask(instance, number, len(instances), language, console)
        except (click.Abort, EOFError):
            console.print()
            break
        progress.record_answer(instance.id, instance.question["topic"], correct)
        answered.append(Answered(instance, correct))
    _warn_progress_reset(progress, language)
    return answered, progress, console


@main.command("quiz")
@click.argument("scope", required=False)
@click.option("-n", "count", type=click.IntRange(min=1), default=10, show_default=True, help="How many questions.")
@click.option("--seed", type=int, default=None, help="Which questions and numbers (default: new every time).")
@click.option("--answers", "answers_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Mark a JSON file {\"seed\": N, \"answers\": {id: answer}} and print JSON.")
@click.option("--list", "list_only", is_flag=True, help="List the questions instead of asking them.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@language_option
def quiz_command(scope, count, seed, answers_file, list_only, output_format, lang):
    """Concept questions on a TOPIC or an EXERCISE (default: everything), one at a time."""
    import secrets

    from grader.quiz import session

    language = choose_language(lang)
    scope = _quiz_scope(scope, language)
    if list_only:
        entries = session.listing(seed, language, scope)
        if output_format == "json":
            click.echo(json.dumps(entries, ensure_ascii=False, indent=1))
        else:
            for entry in entries:
                click.echo(f"{entry['id']:<32} {entry['topic']:<26} {entry['type']}")
        return
    if answers_file is not None:
        try:
            data = json.loads(answers_file.read_text(encoding="utf-8"))
            answers, file_seed = data["answers"], int(data.get("seed", 0 if seed is None else seed))
            if not isinstance(answers, dict):
                raise TypeError
        except FileNotFoundError:
            raise UsageProblem(translate("cli.file_missing", language, path=answers_file)) from None
        except (ValueError, KeyError, TypeError):
            raise UsageProblem(translate("quiz.bad_answers_file", language, path=answers_file)) from None
        try:
            marked = session.grade_answers(answers, file_seed, language)
        except KeyError as error:
            raise UsageProblem(translate("quiz.unknown_question", language, id=error.args[0])) from None
        click.echo(json.dumps(marked, ensure_ascii=False, indent=1))
        sys.exit(0 if marked["score"] == marked["total"] else EXIT_FAILED)
    seed = secrets.randbelow(2**31) if seed is None else seed
    instances = session.plan_quiz(scope, count, seed)
    answered, _, console = _run_session(instances, language)
    right = sum(item.correct for item in answered)
    console.print(f"\n[bold]{translate('quiz.score', language, right=right, total=len(answered))}[/]")


@main.command("interview")
@click.option("--minutes", type=click.FloatRange(min=0.1), default=20, show_default=True)
@click.option("--seed", type=int, default=None)
@language_option
def interview_command(minutes, seed, lang):
    """A timed, mixed session of concept questions and "explain it" cards: what is due for review
    or was missed before comes first; it ends with your weakest topics and what to study next."""
    import secrets
    import time

    from grader.progress import Progress
    from grader.quiz import session

    language = choose_language(lang)
    seed = secrets.randbelow(2**31) if seed is None else seed
    instances = session.plan_interview(Progress.open().cards(), seed)
    console = _console()
    console.print(translate("quiz.interview_intro", language, minutes=f"{minutes:g}"))
    answered, progress, console = _run_session(instances, language, time.monotonic() + minutes * 60)
    right = sum(item.correct for item in answered)
    console.print(f"\n[bold]{translate('quiz.score', language, right=right, total=len(answered))}[/]")
    weak = session.weakest_topics(answered, progress.topic_accuracy())
    if weak:
        console.print(translate("quiz.weakest", language))
        for topic, accuracy in weak:
            console.print(f"  • {topic} ({accuracy:.0%}): {session.study_next(topic, language)}")
    elif answered:
        console.print(translate("quiz.no_weak_topic", language))


@main.command("progress")
@language_option
def progress_command(lang):
    """Your best score per exercise and your quiz mastery per topic, at a glance."""
    from rich.table import Table

    from grader.progress import Progress
    from grader.quiz import bank

    language = choose_language(lang)
    progress = Progress.open()
    best = progress.best_scores()
    console = _console()
    table = Table(title=translate("progress.exercises", language), title_justify="left", show_edge=False)
    table.add_column(translate("ui.column.exercise", language))
    table.add_column(translate("ui.column.title", language))
    table.add_column(translate("ui.column.best", language), justify="right")
    for exercise in registry.exercises():
        score = best.get(exercise.id)
        mark = " ✓" if score and score[0] >= exercise.max_score else ""
        table.add_row(exercise.id, localised(exercise.title, language),
                      f"{score[0]}/{exercise.max_score}{mark}" if score else f"–/{exercise.max_score}")
    console.print(table)
    cards = progress.cards()
    accuracy = progress.topic_accuracy()
    topics = Table(title=translate("progress.topics", language), title_justify="left", show_edge=False)
    for column in ("topic", "mastered", "seen", "accuracy"):
        topics.add_column(translate(f"progress.column.{column}", language), justify="left" if column == "topic" else "right")
    for topic in bank.topics():
        ids = [q["id"] for q in bank.select(topic)]
        seen = [cards[i] for i in ids if i in cards]
        mastered = sum(box >= 3 for box, _ in seen)
        right, given = accuracy.get(topic, (0, 0))
        topics.add_row(topic, f"{mastered}/{len(ids)}", f"{len(seen)}/{len(ids)}", f"{right / given:.0%}" if given else "–")
    console.print(topics)
    _warn_progress_reset(progress, language)


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise UsageProblem(f"--shard takes i/n, e.g. 2/4, not {value!r}") from None
    if not 1 <= index <= count:
        raise UsageProblem(f"--shard {value}: i must be between 1 and n")
    return index, count


@main.command("grade")
@click.argument("submissions", type=click.Path(path_type=Path))
@click.argument("assignment", required=False)
@click.option("--nbgrader", "nbgrader_mode", is_flag=True,
              help="SUBMISSIONS is an nbgrader course folder and ASSIGNMENT its assignment: grade the answer "
                   "cells of submitted/*/ASSIGNMENT/*.ipynb and write the scores into the gradebook.")
@click.option("--exercises", "exercise_list", default=None, help="Comma-separated, e.g. exercise1,exercise3 (default: all).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("grades.csv"), show_default=True,
              help="The CSV: one row per student.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Every check's result and message.")
@click.option("--gradescope", type=click.Path(file_okay=False, path_type=Path), help="Write DIR/<student>/results.json.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Students graded at once (default: the number of cores).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Seconds each call may take (default 5).")
@click.option("--memory", type=click.IntRange(min=128), default=None, help="Memory cap per student process in MB (default 1024).")
@click.option("--resume", is_flag=True, help="Continue the run saved next to --out: grade only who is missing.")
@click.option("--seed", type=int, default=None, help="The grading cases (default: a fresh seed no student has seen).")
@click.option("--shard", default=None, help="Grade only part i of n of the students (i/n), e.g. on n machines.")
@language_option
def grade_command(submissions, assignment, nbgrader_mode, exercise_list, out, json_path, gradescope, jobs, timeout,
                  memory, resume, seed, shard, lang):
    """Grade every student folder in SUBMISSIONS (folder name = student id) and export the grades.

    With --nbgrader: `learn grade --nbgrader COURSE_DIR ASSIGNMENT`.
    """
    import os
    import tempfile

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from grader import batch, export
    from grader.notebook import NotebookError  # stdlib only: cheap even without --nbgrader
    from grader.sandbox.runner import Limits

    language = choose_language(lang)
    if exercise_list:
        chosen = [_exercise(name.strip(), language) for name in exercise_list.split(",") if name.strip()]
    else:
        chosen = list(registry.exercises())
    shard_spec = _parse_shard(shard)
    if shard_spec is not None and seed is None:
        raise UsageProblem("--shard needs --seed, so that every shard grades the same cases")
    limits = Limits(**{k: v for k, v in (("call_timeout", timeout), ("memory_mb", memory)) if v is not None})
    if nbgrader_mode != (assignment is not None):
        raise UsageProblem("an ASSIGNMENT goes with --nbgrader: learn grade --nbgrader COURSE_DIR ASSIGNMENT")
    workdir = tempfile.TemporaryDirectory(prefix="backprop-lab-nbgrader-")
    problems: list[str] = []
    try:
        if nbgrader_mode:
            from grader import notebook

            chosen = [e for e in chosen if (submissions / "source" / assignment / f"{e.id}.ipynb").exists()]
            if not chosen:
                raise UsageProblem(f"{submissions / 'source' / assignment} has no exercise notebooks")
            found, problems = notebook.nbgrader_students(submissions, assignment, chosen, Path(workdir.name))
            seed = notebook.grading_seed() if seed is None else seed  # the test cells' cases
            for problem in problems:
                click.echo(problem, err=True)
        else:
            found = batch.discover(submissions, chosen)
        students = batch.shard_of(found, shard_spec)
        state = batch.state_dir_for(out)
        run = batch.open_run(state, exercises=tuple(e.id for e in chosen), seed=seed, resume=resume)
    except (batch.BatchError, NotebookError, OSError) as error:
        raise UsageProblem(str(error)) from None

    console = Console(stderr=True, highlight=False)
    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("grading", total=len(students), rate="")

        def done(record):
            progress.advance(task)
            elapsed = progress.tasks[task].elapsed or 0
            completed = progress.tasks[task].completed
            progress.update(task, rate=f"{completed / elapsed:.1f} students/s" if elapsed else "")

        records = batch.grade_class(students, run, state, limits=limits, jobs=jobs or os.cpu_count() or 1,
                                    language=language, on_done=done)
    workdir.cleanup()
    ordered = [records[student.id] for student in students]
    names = [e.id for e in chosen]
    if nbgrader_mode:
        from grader.notebook import write_gradebook

        try:
            write_gradebook(submissions, assignment, ordered)
        except NotebookError as error:
            raise UsageProblem(str(error)) from None
    export.write_csv(ordered, names, out)
    if json_path:
        export.write_json(ordered, run.seed, json_path)
    if gradescope:
        export.write_gradescope(ordered, gradescope)
    _print_grade_summary(export.summary(ordered, names), out, run.seed)
    if nbgrader_mode and problems:
        sys.exit(EXIT_FAILED)  # every grade is written; the unreadable notebooks were named above


def _print_grade_summary(summary: dict, out: Path, seed: int) -> None:
    from rich.table import Table

    console = _console()
    statuses = ", ".join(f"{count} {status}" for status, count in sorted(summary["statuses"].items()))
    console.print(f"{summary['students']} students ({statuses}), seed {seed}; grades in {out}")
    table = Table(show_edge=False)
    table.add_column("exercise")
    table.add_column("mean score", justify="right")
    table.add_column("not handed in", justify="right")
    table.add_column("did not run to an answer", justify="left")
    for exercise, (mean, maximum) in summary["means"].items():
        reasons = summary["reasons"].get(exercise, {})
        failed = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items()) if reason != "missing")
        table.add_row(exercise, f"{mean:.2f}/{maximum}", str(reasons.get("missing", 0)), failed or "–")
    console.print(table)


def _warn_progress_reset(progress, language):
    if progress.reset_from is not None:
        click.echo(translate("ui.progress_reset", language, path=progress.reset_from), err=True)


if __name__ == "__main__":
    main()
