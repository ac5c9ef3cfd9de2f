"""Does `learn watch` notice every save, and only real ones, whatever the editor does?"""

from __future__ import annotations

import io
import os
import shutil
import sys
import time
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from grader.watch import FileWatcher
from grader.workspace import init
from tests.conftest import solution_path

EXERCISES = registry.exercises()


def test_is_a_save_reported_once(tmp_path):
    path = tmp_path / "exercise1_mse.py"
    path.write_text("a = 1\n")
    watcher = FileWatcher([path])
    assert watcher.poll() == []
    path.write_text("a = 2\n")
    assert watcher.poll() == [path]
    assert watcher.poll() == []


def test_is_a_file_still_being_written_reported_only_once_it_is_complete(tmp_path, monkeypatch):
    path = tmp_path / "exercise1_mse.py"
    path.write_text("a = 1\n")
    watcher = FileWatcher([path])
    path.write_text("def f(")  # the editor has written half of the file ...
    monkeypatch.setattr("grader.watch.time.sleep", lambda seconds: path.write_text("def f():\n"))
    assert watcher.poll() == []  # ... and the rest while the watcher waited for it to settle
    monkeypatch.undo()
    assert watcher.poll() == [path]


def test_is_an_unchanged_save_not_reported(tmp_path):
    path = tmp_path / "exercise1_mse.py"
    path.write_text("a = 1\n")
    watcher = FileWatcher([path])
    os.utime(path, ns=(1, 1))  # touch, or save without an edit
    path.write_text("a = 1\n")
    assert watcher.poll() + watcher.poll() == []


def test_is_a_save_by_rename_reported(tmp_path):
    path = tmp_path / "exercise1_mse.py"
    path.write_text("a = 1\n")
    watcher = FileWatcher([path])
    mtime = path.stat().st_mtime_ns
    path.rename(tmp_path / "exercise1_mse.py~")  # vim: move the original aside, write the new version
    replacement = tmp_path / ".exercise1_mse.py.swp"
    replacement.write_text("a = 3\n")  # same size, same mtime: only the inode tells
    os.utime(replacement, ns=(mtime, mtime))
    replacement.rename(path)
    assert watcher.poll() == [path]


def test_is_a_file_that_disappears_and_comes_back_reported_each_time(tmp_path):
    path = tmp_path / "exercise1_mse.py"
    path.write_text("a = 1\n")
    watcher = FileWatcher([path])
    path.unlink()
    assert watcher.poll() == [path] and not path.exists()
    path.write_text("a = 1\n")
    assert watcher.poll() == [path]


# ----------------------------------------------------------------------------- learn watch, as a person uses it

needs_a_terminal = pytest.mark.skipif(os.name != "posix", reason="pexpect's pseudo-terminals are POSIX only")


@pytest.fixture()
def workspace(tmp_path) -> Path:
    """exercise1 solved (but never checked), the others fresh stubs."""
    init(tmp_path / "ws")
    shutil.copy(solution_path(EXERCISES[0]), tmp_path / "ws" / "exercises" / EXERCISES[0].file)
    return tmp_path / "ws"


def start_watch(workspace: Path, *args: str, env: dict | None = None) -> pexpect.spawn:
    """`learn watch` in a pseudo-terminal, started in the workspace as a learner would, with
    everything it shows logged."""
    environment = dict(os.environ, BACKPROP_LAB_LANG="en", **(env or {}))
    child = pexpect.spawn(sys.executable, ["-m", "grader.cli", "watch", *args], cwd=str(workspace),
                          env=environment, encoding="utf-8", codec_errors="strict", dimensions=(60, 160),
                          timeout=30)
    child.logfile_read = io.StringIO()
    return child


def save(path: Path, text: str) -> None:
    """Save as an editor does: write a new file, then rename it over the old one."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text)
    os.replace(temporary, path)


def stop(child: pexpect.spawn) -> str:
    """Press Ctrl-C; return everything the screen showed, after checking the exit was clean."""
    child.sendintr()
    child.expect("Stopped watching")
    child.expect(pexpect.EOF)
    child.close()
    screen = child.logfile_read.getvalue()
    assert child.exitstatus == 0 and "Traceback" not in screen, screen[-3000:]
    return screen


@needs_a_terminal
def test_does_watch_check_on_save_survive_a_syntax_error_and_move_on(workspace):
    second = workspace / "exercises" / EXERCISES[1].file
    child = start_watch(workspace)
    child.expect(f"{EXERCISES[0].id} · ")  # the first unfinished exercise (never checked) is checked ...
    child.expect(f"1/{len(EXERCISES)} exercises pass")  # ... passes ...
    child.expect(f"Watching exercises/{EXERCISES[1].file}")  # ... and the watch moves on
    save(second, "def sigmoid(z)\n    return z\n")  # mid-edit
    child.expect("syntax error on line 1")
    child.expect(f"Watching exercises/{EXERCISES[1].file}")
    save(second, solution_path(EXERCISES[1]).read_text())
    child.expect(f"{EXERCISES[1].max_score}/{EXERCISES[1].max_score}")
    child.expect(f"2/{len(EXERCISES)} exercises pass")
    child.expect(f"Watching exercises/{EXERCISES[2].file}")
    screen = stop(child)
    assert f"Stopped watching. 2/{len(EXERCISES)} exercises pass." in screen
    assert run_list(workspace).count("passed") == 2  # recorded like learn check


@needs_a_terminal
def test_is_a_save_without_changes_not_checked_again(workspace):
    child = start_watch(workspace)
    child.expect(f"Watching exercises/{EXERCISES[1].file}")
    second = workspace / "exercises" / EXERCISES[1].file
    save(second, second.read_text())
    assert child.expect(["checked at", pexpect.TIMEOUT], timeout=1.5) == 1
    stop(child)


@needs_a_terminal
def test_does_ctrl_c_in_the_middle_of_a_check_stop_cleanly(workspace):
    child = start_watch(workspace)
    child.expect(f"Watching exercises/{EXERCISES[1].file}")
    second = workspace / "exercises" / EXERCISES[1].file
    save(second, second.read_text().replace('raise NotImplementedError("sigmoid is not implemented yet")',
                                            "while True:\n        pass", 1))
    child.expect("checked at")  # the check has started: the loop keeps it busy for seconds
    time.sleep(0.5)
    stop(child)


@needs_a_terminal
def test_do_keys_give_a_hint_and_stop(workspace):
    child = start_watch(workspace)
    child.expect(f"Watching exercises/{EXERCISES[1].file}")
    child.sendline("h")
    first_function = EXERCISES[1].functions[0]  # the watch has not checked yet: the first function
    ladder = EXERCISES[1].ladders[first_function]
    child.expect(f"{first_function} · hint 1/{len(ladder)}")
    child.expect(ladder[0].text["en"][:20])
    child.sendline("q")
    child.expect("Stopped watching")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@needs_a_terminal
def test_does_watch_wait_for_a_file_that_is_gone(workspace):
    child = start_watch(workspace)
    child.expect(f"Watching exercises/{EXERCISES[1].file}")
    second = workspace / "exercises" / EXERCISES[1].file
    stub = second.read_text()
    second.unlink()
    child.expect("does not exist")
    second.write_text(stub)
    child.expect("Not started")
    stop(child)


@needs_a_terminal
def test_does_watch_end_when_every_exercise_passes(tmp_path):
    init(tmp_path)
    for exercise in EXERCISES:
        shutil.copy(solution_path(exercise), tmp_path / "exercises" / exercise.file)
    run_check(tmp_path)
    child = start_watch(tmp_path)
    child.expect("learn quiz")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@needs_a_terminal
def test_does_watch_work_on_an_ascii_terminal_in_chinese(workspace):
    child = start_watch(workspace, "--lang", "zh", env={"PYTHONIOENCODING": "ascii"})
    child.codec_errors = "strict"
    child.expect(f"learn watch . {EXERCISES[0].id}")
    child.expect(f"exercises/{EXERCISES[1].file}")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    screen = child.logfile_read.getvalue()
    assert child.exitstatus == 0 and screen.isascii() and "Traceback" not in screen


@needs_a_terminal
def test_is_a_workspace_without_exercise_files_a_usage_error(tmp_path):
    child = start_watch(tmp_path)
    child.expect("learn init")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


def run_list(workspace: Path) -> str:
    return CliRunner().invoke(main, ["list", "--workspace", str(workspace)]).output


def run_check(workspace: Path) -> None:
    CliRunner().invoke(main, ["check", "--workspace", str(workspace)])
