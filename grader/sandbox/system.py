"""What the parent side needs from the operating system, in one small layer.

POSIX gives per-process resource limits (``resource``), process groups (killpg), select() on pipes
and non-blocking writes. Windows has none of these: there a child runs with only the wall-clock
limit, reads wait in a thread, and killing reaches the child alone. Linux adds /proc (the memory and
process count of a whole sandbox) and prctl. Everything else in the sandbox package is written
against the functions here; tests force the fallbacks by patching the module attributes below.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

try:
    import resource
except ImportError:  # Windows
    resource = None

try:
    import select
except ImportError:  # pragma: no cover - every supported system has the module
    select = None

# select() on pipes works on POSIX only (on Windows it takes sockets alone).
SELECT_ON_PIPES = os.name == "posix" and select is not None
PROC = "/proc"


# ----------------------------------------------------------------------------- starting and stopping


def rlimit_setter(memory_bytes: int, cpu_seconds: int, file_bytes: int, open_files: int):
    """A function to run in the child between fork and exec that applies the per-process limits,
    or None where the system has no resource limits (Windows)."""
    if resource is None:
        return None

    def limit():
        for name, value in (("RLIMIT_AS", memory_bytes), ("RLIMIT_CPU", cpu_seconds),
                            ("RLIMIT_FSIZE", file_bytes), ("RLIMIT_CORE", 0), ("RLIMIT_NOFILE", open_files)):
            if hasattr(resource, name):  # macOS enforces some of these loosely, but has them all
                resource.setrlimit(getattr(resource, name), (value, value))
        # Writing past RLIMIT_FSIZE then fails with an OSError instead of killing the child.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return limit


def spawn_options(preexec=None, pass_fds: tuple = ()) -> dict:
    """Popen keyword arguments: a process group of its own (so that what it starts can be killed
    with it), the limits, and the extra file descriptors it inherits."""
    if os.name != "posix":
        return {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    options = {"start_new_session": True, "pass_fds": pass_fds}
    if preexec is not None:
        options["preexec_fn"] = preexec
    return options


def kill_group(process: subprocess.Popen) -> None:
    """Kill the process and, where the system has process groups, everything in its group."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# ----------------------------------------------------------------------------- pipes with deadlines


class Reader:
    """Reads exactly n bytes from a pipe, giving up at a deadline (time.monotonic()).

    With select() on pipes it waits on the pipe itself; elsewhere a thread reads ahead. Bytes read
    before a timeout stay buffered for the next read. ``watch``, if given, is called at least every
    ``every`` seconds while waiting; an exception it raises ends the read.
    """

    def __init__(self, fd: int, watch=None, every: float = 0.1):
        self.fd = fd
        self.watch = watch
        self.every = every
        self._buffer = bytearray()
        self._closed = False
        self._ready = threading.Condition()
        self._thread = None
        if not SELECT_ON_PIPES:
            self._thread = threading.Thread(target=self._read_ahead, daemon=True)
            self._thread.start()

    def read_exact(self, size: int, deadline: float | None = None) -> bytes:
        while True:
            with self._ready:
                if len(self._buffer) >= size:
                    data = bytes(self._buffer[:size])
                    del self._buffer[:size]
                    return data
                if self._closed:
                    raise EOFError("the other side closed the pipe")
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise TimeoutError("no complete message before the deadline")
            wait = remaining if self.watch is None else min(self.every, remaining or self.every)
            self._wait_for_data(size, wait)
            if self.watch is not None:
                self.watch()

    def _wait_for_data(self, size: int, wait: float | None) -> None:
        if self._thread is not None:
            with self._ready:
                if len(self._buffer) < size and not self._closed:
                    self._ready.wait(wait)
            return
        ready, _, _ = select.select([self.fd], [], [], wait)
        if ready:
            chunk = os.read(self.fd, max(size - len(self._buffer), 1 << 16))
            if chunk:
                self._buffer += chunk
            else:
                self._closed = True

    def _read_ahead(self):
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                chunk = b""
            with self._ready:
                if chunk:
                    self._buffer += chunk
                else:
                    self._closed = True
                self._ready.notify_all()
            if not chunk:
                return

    def read_to_end(self, limit: int, deadline: float) -> bytes:
        """Everything until the writer closes the pipe (at most ``limit`` bytes)."""
        while not self._closed and len(self._buffer) < limit:
            remaining = deadline - time.monotonic()
            before = len(self._buffer)
            self._wait_for_data(limit, max(0.0, remaining))
            if remaining <= 0 and len(self._buffer) == before and not self._closed:
                raise TimeoutError("the pipe was not closed before the deadline")
        return bytes(self._buffer[:limit])


def write_all(fd: int, data: bytes, deadline: float) -> bool:
    """Write everything before the deadline; False if the reader stopped reading (or is gone).

    The fd must be non-blocking where select() works on pipes (see :func:`prepare_for_writing`)."""
    if not SELECT_ON_PIPES:
        return _write_in_thread(fd, data, deadline)
    view = memoryview(data)
    while view:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        _, ready, _ = select.select([], [fd], [], remaining)
        if not ready:
            return False
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            continue
        except OSError:  # the reader is gone
            return False
    return True


def prepare_for_writing(fd: int) -> None:
    if SELECT_ON_PIPES:
        os.set_blocking(fd, False)


def _write_in_thread(fd: int, data: bytes, deadline: float) -> bool:
    outcome = []

    def write():
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            outcome.append(True)
        except OSError:
            outcome.append(False)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    writer.join(max(0.0, deadline - time.monotonic()))
    return bool(outcome and outcome[0])  # a writer still blocked is released when the child is killed


# ----------------------------------------------------------------------------- Linux: /proc and prctl


def process_tree(root: int) -> list[tuple[int, int, int, int]]:
    """(pid, depth below ``root``, resident bytes, threads) of ``root`` and every descendant, from /proc.

    Empty where there is no /proc. A process inside a PID namespace is reparented within it, so
    the tree of a sandbox's launcher holds every process of that sandbox."""
    if not os.path.isdir(PROC):
        return []
    parents, resident, threads = {}, {}, {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir(PROC):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"{PROC}/{entry.name}/stat", "rb") as file:
                fields = file.read().rsplit(b")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            resident[int(entry.name)] = int(fields[21]) * page
            threads[int(entry.name)] = int(fields[17])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    if root not in parents:
        return []
    found, frontier = [], [(root, 0)]
    while frontier:
        pid, depth = frontier.pop()
        found.append((pid, depth, resident.get(pid, 0), threads.get(pid, 1)))
        frontier.extend((child, depth + 1) for child in children.get(pid, ()))
    return found


def make_undumpable() -> bool:
    """Forbid other processes of the same user to read this one's memory, environment and file
    descriptors through /proc (Linux: PR_SET_DUMPABLE 0). True if it worked."""
    if not os.path.exists(f"{PROC}/self/status"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_DUMPABLE = 4
        return libc.prctl(PR_SET_DUMPABLE, ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0),
                          ctypes.c_ulong(0)) == 0
    except (OSError, AttributeError):
        return False


def is_dumpable() -> bool | None:
    try:
        import ctypes

        PR_GET_DUMPABLE = 3
        return bool(ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    except (OSError, AttributeError):
        return None
