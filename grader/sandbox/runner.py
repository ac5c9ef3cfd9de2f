"""The parent side of the trust boundary: run a student's files in a child process, in a sandbox.

Everything the student's code does happens in the child (``child.py``), started inside the isolation
chosen by ``isolation.py`` (Linux namespaces, bubblewrap, or a plain process). The parent only
sends call requests and reads back plain values. It enforces a wall-clock limit on every read and
write, a byte budget on every answer, the memory and process count of the student's processes
together (polled from /proc), and restarts the child after a crash or timeout so that one bad
function costs only its own checks. Nothing the child sends can make the parent raise: any failure
to read or decode an answer is that call's outcome ("crashed", with the reason).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from grader.sandbox import isolation as isolation_backends
from grader.sandbox import system
from grader.sandbox.isolation import Isolation

CHILD_SCRIPT = Path(__file__).resolve().with_name("child.py")


def _wire():
    """The wire protocol (grader/sandbox/child.py), imported on first use: it needs numpy, and
    `learn check` starts the child before this process spends its ~0.1 s importing numpy."""
    from grader.sandbox import child

    return child
MAIN = "main"
PRINTED_CAP = 64 * 1024

DEFAULT_CALL_TIMEOUT = 5.0
DEFAULT_LOAD_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 1024
DEFAULT_SUBMISSION_TIMEOUT = 120.0
DEFAULT_MAX_PROCESSES = 16
DEFAULT_SCRATCH_MB = 64
OUTPUT_CAP_BYTES = 1024 * 1024
CPU_SECONDS_CAP = 120
# Files each of the student's processes may have open: every socket or pipe holds kernel memory
# that no resident-memory sum shows (up to twice net.core.wmem_max each).
OPEN_FILES_CAP = 64

# An answer may be this many times larger than the call's inputs or the expected answer, plus the
# slack, before it is refused unread: a wrong shape still gets its diagnosis, a 256 MB forgery does not.
ANSWER_FACTOR = 16
ANSWER_SLACK_BYTES = 1024 * 1024
POLL_SECONDS = 0.25  # how often the memory and process count of a sandbox are measured (a /proc scan)
SETUP_FAILED = 125  # the launcher's exit status when the sandbox could not be built

# Environment variables the child keeps. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE work around
# wrong results on some processors; the thread counts keep one student from taking every core.
_KEPT_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT")


@dataclass(frozen=True)
class Limits:
    call_timeout: float = DEFAULT_CALL_TIMEOUT
    load_timeout: float = DEFAULT_LOAD_TIMEOUT
    # All of one student's processes together (and each process's address space, as a first line).
    memory_mb: int = DEFAULT_MEMORY_MB
    # All of one learner's files together may not take longer than this, whatever they do.
    submission_timeout: float = DEFAULT_SUBMISSION_TIMEOUT
    max_processes: int = DEFAULT_MAX_PROCESSES  # all of one student's processes and threads together
    scratch_mb: int = DEFAULT_SCRATCH_MB  # the sandbox's writable /tmp
    cpu_seconds: int = CPU_SECONDS_CAP  # per process
    output_bytes: int = OUTPUT_CAP_BYTES  # what the student's code may print, and any file it writes
    open_files: int = OPEN_FILES_CAP  # per process


@dataclass
class Outcome:
    """What happened when the child loaded the file or ran one call.

    status is one of: ok, not_implemented, missing, raised, timeout, crashed.
    """

    status: str
    value: object = None
    args_after: object = None
    error_type: str = ""
    message: str = ""
    traceback: str = ""
    warnings: list = field(default_factory=list)
    seconds: float = 0.0
    # Where the caller's arrays sit ([position or keyword, item, ...]) that now hold other values...
    modified: list = field(default_factory=list)
    # ...and the list items that were replaced by other objects ([position, index]).
    replaced: list = field(default_factory=list)
    where: dict | None = None  # the innermost line of the student's file in a traceback


class LimitExceeded(Exception):
    """The student's processes together use more memory, or are more, than allowed."""


class Sandbox:
    """A student's files, loaded by key in one child process that is restarted whenever it dies.

    One child serves all of a student's files (numpy is imported once, not once per file); each
    file is imported on first use and again after a restart. Use as a context manager.
    :attr:`banned_imports` and :attr:`printed` are per file key, over all restarts.
    ``isolation`` defaults to the best backend this machine offers, found by trying
    (:func:`isolation.optimistic`). A sandbox ends with the thread that started it (its launcher
    has PR_SET_PDEATHSIG): start and use it in one thread.
    """

    def __init__(self, files: dict[str, Path] | Path, limits: Limits = Limits(), isolation: Isolation | None = None):
        if not isinstance(files, dict):  # one file: its key is "main"
            files = {MAIN: files}
        self.files = {key: Path(path).resolve() for key, path in files.items()}
        self.limits = limits
        self.isolation = isolation or isolation_backends.optimistic()
        self.banned_imports: dict[str, set[str]] = {key: set() for key in self.files}
        self.printed: dict[str, str] = {key: "" for key in self.files}
        self.load_outcomes: dict[str, Outcome] = {}  # the first import of each file
        self._loaded: set[str] = set()  # files imported in the current child
        self._output_offset = 0
        self._process: subprocess.Popen | None = None
        self._scratch: str | None = None
        self._output = None
        self._reader: system.Reader | None = None
        self._paths: dict[str, str] = {}
        self._own_levels = 0
        self._info_fd = -1
        self._init_pidfd = -1
        self._awaiting_ready = False
        self._last_poll = 0.0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --------------------------------------------------------------------- lifecycle

    def start(self) -> None:
        """Start the child without waiting: it imports numpy while the parent does its own work."""
        if self._process is None:
            self._spawn()

    def _child_env(self) -> dict:
        env = {k: os.environ[k] for k in _KEPT_ENV if k in os.environ}
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", HOME=self._scratch)
        return env

    def _spawn(self) -> None:
        self._scratch = tempfile.mkdtemp(prefix="backprop-lab-")
        env = self._child_env()
        info_read, info_write = os.pipe() if self.isolation.isolated else (-1, -1)
        try:
            launch = isolation_backends.launch(self.isolation, self.files, CHILD_SCRIPT, env, self.limits,
                                               info_write if info_write >= 0 else None)
            limits = self.limits
            preexec = (system.rlimit_setter(limits.memory_mb * 1024 * 1024, limits.cpu_seconds, limits.output_bytes,
                                            limits.open_files)
                       if launch.rlimits_in_parent else None)
            self._output = open(os.path.join(self._scratch, "output.txt"), "wb")
            self._process = subprocess.Popen(
                launch.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._output, bufsize=0,
                cwd=self._scratch, env=env, close_fds=True,
                **system.spawn_options(preexec, pass_fds=(info_write,) if info_write >= 0 else ()))
        except BaseException:
            if info_read >= 0:
                os.close(info_read)
            self.close()
            raise
        finally:
            if info_write >= 0:
                os.close(info_write)
        self._info_fd = info_read
        self._paths = launch.paths
        self._own_levels = launch.own_levels
        system.prepare_for_writing(self._process.stdin.fileno())
        self._reader = system.Reader(self._process.stdout.fileno(), watch=self._watch)
        self._awaiting_ready = True
        self._loaded = set()
        self._output_offset = 0
        self._last_poll = time.monotonic()

    def close(self):
        """End the child and every process it started, and remove its scratch directory.

        In a sandbox, killing its init makes the kernel end the whole PID namespace; the launcher
        exits once that is done, so when this returns no process of the student is left."""
        process = self._process
        if process is not None:
            if process.poll() is None:
                if not self._kill_init():
                    system.kill_group(process)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                system.kill_group(process)
                process.wait()
            for pipe in (process.stdin, process.stdout):
                try:
                    pipe.close()
                except OSError:
                    pass
            self._process = None
        for name in ("_info_fd", "_init_pidfd"):
            if getattr(self, name) >= 0:
                os.close(getattr(self, name))
                setattr(self, name, -1)
        self._reader = None
        if self._output is not None:
            self._output.close()
            self._output = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _kill_init(self) -> bool:
        """SIGKILL the sandbox's init, by a pidfd opened while it was certainly ours. True if sent."""
        self._adopt_init(wait=1.0)
        if self._init_pidfd < 0:
            return False
        try:
            signal.pidfd_send_signal(self._init_pidfd, signal.SIGKILL)
        except ProcessLookupError:
            pass  # already gone
        return True

    def _adopt_init(self, wait: float = 0.0) -> None:
        """Read the init's pid from the launcher's info pipe and hold it by a pidfd. The pid is
        checked to be the launcher's child after the pidfd is opened, so a recycled pid is never
        signalled."""
        if self._info_fd < 0 or self._init_pidfd >= 0 or self._process is None:
            return
        try:
            info = system.Reader(self._info_fd).read_to_end(4096, time.monotonic() + wait)
            pid = int(json.loads(info)["child-pid"])
            pidfd = os.pidfd_open(pid)
        except (OSError, ValueError, KeyError, TypeError, TimeoutError, AttributeError):
            return
        if _parent_of(pid) == self._process.pid:
            self._init_pidfd = pidfd
        else:
            os.close(pidfd)
        os.close(self._info_fd)
        self._info_fd = -1

    def _watch(self) -> None:
        """Measure the student's processes (at most every POLL_SECONDS); raise LimitExceeded when
        together they hold more memory, or are more, than allowed."""
        now = time.monotonic()
        if self._process is None or now - self._last_poll < POLL_SECONDS:
            return
        self._last_poll = now
        student = [(rss, threads) for _, depth, rss, threads in system.process_tree(self._process.pid)
                   if depth >= self._own_levels]
        # Threads count as processes (as RLIMIT_NPROC counts them): each is a task of the host's.
        tasks = sum(threads for _, threads in student)
        if tasks > self.limits.max_processes:
            raise LimitExceeded(f"it started {tasks} processes and threads, more than the "
                                f"{self.limits.max_processes} allowed")
        memory = sum(rss for rss, _ in student)
        if memory > self.limits.memory_mb * 1024 * 1024:
            raise LimitExceeded(f"its processes used {memory / 2**20:.0f} MB together, more than the "
                                f"{self.limits.memory_mb} MB allowed")

    def _collect_output(self, key: str) -> None:
        """Attribute what the child printed since the last request to file ``key`` (capped)."""
        if self._scratch is None:
            return
        try:
            with open(os.path.join(self._scratch, "output.txt"), "rb") as file:
                file.seek(self._output_offset)
                new = file.read(OUTPUT_CAP_BYTES)
        except OSError:
            return
        self._output_offset += len(new)
        room = PRINTED_CAP - len(self.printed.get(key, ""))
        if room > 0 and new:
            printed = _wire().printable(new[:room].decode("utf-8", "replace"))
            self.printed[key] = self.printed.get(key, "") + printed

    def captured_output(self, key: str = MAIN) -> str:
        """What the student's code printed while running file ``key`` (capped)."""
        return self.printed.get(key, "")

    # --------------------------------------------------------------------- requests

    def wait_ready(self, timeout: float | None = None) -> Outcome:
        """Start the child and wait until it has imported numpy and is ready for requests."""
        self.start()
        started = time.perf_counter()
        try:
            self._ensure_ready(time.monotonic() + (timeout or self.limits.load_timeout))
        except Exception as error:  # noqa: BLE001 - whatever happened, the child did not start
            return self._fail(error, started, MAIN)
        return Outcome(status="ok", seconds=time.perf_counter() - started)

    def load(self, key: str = MAIN, timeout: float | None = None) -> Outcome:
        """Import file ``key`` in the child, if the current child has not yet; the outcome of the
        first import is kept: a file that failed to import is not tried again. ``timeout``: less
        than the limits' load_timeout, when less time is left."""
        first = self.load_outcomes.get(key)
        if first is not None and first.status != "ok":
            return first
        if key in self._loaded and self._process is not None:
            return first
        self.start()
        # The path is the child's view of the file, known once the child (maybe a fallback) is ready.
        outcome = self._exchange(lambda: ({"op": "load", "module": key, "path": self._paths[key]}, []),
                                 min(timeout or self.limits.load_timeout, self.limits.load_timeout), key, 0)
        if outcome.status == "ok":
            self._loaded.add(key)
        self.load_outcomes.setdefault(key, outcome)
        return outcome

    def call(
        self,
        function: str,
        args: tuple = (),
        kwargs: dict | None = None,
        *,
        key: str = MAIN,
        errstate: dict | None = None,
        return_args: bool = False,
        store_as: str | None = None,
        timeout: float | None = None,
        answer_bytes: int = 0,
    ) -> Outcome:
        """Call ``function(*args, **kwargs)`` from file ``key`` in the child; return what came back.

        Arguments are serialised, so the child always works on copies of the parent's arrays.
        ``answer_bytes``: the size of the expected answer; an answer much larger than it and than
        the inputs is refused unread (see ANSWER_FACTOR).
        """
        loaded = self.load(key)
        if loaded.status != "ok":
            return loaded
        arrays: list = []
        header = {
            "op": "call",
            "module": key,
            "function": function,
            "args": _wire().encode(list(args), arrays),
            "kwargs": _wire().encode(dict(kwargs or {}), arrays),
            "errstate": errstate or {},
            "return_args": return_args,
            "store_as": store_as,
        }
        expected = max(answer_bytes, sum(array.nbytes for array in arrays))
        return self._exchange(lambda: (header, arrays), timeout or self.limits.call_timeout, key, expected)

    def program(self, steps: list, results: list[str], *, key: str = MAIN, errstate: dict | None = None,
                timeout: float | None = None, answer_bytes: int = 0) -> Outcome:
        """Run a program of plain-data steps against file ``key`` in the child (see
        child.run_program); the outcome's value is the list of the values named in ``results``.
        ``answer_bytes`` bounds the answer as for call."""
        loaded = self.load(key)
        if loaded.status != "ok":
            return loaded
        arrays: list = []
        header = {"op": "program", "module": key, "steps": _wire().encode_steps(steps, arrays),
                  "results": list(results), "errstate": errstate or {}}
        expected = max(answer_bytes, sum(array.nbytes for array in arrays))
        return self._exchange(lambda: (header, arrays), timeout or self.limits.call_timeout, key, expected)

    def _exchange(self, request, timeout: float, key: str, expected_bytes: int) -> Outcome:
        """Send ``request()`` (header, arrays) and read the answer, all before the deadline."""
        started = time.perf_counter()
        deadline = time.monotonic() + timeout
        try:
            self._ensure_ready(deadline)
            self._watch()
            if not system.write_all(self._process.stdin.fileno(), _wire().message_bytes(*request()), deadline):
                # the child stopped reading (or is gone): it cannot answer this request any more
                raise EOFError("the child stopped reading") if self._process.poll() is not None else TimeoutError()
            response, out = _wire().read_message(self._reader, deadline,
                                              max_bytes=ANSWER_FACTOR * expected_bytes + ANSWER_SLACK_BYTES)
            outcome = _outcome_from_response(response, out, time.perf_counter() - started)
        except Exception as error:  # noqa: BLE001 - nothing the child sends may stop the grading
            return self._fail(error, started, key)
        self._collect_output(key)
        self.banned_imports[key].update(_banned_names(response.get("banned_imports")))
        return outcome

    def _ensure_ready(self, deadline: float) -> None:
        """Wait for a new child's "ready". A child that dies before it (the sandbox could not be
        built, or numpy not loaded in it) is started again with the isolation's fallback, if any."""
        while self._awaiting_ready:
            try:
                response, _ = _wire().read_message(self._reader, deadline, max_bytes=4096)
                if response.get("status") != "ready":
                    raise _wire().WireError("the child did not start properly")
            except (EOFError, _wire().WireError) as error:
                if self.isolation.fallback is None:
                    raise
                isolation_backends.mark_broken(self.isolation.backend, self._exit_reason() or str(error))
                self.close()
                self.isolation = self.isolation.fallback
                self._spawn()
                continue
            self._awaiting_ready = False
            self._adopt_init()

    def _fail(self, error: Exception, started: float, key: str) -> Outcome:
        """The outcome of a request that did not complete: the child is ended in any case."""
        if isinstance(error, TimeoutError):
            status, message = "timeout", ""
        elif isinstance(error, LimitExceeded):
            status, message = "crashed", str(error)
        elif isinstance(error, EOFError):  # the child died: say how (os._exit, a signal, a limit)
            status, message = "crashed", self._exit_reason() or str(error)
        else:  # it answered with something that is not a well-formed message
            status, message = "crashed", f"its answer was refused: {str(error)[:300]}"
        self._collect_output(key)
        self.close()
        return Outcome(status=status, message=message, seconds=time.perf_counter() - started)

    def _exit_reason(self) -> str:
        process = self._process
        try:
            code = process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            return ""
        if self.isolation.isolated and code == SETUP_FAILED:
            return f"the sandbox could not be built: {self._output_tail()}"
        if self.isolation.isolated and code > 128:
            code = -(code - 128)  # the launcher and bwrap exit with 128 + the signal
        if code < 0:
            try:
                return f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"the process exited with code {code}"

    def _output_tail(self) -> str:
        try:
            with open(os.path.join(self._scratch, "output.txt"), "rb") as file:
                return file.read()[-500:].decode("utf-8", "replace").strip()
        except (OSError, TypeError):
            return ""


def _parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            return int(file.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _banned_names(names) -> set[str]:
    if not isinstance(names, list):
        return set()
    return {name for name in names[:10] if isinstance(name, str) and len(name) < 100}


def _outcome_from_response(response: dict, arrays: list, seconds: float) -> Outcome:
    status = response.get("status")
    if status not in ("ok", "not_implemented", "missing", "raised"):
        raise _wire().WireError(f"unknown status {str(status)[:50]!r}")
    outcome = Outcome(status=status, seconds=seconds)
    if status == "ok":
        if "value" in response:
            outcome.value = _wire().decode(response["value"], arrays)
        if "args_after" in response:
            outcome.args_after = _wire().decode(response["args_after"], arrays)
        warnings = response.get("warnings", [])
        warnings = warnings[:5] if isinstance(warnings, list) else []
        outcome.warnings = [_wire().printable(str(w)[:500]) for w in warnings]
        outcome.modified = _paths(response.get("modified"))
        outcome.replaced = _paths(response.get("replaced"))
    else:
        outcome.error_type = _wire().printable(str(response.get("type", ""))[:100])
        outcome.message = _wire().printable(str(response.get("message", ""))[:2000])
        outcome.traceback = _wire().printable(str(response.get("traceback", ""))[-8000:])
        where = response.get("where")
        if isinstance(where, dict) and isinstance(where.get("line"), int):
            outcome.where = {"line": where["line"], "code": _wire().printable(str(where.get("code", ""))[:300]),
                             "function": _wire().printable(str(where.get("function", ""))[:100])}
    return outcome


def _paths(value) -> list[tuple]:
    """Argument paths as tuples of ints and strings; anything malformed is dropped."""
    if not isinstance(value, list):
        return []
    return [tuple(path) for path in value[:1000] if isinstance(path, list) and 0 < len(path) <= 8
            and all(isinstance(part, (int, str)) and not isinstance(part, bool) for part in path)]
