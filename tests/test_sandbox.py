"""Does the sandbox survive whatever a submission does, and report it honestly?"""

from __future__ import annotations

import textwrap
from pathlib import Path
import time

import numpy as np
import pytest

from grader.sandbox.runner import Limits, Sandbox

HOSTILE = textwrap.dedent('''
    import os, sys, signal, time
    import numpy as np

    print("import-time output")

    def double(x):
        return x * 2

    def spin(x):
        while True:
            pass

    def sleep_ignoring_term(x):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(60)

    def hard_exit(x):
        os._exit(0)

    def polite_exit(x):
        sys.exit(0)

    def interrupt(x):
        raise KeyboardInterrupt

    def not_started(x):
        raise NotImplementedError("todo")

    def flood(x):
        while True:
            print("x" * 10000)

    def allocate(x):
        return np.ones((50_000, 1_000_000))

    def liar(x):
        class EqualsEverything:
            def __eq__(self, other):
                return True
        return EqualsEverything()

    def fake_report(x):
        sys.stdout.write('{"score": 100, "passed": true}\\n')
        sys.__stdout__.write("ALL CHECKS PASSED 10/10\\n")
        return None

    def uses_torch(x):
        import torch
        return x

    def scale_in_place(grads):
        for g in grads:
            g *= 0.5
''')


@pytest.fixture()
def sandbox(tmp_path):
    path = tmp_path / "submission.py"
    path.write_text(HOSTILE)
    with Sandbox(path, Limits(call_timeout=1.0)) as box:
        assert box.load().status == "ok"
        yield box


def test_a_plain_call_returns_a_plain_array(sandbox):
    outcome = sandbox.call("double", (np.arange(3.0),))
    assert outcome.status == "ok"
    assert isinstance(outcome.value, np.ndarray)
    np.testing.assert_array_equal(outcome.value, [0.0, 2.0, 4.0])


@pytest.mark.parametrize("function", ["spin", "sleep_ignoring_term"])
def test_a_call_that_never_returns_is_killed_and_the_next_call_works(sandbox, function):
    started = time.monotonic()
    assert sandbox.call(function, (1.0,)).status == "timeout"
    assert time.monotonic() - started < 5
    assert sandbox.call("double", (np.ones(2),)).status == "ok"


def test_os_exit_is_a_crash_and_the_child_is_restarted(sandbox):
    assert sandbox.call("hard_exit", (1.0,)).status == "crashed"
    assert sandbox.call("double", (np.ones(2),)).status == "ok"


@pytest.mark.parametrize("function, error", [("polite_exit", "SystemExit"), ("interrupt", "KeyboardInterrupt")])
def test_exit_and_interrupt_are_reported_as_errors_of_the_call(sandbox, function, error):
    outcome = sandbox.call(function, (1.0,))
    assert (outcome.status, outcome.error_type) == ("raised", error)


def test_not_implemented_is_reported_as_not_started(sandbox):
    assert sandbox.call("not_started", (1.0,)).status == "not_implemented"


def test_a_missing_function_is_reported_as_missing(sandbox):
    assert sandbox.call("no_such_function", ()).status == "missing"


def test_flooding_output_is_capped_and_does_not_hang(sandbox):
    outcome = sandbox.call("flood", (1.0,))
    assert outcome.status == "raised"  # writing past the cap fails inside the child
    assert len(sandbox.captured_output()) <= 1024 * 1024


def test_a_huge_allocation_fails_inside_the_child(sandbox):
    outcome = sandbox.call("allocate", (1.0,))
    assert (outcome.status, outcome.error_type) == ("raised", "MemoryError")


def test_an_object_that_equals_everything_arrives_as_its_type_name_only(sandbox):
    outcome = sandbox.call("liar", (1.0,))
    assert outcome.status == "ok"
    assert type(outcome.value).__name__ == "Unsupported"
    assert outcome.value.name == "EqualsEverything"


def test_printed_output_never_reaches_the_parent(sandbox, capfd):
    sandbox.call("fake_report", (1.0,))
    captured = capfd.readouterr()
    assert "ALL CHECKS PASSED" not in captured.out
    assert "ALL CHECKS PASSED" in sandbox.captured_output()


def test_importing_torch_is_refused_and_recorded(sandbox):
    outcome = sandbox.call("uses_torch", (1.0,))
    assert (outcome.status, outcome.error_type) == ("raised", "ImportError")
    assert sandbox.banned_imports == {"main": {"torch"}}


def test_the_grader_is_not_importable_from_student_code(tmp_path):
    path = tmp_path / "peek.py"
    path.write_text("import grader\n")
    with Sandbox(path) as box:
        outcome = box.load()
    assert (outcome.status, outcome.error_type) == ("raised", "ModuleNotFoundError")


def test_in_place_changes_come_back_when_asked_for(sandbox):
    grads = [np.ones(2), np.full(3, 4.0)]
    outcome = sandbox.call("scale_in_place", (grads,), return_args=True)
    (after,) = outcome.args_after
    np.testing.assert_array_equal(after[1], [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(grads[1], [4.0, 4.0, 4.0])  # the parent's copy is untouched


def test_a_file_that_loops_at_import_times_out(tmp_path):
    path = tmp_path / "loop.py"
    path.write_text("while True:\n    pass\n")
    with Sandbox(path, Limits(load_timeout=1.0)) as box:
        assert box.load().status == "timeout"


# What the child reports about the caller's arrays, and where an error surfaced in the file.
REPORTING = textwrap.dedent('''
    import numpy as np

    def replace_items(grads):
        for i, g in enumerate(grads):
            grads[i] = g * 0.5

    def clip_without_out(grads):
        for g in grads:
            np.clip(g, -1.0, 1.0)

    def overwrite_first(y_pred, y_true):
        y_pred -= y_true
        return float(np.sum(y_pred ** 2))

    def writes_same_values(x, params):
        x *= 1.0
        params["W"][...] = params["W"]
        return 0.0

    def divide_by_zero_width(x):
        width = x.shape[0] - x.shape[0]
        return helper(x, width)

    def helper(x, width):
        return x.reshape(width, -1)

    def object_array(x):
        return np.array([float(v) for v in x], dtype=object)
''')


@pytest.fixture()
def reporting(tmp_path):
    path = tmp_path / "reporting.py"
    path.write_text(REPORTING)
    with Sandbox(path, Limits(call_timeout=2.0)) as box:
        assert box.load().status == "ok"
        yield box


# ----------------------------------------------------------------------------- hostile answers

FORGER = Path(__file__).resolve().parent / "attacks" / "forged_answers.py"


@pytest.fixture()
def forger():
    with Sandbox(FORGER, Limits(call_timeout=2.0)) as box:
        assert box.load().status == "ok"
        yield box


@pytest.mark.parametrize("function", ["replace_items", "clip_without_out"])
def test_do_the_callers_own_arrays_come_back_not_what_the_list_holds(reporting, function):
    grads = [np.full(2, 4.0), np.full(3, -4.0)]
    outcome = reporting.call(function, (grads,), return_args=True)
    (after,) = outcome.args_after
    np.testing.assert_array_equal(after[0], [4.0, 4.0])  # the caller's array, untouched
    assert outcome.modified == []
    assert outcome.replaced == ([(0, 0), (0, 1)] if function == "replace_items" else [])


def test_is_every_overwritten_input_reported_by_where_it_sits(reporting):
    outcome = reporting.call("overwrite_first", (np.array([3.0, 1.0]), np.array([1.0, 1.0])))
    assert outcome.status == "ok" and outcome.modified == [(0,)]


def test_is_writing_back_the_same_values_not_a_modification(reporting):
    outcome = reporting.call("writes_same_values", (np.array([np.nan, 1.0]), {"W": np.eye(2)}))
    assert outcome.status == "ok" and outcome.modified == []


def test_does_an_error_name_the_innermost_line_of_the_file(reporting):
    outcome = reporting.call("divide_by_zero_width", (np.ones(3),))
    assert outcome.status == "raised" and outcome.error_type == "ValueError"
    assert outcome.where["function"] == "helper" and outcome.where["code"] == "return x.reshape(width, -1)"
    assert REPORTING.splitlines()[outcome.where["line"] - 1].strip() == outcome.where["code"]


def test_does_an_object_array_arrive_with_its_dtype_shape_and_numbers(reporting):
    outcome = reporting.call("object_array", (np.array([1.5, 2.5]),))
    value = outcome.value
    assert (value.dtype, value.shape) == ("object", (2,))
    np.testing.assert_array_equal(value.numbers, [1.5, 2.5])


@pytest.mark.parametrize("function, reason", [
    ("nested", "not JSON"),  # json.loads' RecursionError
    ("nested_tags", "nested deeper"),
    ("huge_int", "bad number"),
    ("huge_answer", "refused"),
    ("lying_npy_header", "not the"),
    ("unknown_status", "unknown status"),
])
def test_does_a_forged_answer_cost_only_the_call_it_answers(forger, function, reason):
    """The child's bytes are not trusted: a forgery is refused before it is decoded or upcast, and
    costs only the call that was forged; the next call gets a fresh child."""
    started = time.monotonic()
    outcome = forger.call(function, (np.ones(3),))
    assert outcome.status == "crashed" and reason in outcome.message
    assert time.monotonic() - started < 1.5  # refused, not waited for
    np.testing.assert_array_equal(forger.call("double", (np.ones(2),)).value, [2.0, 2.0])


def test_does_a_child_that_stops_reading_not_block_the_parent(forger):
    """A request larger than a pipe holds, to a child that never reads: the write gives up at the
    call's deadline."""
    assert forger.call("stop_reading", (1.0,)).status == "ok"
    started = time.monotonic()
    outcome = forger.call("double", (np.ones(1_000_000),))
    assert outcome.status == "timeout" and time.monotonic() - started < 4
    assert forger.call("double", (np.ones(2),)).status == "ok"


def test_is_the_import_blocker_back_after_each_request(forger):
    assert forger.call("remove_blocker", (1,)).status == "ok"
    outcome = forger.call("import_torch", (1,))
    assert outcome.status == "ok" and "may not be used" in outcome.value
    assert forger.banned_imports == {"main": {"torch"}}


def test_are_torch_submodules_alone_still_seen_as_torch(forger):
    """Caught ImportError, sys.modules['torch'] deleted: torch.nn and torch._C still tell."""
    assert forger.call("fake_torch_submodules", (1,)).status == "ok"
    assert forger.banned_imports == {"main": {"torch"}}


def test_does_the_memory_cap_apply(tmp_path):
    """One allocation just over the cap fails; the same under it works (so the cap, not the
    machine, is what stopped it)."""
    path = tmp_path / "allocate.py"
    path.write_text("import numpy as np\ndef allocate(mb):\n    return float(np.ones(mb * 131072).sum())\n")
    with Sandbox(path, Limits(memory_mb=256)) as box:
        assert box.call("allocate", (50,)).status == "ok"
        outcome = box.call("allocate", (300,))
    assert (outcome.status, outcome.error_type) == ("raised", "MemoryError")
