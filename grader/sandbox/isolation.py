"""Which isolation a sandbox gets, and the command that starts a child in it.

Backends, best first:

- ``namespaces``: grader/sandbox/launcher.py builds the sandbox from Linux user, mount, PID, network,
  IPC and UTS namespaces. Needs neither root nor any program.
- ``bubblewrap``: the same layout built by the ``bwrap`` program, where it is installed. It works
  where the kernel lets only programs with an AppArmor profile use namespaces (Ubuntu 24.04).
- ``none``: a plain child process with per-process limits. All macOS and Windows get; on Linux it
  keeps honest mistakes apart, not a hostile class.

:func:`detect` probes once per process what works here, by starting an empty sandbox with each
backend in turn: whether the kernel, a seccomp filter (Docker) or AppArmor allows it is found by
trying, never guessed. :func:`optimistic` skips the probe (what `learn check` uses, to stay fast):
its first sandbox tries the best backend and falls back when the sandbox cannot start.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import marshal
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from grader.sandbox import launcher as layout

AUTO, STRICT = "auto", "strict"
NAMESPACES, BUBBLEWRAP, NONE = "namespaces", "bubblewrap", "none"
BACKENDS = (NAMESPACES, BUBBLEWRAP, NONE)
CHOICES = (AUTO, STRICT, *BACKENDS)

LAUNCHER_SCRIPT = Path(layout.__file__).resolve()
SANDBOX_CHILD = f"{layout.SANDBOX_DIR}/child.py"


class IsolationUnavailable(Exception):
    """The isolation asked for cannot be had here: the message says why and what to do."""


@dataclass(frozen=True)
class Isolation:
    backend: str
    problems: tuple[str, ...] = ()  # why each better backend was not used
    # What a sandbox uses instead if this backend cannot start one (see optimistic()).
    fallback: Isolation | None = None

    @property
    def isolated(self) -> bool:
        return self.backend != NONE

    def summary(self) -> str:
        """One line for the start of `learn grade`."""
        if self.backend == NAMESPACES:
            return ("isolation: Linux namespaces (each student alone with Python and numpy: no network, "
                    "no other files, every process ended with their grading)")
        if self.backend == BUBBLEWRAP:
            return "isolation: bubblewrap (each student alone with Python and numpy, no network, no other files)"
        reason = advice(self.problems) if self.problems else "as asked with --isolation none"
        return (f"isolation: NONE, student code runs as you: a hostile student can read or change your files and "
                f"any grade, and start processes that outlive the run ({reason})")


def advice(problems: tuple[str, ...]) -> str:
    """What the probes' failures mean and what to do about them, in a few words."""
    text = " ".join(problems)
    if sys.platform == "darwin" or os.name == "nt":
        return "macOS and Windows have no user namespaces: grade an untrusted class on Linux"
    if "unshare" in text:
        return ("user namespaces are switched off (sysctl user.max_user_namespaces, "
                "kernel.unprivileged_userns_clone) or forbidden by a seccomp filter (Docker's default profile): "
                "enable them, run the container with --security-opt seccomp=unconfined, or grade outside it; "
                "--isolation strict refuses to grade without")
    if "mount" in text or "Operation not permitted" in text or "Permission denied" in text:
        return ("user namespaces are allowed without the right to mount (Ubuntu 24.04's AppArmor does this): "
                "`apt install bubblewrap`, whose profile allows it; --isolation strict refuses to grade without")
    return f"{text or 'no backend worked'}; --isolation strict refuses to grade without"


# ----------------------------------------------------------------------------- detection

_DETECTED: dict[str, Isolation] = {}
_DETECT_LOCK = threading.Lock()


def detect(choice: str = AUTO) -> Isolation:
    """The isolation to use for ``choice`` (one of CHOICES), probed once per process.

    auto: the best that works, else none. strict: the best that works, else IsolationUnavailable.
    A backend's name: that one, else IsolationUnavailable."""
    if choice not in CHOICES:
        raise ValueError(f"isolation must be one of {', '.join(CHOICES)}, not {choice!r}")
    if choice == NONE:
        return Isolation(NONE)
    with _DETECT_LOCK:
        if choice not in _DETECTED:
            if sys.platform.startswith("linux"):
                try:
                    host_plan()  # many sandboxes will follow: make the plan once, here
                except OSError:
                    pass  # the probes below say what does not work
            candidates = (choice,) if choice in BACKENDS else (NAMESPACES, BUBBLEWRAP)
            problems = []
            for backend in candidates:
                problem = probe(backend)
                if problem is None:
                    _DETECTED[choice] = Isolation(backend, tuple(problems))
                    break
                problems.append(f"{backend}: {problem}")
            else:
                _DETECTED[choice] = Isolation(NONE, tuple(problems))
        found = _DETECTED[choice]
    if choice != AUTO and not found.isolated:
        raise IsolationUnavailable(f"no isolation for student code here ({'; '.join(found.problems)}): "
                                   f"{advice(found.problems)}")
    return found


_BROKEN: dict[str, str] = {}  # backends a sandbox of this process could not start, and why


def optimistic() -> Isolation:
    """The best backend not yet known to fail here, with the others as fallbacks, without probing."""
    chain = Isolation(NONE, tuple(f"{name}: {why}" for name, why in _BROKEN.items()))
    if sys.platform.startswith("linux"):
        for backend in (BUBBLEWRAP, NAMESPACES):
            if backend not in _BROKEN and (backend != BUBBLEWRAP or shutil.which("bwrap")):
                chain = Isolation(backend, chain.problems, fallback=chain)
    return chain


def mark_broken(backend: str, problem: str) -> None:
    """A sandbox with ``backend`` could not start here: later ones start with the next backend."""
    with _DETECT_LOCK:
        _BROKEN.setdefault(backend, problem)


def probe(backend: str) -> str | None:
    """None if an empty sandbox with ``backend`` starts and imports numpy, else the reason it did not."""
    if not sys.platform.startswith("linux"):
        return "Linux only"
    if backend == BUBBLEWRAP and shutil.which("bwrap") is None:
        return "bwrap is not installed"
    from grader.sandbox.runner import Sandbox  # runner imports this module

    try:
        with Sandbox({}, isolation=Isolation(backend)) as sandbox:
            outcome = sandbox.wait_ready()
    except OSError as error:
        return str(error)
    return None if outcome.status == "ok" else outcome.message or outcome.status


# ----------------------------------------------------------------------------- launching


@dataclass(frozen=True)
class Launch:
    """How to start one child: its command, the paths it loads the student's files from, and how
    many levels of the process tree are ours (launcher and init), not the student's."""

    argv: list[str]
    paths: dict[str, str]
    rlimits_in_parent: bool  # whether Popen must apply the per-process limits (else the launcher does)
    own_levels: int


def interpreter() -> str:
    """The real interpreter (a virtualenv's python is a symlink to it): the sandboxes bind this one."""
    return os.path.realpath(sys.executable)


@functools.lru_cache(maxsize=1)
def numpy_folders() -> tuple[str, str | None]:
    """numpy's package folder and its bundled libraries' folder (pip wheels), found without importing."""
    spec = importlib.util.find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("numpy is not installed")
    package = os.path.realpath(list(spec.submodule_search_locations)[0])
    libraries = os.path.join(os.path.dirname(package), "numpy.libs")
    return package, (libraries if os.path.isdir(libraries) else None)


def sandbox_path(key: str, path: Path) -> str:
    """Where the student's file ``key`` is inside a sandbox."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", key).lstrip(".") or "file"
    return f"{layout.SANDBOX_DIR}/submission/{safe}/{path.name}"


def launch(isolation: Isolation, files: dict[str, Path], child_script: Path, env: dict, limits,
           info_fd: int | None) -> Launch:
    """The command starting the child for ``files`` under ``isolation`` (limits: a runner.Limits)."""
    if isolation.backend == NONE:
        return Launch([sys.executable, "-I", "-B", str(child_script)], {k: str(p) for k, p in files.items()},
                      True, 0)
    numpy_package, numpy_libraries = numpy_folders()
    paths = {key: sandbox_path(key, path) for key, path in files.items()}
    if isolation.backend == NAMESPACES:
        spec = {
            "child": str(child_script), "numpy": numpy_package, "numpy_libs": numpy_libraries,
            "files": [(str(path), paths[key]) for key, path in files.items()],  # (host path, path inside)
            "memory_mb": limits.memory_mb, "cpu_seconds": limits.cpu_seconds, "output_bytes": limits.output_bytes,
            "open_files": limits.open_files, "max_processes": limits.max_processes, "scratch_mb": limits.scratch_mb,
            "env": env, "argv": None,
            # The plan once per grading run; a single sandbox (learn check) lets its launcher make it.
            "info_fd": info_fd, "parent": os.getpid(), "plan": host_plan() if _PLANNED else None,
        }
        return Launch([interpreter(), "-I", "-S", "-B", str(LAUNCHER_SCRIPT), marshal.dumps(spec).hex()], paths,
                      False, 2)
    return Launch(_bwrap_command(files, paths, child_script, env, limits, info_fd), paths, True, 2)


_PLANNED: list[dict] = []


def host_plan() -> dict:
    """The launcher's plan of what a sandbox shows of the host, computed once by the real interpreter
    (a process of its own, since this one may have torch loaded and is not run with -I -S)."""
    if not _PLANNED:
        try:
            done = subprocess.run([interpreter(), "-I", "-S", "-B", str(LAUNCHER_SCRIPT), "--plan"],
                                  capture_output=True, text=True, timeout=30, check=True)
            _PLANNED[:] = [json.loads(done.stdout)]
        except (subprocess.SubprocessError, ValueError) as error:
            raise OSError(f"the sandbox could not be planned: {error}") from None
    return _PLANNED[0]


def _bwrap_command(files, paths, child_script, env, limits, info_fd) -> list[str]:
    plan = host_plan()
    numpy_package, numpy_libraries = numpy_folders()
    uid, gid = str(layout.SANDBOX_UID), str(layout.SANDBOX_GID)
    args = ["bwrap", "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--disable-userns", "--uid", uid, "--gid", gid, "--hostname", "sandbox",
            "--die-with-parent",
            "--cap-drop", "ALL"]
    for path, target in plan["symlinks"]:
        args += ["--symlink", target, path]
    for path in plan["binds"]:
        args += ["--ro-bind", path, path]
    for site in plan["masks"]:
        args += ["--tmpfs", site, "--remount-ro", site]
    for library in plan["nulls"]:
        args += ["--ro-bind", "/dev/null", library]
    args += ["--tmpfs", layout.SANDBOX_DIR, "--ro-bind", str(child_script), SANDBOX_CHILD,
             "--ro-bind", numpy_package, f"{layout.SANDBOX_DIR}/numpy"]
    if numpy_libraries:
        args += ["--ro-bind", numpy_libraries, f"{layout.SANDBOX_DIR}/numpy.libs"]
    for key, path in files.items():
        args += ["--ro-bind", str(path), paths[key]]
    args += ["--remount-ro", layout.SANDBOX_DIR,
             "--perms", "0700", "--size", str(limits.scratch_mb * 1024 * 1024), "--tmpfs", layout.SCRATCH,
             "--tmpfs", "/dev"]
    for name in layout.DEVICES:  # bwrap's own --dev adds a pty and a /dev/shm of unbounded size
        args += ["--dev-bind", f"/dev/{name}", f"/dev/{name}"]
    for name, link in layout.DEVICE_LINKS:
        args += ["--symlink", link, f"/dev/{name}"]
    # bubblewrap leaves the files in /proc/sys writable by their owner: run as root, the student is
    # root outside (without capabilities), which is all a plain sysctl asks for.
    args += ["--remount-ro", "/dev", "--proc", "/proc"]
    for path in ("/proc/sys", "/proc/sysrq-trigger"):
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    args += ["--remount-ro", "/", "--chdir", layout.SCRATCH, "--clearenv"]
    for name, value in dict(env, HOME=layout.SCRATCH).items():
        args += ["--setenv", name, value]
    if info_fd is not None:
        args += ["--info-fd", str(info_fd)]
    return args + ["--", interpreter(), "-E", "-s", "-B", SANDBOX_CHILD]
