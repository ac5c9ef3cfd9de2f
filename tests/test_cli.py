"""Does `learn` keep its contract: output, JSON shape, exit codes, hints, init, language?"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from tests.conftest import solution_path, stub_path

EXERCISES = registry.exercises()


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


@pytest.fixture()
def solved(tmp_path) -> Path:
    (tmp_path / "exercises").mkdir()
    for exercise in EXERCISES:
        shutil.copy(solution_path(exercise), tmp_path / "exercises" / exercise.file)
    return tmp_path


@pytest.fixture()
def fresh(tmp_path) -> Path:
    (tmp_path / "exercises").mkdir()
    for exercise in EXERCISES:
        shutil.copy(stub_path(exercise), tmp_path / "exercises" / exercise.file)
    return tmp_path


def test_does_list_show_every_exercise_in_order(fresh):
    result = run("list", "--workspace", fresh)
    assert result.exit_code == 0
    positions = [result.output.index(e.id) for e in EXERCISES]
    assert positions == sorted(positions)


def test_does_a_solved_exercise_exit_0_with_full_marks(solved):
    result = run("check", "exercise3", "--workspace", solved)
    assert result.exit_code == 0, result.output
    assert "10/10" in result.output


def test_does_a_stub_exit_1_and_say_not_started(fresh):
    result = run("check", "3", "--workspace", fresh)
    assert result.exit_code == 1
    assert "not started" in result.output
    assert "Traceback" not in result.output


def test_is_the_json_output_the_documented_shape(fresh):
    result = run("check", "exercise1", "--workspace", fresh, "--format", "json")
    payload = json.loads(result.output)
    assert result.exit_code == 1
    assert {"exercise", "score", "max_score", "passed", "checks"} <= set(payload)
    assert payload["exercise"] == "exercise1" and payload["score"] == 0 and payload["max_score"] == 10
    for check in payload["checks"]:
        assert {"name", "passed", "score", "max_score", "message"} <= set(check)
        assert check["passed"] is False and "NotImplementedError" in check["message"]


def test_does_json_for_all_exercises_sum_them(solved):
    result = run("check", "--workspace", solved, "--format", "json")
    payload = json.loads(result.output)
    assert result.exit_code == 0
    assert [e["exercise"] for e in payload["exercises"]] == [e.id for e in EXERCISES]
    assert payload["score"] == payload["max_score"] == sum(e.max_score for e in EXERCISES)


def test_does_student_output_stay_out_of_json(solved):
    path = solved / "exercises" / "exercise1_mse.py"
    path.write_text("print('{\"score\": 999}')\n" + path.read_text().replace(
        "def mse_grad(", "def _unused():\n    pass\n\n\ndef mse_grad(", 1))
    result = run("check", "exercise1", "--workspace", solved, "--format", "json")
    assert json.loads(result.output)["score"] == 10


def test_does_check_all_show_a_summary_table(fresh):
    shutil.copy(solution_path(EXERCISES[0]), fresh / "exercises" / EXERCISES[0].file)
    result = run("check", "--workspace", fresh)
    assert result.exit_code == 1
    for exercise in EXERCISES:
        assert exercise.id in result.output
    assert f"10/{sum(e.max_score for e in EXERCISES)}" in result.output


@pytest.mark.parametrize("args", [["check", "exercise9"], ["check", "softmax"], ["hint", "7"]])
def test_is_an_unknown_exercise_a_usage_error(args, fresh):
    result = run(*args, "--workspace", fresh)
    assert result.exit_code == 2
    assert "exercise1" in result.output and len(result.output.strip().splitlines()) == 1


def test_is_a_missing_file_a_usage_error(tmp_path):
    result = run("check", "exercise2", "--workspace", tmp_path)
    assert result.exit_code == 2 and "learn init" in result.output
    result = run("check", "--file", tmp_path / "nope.py", "exercise2")
    assert result.exit_code == 2 and "nope.py" in result.output


def test_does_file_infer_the_exercise_from_its_name(solved, tmp_path):
    copy = tmp_path / "exercise5_mine.py"
    shutil.copy(solved / "exercises" / "exercise5_grad_clipping.py", copy)
    assert run("check", "--file", copy).exit_code == 0
    other = tmp_path / "homework.py"
    shutil.copy(copy, other)
    assert run("check", "--file", other).exit_code == 2
    assert run("check", "5", "--file", other).exit_code == 0


def test_is_a_syntax_error_one_clear_message(fresh):
    (fresh / "exercises" / "exercise2_bce.py").write_text("def sigmoid(z)\n    return z\n")
    result = run("check", "exercise2", "--workspace", fresh)
    assert result.exit_code == 1
    assert "syntax error on line 1" in result.output and "Traceback" not in result.output


def test_are_hints_revealed_one_at_a_time(fresh):
    hints = registry.get("exercise3").hints
    first = run("hint", "exercise3", "--workspace", fresh)
    second = run("hint", "exercise3", "--workspace", fresh)
    assert hints[0]["en"][:30] in first.output and hints[1]["en"][:30] not in first.output
    assert hints[1]["en"][:30] in second.output and hints[0]["en"][:30] not in second.output
    again = run("hint", "exercise3", "--all", "--workspace", fresh)
    assert hints[0]["en"][:30] in again.output and hints[1]["en"][:30] in again.output
    for _ in hints:
        last = run("hint", "exercise3", "--workspace", fresh)
    assert "last hint" in last.output


def test_does_list_show_progress_after_a_check(solved):
    run("check", "exercise1", "--workspace", solved)
    result = run("list", "--workspace", solved)
    line = next(line for line in result.output.splitlines() if "exercise1" in line)
    assert "passed" in line and "10/10" in line


def test_does_init_create_stubs_and_never_overwrite(tmp_path):
    target = tmp_path / "course"
    assert run("init", target).exit_code == 0
    first = target / "exercises" / EXERCISES[0].file
    assert first.read_text() == stub_path(EXERCISES[0]).read_text()
    first.write_text("# my work\n")
    result = run("init", target)
    assert result.exit_code == 0 and first.read_text() == "# my work\n" and "kept" in result.output


def test_does_chinese_output_come_with_lang_zh(fresh):
    result = run("check", "exercise3", "--workspace", fresh, "--lang", "zh")
    assert "未开始" in result.output or "尚未" in result.output


def test_does_a_corrupted_progress_database_not_break_commands(fresh, tmp_path, monkeypatch):
    home = tmp_path / "broken-home"
    home.mkdir()
    (home / "progress.db").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("BACKPROP_LAB_HOME", str(home))
    result = run("list", "--workspace", fresh)
    assert result.exit_code == 0
    assert list(home.glob("progress.db.corrupt-*"))


def test_does_list_tell_not_started_from_in_progress(fresh):
    shutil.copy(Path(__file__).parent / "catalog" / "exercise1" / "wrong_rmse.py",
                fresh / "exercises" / "exercise1_mse.py")
    run("check", "--workspace", fresh)
    lines = run("list", "--workspace", fresh).output.splitlines()
    assert "in progress" in next(line for line in lines if "exercise1" in line)
    assert "not started" in next(line for line in lines if "exercise2" in line)


@pytest.mark.parametrize("isolation", ["auto", "none"])
def test_does_check_work_with_and_without_isolation(solved, isolation):
    result = run("check", "exercise1", "--workspace", solved, "--isolation", isolation)
    assert result.exit_code == 0 and "10/10" in result.output
