"""Is a learner's notebook (`learn notebook`) one cell per function, with scratch cells and a check
cell, and is its check recorded like `learn check`, in the progress of the notebook's folder?"""

from __future__ import annotations

import ast
import json
import re

import pytest
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from grader.notebook.build import ROLE_KEY, split_functions, student_notebook
from tests.conftest import solution_path

EXERCISES = registry.exercises()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def roles(notebook: dict) -> list[tuple[str, str]]:
    return [(c["metadata"].get(ROLE_KEY, {}).get("role", c["cell_type"]), c["metadata"].get(ROLE_KEY, {}).get(
        "function", "")) for c in notebook["cells"]]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_does_each_function_get_its_own_cell_and_a_scratch_cell(exercise):
    notebook = student_notebook(exercise)
    layout = roles(notebook)
    assert layout[0][0] == "markdown" and layout[1] == ("setup", "") and layout[-1] == ("check", "")
    for function in exercise.functions:
        cell = function.partition(".")[0]  # a method is implemented in its class's cell
        position = layout.index(("function", cell))
        assert layout[position + 1] == ("scratch", cell)
    code = "\n\n".join(c["source"] for c, (role, _) in zip(notebook["cells"], layout) if role in ("setup", "function"))
    defined = set()
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef):
            defined.add(node.name)
        elif isinstance(node, ast.ClassDef):
            defined |= {f"{node.name}.{item.name}" for item in node.body if isinstance(item, ast.FunctionDef)}
    assert set(exercise.functions) <= defined
    assert "raise NotImplementedError" in code
    assert f"check_notebook({exercise.id!r})" in notebook["cells"][-1]["source"]


def test_does_splitting_keep_every_line_of_the_source_in_order():
    source = '"""doc"""\nimport numpy as np\n\n\n@decorator\ndef f():\n    return 1\n\nLIMIT = 3\n\n\ndef g():\n    pass\n'
    header, functions = split_functions(source)
    assert header == '"""doc"""\nimport numpy as np\n'
    assert functions == [("f", "@decorator\ndef f():\n    return 1\n\nLIMIT = 3\n"), ("g", "def g():\n    pass\n")]


def test_is_the_notebook_in_the_learners_language_and_never_overwritten(tmp_path):
    out = tmp_path / "exercise3.ipynb"
    assert run("notebook", "exercise3", "--out", out, "--lang", "zh").exit_code == 0
    notebook = json.loads(out.read_text(encoding="utf-8"))
    scratch = next(c for c in notebook["cells"] if c["metadata"].get(ROLE_KEY, {}).get("role") == "scratch")
    assert "不计分" in scratch["source"] and scratch["metadata"]["tags"] == ["scratch"]
    setup = next(c for c in notebook["cells"] if c["metadata"].get(ROLE_KEY, {}).get("role") == "setup")
    assert setup["source"].startswith('"""练习 3 —')
    assert run("notebook", "exercise3", "--out", out).exit_code == 2


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_are_the_function_cells_the_stub_in_the_learners_language(exercise):
    from grader.workspace import stub_source

    for language, words in (("en", f"Exercise {exercise.number} —"), ("zh", f"练习 {exercise.number} —")):
        cells = [c for c in student_notebook(exercise, language)["cells"]
                 if c["metadata"].get(ROLE_KEY, {}).get("role") in ("setup", "function")]
        header, functions = split_functions(stub_source(exercise, language))
        assert [c["source"] for c in cells] == [header, *(source for _, source in functions)]
        assert cells[0]["source"].startswith(f'"""{words}')


def test_is_a_notebook_check_recorded_in_the_progress_of_its_folder(tmp_path, monkeypatch):
    """Run the notebook as Jupyter would, with a solution in every function cell but the last."""
    nbclient = pytest.importorskip("nbclient")
    import nbformat

    exercise = registry.get("exercise3")
    folder = tmp_path / "course"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert run("notebook", exercise.id).exit_code == 0
    notebook = nbformat.read(folder / f"{exercise.id}.ipynb", as_version=4)
    solved = dict(split_functions(solution_path(exercise).read_text())[1])
    for cell in notebook.cells:
        function = cell.metadata.get(ROLE_KEY, {}).get("function")
        if cell.metadata.get(ROLE_KEY, {}).get("role") == "function" and function != exercise.functions[-1]:
            cell.source = solved[function]
    kernel = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    kernel.execute()
    shown = re.sub(r"\x1b\[[0-9;]*m", "", "".join(output.get("text", "") for output in notebook.cells[-1].outputs))
    assert f"0/{len(EXERCISES)} exercises pass" in shown and "run that cell" in " ".join(shown.split())
    listing = run("list").output  # in the notebook's folder, as the learner would
    line = next(line for line in listing.splitlines() if exercise.id in line)
    assert f"{exercise.id}.ipynb" in line and "in progress" in line


def test_does_check_point_a_notebook_learner_to_the_notebook(tmp_path):
    assert run("notebook", "exercise2", "--out", tmp_path / "exercise2.ipynb").exit_code == 0
    result = run("check", "exercise2", "--workspace", tmp_path)
    assert result.exit_code == 2 and "exercise2.ipynb" in result.output and "last cell" in result.output


@pytest.mark.parametrize("exercise", [e.id for e in registry.exercises()])
def test_is_the_nbgrader_answer_cell_the_solution_in_the_courses_language(exercise):
    """`learn nbgrader init --lang zh`: the answer cell is the Chinese stub, each TODO followed by
    the solution block nbgrader's release removes; the solution's code is the English one's."""
    import sys

    from grader.notebook.build import nbgrader_notebook
    from grader.workspace import stub_source

    sys.path.insert(0, str(solution_path(registry.get(exercise)).parents[1] / "tools"))
    from make_stubs import derive_stub

    chosen = registry.get(exercise)
    answer = nbgrader_notebook(chosen, "zh")["cells"][1]["source"]
    blocks = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION\n", re.DOTALL)
    english = solution_path(chosen).read_text(encoding="utf-8")
    assert derive_stub(answer) == stub_source(chosen, "zh")
    assert [block.split("\n", 2)[2] for block in blocks.findall(answer)] == \
        [block.split("\n", 2)[2] for block in blocks.findall(english)]
    assert re.search(r"[\u4e00-\u9fff]", answer.split("### BEGIN SOLUTION")[0])  # the docstrings are Chinese
