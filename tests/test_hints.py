"""Does `learn hint` start on the right ladder, climb it one rung at a time, and remember where it is?"""

from __future__ import annotations

import re
import textwrap

import pytest

from grader import hints, registry
from grader.grading import grade_file
from grader.progress import Progress
from tests.conftest import stub_path

EXERCISES = registry.exercises()
EXERCISE3 = registry.get("exercise3")


@pytest.fixture()
def progress() -> Progress:
    return Progress.open()


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_do_the_code_rungs_complete_the_stubs_into_a_passing_solution(exercise, tmp_path):
    source = stub_path(exercise).read_text()
    for function, ladder in exercise.ladders.items():
        raise_line = re.compile(rf'^( +)raise NotImplementedError\("{function} is not implemented yet"\)$', re.M)
        indent = raise_line.search(source).group(1)
        code = textwrap.indent(ladder[-1].text["en"], indent)
        source = raise_line.sub(lambda _: code, source, count=1)
    path = tmp_path / exercise.file
    path.write_text(source)
    result = grade_file(exercise, path)
    assert result.passed, [(check.name, check.status) for check in result.checks if not check.passed]


def test_does_a_workspace_never_checked_start_at_the_first_function(progress, tmp_path):
    assert hints.starting_point(EXERCISE3, progress, tmp_path) == hints.Start("softmax", None)


def test_does_it_start_at_the_function_of_the_first_failing_check(progress, tmp_path):
    progress.record(tmp_path, "exercise3", 0, 3, 10, started=True, first_failure="softmax_jacobian_batched")
    assert hints.starting_point(EXERCISE3, progress, tmp_path) == hints.Start("softmax_jacobian",
                                                                              "softmax_jacobian_batched")


def test_does_only_the_last_check_count(progress, tmp_path):
    progress.record(tmp_path, "exercise3", 0, 3, 10, started=True, first_failure="softmax_values")
    progress.record(tmp_path, "exercise3", 0, 8, 10, started=True, first_failure="cross_entropy_grad")
    assert hints.starting_point(EXERCISE3, progress, tmp_path).function == "cross_entropy_grad"
    progress.record(tmp_path, "exercise3", 0, 10, 10, started=True, first_failure=None)
    assert hints.starting_point(EXERCISE3, progress, tmp_path) == hints.Start("softmax", None)


def test_is_a_check_that_no_longer_exists_ignored(progress, tmp_path):
    progress.record(tmp_path, "exercise3", 0, 0, 10, started=True, first_failure="renamed_since")
    assert hints.starting_point(EXERCISE3, progress, tmp_path) == hints.Start("softmax", None)


def test_does_each_call_reveal_the_next_rung_and_stop_at_the_code(progress, tmp_path):
    ladder = EXERCISE3.ladders["softmax_jacobian"]
    shown = [hints.reveal_next(EXERCISE3, "softmax_jacobian", progress, tmp_path) for _ in range(len(ladder) + 2)]
    assert [rung.number for rung in shown] == [*range(1, len(ladder) + 1), len(ladder), len(ladder)]
    assert [rung.rung for rung in shown[:len(ladder)]] == list(ladder)
    assert shown[-1].is_last and shown[-1].rung.level == "code" and not shown[0].is_last


def test_does_each_ladder_keep_its_own_place(progress, tmp_path):
    hints.reveal_next(EXERCISE3, "softmax", progress, tmp_path)
    hints.reveal_next(EXERCISE3, "softmax", progress, tmp_path)
    assert hints.reveal_next(EXERCISE3, "cross_entropy_grad", progress, tmp_path).number == 1
    assert hints.reveal_next(EXERCISE3, "softmax", progress, tmp_path).number == 3


def test_does_another_workspace_start_from_the_first_rung(progress, tmp_path):
    hints.reveal_next(EXERCISE3, "softmax", progress, tmp_path / "alice")
    assert hints.reveal_next(EXERCISE3, "softmax", progress, tmp_path / "bob").number == 1


def test_does_all_list_what_was_revealed_in_teaching_order(progress, tmp_path):
    hints.reveal_next(EXERCISE3, "cross_entropy_grad", progress, tmp_path)
    for _ in range(2):
        hints.reveal_next(EXERCISE3, "softmax", progress, tmp_path)
    shown = [(rung.function, rung.number) for rung in hints.revealed_so_far(EXERCISE3, progress, tmp_path)]
    assert shown == [("softmax", 1), ("softmax", 2), ("cross_entropy_grad", 1)]
    only = hints.revealed_so_far(EXERCISE3, progress, tmp_path, "cross_entropy_grad")
    assert [(rung.function, rung.number) for rung in only] == [("cross_entropy_grad", 1)]


def test_does_reset_hide_one_ladder_or_all_of_them(progress, tmp_path):
    for function in ("softmax", "softmax_jacobian"):
        hints.reveal_next(EXERCISE3, function, progress, tmp_path)
    hints.hide(EXERCISE3, progress, tmp_path, "softmax")
    assert [rung.function for rung in hints.revealed_so_far(EXERCISE3, progress, tmp_path)] == ["softmax_jacobian"]
    hints.hide(EXERCISE3, progress, tmp_path)
    assert hints.revealed_so_far(EXERCISE3, progress, tmp_path) == []


@pytest.mark.parametrize("name, expected", [("softmax_jacobian", "softmax_jacobian"), (" Softmax ", "softmax")])
def test_is_a_function_found_by_its_name(name, expected):
    assert hints.function_named(EXERCISE3, name) == expected


@pytest.mark.parametrize("name, expected", [("Adam", "Adam.step"), ("adamw", "AdamW.step"), ("SGD.STEP", "SGD.step")])
def test_is_a_method_found_by_its_class_name(name, expected):
    assert hints.function_named(registry.get("exercise8"), name) == expected


@pytest.mark.parametrize("name, expected", [("backward", "Value.backward"), ("__ADD__", "Value.__add__")])
def test_is_a_method_found_by_its_own_name_when_no_other_class_has_it(name, expected):
    assert hints.function_named(registry.get("exercise11"), name) == expected


def test_is_a_method_name_that_several_classes_share_refused():
    with pytest.raises(hints.UnknownFunction):
        hints.function_named(registry.get("exercise8"), "step")


@pytest.mark.parametrize("name", ["jacobian", "mse_loss", ""])
def test_is_an_unknown_function_refused(name):
    with pytest.raises(hints.UnknownFunction):
        hints.function_named(EXERCISE3, name)
