"""`learn watch`: check the exercise you are working on every time you save it, the rustlings way."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import click

from grader import registry
from grader.cli import main
from grader.cli.common import UsageProblem, language_option, make_console, workspace_option
from grader.i18n import choose_language, translate


@main.command("watch")
@workspace_option
@click.option("--explain", is_flag=True, help="After each mistake the grader names, show its correction too.")
@language_option
def watch_command(workspace: Path, explain: bool, lang):
    """Check your work every time you save it, starting with the first exercise not yet passed,
    and move on to the next one when it passes.

    While it watches, type a key and Enter: h for the next hint, c to check again now, q to stop
    (Ctrl-C stops too). Exits 0 when stopped or when every exercise passes, 2 when WORKSPACE holds
    no exercise files.
    """
    language = choose_language(lang)
    watch = _Watch(workspace, language, explain)
    try:
        watch.run()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while saying goodbye
        watch.say_stopped()
    sys.exit(0)


class _Watch:
    def __init__(self, workspace: Path, language: str, explain: bool = False):
        from grader.progress import Progress
        from grader.watch import FileWatcher
        from grader.workspace import NothingToCheck, files_to_check

        self.workspace = workspace
        self.language = language
        self.explain = explain
        try:
            self.paths = {exercise.id: path for exercise, path in files_to_check(workspace)}
        except NothingToCheck as nothing:
            raise UsageProblem(translate(nothing.message, language)) from None
        self.progress = Progress.open()
        self.console = make_console()
        self.watcher = FileWatcher(list(self.paths.values()))
        # Keys are read line by line with select(), which works on a POSIX terminal only.
        self.keys = os.name == "posix" and sys.stdin is not None and sys.stdin.isatty()
        self.focus: registry.Exercise | None = None

    def standings(self):
        from grader.workspace import standings

        return standings(self.workspace, self.progress.summary(self.workspace.resolve()))

    def run(self) -> None:
        from grader.workspace import watch_focus

        start = watch_focus(self.standings())
        if start is None:  # every exercise passes, or only notebooks are left (checked in Jupyter)
            self._print_next_step(None)
            return
        if self.check(start.exercise):
            return
        by_path = {path: registry.get(exercise_id) for exercise_id, path in self.paths.items()}
        while True:
            key = self._wait_for_key()
            if key == "q":
                self.say_stopped()
                return
            if key == "h":
                self._show_hint()
            elif key in ("", "c"):
                if self.check(self.focus):
                    return
            elif key is not None:
                self.console.print(translate("ui.watch.unknown_key", self.language, key=key), style="yellow",
                                   markup=False)
            changed = [by_path[path] for path in self.watcher.poll()]
            if changed:
                # The focus if it was saved, else the exercise the learner evidently turned to.
                chosen = self.focus if self.focus in changed else changed[0]
                if self.check(chosen):
                    return

    def check(self, exercise: registry.Exercise) -> bool:
        """Check ``exercise`` on a fresh screen; True when every exercise now passes."""
        from grader import render
        from grader.grading import grade_submission
        from grader.workspace import PASSED, watch_focus

        path = self.paths[exercise.id]
        self.focus = exercise
        if self.console.is_terminal:
            self.console.clear()
        else:
            self.console.rule(style="dim")
        self.console.print(translate("ui.watch.header", self.language, exercise=exercise.id, path=path,
                                     time=time.strftime("%H:%M:%S")), style="dim", markup=False)
        result = None
        if path.is_file():
            result = grade_submission([(exercise, path)])[0]
            self.progress.record_result(self.workspace.resolve(), result)
            self.console.print(render.exercise_report(result, self.language, explain=self.explain))
        else:
            self.console.print(translate("ui.watch.missing", self.language, exercise=exercise.id, path=path),
                               style="yellow", markup=False)
        current = self._print_next_step(result)
        if all(standing.state == PASSED for standing in current):
            self.console.print(translate("ui.watch.done", self.language), style="green")
            return True
        if result is not None and result.passed:
            self.focus = (watch_focus(current) or current[0]).exercise
        self._say_waiting()
        return False

    def _print_next_step(self, result):
        from grader import render
        from grader.workspace import WATCH, next_step, passed_count

        current = self.standings()
        self.console.print(render.next_step(passed_count(current), next_step(current, result, context=WATCH),
                                            self.language))
        return current

    def _say_waiting(self) -> None:
        key = "ui.watch.waiting" if self.keys else "ui.watch.waiting_no_keys"
        self.console.print("\n" + translate(key, self.language, path=self.paths[self.focus.id]), style="dim",
                           markup=False)

    def _show_hint(self) -> None:
        from grader.cli.learner import show_hints

        self.console.print()
        show_hints(self.progress, self.workspace.resolve(), self.focus, self.language, self.console)
        self._say_waiting()

    def _wait_for_key(self) -> str | None:
        """A line typed by the learner (stripped, lower case), or None after one poll interval."""
        from grader.watch import POLL_SECONDS

        if not self.keys:
            time.sleep(POLL_SECONDS)
            return None
        import select

        ready, _, _ = select.select([sys.stdin], [], [], POLL_SECONDS)
        if not ready:
            return None
        line = sys.stdin.readline()
        if not line:  # end of input: keep watching, without keys
            self.keys = False
            return None
        return line.strip().lower()

    def say_stopped(self) -> None:
        from grader.workspace import passed_count

        progress = translate(passed_count(self.standings()), self.language)
        self.console.print("\n" + translate("ui.watch.stopped", self.language, progress=progress), markup=False)
