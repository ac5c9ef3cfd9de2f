"""Inside the kernel: what a notebook's check cells run.

A test cell grades the code the student ran, in the sandbox (never by comparing in the kernel,
where student code could have patched numpy), prints the same feedback as `learn check`, and ends
with the check's score: the value nbgrader takes as partial credit.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import hashlib
import io
import os
import tempfile
import warnings
from pathlib import Path

from grader import registry
from grader.i18n import choose_language
from grader.notebook.build import TEST_CELL_MARKER

# The seed of the grading cases comes from the environment at grade time, not from the notebook.
GRADING_SEED_ENV = "BACKPROP_LAB_GRADING_SEED"
DEFAULT_GRADING_SEED = 20261122


def _student_code() -> str:
    """The latest version of what the student has run in this kernel (see latest_definitions)."""
    from IPython import get_ipython

    shell = get_ipython()
    history = shell.user_ns.get("In", []) if shell is not None else []
    cells = [cell for cell in history if cell and TEST_CELL_MARKER not in cell and "check_notebook(" not in cell]
    return latest_definitions(cells)


def latest_definitions(cells: list[str]) -> str:
    """A module built from a kernel's input history, as the kernel itself now sees it: for every
    top-level name, its newest definition (def, class, or an assignment such as EPS = 1e-12 or a
    lambda) from the cells that parse, and every import, once, first of all.

    An old cell with a typo defined nothing in the kernel, so it is skipped; IPython syntax (%magic,
    !shell, %%cell magics) is dropped; experiments (calls, loops, prints, assignments that run the
    student's own functions) are not replayed, so they can neither fail nor slow the import.
    """
    imports: dict[str, None] = {}  # import statements in order of first appearance
    latest: dict[str, tuple[int, str]] = {}  # name -> (position in history, statement)
    position = 0
    parsed = [tree for tree in (_parse_cell(cell) for cell in cells) if tree is not None]
    imported = {alias.asname or alias.name.partition(".")[0] for tree, _ in parsed for node in tree.body
                if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
    for tree, lines in parsed:
        for node in tree.body:
            position += 1
            first = node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno
            source = "".join(lines[first - 1:node.end_lineno]).rstrip() + "\n"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imports.setdefault(source)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                latest[node.name] = (position, source)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None \
                    and _runs_only_library_code(node.value, imported):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for name in _assigned_names(targets):
                    latest[name] = (position, source)
    statements = sorted(set(latest.values()))
    return "".join(imports) + "\n\n" + "\n\n".join(source for _, source in statements)


def _parse_cell(cell: str) -> tuple[ast.Module, list[str]] | None:
    """The cell as Python (IPython syntax turned into get_ipython() calls, which are not replayed)
    and its lines, or None if it does not parse."""
    lines = cell.splitlines(keepends=True)
    if lines and lines[0].lstrip().startswith("%%"):  # a cell magic: its body may still be Python (%%time)
        lines = lines[1:]
    source = _without_ipython_syntax("".join(lines))
    try:
        return ast.parse(source), source.splitlines(keepends=True)
    except (SyntaxError, ValueError):
        return None


def _without_ipython_syntax(source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # outside IPython: a magic, shell escape or help line becomes `pass`
        return "".join(line[:len(line) - len(line.lstrip())] + "pass\n"
                       if line.lstrip().startswith(("%", "!", "?")) else line
                       for line in source.splitlines(keepends=True))
    return TransformerManager().transform_cell(source)


def _assigned_names(targets) -> list[str]:
    names = []
    for target in targets:
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            names += _assigned_names(target.elts)
    return names


def _runs_only_library_code(value: ast.AST, imported: set[str]) -> bool:
    """Does evaluating ``value`` call only builtins and imported modules (np.zeros, math.exp)? A
    lambda's body does not run when it is defined, so it does not count."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            root = node.func
            while isinstance(root, (ast.Attribute, ast.Call, ast.Subscript)):
                root = root.func if isinstance(root, ast.Call) else root.value
            if not (isinstance(root, ast.Name) and (root.id in imported or hasattr(builtins, root.id))):
                return False
        pending.extend(ast.iter_child_nodes(node))
    return True


_RESULTS: dict = {}


def _grade_code(exercise_id: str, code: str, seed: int):
    """Grade code in the sandbox, once per (exercise, code, seed) in this kernel."""
    from grader.grading import grade_file

    key = (exercise_id, seed, hashlib.sha256(code.encode()).hexdigest())
    if key not in _RESULTS:
        exercise = registry.get(exercise_id)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / exercise.file
            path.write_text(code, encoding="utf-8")
            with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")  # any stderr output zeroes an nbgrader test cell
                _RESULTS[key] = grade_file(exercise, path, seed=seed)
    return _RESULTS[key]


def grading_seed() -> int:
    try:
        return int(os.environ.get(GRADING_SEED_ENV, DEFAULT_GRADING_SEED))
    except ValueError:
        return DEFAULT_GRADING_SEED


def check_in_notebook(exercise_id: str, check: str, language: str | None = None) -> int:
    """An nbgrader test cell: grade what the student ran, print this check's feedback, return its score."""
    from grader.render import check_message

    result = _grade_code(exercise_id, _student_code(), grading_seed())
    found = next(c for c in result.checks if c.name == check)
    if not found.passed:
        print(check_message(found, choose_language(language)))
    return found.score


def check_notebook(exercise_id: str, language: str | None = None, seed: int | None = None):
    """A learner's last cell: the same report as `learn check EXERCISE`, recorded in the progress of
    the folder the notebook is in (Jupyter starts the kernel there), with the next step."""
    from rich.console import Console

    from grader import render
    from grader.grading import VISIBLE_SEED
    from grader.progress import Progress
    from grader.workspace import NOTEBOOK, next_step, passed_count, standings

    language = choose_language(language)
    result = _grade_code(exercise_id, _student_code(), VISIBLE_SEED if seed is None else seed)
    workspace = Path.cwd()
    progress = Progress.open()
    progress.record_result(workspace, result)
    current = standings(workspace, progress.summary(workspace))
    console = Console(force_jupyter=False, width=100)
    console.print(render.exercise_report(result, language))
    console.print(render.next_step(passed_count(current), next_step(current, result, context=NOTEBOOK), language))
    return f"{result.score}/{result.max_score}"
