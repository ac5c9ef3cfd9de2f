"""Is a student's record one typed shape that survives saving, reads back what older runs saved,
refuses anything that does not add up, and sums up a class?"""

from __future__ import annotations

import copy
import json

import pytest

from grader import registry
from grader.records import (COMPLETE, GRADING_FAILED, NO_FILES, PARTIAL, DamagedRecord, ExerciseRecord,
                            StudentRecord, summarise)
from grader.results import CheckResult, ExerciseResult, Text

MSE, BCE = registry.get("exercise1"), registry.get("exercise2")
SEED = 3

# A record as `learn grade` saved it before records were typed (messages shortened): the checks of
# an exercise not handed in had no "mistakes" and "case", and "handed_in" came in another place.
SAVED_BEFORE = json.loads("""
{"student": "ann", "status": "partial", "seed": 3, "score": 5, "max_score": 22, "exercises": [
 {"exercise": "exercise1", "score": 5, "max_score": 10, "passed": false, "seed": 3, "notes": [], "checks": [
  {"name": "mse_value_mean", "passed": true, "score": 3, "max_score": 3, "status": "passed", "mistake": null,
   "mistakes": [], "case": null, "message": ""},
  {"name": "mse_value_sum_none", "passed": true, "score": 2, "max_score": 2, "status": "passed", "mistake": null,
   "mistakes": [], "case": null, "message": ""},
  {"name": "mse_grad_mean", "passed": false, "score": 0, "max_score": 3, "status": "failed",
   "mistake": "mse.grad_missing_2", "mistakes": ["mse.grad_missing_2"], "case": 1,
   "message": "Called mse_grad(float64 (4, 3), float64 (4, 3)) (case 1 of 3).\\nLikely mistake: the factor 2"},
  {"name": "mse_grad_sum", "passed": false, "score": 0, "max_score": 2, "status": "failed",
   "mistake": "mse.grad_missing_2", "mistakes": ["mse.grad_missing_2"], "case": 1,
   "message": "Called mse_grad(float64 (4, 3), float64 (4, 3), reduction='sum') (case 1 of 4)."}],
  "handed_in": true},
 {"exercise": "exercise2", "score": 0, "max_score": 12, "passed": false, "seed": 3, "handed_in": false,
  "notes": [], "checks": [
  {"name": "sigmoid_values", "passed": false, "score": 0, "max_score": 1, "status": "missing", "mistake": null, "message": ""},
  {"name": "sigmoid_stability", "passed": false, "score": 0, "max_score": 1, "status": "missing", "mistake": null, "message": ""},
  {"name": "bernoulli_likelihood", "passed": false, "score": 0, "max_score": 1, "status": "missing", "mistake": null, "message": ""},
  {"name": "bernoulli_log_likelihood", "passed": false, "score": 0, "max_score": 2, "status": "missing", "mistake": null, "message": ""},
  {"name": "bce_loss_reductions", "passed": false, "score": 0, "max_score": 2, "status": "missing", "mistake": null, "message": ""},
  {"name": "bce_loss_clamp", "passed": false, "score": 0, "max_score": 1, "status": "missing", "mistake": null, "message": ""},
  {"name": "bce_with_logits_reductions", "passed": false, "score": 0, "max_score": 1, "status": "missing", "mistake": null, "message": ""},
  {"name": "bce_with_logits_stability", "passed": false, "score": 0, "max_score": 1, "status": "missing", "mistake": null, "message": ""},
  {"name": "logistic_regression_grad", "passed": false, "score": 0, "max_score": 2, "status": "missing", "mistake": null, "message": ""}]}]}
""")
RUN = (SEED, ("exercise1", "exercise2"))


def graded_mse(failing: str | None = None) -> ExerciseRecord:
    """exercise1 as grading returns it, with ``failing`` (a check's name) failed on case 2."""
    checks = tuple(CheckResult(info.name, info.points, "failed" if info.name == failing else "passed",
                               feedback=(Text("ui.all_passed"),) if info.name == failing else (),
                               mistake="mse.grad_missing_2" if info.name == failing else None,
                               mistakes=("mse.grad_missing_2",) if info.name == failing else (),
                               case=2 if info.name == failing else 0)
                   for info in MSE.checks)
    return ExerciseRecord.graded(ExerciseResult(MSE.id, SEED, checks), "en")


def test_does_a_saved_record_read_back_equal():
    record = StudentRecord.of("ann", SEED, (graded_mse("mse_grad_sum"), ExerciseRecord.not_handed_in(BCE, SEED)))
    assert StudentRecord.from_json(json.loads(json.dumps(record.to_json()))) == record
    assert (record.status, record.score, record.max_score) == (PARTIAL, MSE.max_score - 2, MSE.max_score + BCE.max_score)


def test_does_a_check_keep_its_message_mistake_and_case():
    (check,) = [c for c in graded_mse("mse_grad_sum").checks if not c.passed]
    assert (check.score, check.mistake, check.mistakes, check.case) == (0, "mse.grad_missing_2", ("mse.grad_missing_2",), 2)
    assert check.message and check.message == check.message.strip()


def test_does_a_record_saved_before_records_were_typed_read_back():
    record = StudentRecord.from_json(SAVED_BEFORE)
    assert record.matches("ann", *RUN)
    assert [(e.exercise, e.handed_in, e.score) for e in record.exercises] == [("exercise1", True, 5), ("exercise2", False, 0)]
    assert record.exercises[1].checks[0].mistakes == () and record.exercises[1].checks[0].case is None
    assert record.to_json()["exercises"][0] == SAVED_BEFORE["exercises"][0]


def test_is_the_status_the_one_the_hand_in_gives():
    assert StudentRecord.of("ann", SEED, (graded_mse(),)).status == COMPLETE
    assert StudentRecord.of("ann", SEED, (ExerciseRecord.not_handed_in(MSE, SEED),)).status == NO_FILES


def forged(change) -> dict:
    data = copy.deepcopy(SAVED_BEFORE)
    change(data)
    return data


@pytest.mark.parametrize("change", [
    lambda d: d["exercises"][0]["checks"][2].update(passed=True, score=3, status="passed"),  # not the total any more
    lambda d: d.update(score=22),
    lambda d: d["exercises"][0].update(score=10, passed=True),
    lambda d: d["exercises"][0]["checks"][2].update(score=3),
    lambda d: d["exercises"][0]["checks"][0].update(score=True),  # a bool is no score
    lambda d: d["exercises"][0]["checks"][0].update(status="excellent"),
    lambda d: d["exercises"][0]["checks"][2].update(case=0),
    lambda d: d["exercises"][0].pop("handed_in"),
    lambda d: d.update(exercises={}),
    lambda d: d["exercises"][1]["checks"].append("sigmoid_values"),
], ids=["total", "student_score", "exercise_score", "check_score", "bool", "status", "case", "handed_in",
        "exercises", "check"])
def test_is_a_record_that_does_not_add_up_refused(change):
    with pytest.raises(DamagedRecord):
        StudentRecord.from_json(forged(change))


@pytest.mark.parametrize("data", [None, [], "ann", 3, {}])
def test_is_something_else_than_a_record_refused(data):
    with pytest.raises(DamagedRecord):
        StudentRecord.from_json(data)


def one_check_fewer(data: dict) -> None:
    """exercise1 without its last check (failed, worth 2), every sum still right."""
    data["exercises"][0]["checks"].pop()
    data["exercises"][0]["max_score"], data["max_score"] = 8, 20


def first_check_worth_30(data: dict) -> None:
    """exercise1's first check (passed, worth 3) worth 30, every sum still right."""
    data["exercises"][0]["checks"][0].update(max_score=30, score=30)
    data["exercises"][0].update(score=32, max_score=37)
    data.update(score=32, max_score=49)


@pytest.mark.parametrize("student, seed, exercises, change", [
    ("bob", *RUN, None),  # another student's file name
    ("ann", 4, RUN[1], None),
    ("ann", SEED, ("exercise1",), None),
    ("ann", *RUN, one_check_fewer),
    ("ann", *RUN, first_check_worth_30),
    ("ann", *RUN, lambda d: d.update(status=COMPLETE)),
    ("ann", *RUN, lambda d: d.update(status=GRADING_FAILED)),  # never saved
], ids=["student", "seed", "exercises", "checks", "points", "status", "failed"])
def test_does_a_record_of_another_run_or_registry_not_match(student, seed, exercises, change):
    record = StudentRecord.from_json(forged(change) if change else SAVED_BEFORE)
    assert not record.matches(student, seed, exercises)


def test_does_the_summary_count_means_hand_ins_and_code_that_did_not_run():
    crashed = ExerciseRecord.grading_failed(MSE, SEED, True, "grading failed: RecursionError")
    records = [StudentRecord.of("ann", SEED, (graded_mse(), ExerciseRecord.not_handed_in(BCE, SEED))),
               StudentRecord.of("bob", SEED, (graded_mse("mse_grad_sum"), ExerciseRecord.not_handed_in(BCE, SEED))),
               StudentRecord("cat", GRADING_FAILED, SEED, (crashed, ExerciseRecord.not_handed_in(BCE, SEED)))]
    summary = summarise(records, ["exercise1", "exercise2"])
    assert (summary.students, summary.statuses) == (3, {PARTIAL: 2, GRADING_FAILED: 1})
    mse, bce = summary.exercises
    assert (mse.mean, mse.max_score, mse.not_handed_in, mse.failed_to_run) == ((10 + 8 + 0) / 3, 10, 0, {"crashed": 1})
    assert (bce.mean, bce.max_score, bce.not_handed_in, bce.failed_to_run) == (0.0, 12, 3, {})
