"""Build one student's sandbox from Linux namespaces and start the child in it: no root, no other program.

Started by path with the interpreter the child will use (``python -I -S -B launcher.py SPEC``, SPEC
being a marshalled dict in hex from grader.sandbox.isolation: marshal is built in, where json would
import re, and every sandbox pays for the launcher's imports). Standard library only; Python 3.11
has no os.unshare, so the system calls go through ctypes. The steps follow bubblewrap's order, one
function each:

 1. new user, PID, network, IPC and UTS namespaces. A helper left outside writes the id maps: the
    student runs as uid 1000, which is the caller's own uid outside (nobody when the caller is
    root), and a non-zero uid loses every capability at exec
 2. fork the sandbox's init, PID 1 of the new PID namespace; it dies with the launcher
 3. in the init: a mount namespace, every mount private; a fresh tmpfs becomes the root, the old
    root moves to /oldroot
 4. read-only binds of the interpreter, the standard library and the system library folders
 5. every site-packages and dist-packages masked by an empty tmpfs, torch's libraries by /dev/null
 6. /sandbox, read-only: child.py, numpy, and copies of the student's files
 7. /tmp: a small size-limited tmpfs, the only writable place (the working folder and HOME)
 8. a minimal /dev; a fresh /proc for the new PID namespace; no nested user namespaces; no System V
    shared memory or message queues; /proc/sys and friends read-only
 9. pivot_root into the new root and detach the old one; the root itself read-only
10. hostname; no_new_privs; init made non-dumpable
11. fork the student's process: uid 1000, no groups, rlimits, exec child.py
12. init reaps orphans and exits with the child's status (128+signal when killed): the kernel then
    kills every process left in the namespace, so nothing a student starts outlives their grading.

The launcher dies with the grader (PR_SET_PDEATHSIG) and reports the init's pid as JSON on the info
fd (as bubblewrap's --info-fd does), so that the parent can kill the whole namespace and wait for it.
Exit status 125: the sandbox could not be built.
"""

from __future__ import annotations

import ctypes
import marshal
import os
import signal
import stat
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
# The launcher's own: the init takes a mount namespace of its own (step 3), so that its pivot_root
# never moves the launcher's root too (pivot_root moves every process of the mount namespace).
NAMESPACES = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_NO_NEW_PRIVS = 38
# glibc has no pivot_root wrapper: the system call's number per architecture.
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "loongarch64": 41, "ppc64le": 203, "ppc64": 203,
                  "s390x": 217, "i386": 217, "i686": 217, "armv7l": 218, "armv8l": 218}

SANDBOX_UID = SANDBOX_GID = 1000  # the student's ids inside
NOBODY = 65534  # what the student is outside when the caller is root
SETUP_FAILED = 125
SCRATCH = "/tmp"
SANDBOX_DIR = "/sandbox"  # child.py, numpy and the student's files
SYSTEM_LIBRARY_DIRS = ("/lib", "/lib32", "/lib64", "/libx32", "/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/libx32")
DEVICES = ("null", "zero", "full", "random", "urandom")
DEVICE_LINKS = (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                ("stderr", "/proc/self/fd/2"))
MAX_FILE_BYTES = 8 * 1024 * 1024

_LIBC = []  # loaded on first use: the parent imports this module for its constants on every system


def _libc():
    if not _LIBC:
        _LIBC.append(ctypes.CDLL(None, use_errno=True))
    return _LIBC[0]


class SetupError(Exception):
    """A step of building the sandbox failed: the message names the step and the system's reason."""


def _call(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise SetupError(f"{what}: {os.strerror(number)}")


def _bytes(value):
    return None if value is None else os.fsencode(value)


def mount(source, target, fstype, flags, data=None) -> None:
    _call(_libc().mount(_bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags), _bytes(data)),
          f"mount {target}")


def prctl(option: int, value: int) -> None:
    _call(_libc().prctl(option, ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)),
          f"prctl {option}")


# ----------------------------------------------------------------------------- 1. namespaces


def id_maps(uid: int, gid: int) -> tuple[str, str, str | None]:
    """(uid_map, gid_map, setgroups) for a caller with these ids outside.

    Root maps inner 0 to itself (to read what it must bind) and the student's 1000 to nobody; anyone
    else may only map their own ids, to 1000, and must deny setgroups first."""
    if uid == 0:
        return f"0 0 1\n{SANDBOX_UID} {NOBODY} 1\n", f"0 0 1\n{SANDBOX_GID} {NOBODY} 1\n", None
    return f"{SANDBOX_UID} {uid} 1\n", f"{SANDBOX_GID} {gid} 1\n", "deny"


def enter_namespaces() -> None:
    """unshare every namespace; a helper forked first, still outside, writes our id maps."""
    go_read, go_write = os.pipe()
    done_read, done_write = os.pipe()
    launcher, uid, gid = os.getpid(), os.geteuid(), os.getegid()
    helper = os.fork()
    if helper == 0:
        status = b"not asked"
        try:
            os.close(go_write)
            if os.read(go_read, 1) == b"u":
                uid_map, gid_map, setgroups = id_maps(uid, gid)
                if setgroups:
                    _write(f"/proc/{launcher}/setgroups", setgroups)
                _write(f"/proc/{launcher}/uid_map", uid_map)
                _write(f"/proc/{launcher}/gid_map", gid_map)
                status = b"ok"
        except BaseException as error:  # noqa: BLE001 - reported to the launcher
            status = f"writing the id maps: {error}".encode()
        finally:
            os.write(done_write, status[:500])
            os._exit(0)
    os.close(go_read)
    os.close(done_write)
    try:
        _call(_libc().unshare(NAMESPACES), "unshare")
        os.write(go_write, b"u")
    finally:
        os.close(go_write)  # without "u" the helper exits at once
        status = os.read(done_read, 500)
        os.close(done_read)
        os.waitpid(helper, 0)
    if status != b"ok":
        raise SetupError(status.decode(errors="replace"))


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


# ----------------------------------------------------------------------------- 3. a fresh root


def new_root() -> None:
    """A mount namespace of the init's own, every mount private; a tmpfs root with the old root at
    /oldroot and the new one built at /newroot."""
    _call(_libc().unshare(CLONE_NEWNS), "unshare the mount namespace")
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    os.chdir("/tmp")
    os.mkdir("newroot")
    mount("newroot", "newroot", None, MS_BIND | MS_REC)  # a mount point, for the final pivot_root
    os.mkdir("oldroot")
    pivot_root("/tmp", "/tmp/oldroot")
    os.chdir("/")


def pivot_root(new: str, old: str) -> None:
    number = SYS_PIVOT_ROOT.get(os.uname().machine)
    if number is None:
        raise SetupError(f"pivot_root: unknown system call number on {os.uname().machine}")
    _call(_libc().syscall(ctypes.c_long(number), _bytes(new), _bytes(old)), "pivot_root")


# ----------------------------------------------------------------------------- 4. read-only binds


def _locked_flags(path: str) -> int:
    """nosuid/nodev/noexec of the mount holding ``path``: a bind may add flags, never drop them."""
    flags = os.statvfs(path).f_flag
    return MS_NOSUID | MS_NODEV | (MS_NOEXEC if flags & os.ST_NOEXEC else 0)


def _make_mount_point(target: str, like: str) -> None:
    if os.path.isdir(like):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target):
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o644))


def bind_read_only(source: str, target: str, submounts: list[str] = ()) -> None:
    """Bind ``source`` (a host path under /oldroot) at ``target``, read-only, with the mounts below it
    (``submounts``: their paths relative to ``source``, from the plan)."""
    _make_mount_point(target, source)
    mount(source, target, None, MS_BIND | MS_REC)
    for point in [target] + [target + below for below in submounts]:
        mount(None, point, None, MS_BIND | MS_REMOUNT | MS_RDONLY | _locked_flags(point))


def _mount_points() -> list[str]:
    with open("/proc/self/mountinfo") as file:
        return [_unescape(line.split()[4]) for line in file]


def _unescape(field: str) -> str:
    # mountinfo writes space, tab, newline and backslash as \ooo
    for code in ("\\040", "\\011", "\\012", "\\134"):
        field = field.replace(code, chr(int(code[1:], 8)))
    return field


def python_paths() -> list[str]:
    """What the interpreter needs: itself, the standard library folders (this launcher runs with -I -S,
    so sys.path is exactly those) and every file it has mapped (libpython, the loader, libc)."""
    paths = {os.path.realpath(sys.executable)}
    paths.update(os.path.realpath(p) for p in sys.path if p and os.path.exists(p))
    with open("/proc/self/maps") as file:
        for line in file:
            fields = line.rstrip("\n").split(maxsplit=5)
            if len(fields) == 6 and fields[5].startswith("/") and os.path.isfile(fields[5]):
                paths.add(os.path.realpath(fields[5]))
    return sorted(paths)


def plan() -> dict:
    """What the sandbox shows of the host, as host paths (bubblewrap's backend uses it too):
    symlinks to recreate, files and folders to bind read-only, site folders to mask with an empty
    tmpfs, torch libraries to mask with /dev/null. Computed once per grading process (--plan)."""
    import glob

    symlinks, binds = [], []
    for folder in SYSTEM_LIBRARY_DIRS:
        if os.path.islink(folder):
            symlinks.append((folder, os.readlink(folder)))
        elif os.path.isdir(folder):
            binds.append(folder)
    if os.path.isfile("/etc/ld.so.cache"):
        binds.append("/etc/ld.so.cache")
    for path in python_paths():
        if not any(path == b or path.startswith(b + "/") for b in binds):
            binds.append(path)
    sites, libraries = set(), set()
    for folder in filter(os.path.isdir, binds):
        for pattern in ("site-packages", "dist-packages", "python3*/site-packages", "python3*/dist-packages"):
            sites.update(p for p in glob.glob(os.path.join(folder, pattern)) if os.path.isdir(p))
        for pattern in ("libtorch*", "libc10*", "*/libtorch*", "*/libc10*"):
            libraries.update(p for p in glob.glob(os.path.join(folder, pattern)) if not os.path.islink(p))
    libraries = {p for p in libraries if not any(p.startswith(site + "/") for site in sites)}
    points = _mount_points()
    submounts = {path: [p[len(path):] for p in points if p.startswith(path + "/")] for path in binds}
    return {"symlinks": symlinks, "binds": binds, "submounts": submounts, "masks": sorted(sites),
            "nulls": sorted(libraries)}


def show_host(layout: dict) -> None:
    """Apply :func:`plan` under /newroot, reading the host through /oldroot."""
    for path, target in layout["symlinks"]:
        os.makedirs(os.path.dirname("/newroot" + path), exist_ok=True)
        os.symlink(target, "/newroot" + path)
    for path in layout["binds"]:
        bind_read_only("/oldroot" + path, "/newroot" + path, layout["submounts"][path])


# ----------------------------------------------------------------------------- 5. masks


def mask(layout: dict) -> None:
    for site in layout["masks"]:
        mount("tmpfs", "/newroot" + site, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "size=4k,mode=0755")
    for library in layout["nulls"]:
        mount("/oldroot/dev/null", "/newroot" + library, None, MS_BIND)


# ----------------------------------------------------------------------------- 6. /sandbox


def sandbox_folder(spec: dict) -> None:
    """child.py, numpy (where child.py's folder is the first entry of sys.path) and copies of the
    student's files where the parent says (under /sandbox/submission/), all read-only."""
    target = "/newroot" + SANDBOX_DIR
    os.makedirs(target)
    sources = [spec["child"]] + [host for host, _ in spec["files"]]
    size = sum(min(_size("/oldroot" + s), MAX_FILE_BYTES) for s in sources) + (1 << 20)
    mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=0755")
    _copy("/oldroot" + spec["child"], os.path.join(target, "child.py"))
    for host, inside in spec["files"]:
        if not inside.startswith(SANDBOX_DIR + "/submission/") or "/.." in inside:
            raise SetupError(f"a file may not go to {inside}")
        os.makedirs(os.path.dirname("/newroot" + inside), mode=0o755, exist_ok=True)
        _copy("/oldroot" + host, "/newroot" + inside)
    for name, source in (("numpy", spec["numpy"]), ("numpy.libs", spec.get("numpy_libs"))):
        if source:  # a folder of files: no mount below it
            bind_read_only("/oldroot" + source, os.path.join(target, name))
    mount(None, target, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _copy(source: str, target: str) -> None:
    """Copy a regular file, never following a symlink; one that cannot be read is left out (the
    child then reports it missing, as it would be)."""
    try:
        handle = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):  # a FIFO or a device would block or never end
            return
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) <= MAX_FILE_BYTES:
        with open(target, "wb") as out:
            out.write(data)
        os.chmod(target, 0o444)


# ----------------------------------------------------------------------------- 7. scratch, 8. /dev and /proc


def scratch(megabytes: int) -> None:
    os.makedirs("/newroot" + SCRATCH)
    mount("tmpfs", "/newroot" + SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV,
          f"size={megabytes}m,nr_inodes=4096,mode=0700,uid={SANDBOX_UID},gid={SANDBOX_GID}")


def devices() -> None:
    target = "/newroot/dev"
    os.makedirs(target)
    mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=0755")
    for name in DEVICES:
        if os.path.exists("/oldroot/dev/" + name):
            _make_mount_point(f"{target}/{name}", "/oldroot/dev/" + name)
            mount("/oldroot/dev/" + name, f"{target}/{name}", None, MS_BIND)
    for name, link in DEVICE_LINKS:
        os.symlink(link, f"{target}/{name}")
    mount(None, target, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC)


def processes() -> None:
    """A /proc that shows only this PID namespace; the parts that could change the kernel read-only.

    A container that masks parts of its own /proc forbids a fresh one: the sandbox then has none."""
    target = "/newroot/proc"
    os.makedirs(target)
    try:
        mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    except SetupError:
        return
    no_nested_namespaces(target)
    no_ipc_objects(target)
    for name in ("sys", "sysrq-trigger", "irq", "bus"):
        path = f"{target}/{name}"
        if os.path.exists(path):
            mount(path, path, None, MS_BIND | MS_REC)
            mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | _locked_flags(path))


def no_nested_namespaces(proc: str) -> None:
    """No user namespace may be created inside this one (bubblewrap's --disable-userns): in one of
    their own, a student would have every capability again, over their own mounts at least."""
    _write(f"{proc}/sys/user/max_user_namespaces", "0")


def no_ipc_objects(proc: str) -> None:
    """No System V shared memory segment or message queue in the sandbox's IPC namespace: memory
    held there is in no process (the watch sums resident memory) until the namespace ends. Where
    the kernel does not let the namespace's owner set these limits, they stay as they are."""
    for name in ("shmmni", "shmall", "msgmni"):
        try:
            _write(f"{proc}/sys/kernel/{name}", "0")
        except OSError:
            pass


# ----------------------------------------------------------------------------- 9. pivot, 10. drop


def enter_root() -> None:
    _call(_libc().umount2(b"/oldroot", MNT_DETACH), "umount /oldroot")
    os.chdir("/newroot")
    pivot_root(".", ".")  # the new root on top of the old one at the same place; then drop the old one
    _call(_libc().umount2(b".", MNT_DETACH), "umount the old root")
    os.chdir("/")
    mount(None, "/", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def restrict() -> None:
    name = b"sandbox"
    _call(_libc().sethostname(name, ctypes.c_size_t(len(name))), "sethostname")
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    prctl(PR_SET_DUMPABLE, 0)


# ----------------------------------------------------------------------------- 11. the student's process


def become_student(spec: dict) -> None:
    """In the forked student process: drop to uid 1000 (no capabilities once it execs), apply the
    per-process limits, exec the child. Never returns."""
    import resource

    if os.getuid() == 0:  # root outside: leave root's groups behind (setgroups is allowed then)
        os.setgroups([])
    os.setresgid(SANDBOX_GID, SANDBOX_GID, SANDBOX_GID)
    os.setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID)
    memory = spec["memory_mb"] * 1024 * 1024
    for limit, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, spec["cpu_seconds"]),
                         (resource.RLIMIT_FSIZE, spec["output_bytes"]), (resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_NOFILE, spec["open_files"]),
                         # counted per user in this user namespace: every process of this student
                         (resource.RLIMIT_NPROC, spec["max_processes"])):
        resource.setrlimit(limit, (value, value))
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past RLIMIT_FSIZE fails instead of killing
    os.closerange(3, 1 << 16)
    os.chdir(SCRATCH)
    argv = spec["argv"] or [sys.executable, "-E", "-s", "-B", SANDBOX_DIR + "/child.py"]
    os.execve(argv[0], argv, dict(spec["env"], HOME=SCRATCH))


# ----------------------------------------------------------------------------- 12. init


def init(spec: dict, alive_fd: int) -> None:
    """PID 1 of the sandbox: build it, start the student's process, reap, exit with its status."""
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    os.set_blocking(alive_fd, False)
    try:
        os.read(alive_fd, 1)  # EOF: the launcher died before PR_SET_PDEATHSIG took effect
        os._exit(SETUP_FAILED)
    except BlockingIOError:
        pass
    os.close(alive_fd)
    layout = spec["plan"] or plan()
    new_root()
    show_host(layout)
    mask(layout)
    sandbox_folder(spec)
    scratch(spec["scratch_mb"])
    devices()
    processes()
    enter_root()
    restrict()
    student = os.fork()
    if student == 0:
        try:
            become_student(spec)
        finally:
            os._exit(SETUP_FAILED)
    _quiet_standard_fds(os.open("/dev/null", os.O_RDWR))  # the sandbox's own /dev/null
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(SETUP_FAILED)
        if pid == student:
            os._exit(exit_code(status))


def exit_code(status: int) -> int:
    return 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.waitstatus_to_exitcode(status)


def _quiet_standard_fds(null: int) -> None:
    """Let go of the pipes: only the student's process holds them, so they close when it dies."""
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def main(argv: list[str]) -> int:
    if argv[1:] == ["--plan"]:
        import json

        print(json.dumps(plan()))
        return 0
    spec = marshal.loads(bytes.fromhex(argv[1]))
    try:
        # If the grader dies (even by SIGKILL), so does the launcher, then the init, then the namespace.
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if spec.get("parent") is not None and os.getppid() != spec["parent"]:
            raise SetupError("the grader ended before the sandbox started")
        enter_namespaces()
        null = os.open("/dev/null", os.O_RDWR)
        alive_read, alive_write = os.pipe()
        init_pid = os.fork()
    except (SetupError, OSError) as error:
        os.write(2, f"sandbox: {error}\n".encode())
        return SETUP_FAILED
    if init_pid == 0:
        os.close(alive_write)
        os.close(null)
        if spec.get("info_fd") is not None:
            os.close(spec["info_fd"])  # the launcher's to write and close
        try:
            init(spec, alive_read)
        except BaseException as error:  # noqa: BLE001 - any failure before the exec is a setup failure
            os.write(2, f"sandbox: {error}\n".encode())
        os._exit(SETUP_FAILED)
    os.close(alive_read)
    info_fd = spec.get("info_fd")
    if info_fd is not None:
        os.write(info_fd, b'{"child-pid": %d}' % init_pid)  # as bubblewrap's --info-fd writes it
        os.close(info_fd)
    _quiet_standard_fds(null)
    while True:
        try:
            _, status = os.waitpid(init_pid, 0)
            return exit_code(status)
        except InterruptedError:
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv))
