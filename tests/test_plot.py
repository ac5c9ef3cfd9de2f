"""Does `learn plot` draw what the learner's code does, and say clearly when it cannot?

The series are checked against computations made here, with torch, from the pictures' inputs
(the notes' data, the bowl, the network's sizes), never against stored numbers. The pictures of
the reference solutions are made once per module: each runs the solution in the sandbox.
"""

from __future__ import annotations

import importlib.util
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from grader import pictures, registry
from grader.cli import main
from grader.cli import pictures as plot_cli
from grader.i18n import translate
from grader.plotting import _cells, terminal
from tests.conftest import CATALOG, solution_path, stub_path

PICTURED = [registry.get(exercise_id) for exercise_id in pictures.PICTURED]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run(*args, env=None):
    return CliRunner().invoke(main, ["plot", *map(str, args)], catch_exceptions=False,
                              env={"COLUMNS": "200", **(env or {})})


def without_spaces(text: str) -> str:
    """The text with no whitespace at all: a title wrapped between two Chinese characters gains a
    line break where none was."""
    return "".join(text.split())


def solution_module(exercise):
    """The reference solution imported here, to compute what its picture should show."""
    spec = importlib.util.spec_from_file_location(f"solution_{exercise.id}", solution_path(exercise))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def solved_pictures() -> dict:
    return {exercise.id: pictures.picture(exercise, solution_path(exercise)) for exercise in PICTURED}


@pytest.fixture()
def solved(tmp_path) -> Path:
    (tmp_path / "exercises").mkdir()
    for exercise in PICTURED:
        shutil.copy(solution_path(exercise), tmp_path / "exercises" / exercise.file)
    return tmp_path


def with_extra_code(exercise, tmp_path, code: str) -> Path:
    """The solution with ``code`` appended (a function redefined last wins)."""
    path = tmp_path / exercise.file
    path.write_text(solution_path(exercise).read_text(encoding="utf-8") + "\n\n" + code, encoding="utf-8")
    return path


def hide(monkeypatch, *modules: str) -> None:
    """Make ``import module`` fail, as where the plots extra is not installed."""
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)


def assert_same_curve(series, expected: np.ndarray) -> None:
    """``series`` is ``expected`` up to its first value that is not a finite number, and says where
    that was."""
    finite = np.isfinite(expected)
    stop = len(expected) if finite.all() else int(np.argmin(finite))
    assert series.x == tuple(float(step) for step in range(stop))
    np.testing.assert_allclose(series.y, expected[:stop], rtol=1e-9, atol=0)
    assert series.ended_at == (None if stop == len(expected) else float(stop))


# ----------------------------------------------------------------------------- the solutions' series


def torch_gd_losses(x, y, lr, reduction, steps) -> np.ndarray:
    import torch

    w, b = torch.zeros((), dtype=torch.float64, requires_grad=True), torch.zeros((), dtype=torch.float64,
                                                                               requires_grad=True)
    xs, ys = torch.tensor(x), torch.tensor(y)
    optimiser = torch.optim.SGD([w, b], lr=lr)
    losses = []
    for _ in range(steps):
        optimiser.zero_grad()
        loss = torch.nn.functional.mse_loss(w * xs + b, ys, reduction=reduction)
        losses.append(loss.item())
        loss.backward()
        optimiser.step()
    return np.array(losses)


def test_is_exercise6_the_loss_torchs_sgd_gives_at_each_learning_rate(solved_pictures):
    from grader.checks.exercise6 import _notes_data

    x, y = _notes_data(np.random.default_rng(0), pictures.GD_N)
    # lr* of full-batch gradient descent on the mean squared error: 2 / the Hessian's largest eigenvalue.
    hessian = 2.0 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    threshold = 2.0 / np.linalg.eigvalsh(hessian)[-1]
    (panel,) = solved_pictures["exercise6"].panels
    assert panel.notes[0].params["lr"] == pytest.approx(threshold, rel=1e-9)
    expected_lrs = [factor * threshold for factor in (*pictures.GD_FACTORS, pictures.GD_SUM_FACTOR)]
    assert [series.label.params["lr"] for series in panel.series] == pytest.approx(expected_lrs, rel=1e-9)
    assert [series.label.key for series in panel.series] == ["plot.gd.times_label"] * 4 + ["plot.gd.sum_label"]
    for series in panel.series:
        reduction = "sum" if series.label.key == "plot.gd.sum_label" else "mean"
        expected = torch_gd_losses(x, y, series.label.params["lr"], reduction, pictures.GD_STEPS)
        assert_same_curve(series, expected)
    # What the picture is for: below lr* the loss falls, above it, and with the sum, it grows.
    assert [s.y[-1] > s.y[0] for s in panel.series] == [factor > 1 for factor in pictures.GD_FACTORS] + [True]


def bowl_losses(optimiser: str, options: dict) -> np.ndarray:
    import torch

    p = torch.tensor(pictures.BOWL_START, dtype=torch.float64, requires_grad=True)
    curvature, minimum = torch.tensor(pictures.BOWL_CURVATURE), torch.tensor(pictures.BOWL_MINIMUM)
    opt = getattr(torch.optim, optimiser)([p], **options)
    path = [p.detach().clone()]
    for _ in range(pictures.OPT_STEPS):
        opt.zero_grad()
        (0.5 * (curvature * (p - minimum) ** 2).sum()).backward()
        opt.step()
        path.append(p.detach().clone())
    points = torch.stack(path).numpy()
    return 0.5 * (pictures.BOWL_CURVATURE * (points - pictures.BOWL_MINIMUM) ** 2).sum(axis=1)


def test_is_exercise8_the_loss_torch_optim_gives_for_each_optimiser(solved_pictures):
    panels = solved_pictures["exercise8"].panels
    assert len(panels) == len(pictures.OPT_PANELS)
    for panel, (_, runs) in zip(panels, pictures.OPT_PANELS):
        assert [series.label.params["text"] for series in panel.series] == [
            f"{name}({', '.join(f'{key}={value}' for key, value in options.items())})" for name, options in runs]
        for series, (name, options) in zip(panel.series, runs):
            with np.errstate(all="ignore"):
                assert_same_curve(series, bowl_losses(name, options))
    # Past plain gradient descent's threshold 2/25 the bowl's steep direction diverges.
    sgd_past_threshold = next(s for s in panels[1].series if s.label.params["text"] == "SGD(lr=0.085)")
    assert sgd_past_threshold.y[-1] > sgd_past_threshold.y[0]


def torch_layer_norms(params: dict, X, y, activation: str) -> np.ndarray:
    import torch

    weights = [torch.tensor(params[f"W{layer}"], requires_grad=True) for layer in range(1, len(params) // 2 + 1)]
    biases = [torch.tensor(params[f"b{layer}"]) for layer in range(1, len(params) // 2 + 1)]
    h = torch.tensor(X)
    for W, b in zip(weights[:-1], biases[:-1]):
        h = getattr(torch, activation)(torch.nn.functional.linear(h, W, b))
    loss = torch.nn.functional.mse_loss(torch.nn.functional.linear(h, weights[-1], biases[-1]), torch.tensor(y))
    loss.backward()
    return np.array([torch.linalg.norm(W.grad).item() for W in weights])


def test_is_exercise10_the_gradient_norm_torch_gives_for_each_layer(solved_pictures):
    solution = solution_module(registry.get("exercise10"))
    rng = np.random.default_rng(10)
    sizes = pictures.NORM_SIZES
    X, y = rng.standard_normal((pictures.NORM_BATCH, sizes[0])), rng.standard_normal((pictures.NORM_BATCH, sizes[-1]))
    (panel,) = solved_pictures["exercise10"].panels
    assert [(s.label.params["activation"], s.label.params["scheme"]) for s in panel.series] == list(pictures.NORM_RUNS)
    for series, (activation, scheme) in zip(panel.series, pictures.NORM_RUNS):
        params = solution.init_params(sizes, scheme, activation, seed=0)
        expected = torch_layer_norms(params, X, y, activation)
        assert series.x == tuple(float(layer) for layer in range(1, len(sizes)))
        np.testing.assert_allclose(series.y, expected, rtol=1e-9)
        assert series.group == activation
    # Sigmoid under its default init vanishes towards the input; ReLU under He does not.
    by_run = {(s.label.params["activation"], s.label.params["scheme"]): s.y for s in panel.series}
    assert by_run["sigmoid", "default"][0] < 1e-4 * by_run["sigmoid", "default"][-1]
    assert by_run["relu", "he"][0] > 1e-2 * by_run["relu", "he"][-1]


def test_is_a_solutions_picture_complete_and_quiet(solved_pictures):
    for result in solved_pictures.values():
        assert result.complete and not result.notes
        assert all(panel.series for panel in result.panels)


# ----------------------------------------------------------------------------- wrong code


# Which curves the mistake changes, by their English labels: the others are the solution's.
@pytest.mark.parametrize("exercise_id, wrong, changed", [
    ("exercise6", "wrong_sum_for_mean", lambda label: not label.startswith("sum of squares")),
    ("exercise8", "wrong_adam_without_bias_correction", lambda label: label.startswith("Adam")),  # and AdamW
    ("exercise8", "wrong_nesterov_as_plain_momentum", lambda label: "nesterov=True" in label),
    ("exercise10", "wrong_sum_not_mean", lambda label: True),
])
def test_does_a_wrong_implementation_draw_a_different_curve(solved_pictures, exercise_id, wrong, changed):
    result = pictures.picture(registry.get(exercise_id), CATALOG / exercise_id / f"{wrong}.py")
    assert result.complete  # wrong, but it runs: the picture shows what it does
    def by_label(picture):
        return {(translate(p.title, "en"), translate(s.label, "en")): s for p in picture.panels for s in p.series}

    right, drawn = by_label(solved_pictures[exercise_id]), by_label(result)
    assert drawn.keys() == right.keys()
    for (_, label), series in drawn.items():
        same = series.x == right[_, label].x and np.allclose(series.y, right[_, label].y, rtol=1e-9, atol=0)
        differs = not same  # within rounding: a catalog file is its own code, in its own order
        assert differs == changed(label), label


def test_does_a_function_that_returns_the_wrong_kind_get_named_and_the_rest_drawn(tmp_path):
    exercise = registry.get("exercise6")
    path = with_extra_code(exercise, tmp_path, "def largest_stable_lr(x, reduction='mean'):\n    return 'big'\n")
    result = pictures.picture(exercise, path)
    assert not result.complete
    (problem,) = result.problems
    assert problem.key == "plot.unexpected_answer" and problem.params["function"] == "largest_stable_lr"
    # Without a threshold, the fixed learning rates are drawn from the learner's train().
    (panel,) = result.panels
    assert [s.label.params["lr"] for s in panel.series] == [*pictures.GD_FALLBACK_LRS, 0.02]

    cli = run("exercise6", "--file", path, "--format", "json")
    assert cli.exit_code == 1
    payload = json.loads(cli.stdout)
    assert payload["complete"] is False and "largest_stable_lr" in payload["problems"][0]


def test_does_a_stub_name_every_function_and_exit_1(tmp_path):
    for exercise in PICTURED:
        result = run(exercise.id, "--file", stub_path(exercise))
        assert result.exit_code == 1
        assert translate("plot.nothing_drawn", "en") in result.stdout
        problems = [line for line in result.stdout.splitlines() if line.startswith("✗")]
        assert problems and all("NotImplementedError" in line for line in problems)


def test_is_a_syntax_error_one_problem_and_no_picture(tmp_path):
    broken = tmp_path / "exercise6_gradient_descent.py"
    broken.write_text("def train(:\n    pass\n", encoding="utf-8")
    result = run("exercise6", "--file", broken)
    assert result.exit_code == 1
    assert "syntax error on line 1" in result.stdout and "Traceback" not in result.output
    assert "┌" not in result.stdout and "+---" not in result.stdout


def test_is_a_loop_that_never_ends_stopped_and_named(tmp_path):
    exercise = registry.get("exercise6")
    path = with_extra_code(exercise, tmp_path, "def train(*args, **kwargs):\n    while True:\n        pass\n")
    result = run("exercise6", "--file", path, "--timeout", "0.3")
    assert result.exit_code == 1
    (problem,) = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    assert "train" in problem and "0.3 s" in problem


# ----------------------------------------------------------------------------- output


def test_is_the_json_the_documented_shape_without_any_plotting_library(solved, solved_pictures, monkeypatch):
    hide(monkeypatch, "uniplot", "matplotlib")
    for exercise in PICTURED:
        result = run(exercise.id, "--workspace", solved, "--format", "json")
        assert result.exit_code == 0, result.output
        payload = json.loads(result.stdout)
        assert set(payload) == {"exercise", "complete", "problems", "notes", "panels"}
        assert payload["exercise"] == exercise.id and payload["complete"] is True and payload["problems"] == []
        expected = solved_pictures[exercise.id].panels
        assert len(payload["panels"]) == len(expected)
        for panel, picture_panel in zip(payload["panels"], expected):
            assert set(panel) == {"title", "x_label", "y_label", "log_y", "y_max", "notes", "series"}
            assert panel["title"] == translate(picture_panel.title, "en")
            assert isinstance(panel["log_y"], bool) and (panel["y_max"] is None or panel["y_max"] > 0)
            for series, picture_series in zip(panel["series"], picture_panel.series, strict=True):
                assert set(series) == {"label", "x", "y", "ended_at", "group"}
                assert series["label"] == translate(picture_series.label, "en")
                assert series["x"] == list(picture_series.x) and series["y"] == list(picture_series.y)
                assert all(math.isfinite(value) for value in series["y"])


def test_is_the_json_in_chinese_with_lang_zh(solved):
    payload = json.loads(run("exercise10", "--workspace", solved, "--format", "json", "--lang", "zh").stdout)
    assert payload["panels"][0]["title"] == translate("plot.norms.title", "zh")
    assert payload["panels"][0]["series"][0]["label"] == translate(
        "plot.norms.label", "zh", activation="sigmoid", scheme="default")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_does_the_terminal_show_each_panel_with_its_legend(solved, solved_pictures, language):
    for exercise in PICTURED:
        result = run(exercise.id, "--workspace", solved, "--lang", language)
        assert result.exit_code == 0, result.output
        shown = without_spaces(result.stdout)
        for panel in solved_pictures[exercise.id].panels:
            assert without_spaces(translate(panel.title, language)) in shown
            assert without_spaces(translate(panel.x_label, language)) in shown
            for series in panel.series:
                assert without_spaces(translate(series.label, language)) in shown


def test_does_a_curve_that_leaves_the_chart_say_from_which_step(solved_pictures):
    text = terminal(solved_pictures["exercise6"], "en", width=200, unicode=False, color=False)
    sum_series = solved_pictures["exercise6"].panels[0].series[-1]
    ceiling = solved_pictures["exercise6"].panels[0].y_max
    first_above = next(x for x, y in zip(sum_series.x, sum_series.y) if y > ceiling)
    assert translate("plot.off_chart.step", "en", label=translate(sum_series.label, "en"), x=first_above) in text


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("columns", [40, 63])
def test_is_no_line_wider_than_a_narrow_terminal(solved_pictures, language, columns):
    for result in solved_pictures.values():
        for unicode, color in ((True, True), (False, False)):
            text = terminal(result, language, width=columns, unicode=unicode, color=color)
            assert max(_cells(line) for line in text.splitlines()) <= columns


def test_does_a_wrapped_legend_entry_keep_its_own_lines():
    from grader.plotting import _legend

    rows = _legend(["++ a", "xx a label far too long for the line", "oo b", "** c"], 20)
    assert rows == ["++ a", "xx a label far too", "   long for the line", "oo b   ** c"]
    # Two columns a Chinese character: five to a row of 14, after the marker's three.
    assert _legend(["++ 平方和平方和平方和平方和", "xx b"], 14) == ["++ 平方和平方", "   和平方和平", "   方和",
                                                                    "xx b"]


def test_does_a_terminal_without_unicode_get_ascii_marks(solved, tmp_path):
    # A subprocess: the encoding of stdout is the learner's terminal's, which CliRunner replaces.
    done = subprocess.run([sys.executable, "-m", "grader.cli", "plot", "exercise8", "--workspace", str(solved)],
                          capture_output=True, env={**_environment(), "PYTHONIOENCODING": "ascii"}, timeout=60)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("ascii")  # raises if anything else got through
    assert "+----" in text and "|" in text and "Adam(lr=0.1)" in text


def _environment() -> dict:
    import os

    return {key: value for key, value in os.environ.items() if key != "PYTHONIOENCODING"}


def test_is_the_png_a_picture_written_atomically(solved, tmp_path):
    target = tmp_path / "loss.png"
    target.write_bytes(b"an older picture")
    result = run("exercise8", "--workspace", solved, "--png", target)
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 20_000
    assert translate("plot.saved", "en", path=target) in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exercises", "loss.png"]  # no temporary left


def test_does_a_failed_save_keep_the_old_file_and_the_picture(solved, tmp_path, monkeypatch):
    import grader.files

    def full_disk(_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(grader.files.os, "fsync", full_disk)
    target = tmp_path / "loss.png"
    target.write_bytes(b"an older picture")
    result = run("exercise6", "--workspace", solved, "--png", target)
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: " + translate("plot.save_failed", "en", path=target,
                                                         error="No space left on device")
    assert translate("plot.gd.title", "en")[:30] in result.stdout  # the picture was still shown
    assert target.read_bytes() == b"an older picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exercises", "loss.png"]


def test_does_a_chinese_png_get_chinese_labels_or_say_why_not(solved, tmp_path):
    target = tmp_path / "图.png"
    result = run("exercise10", "--workspace", solved, "--png", target, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(PNG_SIGNATURE)
    from matplotlib import font_manager

    from grader.plotting import _chinese_fonts

    no_font = translate("plot.no_chinese_font", "zh")
    assert (no_font in result.stdout) == (not _chinese_fonts(font_manager))


# ----------------------------------------------------------------------------- usage errors


def usage_error(result) -> str:
    """The one line a usage error prints, after checking it is one."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_is_an_unknown_exercise_a_usage_error_listing_the_registry(solved):
    line = usage_error(run("exercise99", "--workspace", solved))
    assert all(exercise.id in line for exercise in registry.exercises())


def test_is_an_exercise_without_a_picture_a_usage_error_naming_those_with_one(solved):
    first = registry.exercises()[0]
    line = usage_error(run(first.id, "--workspace", solved))
    assert translate("plot.no_picture", "en", exercise=first.id, pictured=", ".join(pictures.PICTURED)) in line


def test_are_the_clis_pictured_exercises_the_librarys():
    assert plot_cli.PICTURED == tuple(pictures.PICTURED)


@pytest.mark.parametrize("where", ["missing file", "empty workspace"])
def test_is_a_missing_file_a_usage_error(tmp_path, where):
    args = ["--file", tmp_path / "nope.py"] if where == "missing file" else ["--workspace", tmp_path]
    line = usage_error(run("exercise6", *args))
    assert "nope.py" in line if where == "missing file" else "learn init" in line


@pytest.mark.parametrize("png, key", [("", "cli.destination.no_name"), ("no-such-folder/loss.png", "cli.destination.no_folder"),
                                      ("a-file/loss.png", "cli.destination.no_folder")])
def test_is_a_png_that_cannot_be_written_refused_before_the_code_runs(solved, tmp_path, monkeypatch, png, key):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.chdir(tmp_path)
    ran = []
    monkeypatch.setattr(pictures, "picture", lambda *args, **kwargs: ran.append(args))
    line = usage_error(run("exercise6", "--workspace", solved, "--png", png))
    assert translate(key, "en", path=Path(png), folder=Path(png).parent, option="--png", example="loss.png") in line
    assert ran == []


def test_is_a_read_only_folder_refused(solved, tmp_path, monkeypatch):
    # The tests may run as root, who may write anywhere: the check asks os.access, so ask it here.
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    access = plot_cli.os.access
    monkeypatch.setattr(plot_cli.os, "access", lambda path, mode: Path(path) != read_only and access(path, mode))
    line = usage_error(run("exercise6", "--workspace", solved, "--png", read_only / "loss.png"))
    assert translate("cli.destination.read_only", "en", path=read_only / "loss.png", folder=read_only) in line


@pytest.mark.parametrize("hidden, args, missing", [
    (["uniplot"], [], "uniplot"),
    (["matplotlib"], ["--png", "loss.png"], "matplotlib"),
    (["uniplot", "matplotlib"], ["--png", "loss.png"], "uniplot, matplotlib"),
])
def test_is_a_missing_extra_a_usage_error_with_an_install_line_that_works(solved, monkeypatch, tmp_path, hidden,
                                                                          args, missing):
    hide(monkeypatch, *hidden)
    monkeypatch.chdir(tmp_path)
    line = usage_error(run("exercise6", "--workspace", solved, *args))
    assert f"({missing})" in line
    assert f"pip install {missing.replace(', ', ' ')}" in line  # what works without PyPI ...
    assert "pip install -e '.[plots]'" in line  # ... and in a clone
    assert not (tmp_path / "loss.png").exists()


def test_does_the_terminal_picture_need_no_matplotlib(solved, monkeypatch):
    hide(monkeypatch, "matplotlib")
    result = run("exercise6", "--workspace", solved)
    assert result.exit_code == 0, result.output
    assert translate("plot.gd.title", "en")[:30] in result.stdout


def test_does_the_readme_install_the_extra_the_way_the_message_says():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "pip install -e '.[plots]'" in readme and "learn plot" in readme
