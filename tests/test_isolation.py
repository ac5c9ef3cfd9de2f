"""Does each step of the sandbox stop the attack it is there for?

Every test runs a function of tests/attacks/sandbox_probes.py (a hostile submission) inside a
sandbox and checks that the attack failed because of that step (the error says which). They run
with every isolating backend this machine has; they are skipped where there is none.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from grader.sandbox import isolation, launcher, system
from grader.sandbox.isolation import BUBBLEWRAP, NAMESPACES, NONE, Isolation
from grader.sandbox.runner import Limits, Sandbox

PROBES = Path(__file__).resolve().parent / "attacks" / "sandbox_probes.py"
BACKENDS = [backend for backend in (NAMESPACES, BUBBLEWRAP) if isolation.probe(backend) is None]
pytestmark = pytest.mark.skipif(not BACKENDS, reason="no isolating backend works here")
HOST_SITE = str(Path(np.__file__).resolve().parents[1])  # the site-packages holding numpy and torch


def run(box: Sandbox, function: str, *args):
    outcome = box.call(function, args, timeout=20)
    assert outcome.status == "ok", (function, outcome)
    return outcome.value


@pytest.fixture(scope="module", params=BACKENDS)
def box(request):
    with Sandbox(PROBES, Limits(scratch_mb=8), isolation=Isolation(request.param)) as sandbox:
        yield sandbox


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def test_does_the_student_run_without_capabilities_as_an_unmapped_uid(box):
    """User namespace and a non-zero uid: no capability survives the exec, so no remount."""
    found = run(box, "identity")
    assert (found["uid"], found["gid"], found["capabilities"]) == (1000, 1000, "0000000000000000")
    assert run(box, "remount_read_write", str(launcher.SANDBOX_DIR)) == "EPERM"


def test_can_the_student_not_get_capabilities_back_from_a_new_user_namespace(box):
    """In a user namespace of their own a student would have every capability again: the sandbox's
    max_user_namespaces is 0."""
    assert run(box, "unshare_again") == "ENOSPC"


def test_is_the_root_a_fresh_one_holding_only_what_python_needs(box):
    """Fresh tmpfs root and pivot_root: no trace of the host's files or of the old root."""
    top = set(run(box, "listing", "/"))
    assert top <= {"usr", "lib", "lib64", "lib32", "libx32", "etc", "proc", "dev", "tmp", "sandbox", "root",
                   "work", "opt", "home", "nix"}  # the last ones only as the path to the interpreter
    assert "oldroot" not in top and "newroot" not in top
    assert run(box, "listing", "/etc") == ["ld.so.cache"]
    assert not run(box, "exists", str(Path(__file__).resolve()))  # the course folder
    assert not run(box, "exists", str(PROBES))  # the student's own file, where the grader has it
    assert run(box, "mount_info")[0].split()[1] != "ext4"


def test_are_the_bound_folders_read_only(box):
    stdlib = os.path.dirname(os.__file__)
    assert run(box, "write_file", os.path.join(os.path.realpath(stdlib), "evil.py")) == "EROFS"
    assert run(box, "write_file", "/usr/lib/evil") == "EROFS"
    assert run(box, "write_file", "/evil") == "EROFS"


def test_is_torch_unreachable_by_any_route(box):
    """Every site-packages is masked: neither import, a subprocess nor ctypes finds torch."""
    found = run(box, "import_torch", [HOST_SITE, "/usr/lib/python3/dist-packages"])
    assert found == {"import": "ModuleNotFoundError", "subprocess": 1, "ctypes": "refused"}
    folders = run(box, "python_folders")
    for site in folders["site"]:
        assert run(box, "listing", site) in ([], "ENOENT")
    assert run(box, "listing", "/sandbox") == ["child.py", "numpy", "numpy.libs", "submission"] or \
        run(box, "listing", "/sandbox") == ["child.py", "numpy", "submission"]


def test_are_the_students_files_read_only_copies(box):
    own = box._paths["main"]
    assert run(box, "exists", own)
    assert run(box, "write_file", own) == "EROFS"
    assert run(box, "write_file", "/sandbox/child.py") == "EROFS"


def test_is_the_scratch_the_only_writable_place_and_small(box):
    """A size-limited tmpfs at /tmp: 8 MB here, written in files under the 1 MB output cap."""
    written, error = run(box, "fill_scratch", 512 * 1024, 64)
    assert error == "ENOSPC" and 8 <= written < 18


def test_does_dev_hold_only_the_harmless_devices(box):
    assert set(run(box, "listing", "/dev")) == {"null", "zero", "full", "random", "urandom", "fd", "stdin",
                                               "stdout", "stderr"}
    assert run(box, "write_file", "/dev/evil") == "EROFS"


def test_does_proc_show_only_the_sandbox(box):
    """A fresh /proc for the new PID namespace: the grader, its environment, memory and pipes are
    not there; what could change the kernel is read-only."""
    found = run(box, "processes")
    assert found["ppid"] == 1 and max(found["pids"]) < 50  # the sandbox's init and the student
    assert not run(box, "exists", f"/proc/{os.getpid()}/environ") or os.getpid() in found["pids"]
    if box.isolation.backend == NAMESPACES:  # bubblewrap's init runs as the student, with their environment
        assert run(box, "read_proc", "/proc/1/environ") in ("EACCES", "EPERM")  # the init is not dumpable
    assert run(box, "write_file", "/proc/sys/kernel/hostname") in ("EROFS", "EACCES")
    assert run(box, "write_file", "/proc/sysrq-trigger") in ("EROFS", "EACCES", "ENOENT")


def test_is_there_no_network(box):
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        assert run(box, "connect", listener.getsockname()[1]) in ("ENETUNREACH", "ECONNREFUSED")
    finally:
        listener.close()
    assert run(box, "interfaces") == ["lo"]


def test_is_the_hosts_ipc_unreachable(box):
    libc = ctypes.CDLL(None, use_errno=True)
    key = 0x42504C00 + os.getpid() % 256
    queue = libc.msgget(ctypes.c_int(key), 0o600 | 0o1000)  # IPC_CREAT
    assert queue >= 0
    try:
        assert run(box, "message_queue", key) == "ENOENT"
    finally:
        libc.msgctl(queue, 0, None)  # IPC_RMID


def test_is_the_hostname_the_sandboxs_own(box):
    assert run(box, "processes")["hostname"] == "sandbox"
    assert run(box, "set_hostname") == "EPERM"
    assert socket.gethostname() != "evil"


def test_is_no_new_privs_set(box):
    """No setuid program could give a privilege back."""
    assert run(box, "identity")["no_new_privs"] == "1"


def test_can_the_student_signal_nothing_outside(box):
    """Its parent is the sandbox's init, which it may not signal; -1 reaches no other process."""
    found = run(box, "kill_everything")
    # bubblewrap's init runs as the student: the signal is sent, and ignored (an init has no default action)
    assert found == {"1": "EPERM" if box.isolation.backend == NAMESPACES else "done", "-1": "ESRCH"}
    assert box.call("identity").status == "ok"  # the student's process and its sandbox are still there


def _processes_named(name: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and Path(f"/proc/{entry}/comm").read_text().strip() == name:
                found.append(int(entry))
        except OSError:
            pass
    return found


def test_does_every_process_of_a_student_end_with_their_sandbox(backend, tmp_path):
    name = f"bpl{os.getpid() % 10000}{backend[:3]}"
    with Sandbox(PROBES, isolation=Isolation(backend)) as sandbox:
        assert run(sandbox, "start_daemon", name) == "started"
        assert _processes_named(name), "the daemon must have started"
    assert _processes_named(name) == []  # gone when close() returns, not some time later


def test_does_the_sandbox_die_with_the_grader(backend):
    """If `learn` is killed, its launcher dies with it (PR_SET_PDEATHSIG), then the init, then
    every process in the namespace."""
    name = f"bpl{os.getpid() % 10000}k{backend[:2]}"
    sandbox = Sandbox(PROBES, isolation=Isolation(backend))
    try:
        assert run(sandbox, "start_daemon", name) == "started"
        os.kill(sandbox._process.pid, signal.SIGKILL)  # the launcher (or bwrap): what `learn` dying does
        deadline = time.monotonic() + 5
        while _processes_named(name) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _processes_named(name) == []
    finally:
        sandbox.close()


def test_is_a_fork_bomb_stopped_at_the_process_limit(backend):
    with Sandbox(PROBES, Limits(max_processes=8), isolation=Isolation(backend)) as sandbox:
        outcome = sandbox.call("fork_many", (50,), timeout=20)
    if backend == NAMESPACES:  # RLIMIT_NPROC counts this user namespace only: fork fails at once
        assert outcome.status == "ok" and outcome.value[1] == "EAGAIN" and outcome.value[0] <= 8
    else:  # the parent's watch counts them and ends the sandbox
        assert outcome.status == "crashed" and "processes" in outcome.message


@pytest.mark.parametrize("backend", BACKENDS + [NONE])
def test_is_a_thread_bomb_stopped_at_the_process_limit(backend):
    """Threads count as processes: with bubblewrap, run as root, and without isolation nothing else
    limits them, and the host has only pid_max tasks for everyone."""
    with Sandbox(PROBES, Limits(max_processes=8), isolation=Isolation(backend)) as sandbox:
        outcome = sandbox.call("start_threads", (50,), timeout=20)
    if backend == NAMESPACES:  # RLIMIT_NPROC counts threads: the ninth fails at once
        assert outcome.status == "ok" and outcome.value[0] < 8 and outcome.value[1] != "done"
    else:
        assert outcome.status == "crashed" and "processes" in outcome.message, outcome


def test_is_the_memory_of_all_a_students_processes_capped_together(backend):
    """Each child is under the per-process cap; the parent sums them and ends the sandbox."""
    with Sandbox(PROBES, Limits(memory_mb=300), isolation=Isolation(backend)) as sandbox:
        outcome = sandbox.call("allocate_in_children", (3, 150), timeout=20)
    assert outcome.status == "crashed" and "MB together" in outcome.message


def test_can_no_memory_be_held_in_ipc_objects(backend, request):
    """System V shared memory and message queues hold memory that no process's RSS shows: 500 MB
    against a cap of 256 here. The sandbox's own IPC namespace allows none."""
    if backend == BUBBLEWRAP:
        request.applymarker(pytest.mark.xfail(strict=True, reason=(
            "bubblewrap cannot set the IPC limits of the namespace it makes, and the student, without "
            "capabilities, cannot either; no seccomp filter is installed")))
    with Sandbox(PROBES, Limits(memory_mb=256), isolation=Isolation(backend)) as sandbox:
        outcome = sandbox.call("hold_in_ipc", (10, 50), timeout=20)
    assert outcome.status == "ok", outcome
    assert outcome.value == {"held_mb": 0, "shm": "ENOSPC", "msg": "ENOSPC"}


@pytest.mark.parametrize("backend", BACKENDS + [NONE])
def test_are_the_students_open_files_few(backend):
    """Socket and pipe buffers are kernel memory that no RSS shows, each up to net.core.wmem_max:
    with the host's limit on open files (thousands) one process could queue gigabytes. The
    student's processes may open 64 files each."""
    with Sandbox(PROBES, isolation=Isolation(backend)) as sandbox:
        outcome = sandbox.call("queue_in_sockets", (100,), timeout=20)
    assert outcome.status == "ok", outcome
    assert outcome.value["stopped"] == "EMFILE" and outcome.value["pairs"] < 32


def test_does_the_plain_backend_also_watch_memory_together():
    with Sandbox(PROBES, Limits(memory_mb=300), isolation=Isolation(NONE)) as sandbox:
        outcome = sandbox.call("allocate_in_children", (3, 150), timeout=20)
    assert outcome.status == "crashed" and "MB together" in outcome.message


@pytest.mark.parametrize("backend", BACKENDS + [NONE])
def test_does_one_process_hit_its_own_memory_cap_first(backend):
    """RLIMIT_AS: one allocation over the cap fails inside the call, as a MemoryError the student
    can read, before the whole-student watch would have to end the sandbox."""
    with Sandbox(PROBES, Limits(memory_mb=256), isolation=Isolation(backend)) as sandbox:
        outcome = sandbox.call("allocate", (400,), timeout=20)
    assert (outcome.status, outcome.error_type) == ("raised", "MemoryError")


@pytest.mark.parametrize("backend", BACKENDS + [NONE])
def test_does_a_child_hold_only_its_own_pipes(backend):
    """Two sandboxes started together: neither child holds the other's pipes."""
    with Sandbox(PROBES, isolation=Isolation(backend)) as first, Sandbox(PROBES, isolation=Isolation(backend)) as second:
        first.start()
        second.start()
        assert run(first, "open_pipes") == run(second, "open_pipes")
        assert len(run(second, "open_pipes")) == 2  # its request and response pipes


def test_is_the_grader_non_dumpable_after_a_grade_run():
    """Same-user code cannot read `learn grade`'s memory, environment or pipes through /proc."""
    assert system.make_undumpable()
    assert system.is_dumpable() is False


# ----------------------------------------------------------------------------- choosing a backend


def _fake_launcher(tmp_path, message: str) -> Path:
    script = tmp_path / "launcher.py"
    script.write_text(f"import os, sys\nos.write(2, {message!r}.encode())\nsys.exit(125)\n")
    return script


@pytest.mark.parametrize("message, advice", [
    ("sandbox: unshare: Operation not permitted", "seccomp"),  # Docker's default profile
    ("sandbox: mount /tmp: Operation not permitted", "bubblewrap"),  # Ubuntu 24.04's AppArmor
])
def test_does_a_failing_backend_fall_back_and_say_why(tmp_path, monkeypatch, message, advice):
    monkeypatch.setattr(isolation, "LAUNCHER_SCRIPT", _fake_launcher(tmp_path, message))
    monkeypatch.setattr(isolation, "_BROKEN", {})
    monkeypatch.setattr(isolation.shutil, "which", lambda name: None)  # no bwrap either
    assert isolation.probe(NAMESPACES).endswith(message.removeprefix("sandbox: "))
    chain = isolation.optimistic()
    assert chain.backend == NAMESPACES
    with Sandbox(PROBES, isolation=chain) as sandbox:
        assert sandbox.call("identity").status == "ok"  # ran, as a plain process
        assert sandbox.isolation.backend == NONE
    fallen = isolation.optimistic()
    assert fallen.backend == NONE and advice in isolation.advice(fallen.problems)


def test_does_strict_refuse_without_isolation(tmp_path, monkeypatch):
    monkeypatch.setattr(isolation, "LAUNCHER_SCRIPT", _fake_launcher(tmp_path, "sandbox: unshare: EPERM"))
    monkeypatch.setattr(isolation, "_DETECTED", {})
    monkeypatch.setattr(isolation.shutil, "which", lambda name: None)
    with pytest.raises(isolation.IsolationUnavailable, match="seccomp"):
        isolation.detect("strict")
    assert isolation.detect("auto").backend == NONE


def test_does_the_cli_offer_exactly_the_isolation_choices():
    from grader.cli.common import ISOLATION_CHOICES

    assert ISOLATION_CHOICES == isolation.CHOICES


def test_is_every_backend_named_by_the_summary():
    assert "namespaces" in Isolation(NAMESPACES).summary()
    assert "bubblewrap" in Isolation(BUBBLEWRAP).summary()
    assert "NONE" in Isolation(NONE, ("namespaces: unshare: EPERM",)).summary()


def test_does_the_line_without_isolation_say_what_a_hostile_student_can_do():
    """Without isolation a student writes into classmates' pipes, the saved records and the CSV, and
    a daemon escapes the time and memory limits: "only time and memory limits" undersold it."""
    line = Isolation(NONE, ("namespaces: unshare: EPERM",)).summary()
    assert "change your files and any grade" in line and "outlive" in line and "only time" not in line


def test_is_the_plain_process_path_working_without_resource_and_select(tmp_path, monkeypatch):
    """Windows has neither `resource` nor select() on pipes: the plain backend then runs with the
    wall-clock limit only, reads and writes in threads."""
    monkeypatch.setattr(system, "resource", None)
    monkeypatch.setattr(system, "SELECT_ON_PIPES", False)
    path = tmp_path / "plain.py"
    path.write_text("def double(x):\n    return x * 2\n\ndef spin(x):\n    while True:\n        pass\n")
    with Sandbox(path, Limits(call_timeout=1.0), isolation=Isolation(NONE)) as sandbox:
        assert system.rlimit_setter(1, 1, 1, 1) is None
        big = np.ones(200_000)  # more than a pipe holds: the write goes through the thread
        np.testing.assert_array_equal(sandbox.call("double", (big,)).value, big * 2)
        started = time.monotonic()
        assert sandbox.call("spin", (1.0,)).status == "timeout"
        assert time.monotonic() - started < 5
        assert sandbox.call("double", (np.ones(2),)).status == "ok"


if sys.platform != "linux":  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="Linux only")
