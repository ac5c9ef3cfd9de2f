"""With the real nbgrader: does `learn nbgrader init` make a course that generate_assignment and
autograde accept, and does `learn grade --nbgrader` write honest scores into the gradebook?"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbgrader.api import Gradebook

from grader.cli import main
from grader.notebook.kernel import DEFAULT_GRADING_SEED, GRADING_SEED_ENV
from tests.attacks.nbgrader.answer_table import answer_cell
from tests.conftest import SOLUTIONS, deny_looking_into

# End to end: nbgrader runs real kernels; each test gets more than the default 30 s.
pytestmark = pytest.mark.timeout(300)

ASSIGNMENT = "hw1"
SOLUTION = (SOLUTIONS / "exercise1_mse.py").read_text()
CATALOG = Path(__file__).parent / "catalog" / "exercise1"
POINTS = {"mse_value_mean": 3, "mse_value_sum_none": 2, "mse_grad_mean": 3, "mse_grad_sum": 2}
GRAD_ONLY = 5  # the two mse_loss checks


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=600)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def with_replacement(function_source: str) -> str:
    return SOLUTION + "\n\n" + function_source + "\n"


# student -> (answer cell source, what to do to the test cells, honest score)
STUDENTS = {
    "correct": (SOLUTION, None, 10),
    "partly_wrong": ((CATALOG / "wrong_grad_missing_factor_2.py").read_text().split("\n", 4)[4], None, 5),
    "raising": (with_replacement("def mse_loss(y_pred, y_true, reduction='mean'):\n    raise ValueError('oops')"),
                None, GRAD_ONLY),
    "infinite_loop": (with_replacement("def mse_grad(y_pred, y_true, reduction='mean'):\n    while True:\n        pass"),
                      None, 5),
    "monkeypatch": ("import numpy as np\nnp.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n" +
                    with_replacement("def mse_grad(y_pred, y_true, reduction='mean'):\n    return y_pred * 0"), None, 5),
    "os_exit": (with_replacement("def mse_grad(y_pred, y_true, reduction='mean'):\n    import os\n    os._exit(1)"),
                None, 5),
    "deleted_test_cell": (SOLUTION, "delete", 10),
    "test_cell_is_pass": (with_replacement("def mse_grad(y_pred, y_true, reduction='mean'):\n    return y_pred * 0"),
                          "pass", 5),
    # No code: torch's answers for the package's default seed (None: made by answer_cell, in the fixture)
    "answer_table": (None, None, 0),
}


def submit(course: Path, student: str, source: str, tamper: str | None) -> None:
    notebook = json.loads((course / "release" / ASSIGNMENT / "exercise1.ipynb").read_text())
    cells = []
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        if grade_id == "exercise1-answer":
            cell["source"] = source
        if grade_id == "exercise1-mse_grad_sum" and tamper == "delete":
            continue
        if grade_id.startswith("exercise1-mse_grad") and tamper == "pass":
            cell["source"] = "pass"
        cells.append(cell)
    notebook["cells"] = cells
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / "exercise1.ipynb").write_text(json.dumps(notebook))


def scores(course: Path) -> dict[str, dict[str, float]]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {student: {grade.name.removeprefix("exercise1-"): grade.score for grade in
                          gradebook.find_submission_notebook("exercise1", ASSIGNMENT, student).grades}
                for student in STUDENTS}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    result = run("nbgrader", "init", course, "--assignment", ASSIGNMENT, "--exercises", "exercise1")
    assert result.exit_code == 0, result.output
    # Short per-cell limit for the test: a test cell grades in a sandbox with its own call limit.
    with (course / "nbgrader_config.py").open("a") as config:
        config.write("c.ExecutePreprocessor.timeout = 60\n")
    generated = nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    assert generated.returncode == 0, generated.stderr
    for student, (source, tamper, _) in STUDENTS.items():
        submit(course, student, answer_cell(DEFAULT_GRADING_SEED) if source is None else source, tamper)
    return course


def test_does_generate_assignment_make_student_stubs(course):
    released = json.loads((course / "release" / ASSIGNMENT / "exercise1.ipynb").read_text())
    answer = next(c for c in released["cells"] if c["metadata"].get("nbgrader", {}).get("solution"))
    source = "".join(answer["source"])
    assert "raise NotImplementedError" in source and "squared.mean()" not in source
    tests = [c for c in released["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
    assert {c["metadata"]["nbgrader"]["grade_id"] for c in tests} == {f"exercise1-{n}" for n in POINTS}
    assert all(c["metadata"]["nbgrader"]["points"] == POINTS[c["metadata"]["nbgrader"]["grade_id"][10:]] for c in tests)


def test_does_init_refuse_to_overwrite_without_force(course):
    assert run("nbgrader", "init", course, "--assignment", ASSIGNMENT).exit_code == 2


def test_do_autograde_and_the_fast_path_agree_and_stay_honest(course):
    autograded = nbgrader(course, "autograde", ASSIGNMENT)
    assert autograded.returncode == 0, autograded.stderr
    by_autograde = scores(course)
    result = run("grade", "--nbgrader", course, ASSIGNMENT, "--out", course / "learn-grades.csv", "--timeout", "1")
    assert result.exit_code == 0, result.output
    by_learn = scores(course)
    for student, (_, tamper, honest) in STUDENTS.items():
        assert sum(by_learn[student].values()) == honest, (student, by_learn[student])
        if tamper is None:  # honest submissions: the same score, check by check, as nbgrader autograde
            assert by_learn[student] == by_autograde[student], student
    # nbgrader restores a locked test cell that was edited, so it is honest there too
    assert sum(by_autograde["test_cell_is_pass"].values()) == 5


def test_is_a_courses_grading_seed_its_own_secret(tmp_path, monkeypatch):
    """The answers for the package's default seed earn full marks when a course grades with it:
    every course made by `learn nbgrader init` grades with a secret of its own instead, the one its
    nbgrader_config.py gives nbgrader's kernels."""
    from grader import registry
    from grader.grading import grade_file
    from grader.notebook import course as nbcourse

    monkeypatch.delenv(GRADING_SEED_ENV, raising=False)
    seeds = []
    for name in ("one", "two"):
        made = run("nbgrader", "init", tmp_path / name, "--assignment", ASSIGNMENT, "--exercises", "exercise1")
        assert made.exit_code == 0
        seed, secret = nbcourse.course_seed(tmp_path / name)
        namespace = {"get_config": lambda: type("Config", (), {"__getattr__": lambda self, name: self})()}
        exec((tmp_path / name / "nbgrader_config.py").read_text(), namespace)  # as nbgrader loads it
        assert secret and os.environ.pop(GRADING_SEED_ENV) == str(seed)
        seeds.append(seed)
    assert len(set(seeds)) == 2 and DEFAULT_GRADING_SEED not in seeds
    assert nbcourse.course_seed(tmp_path) == (DEFAULT_GRADING_SEED, False)  # no config: said, not hidden
    table = tmp_path / "exercise1_mse.py"
    table.write_text(answer_cell(DEFAULT_GRADING_SEED))
    exercise = registry.get("exercise1")
    assert grade_file(exercise, table, seed=DEFAULT_GRADING_SEED).score == 10  # the attack, where it would work
    assert grade_file(exercise, table, seed=seeds[0]).score == 0


def test_does_a_failing_test_cell_explain_itself(course):
    autograded = course / "autograded" / "partly_wrong" / ASSIGNMENT / "exercise1.ipynb"
    notebook = json.loads(autograded.read_text())
    outputs = "".join("".join(o.get("text", "")) for c in notebook["cells"] if c["cell_type"] == "code"
                      for o in c.get("outputs", []))
    from grader.i18n import translate

    named = translate("mistake.mse.grad_missing_2", "en")  # "Likely mistake: your gradient is half of ..."
    assert named.split(": ")[1][:30] in outputs


def test_does_nbgrader_export_show_the_scores(course):
    exported = nbgrader(course, "export")
    assert exported.returncode == 0, exported.stderr
    rows = (course / "grades.csv").read_text()
    assert "correct" in rows and "partly_wrong" in rows


def test_is_an_unreadable_notebook_named_while_the_others_are_graded(tmp_path):
    course = tmp_path / "course"
    assert run("nbgrader", "init", course, "--assignment", ASSIGNMENT, "--exercises", "exercise1").exit_code == 0
    assert nbgrader(course, "generate_assignment", ASSIGNMENT).returncode == 0
    submit(course, "correct", SOLUTION, None)
    broken = course / "submitted" / "broken" / ASSIGNMENT
    broken.mkdir(parents=True)
    (broken / "exercise1.ipynb").write_text("{ this is not a notebook")
    result = run("grade", "--nbgrader", course, ASSIGNMENT, "--out", tmp_path / "g.csv")
    assert result.exit_code == 1 and "broken" in result.output and "not a readable notebook" in result.output
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission(ASSIGNMENT, "correct").score == 10
        assert gradebook.find_submission(ASSIGNMENT, "broken").score == 0


def _notebook_with_answer(source) -> dict:
    return {"cells": [{"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "exercise1-answer"}},
                       "source": source}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


# A hostile student's exercise1.ipynb: whatever nbgrader collected, byte for byte.
HOSTILE_NOTEBOOKS = {
    "nested": lambda path: path.write_text("[" * 100_000 + "]" * 100_000),  # json.loads: RecursionError
    "metadata_list": lambda path: path.write_text(json.dumps({"cells": [{"metadata": []}]})),
    "cells_number": lambda path: path.write_text(json.dumps({"cells": 5})),
    "source_numbers": lambda path: path.write_text(json.dumps(_notebook_with_answer([1, 2]))),
    "nbgrader_text": lambda path: path.write_text(json.dumps({"cells": [{"metadata": {"nbgrader": "x"}}]})),
    "surrogate": lambda path: path.write_text(json.dumps(_notebook_with_answer("x = '\udce9'"))),  # not UTF-8
    "fifo": lambda path: os.mkfifo(path),  # reading it would wait for ever
    "copies": lambda path: path.symlink_to(path.parents[2] / "honest" / ASSIGNMENT / "exercise1.ipynb"),
}


def test_does_a_hostile_notebook_cost_only_its_own_exercise(tmp_path):
    """Reading the submitted notebooks runs in the grader before any sandbox: a notebook that is not
    the JSON of a notebook, a FIFO, or a link to a classmate's notebook is not handed in, and is
    named; it never ends or hangs the run."""
    from grader import registry
    from grader.notebook import course as nbcourse

    course = tmp_path / "course"
    honest = course / "submitted" / "honest" / ASSIGNMENT
    honest.mkdir(parents=True)
    (honest / "exercise1.ipynb").write_text(json.dumps(_notebook_with_answer(SOLUTION)))
    for student, make in HOSTILE_NOTEBOOKS.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        make(folder / "exercise1.ipynb")
    workdir = tmp_path / "work"
    students, problems = nbcourse.nbgrader_students(course, ASSIGNMENT, [registry.get("exercise1")], workdir)
    handed_in = {student.id: student.files["exercise1"] is not None for student in students}
    assert handed_in == {"honest": True, **{student: False for student in HOSTILE_NOTEBOOKS}}
    assert all(any(f"/{student}/" in problem for problem in problems) for student in HOSTILE_NOTEBOOKS), problems


def test_does_a_folder_the_grader_cannot_read_cost_only_its_students_work(tmp_path, monkeypatch):
    """submitted/<student>/hw1 of mode 000 (for anyone but root, simulated here): looking into it
    raises PermissionError, which ended the run."""
    from grader import registry
    from grader.notebook import course as nbcourse

    course = tmp_path / "course"
    honest = course / "submitted" / "honest" / ASSIGNMENT
    honest.mkdir(parents=True)
    (honest / "exercise1.ipynb").write_text(json.dumps(_notebook_with_answer(SOLUTION)))
    locked = course / "submitted" / "locked" / ASSIGNMENT
    locked.mkdir(parents=True)
    deny_looking_into(locked, monkeypatch)
    students, problems = nbcourse.nbgrader_students(course, ASSIGNMENT, [registry.get("exercise1")], tmp_path / "w")
    assert {s.id: s.files["exercise1"] is not None for s in students} == {"honest": True, "locked": False}
    assert any("/locked/" in problem and "Permission denied" in problem for problem in problems)
