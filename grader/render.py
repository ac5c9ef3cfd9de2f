"""Renderers: result objects in, text (rich renderables) or JSON-able dicts out. Nothing prints."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text as RichText

from grader import registry
from grader.i18n import localised, translate
from grader.records import ClassSummary
from grader.results import MISSING, NOT_STARTED, PASSED, SKIPPED, CheckResult, ExerciseResult, Text

_STATUS_STYLE = {PASSED: "green", "not_started": "yellow", "missing": "yellow"}


# Mistakes no hint ladder teaches: changing the caller's arrays is about the call, not the maths.
_NOT_IN_A_LADDER = {"modified_input"}


def check_message(check: CheckResult, language: str, exercise: str | None = None, explain: bool = False) -> str:
    """Everything a failing check has to say, in order, as one string ('' when it passed).

    Mistakes are named, never fixed. With ``explain`` (the learner asked) each one's correction
    follows it; with ``exercise`` (a learner who can run `learn hint`) the message ends with the hint
    ladders that teach them. Class feedback (nbgrader, Gradescope, `learn grade`) passes neither."""
    lines = []
    for text in check.feedback:
        lines.append(translate(text, language))
        named = explain and text.key.startswith("mistake.")
        if named and (correction := explanation(text.key.removeprefix("mistake."), language)):
            lines.append(translate("feedback.explanation", language, explanation=correction))
    if exercise is not None:
        lines.extend(translate("feedback.hint_for_mistake", language, command=command)
                     for command in hint_commands(check, exercise))
    return "\n".join(lines)


def explanation(mistake: str, language: str) -> str | None:
    """The correction of a named mistake (`learn check --explain`), None when it has none."""
    key = f"explain.{mistake}"
    text = translate(key, language)
    return None if text == key else text


def hint_commands(check: CheckResult, exercise: str) -> list[str]:
    """`learn hint` commands for the ladders that teach the check's mistakes, each once: the
    function a mistake's entry names, else (a mistake any check can name) the check's own function."""
    commands = []
    for mistake in check.mistakes:
        ladder = registry.mistake_ladder(mistake)
        if ladder is None and mistake not in _NOT_IN_A_LADDER:
            ladder = exercise, registry.get(exercise).function_of_check()[check.name]
        command = ladder and f"learn hint {ladder[0]} {ladder[1]}"
        if command and command not in commands:
            commands.append(command)
    return commands


def exercise_to_json(result: ExerciseResult, language: str, explain: bool = False) -> dict:
    """The result as data. Corrections only when asked for (``explain``), as in the text report."""
    return {
        "exercise": result.exercise,
        "score": result.score,
        "max_score": result.max_score,
        "passed": result.passed,
        "seed": result.seed,
        "notes": [translate(note, language) for note in result.notes],
        "checks": [
            {
                "name": check.name,
                "passed": check.passed,
                "score": check.score,
                "max_score": check.max_score,
                "status": check.status,
                "mistake": check.mistake,
                "mistakes": list(check.mistakes),
                "case": check.case or None,
                "message": check_message(check, language, result.exercise, explain),
                "hints": hint_commands(check, result.exercise),
                **({"explanations": {mistake: text for mistake in check.mistakes
                                     if (text := explanation(mistake, language))}} if explain else {}),
            }
            for check in result.checks
        ],
    }


def all_to_json(results: list[ExerciseResult], language: str, explain: bool = False) -> dict:
    return {
        "score": sum(r.score for r in results),
        "max_score": sum(r.max_score for r in results),
        "passed": all(r.passed for r in results),
        "exercises": [exercise_to_json(r, language, explain) for r in results],
    }


def status_label(status: str, language: str) -> str:
    return translate(f"ui.status.{status}", language)


def exercise_report(result: ExerciseResult, language: str, verbose: bool = False,
                    reproduce: Callable[[CheckResult], str] | None = None, explain: bool = False):
    """A table of the checks, then what each failing check found and the hints that teach it;
    ``reproduce`` gives the command that shows a failing case on its own (the CLI knows how it was
    called); ``explain`` adds each named mistake's correction."""
    exercise = registry.get(result.exercise)
    titles = {info.name: localised(info.title, language) for info in exercise.checks}
    table = Table(title=f"{exercise.id} · {localised(exercise.title, language)}   {result.score}/{result.max_score}",
                  title_justify="left", show_edge=False, expand=False)
    table.add_column("", width=1)
    table.add_column(translate("ui.column.check", language))
    table.add_column(translate("ui.column.points", language), justify="right")
    table.add_column(translate("ui.column.status", language))
    for check in result.checks:
        style = _STATUS_STYLE.get(check.status, "red")
        mark = "✓" if check.passed else "✗"
        table.add_row(f"[{style}]{mark}[/]", f"{check.name}\n[dim]{escape(titles.get(check.name, ''))}[/]",
                      f"{check.score}/{check.max_score}", f"[{style}]{status_label(check.status, language)}[/]")
    parts = [table]
    shown: set[str] = set()
    for check in result.checks:
        message = check_message(check, language, result.exercise, explain)
        if check.passed or (message in shown and not verbose):
            continue  # e.g. "not started: softmax ..." once, not once per check of softmax
        shown.add(message)
        parts.append(RichText(f"\n── {check.name} ──", style="bold"))
        parts.append(RichText(message))
        if reproduce is not None and check.case and check.status not in (NOT_STARTED, MISSING, SKIPPED):
            parts.append(RichText(translate("ui.reproduce", language), style="dim"))
            # Never wrapped: the command is meant to be copied.
            parts.append(RichText("    " + reproduce(check), style="dim", no_wrap=True, overflow="ignore"))
        if verbose and check.details:
            parts.append(RichText(check.details.rstrip(), style="dim"))
    for note in result.notes:
        parts.append(RichText("\n" + translate(note, language), style="yellow"))
    if verbose and result.output.strip():
        parts.append(RichText("\n" + translate("ui.printed_output", language), style="bold"))
        parts.append(RichText(result.output.rstrip()[-4000:], style="dim"))
    if not result.passed and not result.not_started:
        parts.append(RichText("\n" + translate("ui.hint_available", language, exercise=result.exercise), style="dim"))
        if not explain and any(check.mistakes for check in result.checks if not check.passed):
            parts.append(RichText(translate("ui.explain_available", language), style="dim"))
    return Group(*parts)


def next_step(progress: Text, step: Text, language: str) -> RichText:
    """One line: how many exercises pass, then what to do next."""
    line = translate("ui.next.line", language, progress=translate(progress, language), step=translate(step, language))
    return RichText("\n" + line, style="bold")


def summary_table(results: list[ExerciseResult], language: str):
    table = Table(show_edge=False)
    table.add_column(translate("ui.column.exercise", language))
    table.add_column(translate("ui.column.title", language))
    table.add_column(translate("ui.column.points", language), justify="right")
    table.add_column(translate("ui.column.first_problem", language))
    for result in results:
        exercise = registry.get(result.exercise)
        failing = [c for c in result.checks if not c.passed]
        if result.passed:
            problem = f"[green]{translate('ui.all_passed', language)}[/]"
        elif result.not_started:
            problem = f"[yellow]{status_label('not_started', language)}[/]"
        else:
            first = failing[0]
            problem = f"[red]{first.name}[/] ({status_label(first.status, language)})"
        table.add_row(exercise.id, escape(localised(exercise.title, language)),
                      f"{result.score}/{result.max_score}", problem)
    total = sum(r.score for r in results), sum(r.max_score for r in results)
    table.add_section()
    table.add_row(translate("ui.total", language), "", f"{total[0]}/{total[1]}", "")
    return table


def class_summary(summary: ClassSummary, out: Path, seed: int, language: str = "en"):
    """After `learn grade`: the students by status, then per exercise the mean score, who did not
    hand it in and whose code did not run to an answer."""
    statuses = ", ".join(f"{count} {translate(f'grade.student.{status}', language)}"
                         for status, count in sorted(summary.statuses.items()))
    line = RichText(translate("grade.summary", language, students=summary.students, statuses=statuses, seed=seed,
                              out=out))
    table = Table(show_edge=False)
    table.add_column(translate("grade.column.exercise", language))
    table.add_column(translate("grade.column.mean", language), justify="right")
    table.add_column(translate("grade.column.not_handed_in", language), justify="right")
    table.add_column(translate("grade.column.did_not_run", language), justify="left")
    for exercise in summary.exercises:
        failed = ", ".join(f"{count} {translate(f'ui.status.{reason}', language)}"
                           for reason, count in sorted(exercise.failed_to_run.items()))
        table.add_row(exercise.exercise, f"{exercise.mean:.2f}/{exercise.max_score}", str(exercise.not_handed_in),
                      failed or "–")
    return Group(line, table)
