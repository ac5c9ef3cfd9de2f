"""Commands for instructors: grading a class, nbgrader courses, notebooks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli import main
from grader.cli.common import (EXIT_FAILED, UsageProblem, exercise_named, exercises_epilog, exercises_named,
                               isolation_option, language_option, make_console)
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
    chosen = exercises_named(exercise_list, language)
    try:
        written = init_course(course, assignment, chosen, force=force, language=language)
    except (NotebookError, OSError) as error:
        raise UsageProblem(str(error)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"Next: cd {course} && nbgrader generate_assignment {assignment}")


@main.command("notebook", epilog=exercises_epilog())
@click.argument("exercise")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it (default: EXERCISE.ipynb here); an existing file is never overwritten.")
@language_option
def notebook_command(exercise, out, lang):
    """Write EXERCISE as a Jupyter notebook to work in: the lesson, one cell per function (each
    followed by a scratch cell, not graded) and a last cell that checks your work like `learn check`
    and records it in the progress of the notebook's folder (`learn list` there shows it)."""
    from grader.notebook.build import student_notebook, write_notebook

    language = choose_language(lang)
    chosen = exercise_named(exercise, language)
    out = out or Path(f"{chosen.id}.ipynb")
    if out.exists():
        raise UsageProblem(translate("ui.notebook.exists", language, path=out))
    write_notebook(out, student_notebook(chosen, language))
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
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from grader import batch, render
    from grader.sandbox.isolation import IsolationUnavailable
    from grader.sandbox.runner import Limits

    language = choose_language(lang)
    chosen = exercises_named(exercise_list, language)
    shard_spec = _parse_shard(shard)
    if shard_spec is not None and seed is None:
        raise UsageProblem("--shard needs --seed, so that every shard grades the same cases")
    limits = Limits(**{k: v for k, v in (("call_timeout", timeout), ("memory_mb", memory)) if v is not None})
    if nbgrader_mode != (assignment is not None):
        raise UsageProblem("an ASSIGNMENT goes with --nbgrader: learn grade --nbgrader COURSE_DIR ASSIGNMENT")
    try:
        chosen_isolation = batch.choose_isolation(isolation)
    except IsolationUnavailable as error:
        raise UsageProblem(str(error)) from None
    click.echo(chosen_isolation.summary(), err=True)

    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())
    progress = Progress(*columns, console=Console(stderr=True, highlight=False), transient=True)

    def start(students: int, notices: tuple[str, ...]) -> None:
        for notice in notices:  # a public seed; unreadable notebooks, graded as not handed in
            click.echo(notice, err=True)
        progress.add_task("grading", total=students, rate="")
        progress.start()

    def done(record) -> None:
        (task,) = progress.tasks
        progress.advance(task.id)
        progress.update(task.id, rate=f"{task.completed / task.elapsed:.1f} students/s" if task.elapsed else "")

    try:
        graded = batch.grade(submissions, out=out, isolation=chosen_isolation, exercises=chosen, assignment=assignment,
                             json_path=json_path, gradescope=gradescope, seed=seed, resume=resume, shard=shard_spec,
                             jobs=jobs, limits=limits, language=language, on_start=start, on_done=done)
    except batch.BatchError as error:
        raise UsageProblem(str(error)) from None
    finally:
        progress.stop()
    make_console().print(render.class_summary(graded.summary, out, graded.seed, language))
    if graded.problems:
        sys.exit(EXIT_FAILED)  # every grade is written; the unreadable notebooks were named above
