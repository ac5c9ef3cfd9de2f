"""Concept quizzes, interview practice and the progress overview."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from grader import registry
from grader.cli import main
from grader.cli.common import (EXIT_FAILED, UsageProblem, exercises_epilog, language_option, make_console,
                               warn_progress_reset, workspace_option)
from grader.i18n import choose_language, translate

# Exit code after Ctrl-C, as shells report for SIGINT: the answers given so far are kept.
EXIT_INTERRUPTED = 130


def _when(seconds: float, language: str) -> str:
    """'next session', 'in 5 hours', 'tomorrow', 'in 3 days': when a card is asked again."""
    if seconds <= 0:
        return translate("quiz.when.now", language)
    hours = max(1, round(seconds / 3600))
    if hours < 24:
        return translate("quiz.when.hours", language, hours=hours)
    days = round(seconds / 86400)
    return translate("quiz.when.tomorrow", language) if days == 1 else translate("quiz.when.days", language, days=days)


def _rating_line(rating: int, current_box: int | None, language: str) -> str:
    """What rating an explain card 0, 1 or 2 does: to the score, and to its Leitner box."""
    from grader.progress import LEITNER_DAYS, next_box

    box = next_box(current_box, ("wrong", "partly", "right")[rating])
    return translate(f"quiz.rating.{rating}", language, box=box, when=_when(LEITNER_DAYS[box - 1] * 86400, language))


def _show_question(instance, heading: str, language: str, console) -> None:
    from rich.markup import escape
    from rich.syntax import Syntax

    console.print(f"\n[bold]{escape(heading)}[/]")
    console.print(instance.prompt(language), markup=False)
    if instance.code:
        # Line numbers, because "which line is wrong" questions refer to them.
        console.print(Syntax(instance.code, "python", line_numbers=True, theme="ansi_dark",
                             background_color="default", word_wrap=True))
    for index, choice in enumerate(instance.choices(language)):
        console.print(f"  {chr(ord('a') + index)}) {choice}", markup=False)


def _ask(instance, heading: str, language: str, console, current_box: int | None):
    """Ask one question at the terminal; returns (parsed response, correct). Ctrl-D raises
    EOFError and Ctrl-C KeyboardInterrupt, for the caller to end the session."""
    from grader.quiz import bank
    from grader.quiz.session import key_points

    kind = instance.question["type"]
    _show_question(instance, heading, language, console)
    if kind == "explain":
        _prompt(translate("quiz.explain_prompt", language), default="", show_default=False)
        console.print(translate("quiz.model_answer", language), style="bold")
        console.print(instance.explanation(language), markup=False)
        for point in key_points(instance, language):
            console.print(f"  • {point}", markup=False)
        console.print(translate("quiz.rating.heading", language))
        for rating in (0, 1, 2):
            console.print(f"  {_rating_line(rating, current_box, language)}", markup=False)
    while True:
        text = _prompt(translate(f"quiz.prompt.{kind}", language))
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


def _prompt(text: str, **options) -> str:
    """click.prompt, but end of input and Ctrl-C reach the session as EOFError and
    KeyboardInterrupt (click turns both into Abort, which cannot tell them apart)."""
    try:
        return click.prompt(text, **options)
    except click.Abort as abort:
        context = abort.__context__
        raise (context if isinstance(context, KeyboardInterrupt) else EOFError()) from None


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _run_session(instances, language: str, minutes: float | None = None):
    """Ask the questions in order, recording each answer as it is given; stops when time is up
    (with ``minutes``), at the end of input or on Ctrl-C. Returns (answered, progress, console,
    interrupted)."""
    import time

    from grader.progress import Progress
    from grader.quiz.bank import topic_title
    from grader.quiz.session import Answered

    console = make_console()
    progress = Progress.open()
    cards = progress.cards()
    deadline = None if minutes is None else time.monotonic() + minutes * 60
    answered, interrupted = [], False
    for number, instance in enumerate(instances, start=1):
        title = topic_title(instance.question["topic"], language)
        if deadline is None:
            heading = translate("quiz.heading", language, number=number, total=len(instances), topic=title)
        else:
            heading = translate("quiz.heading_timed", language, number=number, topic=title,
                                left=_clock(deadline - time.monotonic()))
        current_box = cards.get(instance.id, (None, 0))[0]
        try:
            response, correct = _ask(instance, heading, language, console, current_box)
        except EOFError:
            console.print()
            break
        except KeyboardInterrupt:
            console.print()
            interrupted = True
            break
        partly = instance.question["type"] == "explain" and response == 1
        progress.record_answer(instance.id, instance.question["topic"], correct, partly=partly)
        answered.append(Answered(instance, correct))
        if instance.question["type"] == "explain":
            console.print(translate("quiz.rated", language, line=_rating_line(response, current_box, language)),
                          markup=False)
        if deadline is not None and time.monotonic() >= deadline:
            console.print(translate("quiz.time_up_late", language), style="yellow")
            break
    if deadline is not None and time.monotonic() >= deadline:
        console.print(translate("quiz.time_up", language, minutes=f"{minutes:g}"), style="yellow")
    if interrupted:
        console.print(translate("quiz.stopped", language, count=len(answered)))
    warn_progress_reset(progress, language)
    return answered, progress, console, interrupted


@main.command("quiz", epilog=exercises_epilog())
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
    if scope is not None:
        try:
            scope = session.scope_named(scope)
        except KeyError:
            from grader.quiz.bank import topics

            raise UsageProblem(translate("quiz.unknown_scope", language, scope=scope, topics=", ".join(topics()),
                                         exercises=", ".join(registry.ids()))) from None
    if list_only:
        entries = session.listing(seed, language, scope)
        if output_format == "json":
            click.echo(json.dumps(entries, ensure_ascii=False, indent=1))
        else:
            for entry in entries:
                click.echo(f"{entry['id']:<32} {entry['type']:<11} {entry['topic']:<24} {entry['topic_title']}")
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
    answered, _, console, interrupted = _run_session(instances, language)
    right = sum(item.correct for item in answered)
    console.print(f"\n[bold]{translate('quiz.score', language, right=right, total=len(answered))}[/]")
    if interrupted:
        sys.exit(EXIT_INTERRUPTED)


@main.command("interview")
@click.option("--minutes", type=click.FloatRange(min=0.1), default=20, show_default=True)
@click.option("--seed", type=int, default=None)
@language_option
def interview_command(minutes, seed, lang):
    """A timed, mixed session of concept questions and "explain it" cards: what is due for review
    or was missed before comes first; it ends with your weakest topics and what to study next."""
    import secrets

    from grader.progress import Progress
    from grader.quiz import session
    from grader.quiz.bank import topic_title

    language = choose_language(lang)
    seed = secrets.randbelow(2**31) if seed is None else seed
    instances = session.plan_interview(Progress.open().cards(), seed)
    make_console().print(translate("quiz.interview_intro", language, minutes=f"{minutes:g}"))
    answered, progress, console, interrupted = _run_session(instances, language, minutes)
    right = sum(item.correct for item in answered)
    console.print(f"\n[bold]{translate('quiz.score', language, right=right, total=len(answered))}[/]")
    weak = session.weakest_topics(answered, progress.topic_accuracy())
    if weak:
        console.print(translate("quiz.weakest", language))
        for topic, accuracy in weak:
            console.print(f"  • {topic_title(topic, language)} ({accuracy:.0%}): {session.study_next(topic, language)}",
                          markup=False)
    elif answered:
        console.print(translate("quiz.no_weak_topic", language))
    if interrupted:
        sys.exit(EXIT_INTERRUPTED)


@main.command("progress")
@workspace_option
@language_option
def progress_command(workspace, lang):
    """Where you stand on each exercise in this workspace (as `learn list`), your quiz mastery per
    topic and how many reviews are due, at a glance."""
    import time

    from rich.table import Table

    from grader.cli.learner import other_workspaces_note, standings_table
    from grader.progress import Progress
    from grader.quiz import bank, session

    language = choose_language(lang)
    progress = Progress.open()
    console = make_console()
    console.print(standings_table(workspace, progress, language, files=False,
                                  title=translate("progress.exercises", language, workspace=workspace.resolve())))
    note = other_workspaces_note(workspace, progress, language)
    if note:
        console.print(note, style="dim", markup=False)
    now = time.time()
    cards = progress.cards()
    topics = Table(title=translate("progress.topics", language), title_justify="left", show_edge=False)
    for column in ("topic", "mastered", "seen", "due", "accuracy"):
        topics.add_column(translate(f"progress.column.{column}", language), justify="left" if column == "topic" else "right")
    for topic in session.topic_progress(cards, progress.topic_accuracy(), now):
        topics.add_row(bank.topic_title(topic.topic, language), f"{topic.mastered}/{topic.questions}",
                       f"{topic.seen}/{topic.questions}", str(topic.due) if topic.due else "–",
                       "–" if topic.accuracy is None else f"{topic.accuracy:.0%}")
    console.print(topics)
    due, next_due = session.reviews_due(cards, now)
    if due:
        console.print(translate("progress.due", language, count=due))
    elif next_due is not None:
        console.print(translate("progress.next_due", language, when=_when(next_due - now, language)))
    else:
        console.print(translate("progress.none_due", language))
    warn_progress_reset(progress, language)
