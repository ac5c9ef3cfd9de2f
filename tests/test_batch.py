"""Does `learn grade` give every student of a class, hostile ones included, the honest score,
survive being killed, and export files that other tools accept?"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import registry
from grader.cli import main
from tests.conftest import ROOT, SOLUTIONS, deny_looking_into

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_class import HOSTILE, make_class  # noqa: E402

# End to end: whole classes graded, killed and resumed; more than the default 30 s.
pytestmark = pytest.mark.timeout(120)

EXERCISES = [exercise.id for exercise in registry.exercises()]
MAX_TOTAL = sum(exercise.max_score for exercise in registry.exercises())


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def read_csv(path: Path) -> dict[str, dict]:
    return {row["student"]: row for row in csv.DictReader(io.StringIO(path.read_text()))}


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A class of 22: every hostile behaviour, wrong, partly missing and correct submissions."""
    base = tmp_path_factory.mktemp("class")
    specs = make_class(base / "submissions", 22)
    result = run("grade", base / "submissions", "--out", base / "grades.csv", "--json", base / "results.json",
                 "--gradescope", base / "gradescope", "--seed", "7", "--timeout", "1", "--jobs", "2")
    return base, specs, result


def test_does_every_student_get_the_expected_score(graded_class):
    base, specs, result = graded_class
    assert result.exit_code == 0, result.output
    assert {spec.kind for spec in specs} >= {"hostile", "wrong", "missing", "correct"}
    assert sum(spec.kind == "hostile" for spec in specs) >= len(HOSTILE)
    rows = read_csv(base / "grades.csv")
    assert set(rows) == {spec.id for spec in specs}
    for spec in specs:
        got = {exercise: int(rows[spec.id][exercise]) for exercise in EXERCISES}
        assert got == spec.expected, (spec.id, spec.kind)
        assert int(rows[spec.id]["total"]) == sum(spec.expected.values())
        assert int(rows[spec.id]["max"]) == MAX_TOTAL


def test_does_nothing_a_student_prints_reach_the_output(graded_class):
    base, _, result = graded_class
    assert "ALL CHECKS PASSED" not in result.output


def test_is_the_json_every_check_with_its_message(graded_class):
    base, specs, _ = graded_class
    payload = json.loads((base / "results.json").read_text())
    assert payload["seed"] == 7 and len(payload["students"]) == len(specs)
    for record in payload["students"]:
        assert [e["exercise"] for e in record["exercises"]] == EXERCISES
        for entry in record["exercises"]:
            for check in entry["checks"]:
                assert {"name", "passed", "score", "max_score", "status", "message"} <= set(check)
                assert check["passed"] or check["message"] or check["status"] == "missing"


def validate_gradescope(results: dict) -> None:
    """Gradescope's documented results.json format: numbers where numbers go, known visibilities."""
    visibilities = {"hidden", "after_due_date", "after_published", "visible"}
    assert set(results) <= {"score", "execution_time", "output", "output_format", "test_output_format",
                            "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
                            "leaderboard"}
    assert isinstance(results["score"], (int, float)) and isinstance(results["tests"], list)
    assert results["visibility"] in visibilities and results["stdout_visibility"] in visibilities
    for test in results["tests"]:
        assert set(test) <= {"score", "max_score", "status", "name", "name_format", "number", "output",
                             "output_format", "tags", "visibility", "extra_data"}
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert isinstance(test["score"], (int, float)) and isinstance(test["max_score"], (int, float))
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in {"passed", "failed"} and test["visibility"] in visibilities
    assert results["score"] == sum(test["score"] for test in results["tests"])


def test_are_the_gradescope_files_valid_and_equal_to_the_csv(graded_class):
    base, specs, _ = graded_class
    rows = read_csv(base / "grades.csv")
    for spec in specs:
        results = json.loads((base / "gradescope" / spec.id / "results.json").read_text())
        validate_gradescope(results)
        assert results["score"] == int(rows[spec.id]["total"])


def test_does_a_second_run_refuse_to_overwrite_without_resume(graded_class):
    base, _, _ = graded_class
    before = (base / "grades.csv").read_text()
    result = run("grade", base / "submissions", "--out", base / "grades.csv", "--seed", "7")
    assert result.exit_code == 2 and "--resume" in result.output
    assert (base / "grades.csv").read_text() == before
    assert run("grade", base / "submissions", "--out", base / "grades.csv", "--resume", "--seed", "8").exit_code == 2


def test_is_a_missing_folder_a_usage_error(tmp_path):
    result = run("grade", tmp_path / "nowhere", "--out", tmp_path / "g.csv")
    assert result.exit_code == 2 and "nowhere" in result.output


def test_are_awkward_student_ids_quoted_and_defused(tmp_path):
    submissions = tmp_path / "submissions"
    for name in ['=cmd|"calc"!A1', "smith, jane", 'o"brien']:
        (submissions / name).mkdir(parents=True)
        shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / name)
    result = run("grade", submissions, "--out", tmp_path / "g.csv", "--exercises", "exercise1", "--seed", "3")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "g.csv")
    assert set(rows) == {"'=cmd|\"calc\"!A1", "smith, jane", 'o"brien'}
    assert all(row["exercise1"] == "10" and row["status"] == "complete" for row in rows.values())


def test_does_any_folder_name_the_file_system_allows_leave_the_run_whole(tmp_path):
    """A student id is a folder name: 250 bytes long (its record's name would be longer than a file
    name may be), or not UTF-8 (an archive made on a Latin-1 system). Neither may stop the run for
    the class; both are graded, exported and found again by --resume."""
    submissions = tmp_path / "submissions"
    long_id, latin1_id = "x" * 250, os.fsdecode(b"Jos\xe9")
    for name in ("ann", long_id, latin1_id):
        (submissions / name).mkdir(parents=True)
        shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / name)
    out = tmp_path / "grades.csv"
    options = ["--out", out, "--json", tmp_path / "results.json", "--gradescope", tmp_path / "gradescope",
               "--exercises", "exercise1", "--seed", "3"]
    result = run("grade", submissions, *options)
    assert result.exit_code == 0, result.output
    rows = read_csv(out)  # UTF-8 throughout; the byte that is not is written as an escape
    assert set(rows) == {"ann", long_id, "Jos\\udce9"} and all(row["exercise1"] == "10" for row in rows.values())
    students = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["students"]
    assert {record["student"] for record in students} == {"ann", long_id, latin1_id}
    assert (tmp_path / "gradescope" / latin1_id / "results.json").exists()
    from grader import batch

    state = tmp_path / "grades.state"
    assert set(batch.load_records(state, batch.open_run(state, exercises=("exercise1",), seed=3, resume=True))) == {"ann", long_id, latin1_id}  # nobody graded twice
    resumed = run("grade", submissions, *options, "--resume")
    assert resumed.exit_code == 0 and read_csv(out) == rows


def test_do_shards_merge_into_the_full_class(graded_class, tmp_path):
    base, _, _ = graded_class
    out = tmp_path / "grades.csv"
    for shard in ("1/2", "2/2"):
        flags = ["--resume"] if shard == "2/2" else []
        result = run("grade", base / "submissions", "--out", out, "--seed", "7", "--timeout", "1",
                     "--shard", shard, *flags)
        assert result.exit_code == 0, result.output
    merged = run("grade", base / "submissions", "--out", out, "--seed", "7", "--resume")
    assert merged.exit_code == 0
    assert out.read_text() == (base / "grades.csv").read_text()


def test_does_a_killed_run_resume_to_the_same_csv(graded_class, tmp_path):
    base, specs, _ = graded_class
    out = tmp_path / "grades.csv"
    command = [sys.executable, "-m", "grader.cli", "grade", str(base / "submissions"), "--out", str(out),
               "--seed", "7", "--timeout", "1", "--jobs", "1"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    records = tmp_path / "grades.state" / "students"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(records.glob("*.json"))) < 5:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    saved = len(list(records.glob("*.json")))
    assert 5 <= saved < len(specs), "the run must be killed part way"
    assert not out.exists()
    resumed = run("grade", base / "submissions", "--out", out, "--resume", "--timeout", "1")
    assert resumed.exit_code == 0, resumed.output
    assert out.read_text() == (base / "grades.csv").read_text()


def test_does_a_batch_run_neither_trust_nor_write_the_reference_cache(tmp_path, monkeypatch):
    """A cache full of zeros (as a student who rewrote it would leave it) changes no grade, and the
    run writes no file holding its answers and named after its secret seed."""
    import numpy as np

    from grader.grading import _case_set

    cache = tmp_path / "cache"
    monkeypatch.setenv("BACKPROP_LAB_CACHE", str(cache))
    exercise = registry.get("exercise1")
    _case_set(exercise, 4)  # what `learn check --seed 4` leaves in the cache (every exercise's answers)
    (stored,) = cache.glob("exercise1-seed4-*.npz")
    with np.load(stored) as answers:
        np.savez(stored, **{key: np.zeros_like(answers[key]) for key in answers.files})
    poisoned = stored.read_bytes()
    before = {path.name: path.read_bytes() for path in cache.iterdir()}
    submissions = tmp_path / "submissions"
    (submissions / "mallory").mkdir(parents=True)
    (submissions / "mallory" / "exercise1_mse.py").write_text(
        "import numpy as np\n"
        "def mse_loss(y_pred, y_true, reduction='mean'):\n"
        "    return np.zeros_like(y_pred) if reduction == 'none' else 0.0\n"
        "def mse_grad(y_pred, y_true, reduction='mean'):\n"
        "    return np.zeros_like(y_pred)\n")
    (submissions / "honest").mkdir()
    shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / "honest")
    out = tmp_path / "grades.csv"
    subprocess.run([sys.executable, "-m", "grader.cli", "grade", str(submissions), "--out", str(out),
                    "--exercises", "exercise1", "--seed", "4"], cwd=ROOT, check=True, capture_output=True,
                   env=dict(os.environ, BACKPROP_LAB_CACHE=str(cache)))
    rows = read_csv(out)
    assert (rows["mallory"]["exercise1"], rows["honest"]["exercise1"]) == ("0", "10")
    assert {path.name: path.read_bytes() for path in cache.iterdir()} == before and stored.read_bytes() == poisoned
    assert not any(path.suffix == ".npz" for path in tmp_path.rglob("*") if path.parent != cache)


def test_does_one_students_failure_leave_the_others_and_get_retried_on_resume(tmp_path, monkeypatch):
    """Whatever breaks while grading one student (here the grader itself raises), the run ends with
    every other record saved; that student is marked 'error', not saved, and graded on --resume."""
    from grader import batch

    submissions = tmp_path / "submissions"
    for name in ("ann", "bob", "cat"):
        (submissions / name).mkdir(parents=True)
        shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / name)
    real = batch.grade_submission

    def breaks_for_bob(targets, **options):
        if "bob" in str(targets[0][1]):
            raise RecursionError("maximum recursion depth exceeded")
        return real(targets, **options)

    monkeypatch.setattr(batch, "grade_submission", breaks_for_bob)
    out = tmp_path / "grades.csv"
    result = run("grade", submissions, "--out", out, "--exercises", "exercise1", "--seed", "3")
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert [rows[n]["status"] for n in ("ann", "bob", "cat")] == ["complete", "error", "complete"]
    assert (rows["ann"]["exercise1"], rows["bob"]["exercise1"]) == ("10", "0")
    assert sorted(p.stem for p in (tmp_path / "grades.state" / "students").glob("*.json")) == ["ann", "cat"]
    monkeypatch.setattr(batch, "grade_submission", real)
    resumed = run("grade", submissions, "--out", out, "--exercises", "exercise1", "--resume")
    assert resumed.exit_code == 0 and read_csv(out)["bob"]["exercise1"] == "10"


def test_does_learn_grade_say_which_isolation_it_uses(tmp_path):
    submissions = tmp_path / "submissions"
    (submissions / "ann").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / "ann")
    result = run("grade", submissions, "--out", tmp_path / "g.csv", "--exercises", "exercise1", "--seed", "3",
                 "--isolation", "none")
    assert result.exit_code == 0
    assert "isolation: NONE" in result.output and "as asked with --isolation none" in result.output


def test_does_strict_refuse_to_grade_without_isolation_and_write_nothing(tmp_path, monkeypatch):
    from grader.sandbox import isolation

    fake = tmp_path / "launcher.py"
    fake.write_text("import os, sys\nos.write(2, b'sandbox: unshare: Operation not permitted')\nsys.exit(125)\n")
    monkeypatch.setattr(isolation, "LAUNCHER_SCRIPT", fake)
    monkeypatch.setattr(isolation, "_DETECTED", {})
    monkeypatch.setattr(isolation.shutil, "which", lambda name: None)
    submissions = tmp_path / "submissions"
    (submissions / "ann").mkdir(parents=True)
    result = run("grade", submissions, "--out", tmp_path / "g.csv", "--isolation", "strict")
    assert result.exit_code == 2 and "no isolation" in result.output and "seccomp" in result.output
    assert not (tmp_path / "g.state").exists() and not (tmp_path / "g.csv").exists()


def test_is_a_symlink_out_of_the_students_folder_not_a_submission(tmp_path):
    """A link to a classmate's file (or to anything outside one's folder) hands nothing in."""
    from grader import batch

    submissions = tmp_path / "submissions"
    (submissions / "ann").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / "ann")
    (submissions / "bob").mkdir()
    (submissions / "bob" / "exercise1_mse.py").symlink_to(submissions / "ann" / "exercise1_mse.py")
    (submissions / "cat" / "exercises").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / "cat" / "exercises")
    (submissions / "cat" / "exercise1_mse.py").symlink_to("exercises/exercise1_mse.py")  # inside: fine
    found = {s.id: s.files["exercise1"] for s in batch.discover(submissions, [registry.get("exercise1")])}
    assert found["ann"] is not None and found["bob"] is None and found["cat"] is not None


def test_does_resume_take_the_records_saved_before_records_were_typed_and_regrade_forged_ones(tmp_path):
    """A run saved by the code before typed records resumes with its records (ann's saved 5 stands,
    though her file now earns 10); a record whose scores do not add up (bob claims 22) is graded again."""
    from tests.test_records import SAVED_BEFORE

    submissions = tmp_path / "submissions"
    for name, source in (("ann", SOLUTIONS / "exercise1_mse.py"),
                         ("bob", ROOT / "tests" / "catalog" / "exercise1" / "wrong_grad_missing_factor_2.py")):
        (submissions / name).mkdir(parents=True)
        shutil.copy(source, submissions / name / "exercise1_mse.py")
    state = tmp_path / "grades.state"
    (state / "students").mkdir(parents=True)
    (state / "run.json").write_text(json.dumps({"seed": 3, "exercises": ["exercise1", "exercise2"]}))
    (state / "students" / "ann.json").write_text(json.dumps(SAVED_BEFORE))
    (state / "students" / "bob.json").write_text(json.dumps(dict(SAVED_BEFORE, student="bob", score=22)))
    result = run("grade", submissions, "--out", tmp_path / "grades.csv", "--exercises", "exercise1,exercise2",
                 "--resume", "--isolation", "none")
    assert result.exit_code == 0, result.output
    rows = read_csv(tmp_path / "grades.csv")
    assert [(rows[n]["exercise1"], rows[n]["total"], rows[n]["status"]) for n in ("ann", "bob")] == [
        ("5", "5", "partial"), ("5", "5", "partial")]
    assert json.loads((state / "students" / "bob.json").read_text())["score"] == 5


def test_is_an_output_that_cannot_be_written_refused_before_anyone_is_graded(tmp_path):
    submissions = tmp_path / "submissions"
    (submissions / "ada").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / "ada")
    (tmp_path / "report").write_text("a file where --json expects a folder")
    result = run("grade", submissions, "--out", tmp_path / "grades.csv", "--json", tmp_path / "report" / "all.json",
                 "--exercises", "exercise1", "--seed", "3")
    assert result.exit_code == 2 and "is not a writable folder" in result.output
    assert not (tmp_path / "grades.state").exists()  # nothing was graded or saved


def test_are_the_grades_readable_by_the_instructor_only(tmp_path):
    submissions = tmp_path / "submissions"
    (submissions / "ada").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / "ada")
    out = tmp_path / "grades.csv"
    assert run("grade", submissions, "--out", out, "--exercises", "exercise1", "--seed", "3").exit_code == 0
    for path in (out, tmp_path / "grades.state" / "run.json", tmp_path / "grades.state" / "students" / "ada.json"):
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_does_a_folder_the_grader_cannot_read_hand_nothing_in(tmp_path, monkeypatch):
    """A student's archive unpacks an `exercises/` folder of mode 000: looking into it raises
    PermissionError (for anyone but root, who is simulated here), which refused the whole class."""
    from grader import batch

    submissions = tmp_path / "submissions"
    (submissions / "ann").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / "ann")
    locked = submissions / "mallory" / "exercises"
    locked.mkdir(parents=True)
    deny_looking_into(locked, monkeypatch)
    locked.chmod(0)
    try:
        found = {s.id: s.files["exercise1"] for s in batch.discover(submissions, [registry.get("exercise1")])}
    finally:
        locked.chmod(0o755)
    assert found["ann"] is not None and found["mallory"] is None



def test_is_the_class_summary_in_the_instructors_language(tmp_path):
    submissions = tmp_path / "submissions"
    (submissions / "ada").mkdir(parents=True)
    shutil.copy(SOLUTIONS / "exercise1_mse.py", submissions / "ada")
    (submissions / "bob").mkdir()
    (submissions / "bob" / "exercise1_mse.py").write_text("import time\ndef mse_loss(*a, **k):\n    time.sleep(60)\n")
    outputs = {}
    for language in ("en", "zh"):
        result = run("grade", submissions, "--out", tmp_path / f"{language}.csv", "--exercises", "exercise1,exercise2",
                     "--seed", "3", "--timeout", "0.5", "--isolation", "none", "--lang", language)
        assert result.exit_code == 0, result.output
        outputs[language] = result.output
    assert "2 students (2 partial)" in outputs["en"] and "timed out" in outputs["en"]
    assert "2 名学生（2 部分提交）" in outputs["zh"] and "超时" in outputs["zh"] and "mean score" not in outputs["zh"]
