"""Does every command that prints work on a terminal or file that cannot show Unicode (ASCII, cp1252,
latin-1), degrading to plain characters instead of ending in UnicodeEncodeError?"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader import registry
from tests.conftest import ROOT, solution_path, stub_path

ENCODINGS = ("ascii", "cp1252", "latin-1")
LEARN = [sys.executable, "-m", "grader.cli"]

# Runs several `learn` commands in one process (whose streams have the encoding under test),
# marking where each starts and how it exited: much cheaper than one process per command.
DRIVER = """
import json, sys
from grader.cli import main
for args in json.loads(sys.argv[1]):
    print("@@@ " + " ".join(args), flush=True)
    try:
        main(args, prog_name="learn")
        code = 0
    except SystemExit as exit:
        code = exit.code
    print(f"@@@ exit {code}", flush=True)
"""


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("terminals")
    workspace = root / "workspace"
    (workspace / "exercises").mkdir(parents=True)
    first, *others = registry.exercises()
    shutil.copy(solution_path(first), workspace / "exercises" / first.file)
    for exercise in others:
        shutil.copy(stub_path(exercise), workspace / "exercises" / exercise.file)
    student = root / "submissions" / "alice"
    student.mkdir(parents=True)
    shutil.copy(solution_path(first), student / first.file)
    return {"root": root, "workspace": workspace, "submissions": root / "submissions"}


def commands(places, encoding: str, language: str) -> list[tuple[list[str], int]]:
    """Every command that prints, as a learner or instructor would run it, with its exit code."""
    workspace = str(places["workspace"])
    scratch = places["root"] / f"{encoding}-{language}"
    lang = ["--lang", language]
    return [
        (["--help"], 0),
        (["check", "--help"], 0),
        (["list", "--workspace", workspace, *lang], 0),
        (["check", "exercise1", "--workspace", workspace, *lang], 0),
        (["check", "exercise3", "--workspace", workspace, *lang], 1),
        (["check", "--workspace", workspace, *lang], 1),
        (["check", "exercise1", "--workspace", workspace, "--format", "json", *lang], 0),
        (["check", "exercise99", "--workspace", workspace, *lang], 2),
        (["hint", "exercise3", "--workspace", workspace, *lang], 0),
        (["show", "exercise2", *lang], 0),
        (["init", str(scratch / "init"), *lang], 0),
        (["reset", "exercise1", "--workspace", str(scratch / "init"), *lang], 0),
        (["progress", *lang], 0),
        (["quiz", "--list", *lang], 0),
        (["quiz", "softmax_jacobian", "-n", "1", "--seed", "3", *lang], 0),  # answers 'a' from stdin
        (["interview", "--minutes", "1", "--seed", "3", *lang], 0),  # stdin is at its end: stops at once
        (["notebook", "exercise3", "--out", str(scratch / "exercise3.ipynb"), *lang], 0),
        (["nbgrader", "init", str(scratch / "course"), "--exercises", "exercise1", *lang], 0),
        (["grade", str(places["submissions"]), "--out", str(scratch / "grades.csv"), "--exercises", "exercise1",
          "--jobs", "1", *lang], 0),
    ]


def run_driver(command_list, encoding, tmp_home) -> str:
    env = dict(os.environ, PYTHONIOENCODING=encoding, PYTHONUNBUFFERED="1", BACKPROP_LAB_HOME=str(tmp_home),
               COLUMNS="100")
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps([args for args, _ in command_list])],
                          input="a\n".encode(encoding), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                          cwd=ROOT, timeout=300)
    return done.stdout.decode(encoding)  # strict: every byte is valid in the terminal's encoding


@pytest.mark.parametrize("language", ("en", "zh"))
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_does_every_command_print_in_plain_characters(places, encoding, language, tmp_path):
    command_list = commands(places, encoding, language)
    output = run_driver(command_list, encoding, tmp_path / "home")
    sections = output.split("@@@ ")[1:]
    assert len(sections) == 2 * len(command_list), output[-3000:]
    for (args, expected), (shown, ended) in zip(command_list, zip(sections[::2], sections[1::2])):
        assert "Traceback" not in shown and "UnicodeEncodeError" not in shown, shown
        assert ended.strip() == f"exit {expected}", (args, shown[-2000:])
    assert "exercise1" in output and ("+" in output)  # the check marks became plain characters


def test_does_learn_show_work_with_pythonioencoding_ascii(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="ascii", BACKPROP_LAB_HOME=str(tmp_path))
    done = subprocess.run([*LEARN, "show", "1"], env=env, cwd=ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    text = done.stdout.decode("ascii")
    assert "MSE(y^, y)" in text  # ŷ keeps its hat as y^, the prediction, not the target


@pytest.mark.parametrize("encoding", ("cp1252", "latin-1"))
def test_does_check_write_a_file_in_the_locale_encoding(places, encoding, tmp_path):
    out = tmp_path / "out.txt"
    env = dict(os.environ, PYTHONIOENCODING=encoding, BACKPROP_LAB_HOME=str(tmp_path / "home"))
    with out.open("wb") as file:
        done = subprocess.run([*LEARN, "check", "--workspace", str(places["workspace"]), "--lang", "zh"], env=env,
                              cwd=ROOT, stdout=file, stderr=subprocess.PIPE)
    assert done.returncode == 1 and not done.stderr
    text = out.read_bytes().decode(encoding)
    assert "exercise5" in text and "Traceback" not in text


def test_is_json_on_an_ascii_terminal_escaped_rather_than_lossy(places, tmp_path):
    def payload(encoding):
        env = dict(os.environ, PYTHONIOENCODING=encoding, BACKPROP_LAB_HOME=str(tmp_path / "home"))
        done = subprocess.run([*LEARN, "check", "3", "--workspace", str(places["workspace"]), "--format", "json",
                               "--lang", "zh"], env=env, cwd=ROOT, capture_output=True)
        return json.loads(done.stdout.decode(encoding))

    assert payload("ascii") == payload("utf-8")
