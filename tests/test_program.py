"""Can a check drive a student's classes through a program of plain-data steps: construct, call
methods, apply operators (reflected ones included), read attributes and snapshot arrays? And does
grading report a program's failures precisely?"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from grader.checks.base import Case, Check, Pick, Program, call, get, let, new, op, ref, snapshot, stack, unstack
from grader.grading import _CheckRunner
from grader.sandbox.runner import Limits, Sandbox

STUDENT = textwrap.dedent('''
    import numpy as np

    class Scaler:
        def __init__(self, arrays, factor):
            self.arrays = arrays
            self.factor = factor
            self.steps = 0

        def step(self):
            for a in self.arrays:
                a *= self.factor
            self.steps += 1

    class Num:
        def __init__(self, data):
            self.data = data

        def __add__(self, other):
            other = other if isinstance(other, Num) else Num(other)
            return Num(self.data + other.data)

        __radd__ = __add__

        def __mul__(self, other):
            other = other if isinstance(other, Num) else Num(other)
            return Num(self.data * other.data)

        def __rmul__(self, other):
            return self * other

        def __neg__(self):
            return Num(-self.data)

    class Unfinished:
        def __init__(self):
            raise NotImplementedError("todo")
''')


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    path = tmp_path_factory.mktemp("program") / "student.py"
    path.write_text(STUDENT)
    with Sandbox(path, Limits(call_timeout=2.0)) as box:
        yield box


def test_does_a_program_step_an_object_and_snapshot_its_arrays_in_between(sandbox):
    arrays = [np.ones(2), np.full(3, 2.0)]
    steps = [let("arrays", arrays), new("s", "Scaler", ref("arrays"), 3.0),
             call(None, "s", "step"), snapshot("after1", "arrays"),
             call(None, "s", "step"), get("count", "s", "steps")]
    outcome = sandbox.program(steps, ["after1", "arrays", "count"])
    assert outcome.status == "ok", outcome.message
    after1, after2, count = outcome.value
    np.testing.assert_array_equal(after1[1], [6.0, 6.0, 6.0])  # the snapshot kept step 1
    np.testing.assert_array_equal(after2[1], [18.0, 18.0, 18.0])
    assert count == 2
    np.testing.assert_array_equal(arrays[1], [2.0, 2.0, 2.0])  # the parent's arrays are untouched


def test_does_a_program_follow_one_array_through_the_steps_and_send_back_its_history_as_one_array(sandbox):
    arrays = [np.ones(2), np.full(3, 2.0)]
    steps = [let("arrays", arrays), let("watched", [ref("arrays", 1)]), new("s", "Scaler", ref("arrays"), 3.0),
             snapshot("before", "watched"), call(None, "s", "step"), snapshot("after1", "watched"),
             call(None, "s", "step"), snapshot("after2", "watched"),
             stack("history", [ref(name, 0) for name in ("before", "after1", "after2")])]
    outcome = sandbox.program(steps, ["history"])
    assert outcome.status == "ok", outcome.message
    np.testing.assert_array_equal(outcome.value[0], [[2.0] * 3, [6.0] * 3, [18.0] * 3])


def test_does_unstack_hand_out_each_row_as_its_own_array(sandbox):
    steps = [unstack("rows", np.arange(6.0).reshape(3, 2)), unstack("entries", np.array([1.5, 2.5])),
             let("scaled", [ref("rows", 1)]), new("s", "Scaler", ref("scaled"), 10.0), call(None, "s", "step")]
    outcome = sandbox.program(steps, ["rows", "entries"])
    assert outcome.status == "ok", outcome.message
    rows, entries = outcome.value
    np.testing.assert_array_equal(np.stack(rows), [[0.0, 1.0], [20.0, 30.0], [4.0, 5.0]])  # only row 1 changed
    assert all(isinstance(entry, np.ndarray) and entry.shape == () for entry in entries)


def test_do_operators_reach_the_reflected_methods(sandbox):
    steps = [new("a", "Num", 2.0), op("b", "mul", 3.0, ref("a")), op("c", "add", 1.5, ref("b")),
             op("d", "neg", ref("c")), get("value", "d", "data")]
    outcome = sandbox.program(steps, ["value"])
    assert outcome.status == "ok" and outcome.value == [-7.5]


@pytest.mark.parametrize("steps, missing", [
    ([new("x", "NoSuchClass")], "NoSuchClass"),
    ([new("a", "Num", 1.0), call(None, "a", "backward")], "Num.backward"),
    ([new("a", "Num", 1.0), get("g", "a", "grad")], "Num.grad"),
])
def test_is_a_missing_class_method_or_attribute_reported_as_missing(sandbox, steps, missing):
    outcome = sandbox.program(steps, [])
    assert outcome.status == "missing" and missing in outcome.message


def test_is_not_implemented_reported_as_not_started(sandbox):
    assert sandbox.program([new("u", "Unfinished")], ["u"]).status == "not_implemented"


def test_does_an_error_in_the_students_code_come_back_with_its_traceback(sandbox):
    outcome = sandbox.program([new("a", "Num", "text"), op("b", "mul", ref("a"), 2.5)], ["b"])
    assert outcome.status == "raised" and outcome.error_type == "TypeError"
    assert "__mul__" in outcome.traceback


def test_does_grading_digest_a_program_once_for_all_the_cases_that_compare_its_results(monkeypatch, tmp_path):
    from types import SimpleNamespace

    from grader import grading

    path = tmp_path / "student.py"
    path.write_text(STUDENT)
    steps = (let("arrays", [np.ones(2), np.full(3, 2.0)]), let("first", ref("arrays", 0)),
             let("second", ref("arrays", 1)), new("s", "Scaler", ref("arrays"), 3.0), call(None, "s", "step"))
    program = Program("Scaler.step", steps, ("first", "second"), "Scaler(arrays, 3.0).step()")
    cases = [Case(program, pick=Pick("item", 0)), Case(program, pick=Pick("item", 1))]
    check = Check("scaled", "Scaler.step", lambda rng: cases, lambda case: np.zeros(1))
    digested = []
    call_key = grading._call_key
    monkeypatch.setattr(grading, "_call_key", lambda case: digested.append(case) or call_key(case))
    with Sandbox(path, Limits(call_timeout=2.0)) as box:
        runner = grading._CheckRunner(box, SimpleNamespace(id="main"), 0, float("inf"))
        result = runner.run(check, 1, cases, [np.full(2, 3.0), np.full(3, 6.0)])
    assert result.passed and len(digested) == 1


# ----------------------------------------------------------------------------- grading programs

GRADED = textwrap.dedent('''
    class Num:
        def __init__(self, data):
            self.data = data
            self.calls = 0

        def double(self):
            self.calls += 1
            return Num(self.data * 2 if self.data < 10 else self.data * 3)  # wrong from 10 on

        def deep(self):
            return self.deep()

        def backward(self):
            raise NotImplementedError("Num.backward is not implemented yet")
''')


class _Exercise:
    id = "program_exercise"
    functions = ("Num.double", "Num.deep", "Num.backward")


@pytest.fixture()
def runner(tmp_path):
    path = tmp_path / "graded.py"
    path.write_text(GRADED)
    with Sandbox({_Exercise.id: path}, Limits(call_timeout=2.0)) as box:
        box.load(_Exercise.id)
        yield _CheckRunner(box, _Exercise(), 0, deadline=float("inf"))


def _check(function="Num.double"):
    return Check("program_check", function, lambda rng: [], lambda case: None)


def test_do_cases_sharing_a_program_run_it_once_and_describe_their_own_result(runner):
    """Does the first failing result say which one it is, with numbers compared as an array?"""
    steps, results, items = [], [], []
    for k, x in enumerate([1.0, 4.0, 12.0]):
        steps += [new(f"x{k}", "Num", x), call(f"y{k}", f"x{k}", "double"), get(f"v{k}", f"y{k}", "data"),
                  get(f"c{k}", f"x{k}", "calls"), let(f"r{k}", [ref(f"v{k}"), ref(f"c{k}")])]
        results.append(f"r{k}")
        items.append(f"Num({x}).double()")
    program = Program("Num.double", tuple(steps), tuple(results), "three doublings", items=tuple(items))
    cases = [Case(program, pick=Pick("item", k)) for k in range(3)]
    expected = [np.array([2.0, 1.0]), np.array([8.0, 1.0]), np.array([24.0, 1.0])]
    result = runner.run(_check(), 1, cases, expected)
    assert result.status == "failed"
    called = result.feedback[0]
    assert called.key == "feedback.called" and called.params["call"] == "Num(12.0).double()"
    assert called.params["case"] == 3
    assert [text.key for text in result.feedback[1:2]] == ["values.differ"]  # an array, not "a list"
    assert len(runner.memo) == 1


def test_is_a_list_holding_something_other_than_numbers_described_item_by_item(runner):
    program = Program("Num.double", (new("x", "Num", 1.0), call("y", "x", "double"), get("v", "y", "data")),
                      ("v", "y"), "Num(1.0).double()")
    result = runner.run(_check(), 1, [Case(program)], [np.array([2.0, 2.0])])
    assert result.status == "failed"
    assert result.feedback[1].params["got"] == "[float, Num]"


def test_does_an_exception_a_program_raises_name_its_mistake(runner):
    program = Program("Num.deep", (new("x", "Num", 1.0), call(None, "x", "deep")), (), "Num(1.0).deep()",
                      exception_mistakes={"RecursionError": "backward.recursion_limit"})
    result = runner.run(_check("Num.deep"), 1, [Case(program)], [np.zeros(0)])
    assert result.status == "error" and result.mistake == "backward.recursion_limit"
    assert result.feedback[-1].key == "mistake.backward.recursion_limit"


def test_does_not_started_name_the_method_the_program_reached(runner):
    program = Program("Num.double", (new("x", "Num", 1.0), call("y", "x", "double"), call(None, "y", "backward")),
                      (), "Num(1.0).double().backward()")
    result = runner.run(_check(), 1, [Case(program)], [np.zeros(0)])
    assert result.status == "not_started"
    assert result.feedback[-1].params["function"] == "Num.backward"


def test_does_missing_name_the_method_the_program_reached(runner):
    program = Program("Num.double", (new("x", "Num", 1.0), call(None, "x", "halve")), (), "Num(1.0).halve()")
    result = runner.run(_check(), 1, [Case(program)], [np.zeros(0)])
    assert result.status == "missing"
    assert result.feedback[-1].params["function"] == "Num.halve"
