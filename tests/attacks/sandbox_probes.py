"""A hostile submission that tries, one function per step of the sandbox, what that step forbids.

Loaded by tests/test_isolation.py. Each function returns plain data saying what it managed, so a
test can assert that the attack failed, and how (the errno names the step that stopped it).
"""

import ctypes
import errno
import os
import socket
import subprocess
import sys
import time


def _error(action):
    try:
        action()
    except OSError as error:
        return errno.errorcode.get(error.errno, str(error.errno))
    return "done"


def identity():
    with open("/proc/self/status") as file:
        fields = dict(line.split(":", 1) for line in file if ":" in line)
    return {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(),
            "capabilities": fields["CapEff"].strip(), "no_new_privs": fields["NoNewPrivs"].strip()}


def remount_read_write(path):
    """With a capability this would make a read-only bind writable."""
    libc = ctypes.CDLL(None, use_errno=True)
    MS_REMOUNT, MS_BIND = 32, 4096
    if libc.mount(None, path.encode(), None, ctypes.c_ulong(MS_REMOUNT | MS_BIND), None) != 0:
        return errno.errorcode[ctypes.get_errno()]
    return "done"


def unshare_again():
    """A new user namespace would give back every capability inside it."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(0x10000000 | 0x00020000) != 0:
        return errno.errorcode[ctypes.get_errno()]
    return "done"


def listing(path):
    try:
        return sorted(os.listdir(path))
    except OSError as error:
        return errno.errorcode[error.errno]


def exists(path):
    return os.path.lexists(path)


def write_file(path, size=1):
    def write():
        with open(path, "wb") as file:
            file.write(b"x" * size)

    return _error(write)


def fill_scratch(chunk_bytes, chunks):
    """Write chunk-sized files (each under the output cap) until the scratch is full."""
    for number in range(chunks):
        try:
            with open(f"/tmp/fill{number}", "wb") as file:
                file.write(b"x" * chunk_bytes)
        except OSError as error:
            return [number, errno.errorcode[error.errno]]
    return [chunks, "done"]


def import_torch(paths):
    """Every route to torch: sys.path, a file spec, a subprocess, ctypes."""
    found = {}
    sys.meta_path[:] = [f for f in sys.meta_path if "Blocker" not in type(f).__name__]
    sys.path[:0] = paths
    try:
        import torch  # noqa: F401

        found["import"] = "done"
    except ImportError as error:
        found["import"] = type(error).__name__
    done = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True)
    found["subprocess"] = done.returncode
    for path in paths:
        for library in ("torch/lib/libtorch_cpu.so", "torch/lib/libc10.so"):
            try:
                ctypes.CDLL(os.path.join(path, library))
                found["ctypes"] = "done"
            except OSError:
                found.setdefault("ctypes", "refused")
    return found


def python_folders():
    import site

    return {"site": site.getsitepackages(), "path": sys.path}


def processes():
    return {"pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()), "ppid": os.getppid(),
            "hostname": socket.gethostname()}


def read_proc(path):
    def read():
        with open(path, "rb") as file:
            file.read(100)

    return _error(read)


def kill_everything():
    """Kill the parent, then every process this one may signal."""
    results = {}
    for target in (os.getppid(), -1):
        try:
            os.kill(target, 9)
            results[str(target)] = "done"
        except OSError as error:
            results[str(target)] = errno.errorcode[error.errno]
    return results


def connect(port):
    def dial():
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass

    return _error(dial)


def interfaces():
    return sorted(name for _, name in socket.if_nameindex())


def message_queue(key):
    """A System V message queue of the host, by its key."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.msgget(ctypes.c_int(key), 0) < 0:
        return errno.errorcode[ctypes.get_errno()]
    return "done"


def set_hostname():
    return _error(lambda: socket.sethostname("evil"))


def mount_info():
    with open("/proc/self/mountinfo") as file:
        return [line.split()[4] + " " + line.split(" - ")[1].split()[0] for line in file]


def start_daemon(name):
    """A double-forked, setsid process that renames itself and sleeps: it must not outlive grading."""
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            libc = ctypes.CDLL(None)
            libc.prctl(15, name.encode(), 0, 0, 0)  # PR_SET_NAME: its name in /proc/<pid>/comm
            time.sleep(60)
        os._exit(0)
    time.sleep(0.2)
    return "started"


def fork_many(count):
    started = 0
    for _ in range(count):
        try:
            if os.fork() == 0:
                time.sleep(30)
                os._exit(0)
            started += 1
        except OSError as error:
            return [started, errno.errorcode[error.errno]]
    time.sleep(1.0)  # the parent's watch polls every 0.1 s
    return [started, "done"]


def start_threads(count):
    """Threads, not processes: each is a task of the kernel (a pid of the host), and the whole host
    has only pid_max of them."""
    import threading

    threading.stack_size(64 * 1024)
    stop = threading.Event()
    started = 0
    try:
        for _ in range(count):
            threading.Thread(target=stop.wait, args=(30,), daemon=True).start()
            started += 1
    except RuntimeError as error:  # "can't start new thread"
        return [started, str(error)]
    time.sleep(1.0)  # the parent's watch polls every 0.25 s
    stop.set()
    return [started, "done"]


def hold_in_ipc(segments, megabytes):
    """Memory in no process: System V shared memory segments, filled and detached, and a message
    queue. They live as long as the IPC namespace (run it in a sandbox only: without one they outlive
    the run), and no process's resident memory shows them."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
    libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
    libc.shmat.restype = ctypes.c_void_p
    libc.shmdt.argtypes = [ctypes.c_void_p]
    IPC_PRIVATE, IPC_CREAT = 0, 0o1000
    size = megabytes << 20
    held = 0
    for _ in range(segments):
        segment = libc.shmget(IPC_PRIVATE, size, IPC_CREAT | 0o600)
        if segment < 0:
            refused = errno.errorcode[ctypes.get_errno()]
            return {"held_mb": held, "shm": refused, "msg": _message_queue(libc)}
        address = libc.shmat(segment, None, 0)
        ctypes.memset(address, 1, size)
        libc.shmdt(address)
        held += megabytes
        time.sleep(0.3)  # the parent's watch polls every 0.25 s
    return {"held_mb": held, "shm": "ok", "msg": _message_queue(libc)}


def _message_queue(libc):
    IPC_PRIVATE, IPC_CREAT = 0, 0o1000
    return "ok" if libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600) >= 0 else errno.errorcode[ctypes.get_errno()]


def queue_in_sockets(pairs):
    """Memory in no process: data queued in socket pairs that nobody reads (each up to twice
    net.core.wmem_max with SO_SNDBUF; the default buffer here). Bounded by how many files a process
    may open."""
    import socket

    held, queued = [], 0
    chunk = b"x" * 65536
    for _ in range(pairs):
        try:
            sender, receiver = socket.socketpair()
        except OSError as error:
            return {"pairs": len(held), "queued_mb": queued >> 20, "stopped": errno.errorcode[error.errno]}
        held.append((sender, receiver))
        sender.setblocking(False)
        while True:
            try:
                queued += sender.send(chunk)
            except OSError:  # full
                break
    return {"pairs": len(held), "queued_mb": queued >> 20, "stopped": "done"}


def allocate_in_children(children, megabytes):
    """Each child stays under the per-process cap; together they are over the student's."""
    import numpy as np

    for _ in range(children):
        if os.fork() == 0:
            block = np.ones(megabytes * 1024 * 1024 // 8)
            time.sleep(30)
            del block
            os._exit(0)
    time.sleep(3.0)
    return "survived"


def allocate(megabytes):
    import numpy as np

    block = np.ones(megabytes * 1024 * 1024 // 8)
    return float(block.sum())


def open_pipes():
    """File descriptors that are pipes: the child's own two, and nothing of another sandbox."""
    import stat

    pipes = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if stat.S_ISFIFO(os.fstat(int(name)).st_mode):
                pipes.append(int(name))
        except OSError:
            pass
    return sorted(pipes)
