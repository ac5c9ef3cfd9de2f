"""Commands for instructors: grading a class, nbgrader courses, notebooks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from grader import registry
from grader.cli import main
from grader.cli.common import (EXIT_FAILED, UsageProblem, exercise_named, isolation_option, language_option,
                               make_console)
from grader.i18n import choose_language, translate


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
    from grader.notebook.build import NotebookError
    from grader.notebook.course import init_course

    language = choose_language(lang)
    chosen = ([exercise_named(n.strip(), language) for n in exercise_list.split(",") if n.strip()] if exercise_list
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
    """Write EXERCISE as a Jupyter notebook to work in: the lesson, one cell per function (each
    followed by a scratch cell, not graded) and a last cell that checks your work like `learn check`
    and records it in the progress of the notebook's folder (`learn list` there shows it)."""
    from grader.notebook.build import student_notebook

    language = choose_language(lang)
    chosen = exercise_named(exercise, language)
    out = out or Path(f"{chosen.id}.ipynb")
    if out.exists():
        raise UsageProblem(translate("ui.notebook.exists", language, path=out))
    out.write_text(json.dumps(student_notebook(chosen, language), ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(translate("ui.notebook.wrote", language, path=out))


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
@click.option("--memory", type=click.IntRange(min=128), default=None,
              help="Memory cap per student in MB, all their processes together (default 1024).")
@isolation_option("How student code is isolated: the best available (auto), the best or refuse to run "
                  "(strict), one backend, or none.")
@click.option("--resume", is_flag=True, help="Continue the run saved next to --out: grade only who is missing.")
@click.option("--seed", type=int, default=None, help="The grading cases (default: a fresh seed no student has seen).")
@click.option("--shard", default=None, help="Grade only part i of n of the students (i/n), e.g. on n machines.")
@language_option
def grade_command(submissions, assignment, nbgrader_mode, exercise_list, out, json_path, gradescope, jobs, timeout,
                  memory, isolation, resume, seed, shard, lang):
    """Grade every student folder in SUBMISSIONS (folder name = student id) and export the grades.

    With --nbgrader: `learn grade --nbgrader COURSE_DIR ASSIGNMENT`.
    """
    import os
    import tempfile

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from grader import batch, export
    from grader.notebook.build import NotebookError  # stdlib only: cheap even without --nbgrader
    from grader.sandbox import isolation as isolation_backends
    from grader.sandbox import system
    from grader.sandbox.runner import Limits

    language = choose_language(lang)
    if exercise_list:
        chosen = [exercise_named(name.strip(), language) for name in exercise_list.split(",") if name.strip()]
    else:
        chosen = list(registry.exercises())
    shard_spec = _parse_shard(shard)
    if shard_spec is not None and seed is None:
        raise UsageProblem("--shard needs --seed, so that every shard grades the same cases")
    limits = Limits(**{k: v for k, v in (("call_timeout", timeout), ("memory_mb", memory)) if v is not None})
    if nbgrader_mode != (assignment is not None):
        raise UsageProblem("an ASSIGNMENT goes with --nbgrader: learn grade --nbgrader COURSE_DIR ASSIGNMENT")
    # Before anything is written or run: student code must not read this process's memory,
    # environment or pipes through /proc, and --isolation strict refuses to start without isolation.
    system.make_undumpable()
    try:
        chosen_isolation = isolation_backends.detect(isolation)
    except isolation_backends.IsolationUnavailable as error:
        raise UsageProblem(str(error)) from None
    click.echo(chosen_isolation.summary(), err=True)
    workdir = tempfile.TemporaryDirectory(prefix="backprop-lab-nbgrader-")
    problems: list[str] = []
    try:
        if nbgrader_mode:
            from grader.notebook import course, kernel

            chosen = [e for e in chosen if (submissions / "source" / assignment / f"{e.id}.ipynb").exists()]
            if not chosen:
                raise UsageProblem(f"{submissions / 'source' / assignment} has no exercise notebooks")
            found, problems = course.nbgrader_students(submissions, assignment, chosen, Path(workdir.name))
            if seed is None:  # the test cells' cases
                seed, secret = course.course_seed(submissions)
                if not secret:
                    click.echo(f"warning: grading with the default seed {seed}, whose cases any student can compute "
                               f"with this package: set {kernel.GRADING_SEED_ENV} to a secret number for nbgrader "
                               f"autograde and learn grade alike (`learn nbgrader init` writes one into "
                               f"nbgrader_config.py)", err=True)
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
                                    language=language, on_done=done, isolation=chosen_isolation)
    workdir.cleanup()
    ordered = [records[student.id] for student in students]
    names = [e.id for e in chosen]
    if nbgrader_mode:
        from grader.notebook.course import write_gradebook

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

    console = make_console()
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

