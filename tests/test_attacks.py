"""Can a hostile class change any grade, leave anything behind, or stop `learn grade`?

A class of honest students and one hostile student per attack of tests/attacks/class/ is graded by
`learn grade` as an instructor would run it: killed part way (SIGKILL), then resumed. Then: the
CSV is there, every score is the expected one, no process of any student is left, the CSV is still
the same after the daemon's planned rewrite, no file appeared outside the sandboxes, and no
submission or saved record changed. Skipped where student code cannot be isolated.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from grader import registry
from grader.sandbox import isolation
from tests.conftest import ROOT, SOLUTIONS

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_class import _header, _points, _registry  # noqa: E402

ATTACKS = ROOT / "tests" / "attacks" / "class"
HONEST_WRONG = ROOT / "tests" / "catalog" / "exercise1" / "wrong_absolute_error.py"
EXERCISES = [e.id for e in registry.exercises()]

pytestmark = pytest.mark.skipif(not isolation.detect().isolated, reason="no isolation for student code here")


def _full(exercise: str) -> int:
    return registry.get(exercise).max_score


def make_class(submissions: Path) -> dict[str, dict[str, int]]:
    """Write the class; return every student's expected score per exercise."""
    expected = {}
    students = {f"honest{n}": {} for n in range(3)}
    students["honest_wrong"] = {"exercise1": HONEST_WRONG}
    for attack in sorted(p for p in ATTACKS.iterdir() if p.is_dir()):
        students[f"hostile_{attack.name}"] = {"exercise1": attack / "exercise1_mse.py"}
    entries = {e["id"]: e for e in _registry()}
    for student, replaced in students.items():
        folder = submissions / student
        folder.mkdir(parents=True)
        scores = {}
        for exercise in registry.exercises():
            source = replaced.get(exercise.id, SOLUTIONS / exercise.file)
            shutil.copy(source, folder / exercise.file)
            header = _header(source)
            if "expect" in header:
                scores[exercise.id] = int(header["expect"])
            elif "expect-fail" in header:
                scores[exercise.id] = _points(entries[exercise.id], {n.strip() for n in header["expect-fail"].split(",")})
            else:
                scores[exercise.id] = _full(exercise.id)
        expected[student] = scores
    return expected


def processes_named(prefix: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and Path(f"/proc/{entry}/comm").read_text().startswith(prefix):
                found.append(int(entry))
        except OSError:
            pass
    return found


def litter(base: Path) -> list[str]:
    places = [Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"), Path.home(), Path.cwd()]
    found = [str(p) for place in places if place.is_dir() for p in place.glob("bpl-litter-*")]
    return found + [str(p) for p in base.rglob("bpl-litter-*")]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class DaemonWatch(threading.Thread):
    """Notices the daemon while it lives: proof that the attack ran."""

    def __init__(self):
        super().__init__(daemon=True)
        self.seen = False
        self.running = True

    def run(self):
        while self.running:
            self.seen = self.seen or bool(processes_named("bpl-daemon"))
            time.sleep(0.02)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-class")
    assert processes_named("bpl-") == [] and litter(base) == [], "left over from an earlier run"
    expected = make_class(base / "submissions")
    before = digest(base / "submissions")
    out = base / "out"
    out.mkdir()
    command = [sys.executable, "-m", "grader.cli", "grade", str(base / "submissions"), "--out", str(out / "grades.csv"),
               "--json", str(out / "results.json"), "--seed", "5", "--timeout", "1", "--jobs", "2"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    watch = DaemonWatch()
    watch.start()
    try:
        first = subprocess.Popen(command, cwd=base, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 start_new_session=True)
        records = out / "grades.state" / "students"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(records.glob("*.json"))) < 4 and first.poll() is None:
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)  # the instructor's run dies part way
        first.wait()
        killed_after = len(list(records.glob("*.json")))
        deadline = time.monotonic() + 5
        while processes_named("bpl-") and time.monotonic() < deadline:
            time.sleep(0.05)
        left_after_kill = processes_named("bpl-")
        resumed = subprocess.run(command + ["--resume"], cwd=base, env=env, capture_output=True, text=True,
                                 timeout=600)
    finally:
        watch.running = False
        watch.join()
    left = processes_named("bpl-")  # at once: close() waits for each sandbox to be gone
    csv_text = (out / "grades.csv").read_text() if (out / "grades.csv").exists() else ""
    json_text = (out / "results.json").read_text() if (out / "results.json").exists() else ""
    return dict(base=base, out=out, expected=expected, before=before, resumed=resumed, killed_after=killed_after,
                left_after_kill=left_after_kill, left=left, daemon_seen=watch.seen, csv=csv_text, json=json_text)


def test_does_the_run_complete_after_a_kill_and_a_resume(graded):
    resumed = graded["resumed"]
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.splitlines()[0].startswith("isolation: ")
    assert 4 <= graded["killed_after"] < len(graded["expected"]), "the first run must be killed part way"
    assert graded["csv"]


def test_does_every_student_get_exactly_the_expected_score(graded):
    rows = {row["student"]: row for row in csv.DictReader(io.StringIO(graded["csv"]))}
    assert set(rows) == set(graded["expected"])
    for student, scores in graded["expected"].items():
        assert {e: int(rows[student][e]) for e in EXERCISES} == scores, student
        assert rows[student]["status"] == "complete", student


def test_is_no_process_of_any_student_left(graded):
    assert graded["daemon_seen"], "the daemon attack must have run"
    assert graded["left_after_kill"] == []  # killing `learn` ends every sandbox
    assert graded["left"] == []


def test_is_the_csv_unchanged_after_the_daemons_planned_rewrite(graded):
    """The daemon would rewrite the outputs 3 s after it starts; it is proven dead above, so a
    short wait suffices."""
    time.sleep(1.0)
    assert (graded["out"] / "grades.csv").read_text() == graded["csv"]
    assert (graded["out"] / "results.json").read_text() == graded["json"]


def test_did_no_file_appear_outside_the_sandboxes(graded):
    assert litter(graded["base"]) == []
    assert sorted(p.name for p in graded["out"].iterdir()) == ["grades.csv", "grades.state", "results.json"]


def test_are_the_submissions_and_saved_records_untouched(graded):
    assert digest(graded["base"] / "submissions") == graded["before"]
    records = graded["out"] / "grades.state" / "students"
    saved = {p.stem: json.loads(p.read_text()) for p in records.glob("*.json")}
    assert set(saved) == set(graded["expected"])
    for student, record in saved.items():
        assert record["student"] == student and record["score"] == sum(graded["expected"][student].values())


def test_does_no_forged_message_reach_an_honest_student(graded):
    payload = json.loads(graded["json"])
    for record in payload["students"]:
        if record["student"].startswith("honest"):
            assert "ZeroDivisionError" not in json.dumps(record) and "your code is wrong" not in json.dumps(record)
