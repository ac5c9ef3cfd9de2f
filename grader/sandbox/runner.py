"""The parent side of the trust boundary: run one student file in a child process.

Everything the student's code does happens in the child (``child.py``). The parent only sends
call requests and reads back plain values; it enforces a wall-clock limit per call with SIGKILL,
caps memory, CPU time and the size of captured output, and restarts the child after a crash or
timeout so that one bad function costs only its own checks.
"""

from __future__ import annotations

import os
import resource
import select
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

DEFAULT_CALL_TIMEOUT = 5.0
DEFAULT_LOAD_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 1024
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
    functions: list = field(default_factory=list)
    seconds: float = 0.0


class Sandbox:
    """One student file, loaded in a child process that is restarted whenever it dies.

    Use as a context manager; :attr:`banned_imports` collects every banned module the
    submission tried to import, over all restarts.
    """

    def __init__(self, path: Path, limits: Limits = Limits()):
        self.path = Path(path).resolve()
        self.limits = limits
        self.banned_imports: set[str] = set()
        self.load_outcome: Outcome | None = None
        self._process: subprocess.Popen | None = None
        self._scratch: str | None = None
        self._output = None
        self._request_fd = self._response_fd = -1
        self._pending_started = 0.0
        self._pending_deadline = 0.0

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

    def _start(self) -> Outcome:
        self._spawn()
        return self._receive(self._pending_deadline, self._pending_started)

    def start(self) -> None:
        """Start the child and ask it to import the file, without waiting for the answer.

        The parent can then do its own work (load references) while the child imports numpy and
        the student's file; :meth:`load` collects the answer.
        """
        if self._process is None and self.load_outcome is None:
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
        self._pending_started = time.perf_counter()
        self._pending_deadline = time.monotonic() + self.limits.load_timeout
        self._send({"op": "load", "path": str(self.path)}, [])

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

    def captured_output(self) -> str:
        """What the student's code printed so far in the current child (capped)."""
        if self._scratch is None:
            return ""
        try:
            with open(os.path.join(self._scratch, "output.txt"), "rb") as file:
                return file.read(OUTPUT_CAP_BYTES).decode("utf-8", "replace")
        except OSError:
            return ""

    # --------------------------------------------------------------------- requests

    def load(self) -> Outcome:
        """Start the child and import the student file in it (once; later calls reuse it)."""
        if self.load_outcome is None:
            if self._process is None:
                self._spawn()
            self.load_outcome = self._receive(self._pending_deadline, self._pending_started)
            if self.load_outcome.status != "ok":
                self.close()
        return self.load_outcome

    def call(
        self,
        function: str,
        args: tuple = (),
        kwargs: dict | None = None,
        *,
        errstate: dict | None = None,
        return_args: bool = False,
        store_as: str | None = None,
        timeout: float | None = None,
    ) -> Outcome:
        """Call ``function(*args, **kwargs)`` in the child and return what came back.

        Arguments are serialised, so the child always works on copies of the parent's arrays.
        """
        if self.load().status != "ok":
            return self.load_outcome
        if self._process is None:  # died on an earlier call: start afresh
            restarted = self._start()
            if restarted.status != "ok":
                self.close()
                return restarted
        arrays: list = []
        header = {
            "op": "call",
            "function": function,
            "args": wire.encode(list(args), arrays),
            "kwargs": wire.encode(dict(kwargs or {}), arrays),
            "errstate": errstate or {},
            "return_args": return_args,
            "store_as": store_as,
        }
        return self._exchange(header, arrays, timeout or self.limits.call_timeout)

    def _exchange(self, header: dict, arrays: list, timeout: float) -> Outcome:
        started = time.perf_counter()
        self._send(header, arrays)
        return self._receive(time.monotonic() + timeout, started)

    def _send(self, header: dict, arrays: list) -> None:
        try:
            wire.write_message(self._request_fd, header, arrays)
        except OSError:
            pass  # the child is gone: _receive sees the closed pipe and reports the crash

    def _receive(self, deadline: float, started: float) -> Outcome:
        try:
            response, out = wire.read_message(self._response_fd, deadline)
            outcome = _outcome_from_response(response, out, time.perf_counter() - started)
        except TimeoutError:
            return self._fail("timeout", started)
        except (EOFError, OSError, wire.WireError, ValueError, KeyError, TypeError) as error:
            # EOF: the child died (os._exit, a signal, a resource limit). The rest: it answered
            # with something that is not a well-formed message, which only student code can cause.
            return self._fail("crashed", started, message=str(error))
        names = response.get("banned_imports")
        if isinstance(names, list):
            self.banned_imports.update(n for n in names if isinstance(n, str))
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
        outcome.functions = [str(f) for f in response.get("functions", [])]
        outcome.warnings = [str(w) for w in response.get("warnings", [])][:5]
    else:
        outcome.error_type = str(response.get("type", ""))
        outcome.message = str(response.get("message", ""))[:2000]
        outcome.traceback = str(response.get("traceback", ""))[-8000:]
    return outcome
