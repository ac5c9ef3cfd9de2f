"""Does a notebook grade the answer the kernel holds now, whatever else was typed into it before?"""

from __future__ import annotations

import sys

import pytest

from grader import registry
from grader.grading import grade_file
from grader.notebook import kernel
from grader.notebook.build import TEST_CELL_MARKER
from tests.conftest import solution_path

EXERCISE = registry.get("exercise1")
WRONG_GRAD = "def mse_grad(y_pred, y_true, reduction='mean'):\n    return y_pred - y_true\n"


def graded(cells, tmp_path):
    path = tmp_path / EXERCISE.file
    path.write_text(kernel.latest_definitions(cells))
    return grade_file(EXERCISE, path)


def test_does_an_old_typo_or_a_magic_not_zero_the_exercise(tmp_path):
    cells = ["def mse_loss(y_pred, y_true reduction='mean'):\n    pass\n",  # a typo, long since fixed
             solution_path(EXERCISE).read_text(),
             "%timeit mse_loss(np.ones(3), np.zeros(3))",
             "!ls\nprint(mse_grad(np.ones(2), np.zeros(2)))",
             "%%time\nloss = mse_loss(undefined_a, undefined_b)\n"]
    assert graded(cells, tmp_path).passed


@pytest.mark.parametrize("order, passes", [("wrong then fixed", True), ("fixed then wrong", False)])
def test_is_the_newest_definition_of_each_function_graded(tmp_path, order, passes):
    cells = [solution_path(EXERCISE).read_text(), WRONG_GRAD]
    if order == "wrong then fixed":
        cells = [WRONG_GRAD, cells[0]]
    result = graded(cells, tmp_path)
    assert {c.name for c in result.checks if not c.passed} == (set() if passes else {"mse_grad_mean", "mse_grad_sum"})


def test_are_imports_kept_constants_and_lambdas_replayed_and_experiments_not():
    code = kernel.latest_definitions([
        "import numpy as np\nfrom math import log as ln",
        "EPS = 1e-12\nscale = float(2)\nrelu = lambda z: np.maximum(z, 0)",
        "def f(z):\n    return relu(z) + EPS",
        "out = f(np.ones(3))\nfor i in range(3):\n    print(i)\nEPS = 1e-9",
        "files = !ls",
    ])
    assert code.splitlines()[:2] == ["import numpy as np", "from math import log as ln"]
    assert "EPS = 1e-9" in code and "EPS = 1e-12" not in code and "scale = float(2)" in code
    assert "relu = lambda" in code and "def f(z)" in code
    assert "out = f(" not in code and "print(" not in code and "files" not in code
    compile(code, "notebook", "exec")


def test_is_ipython_syntax_dropped_even_without_ipython(monkeypatch):
    monkeypatch.setitem(sys.modules, "IPython.core.inputtransformer2", None)  # import now fails
    code = kernel.latest_definitions(["import numpy as np\n%matplotlib inline\n!pip list\n"
                                      "def f(x):\n    %time y = x\n    return x\n"])
    assert "def f(x):" in code and "%" not in code and "!" not in code
    compile(code, "notebook", "exec")


def test_are_the_test_cells_themselves_left_out(monkeypatch):
    import IPython

    history = ["", "def f(x):\n    return x\n", f"{TEST_CELL_MARKER}: f\nfrom grader.notebook import check_in_notebook",
               "from grader.notebook import check_notebook\ncheck_notebook('exercise1')"]

    class Shell:
        user_ns = {"In": history}

    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    code = kernel._student_code()
    assert "def f(x)" in code and "grader" not in code


def test_does_a_notebook_check_tell_learn_hint_where_it_failed(tmp_path, monkeypatch):
    """As after `learn check`, `learn hint exercise1` in the notebook's folder starts at the function
    of the first check that failed (mse_grad), not at the first function."""
    import IPython

    from grader import hints
    from grader.progress import Progress

    class Shell:
        user_ns = {"In": ["", solution_path(EXERCISE).read_text(), WRONG_GRAD]}

    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    monkeypatch.chdir(tmp_path)
    assert kernel.check_notebook(EXERCISE.id) == f"{EXERCISE.max_score - 5}/{EXERCISE.max_score}"
    start = hints.starting_point(EXERCISE, Progress.open(), tmp_path.resolve())
    assert (start.failed_check, start.function) == ("mse_grad_mean", "mse_grad")
