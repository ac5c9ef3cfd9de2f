"""The parent side of the trust boundary: run one student file in a child process.

Everything the student's code does happens in the child (``child.py``). The parent only sends
call requests and reads back plain values; it enforces a wall-clock limit per call with SIGKILL,
caps memory, CPU time and the size of captured output, and restarts the child after a crash or
timeout so that one bad function costs only its own checks.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from grader.sandbox import child as wire

CHILD_SCRIPT = Path(wire.__file__).resolve()
MAIN = "main"
PRINTED_CAP = 64 * 1024

DEFAULT_CALL_TIMEOUT = 5.0
DEFAULT_LOAD_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 1024
DEFAULT_SUBMISSION_TIMEOUT = 120.0
OUTPUT_CAP_BYTES = 1024 * 1024
CPU_SECONDS_CAP = 120

# Environment variables the child keeps. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE work around
# wrong results on some processors; the thread counts keep one student from taking every core.
_KEPT_ENV = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT")


@dataclass(frozen=True)
class Limits:
    call_timeout: float = DEFAULT_CALL_TIMEOUT
    load_timeout: float = DEFAULT_LOAD_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    # All of one learner's files together may not take longer than this, whatever they do.
    submission_timeout: float = DEFAULT_SUBMISSION_TIMEOUT


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


class Sandbox:
    """A student's files, loaded by key in one child process that is restarted whenever it dies.

    One child serves all of a student's files (numpy is imported once, not once per file); each
    file is imported on first use and again after a restart. Use as a context manager.
    :attr:`banned_imports` and :attr:`printed` are per file key, over all restarts.
    """

    def __init__(self, files: dict[str, Path] | Path, limits: Limits = Limits()):
        if not isinstance(files, dict):  # one file: its key is "main"
            files = {MAIN: files}
        self.files = {key: Path(path).resolve() for key, path in files.items()}
        self.limits = limits
        self.banned_imports: dict[str, set[str]] = {key: set() for key in self.files}
        self.printed: dict[str, str] = {key: "" for key in self.files}
        self.load_outcomes: dict[str, Outcome] = {}  # the first import of each file
        self._loaded: set[str] = set()  # files imported in the current child
        self._output_offset = 0
        self._process: subprocess.Popen | None = None
        self._scratch: str | None = None
        self._output = None
        self._request_fd = self._response_fd = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --------------------------------------------------------------------- lifecycle

    def _limit_child(self):  # runs in the child between fork and exec
        memory = self.limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS_CAP, CPU_SECONDS_CAP))
        resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_CAP_BYTES, OUTPUT_CAP_BYTES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        # Writing past RLIMIT_FSIZE then fails with an OSError instead of killing the child.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def start(self) -> None:
        """Start the child without waiting: it imports numpy while the parent does its own work."""
        if self._process is None:
            self._spawn()

    def _spawn(self) -> None:
        self._scratch = tempfile.mkdtemp(prefix="backprop-lab-")
        env = {k: os.environ[k] for k in _KEPT_ENV if k in os.environ}
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", HOME=self._scratch)
        request_read, request_write = os.pipe()
        response_read, response_write = os.pipe()
        self._output = open(os.path.join(self._scratch, "output.txt"), "wb")
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", "-B", str(CHILD_SCRIPT), str(request_read), str(response_write)],
                pass_fds=(request_read, response_write),
                stdin=subprocess.DEVNULL,
                stdout=self._output,
                stderr=subprocess.STDOUT,
                cwd=self._scratch,
                env=env,
                start_new_session=True,  # its own process group, so grandchildren die with it
                preexec_fn=self._limit_child,
            )
        finally:
            os.close(request_read)
            os.close(response_write)
        self._request_fd, self._response_fd = request_write, response_read
        self._loaded = set()
        self._output_offset = 0

    def close(self):
        """Kill the child and its process group, and remove its scratch directory."""
        if self._process is not None:
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self._process.wait()
            self._process = None
        for fd in (self._request_fd, self._response_fd):
            if fd >= 0:
                os.close(fd)
        self._request_fd = self._response_fd = -1
        if self._output is not None:
            self._output.close()
            self._output = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

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
        room = PRINTED_CAP - len(self.printed[key])
        if room > 0 and new:
            self.printed[key] += new[:room].decode("utf-8", "replace")

    def captured_output(self, key: str = MAIN) -> str:
        """What the student's code printed while running file ``key`` (capped)."""
        return self.printed.get(key, "")

    # --------------------------------------------------------------------- requests

    def load(self, key: str = MAIN) -> Outcome:
        """Import file ``key`` in the child, if the current child has not yet; the outcome of the
        first import is kept: a file that failed to import is not tried again."""
        first = self.load_outcomes.get(key)
        if first is not None and first.status != "ok":
            return first
        if key in self._loaded and self._process is not None:
            return first
        self.start()
        outcome = self._exchange({"op": "load", "module": key, "path": str(self.files[key])}, [],
                                 self.limits.load_timeout, key)
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
    ) -> Outcome:
        """Call ``function(*args, **kwargs)`` from file ``key`` in the child; return what came back.

        Arguments are serialised, so the child always works on copies of the parent's arrays.
        """
        loaded = self.load(key)
        if loaded.status != "ok":
            return loaded
        arrays: list = []
        header = {
            "op": "call",
            "module": key,
            "function": function,
            "args": wire.encode(list(args), arrays),
            "kwargs": wire.encode(dict(kwargs or {}), arrays),
            "errstate": errstate or {},
            "return_args": return_args,
            "store_as": store_as,
        }
        return self._exchange(header, arrays, timeout or self.limits.call_timeout, key)

    def program(self, steps: list, results: list[str], *, key: str = MAIN, errstate: dict | None = None,
                timeout: float | None = None) -> Outcome:
        """Run a program of plain-data steps against file ``key`` in the child (see
        child.run_program); the outcome's value is the list of the values named in ``results``."""
        loaded = self.load(key)
        if loaded.status != "ok":
            return loaded
        arrays: list = []
        header = {"op": "program", "module": key, "steps": wire.encode_steps(steps, arrays),
                  "results": list(results), "errstate": errstate or {}}
        return self._exchange(header, arrays, timeout or self.limits.call_timeout, key)

    def _exchange(self, header: dict, arrays: list, timeout: float, key: str) -> Outcome:
        started = time.perf_counter()
        self._send(header, arrays)
        return self._receive(time.monotonic() + timeout, started, key)

    def _send(self, header: dict, arrays: list) -> None:
        try:
            wire.write_message(self._request_fd, header, arrays)
        except OSError:
            pass  # the child is gone: _receive sees the closed pipe and reports the crash

    def _receive(self, deadline: float, started: float, key: str) -> Outcome:
        try:
            response, out = wire.read_message(self._response_fd, deadline)
            outcome = _outcome_from_response(response, out, time.perf_counter() - started)
        except TimeoutError:
            self._collect_output(key)
            return self._fail("timeout", started)
        except (EOFError, OSError, wire.WireError, ValueError, KeyError, TypeError) as error:
            # EOF: the child died (os._exit, a signal, a resource limit). The rest: it answered
            # with something that is not a well-formed message, which only student code can cause.
            self._collect_output(key)
            return self._fail("crashed", started, message=str(error))
        self._collect_output(key)
        names = response.get("banned_imports")
        if isinstance(names, list):
            self.banned_imports[key].update(n for n in names if isinstance(n, str))
        return outcome

    def _fail(self, status: str, started: float, message: str = "") -> Outcome:
        # A crash may be an os._exit or a kill by a resource limit: say which signal, if any.
        process = self._process
        if process is not None and status == "crashed":
            try:
                code = process.wait(timeout=1.0)
                if code < 0:
                    message = f"killed by signal {signal.Signals(-code).name}"
                else:
                    message = f"the process exited with code {code}"
            except subprocess.TimeoutExpired:
                pass
        self.close()
        return Outcome(status=status, message=message, seconds=time.perf_counter() - started)


def _outcome_from_response(response: dict, arrays: list, seconds: float) -> Outcome:
    status = response.get("status")
    if status not in ("ok", "not_implemented", "missing", "raised"):
        raise wire.WireError(f"unknown status {status!r}")
    outcome = Outcome(status=status, seconds=seconds)
    if status == "ok":
        if "value" in response:
            outcome.value = wire.decode(response["value"], arrays)
        if "args_after" in response:
            outcome.args_after = wire.decode(response["args_after"], arrays)
        outcome.warnings = [str(w) for w in response.get("warnings", [])][:5]
        outcome.modified = _paths(response.get("modified"))
        outcome.replaced = _paths(response.get("replaced"))
    else:
        outcome.error_type = str(response.get("type", ""))
        outcome.message = str(response.get("message", ""))[:2000]
        outcome.traceback = str(response.get("traceback", ""))[-8000:]
        where = response.get("where")
        if isinstance(where, dict) and isinstance(where.get("line"), int):
            outcome.where = {"line": where["line"], "code": str(where.get("code", ""))[:300],
                             "function": str(where.get("function", ""))[:100]}
    return outcome


def _paths(value) -> list[tuple]:
    """Argument paths as tuples of ints and strings; anything malformed is dropped."""
    if not isinstance(value, list):
        return []
    return [tuple(path) for path in value[:1000] if isinstance(path, list) and 0 < len(path) <= 8
            and all(isinstance(part, (int, str)) and not isinstance(part, bool) for part in path)]
