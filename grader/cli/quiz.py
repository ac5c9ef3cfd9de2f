"""Concept quizzes, interview practice and the progress overview."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from grader import registry
from grader.cli import main
from grader.cli.common import (EXIT_FAILED, UsageProblem, language_option, make_console, warn_progress_reset,
                               workspace_option)
from grader.i18n import choose_language, translate


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

    console = make_console()
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
    warn_progress_reset(progress, language)
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
    console = make_console()
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
@workspace_option
@language_option
def progress_command(workspace, lang):
    """Where you stand on each exercise in this workspace (as `learn list`), and your quiz mastery
    per topic, at a glance."""
    from rich.table import Table

    from grader.cli.learner import other_workspaces_note, standings_table
    from grader.progress import Progress
    from grader.quiz import bank

    language = choose_language(lang)
    progress = Progress.open()
    console = make_console()
    console.print(standings_table(workspace, progress, language, files=False,
                                  title=translate("progress.exercises", language, workspace=workspace.resolve())))
    note = other_workspaces_note(workspace, progress, language)
    if note:
        console.print(note, style="dim", markup=False)
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
    warn_progress_reset(progress, language)

