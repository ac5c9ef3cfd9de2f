"""Does `learn` keep its contract: output, JSON shape, exit codes, hints, init, language?"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from tests.conftest import CATALOG, solution_path, stub_path

EXERCISES = registry.exercises()


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


def flat(output: str) -> str:
    """The output with every run of whitespace as one space: rich wraps long lines anywhere."""
    return " ".join(output.split())


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


@pytest.mark.parametrize("args", [["check", "exercise99"], ["check", "softmax"], ["hint", "99"]])
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


def first_line(rung, language="en") -> str:
    """The start of a rung, without spaces: the terminal wraps lines wherever it likes."""
    return re.sub(r"\s+", "", rung.text[language])[:40]


def shown(result) -> str:
    return re.sub(r"\s+", "", result.output)


def test_does_hint_climb_the_first_functions_ladder_before_any_check(fresh):
    ladder = registry.get("exercise3").ladders["softmax"]
    first = run("hint", "exercise3", "--workspace", fresh)
    second = run("hint", "exercise3", "--workspace", fresh)
    assert first.exit_code == second.exit_code == 0
    assert "softmax · hint 1/4: the idea" in first.output and first_line(ladder[0]) in shown(first)
    assert "softmax · hint 2/4: the formula" in second.output and first_line(ladder[0]) not in shown(second)


def test_does_hint_start_at_the_function_of_the_first_failing_check(fresh):
    shutil.copy(Path(__file__).parent / "catalog" / "exercise3" / "wrong_jacobian_diagonal_only.py",
                fresh / "exercises" / "exercise3_softmax_jacobian.py")
    run("check", "exercise3", "--workspace", fresh)
    result = run("hint", "exercise3", "--workspace", fresh)
    assert "softmax_jacobian_single" in result.output
    assert "softmax_jacobian · hint 1/4: the idea" in result.output
    assert first_line(registry.get("exercise3").ladders["softmax_jacobian"][0]) in shown(result)


def test_does_naming_a_function_pick_its_ladder(fresh):
    run("hint", "exercise3", "--workspace", fresh)
    result = run("hint", "exercise3", "cross_entropy_grad", "--workspace", fresh)
    assert "cross_entropy_grad · hint 1/4: the idea" in result.output and "softmax ·" not in result.output


def test_is_an_unknown_function_one_line_listing_the_functions(fresh):
    result = run("hint", "exercise3", "jacobian", "--workspace", fresh)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert all(function in result.output for function in registry.get("exercise3").functions)


def test_does_hint_warn_before_the_code_and_stop_at_it(fresh):
    outputs = [run("hint", "exercise3", "softmax", "--workspace", fresh).output for _ in range(5)]
    assert "4/4 is the code itself" in outputs[2]
    assert "softmax · hint 4/4: the code" in outputs[3] and "last hint" in outputs[3]
    assert "softmax · hint 4/4: the code" in outputs[4]


def test_do_all_and_reset_show_and_hide_what_was_revealed(fresh):
    ladders = registry.get("exercise3").ladders
    run("hint", "exercise3", "softmax", "--workspace", fresh)
    run("hint", "exercise3", "softmax", "--workspace", fresh)
    run("hint", "exercise3", "cross_entropy_grad", "--workspace", fresh)
    again = shown(run("hint", "exercise3", "--all", "--workspace", fresh))
    for rung in (ladders["softmax"][0], ladders["softmax"][1], ladders["cross_entropy_grad"][0]):
        assert first_line(rung) in again
    assert first_line(ladders["softmax"][2]) not in again
    one = shown(run("hint", "exercise3", "cross_entropy_grad", "--all", "--workspace", fresh))
    assert first_line(ladders["cross_entropy_grad"][0]) in one and first_line(ladders["softmax"][0]) not in one
    run("hint", "exercise3", "softmax", "--reset", "--workspace", fresh)
    assert "softmax ·" not in run("hint", "exercise3", "--all", "--workspace", fresh).output
    run("hint", "exercise3", "--reset", "--workspace", fresh)
    assert "No hints revealed yet" in run("hint", "exercise3", "--all", "--workspace", fresh).output


def test_does_hint_speak_chinese(fresh):
    result = run("hint", "exercise3", "--workspace", fresh, "--lang", "zh")
    assert "softmax · 提示 1/4：思路" in result.output
    assert first_line(registry.get("exercise3").ladders["softmax"][0], "zh") in shown(result)


EXTRA_DERIVATIVE = CATALOG / "exercise2" / "wrong_logistic_extra_derivative.py"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_does_check_name_the_mistake_and_its_hint_but_keep_the_correction_for_explain(language):
    entry = registry.content("exercise2")["mistakes"]["logistic.extra_sigmoid_derivative"]
    plain = flat(run("check", "exercise2", "--file", EXTRA_DERIVATIVE, "--lang", language).output)
    explained = flat(run("check", "exercise2", "--file", EXTRA_DERIVATIVE, "--lang", language, "--explain").output)
    assert flat(entry[language]) in plain and flat(entry[language]) in explained
    assert "`learn hint exercise2 logistic_regression_grad`" in plain
    assert flat(entry["explain"][language]) not in plain and "σ(z) − y" not in plain
    assert flat(entry["explain"][language]) in explained
    # the flag is offered where a mistake was named, and only there
    offer = "--explain"
    assert offer in plain and offer not in explained
    solved = run("check", "exercise2", "--file", solution_path(registry.get("exercise2")), "--lang", language)
    assert solved.exit_code == 0 and offer not in flat(solved.output)


def test_does_json_give_the_hint_always_and_the_correction_only_with_explain():
    def failing(*extra):
        payload = json.loads(run("check", "exercise2", "--file", EXTRA_DERIVATIVE, "--format", "json", *extra).output)
        return next(check for check in payload["checks"] if check["mistake"] == "logistic.extra_sigmoid_derivative")

    correction = registry.content("exercise2")["mistakes"]["logistic.extra_sigmoid_derivative"]["explain"]["en"]
    plain, explained = failing(), failing("--explain")
    assert plain["hints"] == explained["hints"] == ["learn hint exercise2 logistic_regression_grad"]
    assert "explanations" not in plain and correction not in plain["message"]
    assert explained["explanations"] == {"logistic.extra_sigmoid_derivative": correction}
    assert correction in explained["message"]


def test_does_the_hint_a_mistake_points_to_open_that_ladder(fresh):
    result = run("hint", "exercise2", "logistic_regression_grad", "--workspace", fresh)
    assert result.exit_code == 0 and "logistic_regression_grad · hint 1/4: the idea" in result.output


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


def chinese_stub(exercise) -> str:
    from grader.workspace import stub_source

    return stub_source(exercise, "zh")


@pytest.mark.parametrize("how", ["--lang", "environment", "locale"])
def test_does_init_write_chinese_stubs_for_a_learner_who_reads_chinese(tmp_path, monkeypatch, how):
    arguments = ["init", tmp_path / "course"]
    if how == "--lang":
        arguments += ["--lang", "zh"]
    elif how == "environment":
        monkeypatch.setenv("BACKPROP_LAB_LANG", "zh")
    else:
        monkeypatch.delenv("BACKPROP_LAB_LANG")
        monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    result = run(*arguments)
    assert result.exit_code == 0 and "已创建" in result.output
    for exercise in EXERCISES:
        written = (tmp_path / "course" / "exercises" / exercise.file).read_text(encoding="utf-8")
        assert written == chinese_stub(exercise) and "# TODO: " in written
    # Only --lang leaves the other commands in another language: init says how to keep it.
    assert ("export BACKPROP_LAB_LANG=zh" in result.output) == (how == "--lang")


def test_does_reset_put_back_the_chinese_stub_with_lang_zh(solved):
    result = run("reset", "exercise2", "--workspace", solved, "--lang", "zh")
    assert result.exit_code == 0 and "已把" in result.output
    assert (solved / "exercises" / EXERCISES[1].file).read_text(encoding="utf-8") == chinese_stub(EXERCISES[1])


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


def test_does_a_check_end_with_the_progress_and_the_next_step(fresh):
    shutil.copy(solution_path(EXERCISES[0]), fresh / "exercises" / EXERCISES[0].file)
    result = run("check", "exercise1", "--workspace", fresh)
    assert f"1/{len(EXERCISES)} exercises pass" in flat(result.output)
    assert "learn show exercise2" in flat(result.output)
    result = run("check", "exercise2", "--workspace", fresh, "--lang", "zh")
    assert f"{len(EXERCISES)} 个练习中已通过 1 个" in flat(result.output) and "learn show exercise2" in flat(result.output)


def test_at_full_marks_does_check_point_to_the_quiz_not_to_what_is_wrong(solved):
    result = run("check", "--workspace", solved)
    assert result.exit_code == 0
    assert f"{len(EXERCISES)}/{len(EXERCISES)} exercises pass" in flat(result.output) and "learn quiz" in flat(result.output)
    assert "wrong" not in flat(result.output)


def test_does_check_all_name_the_first_exercise_to_work_on(fresh):
    result = run("check", "--workspace", fresh)
    assert f"0/{len(EXERCISES)} exercises pass" in flat(result.output) and "learn show exercise1" in flat(result.output)


def test_does_a_check_on_the_side_leave_out_the_workspace_progress(solved, tmp_path):
    copy = tmp_path / "exercise5_mine.py"
    shutil.copy(solved / "exercises" / "exercise5_grad_clipping.py", copy)
    result = run("check", "--file", copy)
    assert result.exit_code == 0 and "exercises pass" not in flat(result.output)


def test_does_reset_restore_the_stub_say_where_the_backup_is_and_start_again(solved):
    path = solved / "exercises" / EXERCISES[0].file
    mine = path.read_text()
    run("check", "exercise1", "--workspace", solved)
    run("hint", "exercise1", "--workspace", solved)
    result = run("reset", "exercise1", "--workspace", solved)
    assert result.exit_code == 0
    (backup,) = (solved / "backups").iterdir()
    assert backup.read_text() == mine and path.read_text() == stub_path(EXERCISES[0]).read_text()
    assert backup.name in flat(result.output)
    line = next(line for line in run("list", "--workspace", solved).output.splitlines() if "exercise1" in line)
    assert "not checked yet" in line
    first_function = EXERCISES[0].functions[0]
    first_rung = EXERCISES[0].ladders[first_function][0].text["en"][:30]
    again = run("hint", "exercise1", first_function, "--workspace", solved).output
    assert first_rung in " ".join(again.split())  # the ladder starts again at its first rung


def test_does_reset_refuse_politely_when_there_is_nothing_to_reset(fresh):
    result = run("reset", "3", "--workspace", fresh, "--lang", "zh")
    assert result.exit_code == 0 and "无需重置" in result.output
    assert not (fresh / "backups").exists()


def test_does_reset_write_a_missing_file(tmp_path):
    result = run("reset", "exercise2", "--workspace", tmp_path)
    assert result.exit_code == 0 and "fresh stub" in flat(result.output)
    assert (tmp_path / EXERCISES[1].file).read_text() == stub_path(EXERCISES[1]).read_text()


def test_is_a_reset_that_cannot_back_up_a_usage_error_that_changes_nothing(fresh):
    path = fresh / "exercises" / EXERCISES[0].file
    path.write_text("# my work\n")
    (fresh / "backups").write_text("in the way")
    result = run("reset", "1", "--workspace", fresh)
    assert result.exit_code == 2 and "not changed" in result.output and path.read_text() == "# my work\n"


def test_do_list_and_progress_agree_on_one_workspace_and_name_the_others(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # long temporary paths on one line
    everything, started = tmp_path / "everything", tmp_path / "started"
    for workspace in (everything, started):
        run("init", workspace)
    for exercise in EXERCISES:
        shutil.copy(solution_path(exercise), everything / "exercises" / exercise.file)
    shutil.copy(solution_path(EXERCISES[0]), started / "exercises" / EXERCISES[0].file)
    run("check", "--workspace", everything)  # every exercise passes over there ...
    run("check", "exercise1", "--workspace", started)  # ... one here
    for command in ("list", "progress"):
        lines = run(command, "--workspace", started).output.splitlines()
        assert "passed" in next(line for line in lines if "exercise1" in line), command
        assert "passed" not in next(line for line in lines if "exercise2" in line), command
    note = flat(run("progress", "--workspace", started).output)
    assert f"{everything.resolve()} ({len(EXERCISES)}/{len(EXERCISES)})" in note


# ----------------------------------------------------------------------------- one case on its own

CATALOG = Path(__file__).parent / "catalog"


def run_snippet(source: str) -> str:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, timeout=60)
    return done.stdout + done.stderr


def test_does_the_reproduce_line_keep_the_file_and_seed(tmp_path):
    copy = tmp_path / "my softmax.py"
    shutil.copy(CATALOG / "exercise3" / "wrong_global_max.py", copy)
    result = run("check", "3", "--file", copy, "--seed", "7")
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "--case" in line)
    assert f"learn check exercise3 --file '{copy}' --seed 7 --case softmax_stability:" in line


def test_does_case_print_a_snippet_that_reproduces_the_failure(tmp_path):
    copy = tmp_path / "exercise3_softmax_jacobian.py"
    shutil.copy(CATALOG / "exercise3" / "wrong_ce_grad_nan_at_1000.py", copy)
    result = run("check", "--file", copy, "--case", "cross_entropy_grad_stability")
    assert result.exit_code == 1 and result.output.startswith("# exercise3 · cross_entropy_grad_stability, case 1")
    assert "largest difference: nan" in run_snippet(result.output)
    shutil.copy(solution_path(registry.get("exercise3")), copy)  # the same snippet, on code that is right
    fixed = run_snippet(run("check", "--file", copy, "--case", "cross_entropy_grad_stability:2").output)
    assert float(fixed.split("largest difference:")[1]) < 1e-12


def test_does_case_show_an_in_place_failure_on_the_callers_own_arrays(tmp_path):
    copy = tmp_path / "exercise5_grad_clipping.py"
    shutil.copy(CATALOG / "exercise5" / "wrong_replaces_list_items.py", copy)
    snippet = run("check", "--file", copy, "--case", "clip_grad_norm_in_place").output
    assert float(run_snippet(snippet).split("largest difference:")[1]) > 0.1


def test_does_case_show_that_an_unknown_reduction_must_raise(tmp_path):
    copy = tmp_path / "exercise1_mse.py"
    shutil.copy(CATALOG / "exercise1" / "wrong_reduction_dict_lookup.py", copy)
    snippet = run("check", "--file", copy, "--case", "mse_value_sum_none:5").output
    assert "raised KeyError instead of ValueError" in run_snippet(snippet)


def test_does_dump_save_the_inputs_and_torchs_answer(tmp_path):
    import numpy as np

    from grader.grading import case_set

    copy = tmp_path / "exercise4_backprop.py"
    shutil.copy(CATALOG / "exercise4" / "wrong_half_squared_error.py", copy)
    target = tmp_path / "case.npz"
    result = run("check", "--file", copy, "--dump", target)
    assert result.exit_code == 1 and "backward_W2" in result.output and str(target) in result.output
    with np.load(target) as saved:
        _, cases, answers = case_set(registry.get("exercise4"), 0)
        case = cases["backward_W2"][0]
        np.testing.assert_array_equal(saved["expected"], answers["backward_W2"][0])
        np.testing.assert_array_equal(saved["forward: X"], case.setup.args[0])
        np.testing.assert_array_equal(saved["forward: params['W1']"], case.setup.args[1]["W1"])
        np.testing.assert_array_equal(saved["y"], case.call.args[0])
        assert str(saved["call"]) == "backward(y, setup_result[1])"


@pytest.mark.parametrize("args, message", [
    (["check", "--case", "softmax_values"], "one exercise"),
    (["check", "3", "--case", "softmax_value"], "softmax_values"),
    (["check", "3", "--case", "softmax_values:9"], "no case 9"),
    (["check", "3", "--case", "softmax_values:x"], "no case x"),
])
def test_is_a_case_that_does_not_exist_a_usage_error(args, message, solved):
    result = run(*args, "--workspace", solved)
    assert result.exit_code == 2 and message in result.output


def test_is_dumping_when_nothing_fails_a_usage_error(solved, tmp_path):
    result = run("check", "1", "--workspace", solved, "--dump", tmp_path / "case.npz")
    assert result.exit_code == 2 and "passes" in result.output and not (tmp_path / "case.npz").exists()


@pytest.mark.parametrize("dump, says", [("", "--dump needs a file name"), ("no-such-folder/case.npz", "there is no folder")])
def test_is_a_dump_that_cannot_be_written_refused_before_grading(fresh, tmp_path, monkeypatch, dump, says):
    monkeypatch.chdir(tmp_path)
    result = run("check", "3", "--workspace", fresh, "--dump", dump)
    assert result.exit_code == 2 and says in result.output and "Traceback" not in result.output
    assert "not started" not in result.output  # refused before any check ran


@pytest.mark.parametrize("isolation", ["auto", "none"])
def test_does_check_work_with_and_without_isolation(solved, isolation):
    result = run("check", "exercise1", "--workspace", solved, "--isolation", isolation)
    assert result.exit_code == 0 and "10/10" in result.output


@pytest.mark.parametrize("command", ["check", "hint", "reset", "show", "notebook", "quiz"])
def test_does_the_help_of_a_command_taking_an_exercise_name_the_registrys_first_and_last(command):
    ids = registry.ids()
    assert ids == tuple(exercise.id for exercise in EXERCISES)
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"{ids[0]}…{ids[-1]}" in flat(result.output)


def test_does_an_unknown_quiz_scope_list_every_exercise_of_the_registry():
    result = CliRunner().invoke(main, ["quiz", "no_such_topic"])
    assert result.exit_code == 2
    assert ", ".join(exercise.id for exercise in EXERCISES) in result.stderr
