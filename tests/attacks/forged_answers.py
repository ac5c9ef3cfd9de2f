"""A hostile submission that writes its own bytes into the answer pipe, and one that stops reading.

Loaded by tests/test_sandbox.py. The child's answer pipe is a file descriptor of this process; these
functions find it, write a forged answer and then wait, so that the parent reads the forgery.
"""

import fcntl
import json
import os
import stat
import struct
import sys
import time
import types


def _answer_pipe():
    """The write end of the child's answer pipe: a FIFO open for writing, other than fd 1 and 2."""
    for fd in range(3, 64):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                return fd
        except OSError:
            continue
    raise RuntimeError("no answer pipe")


def _send(header: bytes, payload: bytes = b""):
    os.write(_answer_pipe(), struct.pack(">Q", len(header)) + header + payload)
    time.sleep(30)  # the real answer never comes


def nested(x):
    """100,000 levels of nesting: json.loads itself raises RecursionError."""
    _send(b'{"status": "ok", "value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")


def nested_tags(x):
    """Nesting that json parses but the value decoder must refuse (a list in a list in ...)."""
    value = {"t": "none"}
    for _ in range(200):
        value = {"t": "list", "items": [value]}
    _send(json.dumps({"status": "ok", "value": value}).encode())


def huge_int(x):
    _send(json.dumps({"status": "ok", "value": {"t": "int", "v": 10**400}}).encode())


def huge_answer(x):
    """A 256 MB array of the wrong shape: refused before it is read or upcast."""
    size = 256 * 1024 * 1024
    header = json.dumps({"status": "ok", "value": {"t": "ndarray", "i": 0}, "array_sizes": [size + 128]}).encode()
    _send(header, b"\x93NUMPY" + b"\x00" * 64)


def lying_npy_header(x):
    """A small payload whose .npy header claims a huge shape."""
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "<f8", "fortran_order": False, "shape": (10**6, 10**6)})
    payload = buffer.getvalue() + b"\x00" * 64
    header = json.dumps({"status": "ok", "value": {"t": "ndarray", "i": 0}, "array_sizes": [len(payload)]}).encode()
    _send(header, payload)


def unknown_status(x):
    _send(json.dumps({"status": "passed", "score": 100}).encode())


def stop_reading(x):
    """From now on the child never reads a request: the parent's next large write would block."""
    os.read = lambda fd, size: time.sleep(3600)
    return x


def double(x):
    return x * 2


def remove_blocker(x):
    """Drop the import blocker: it must be back in front before the next request."""
    sys.meta_path[:] = [finder for finder in sys.meta_path if "Blocker" not in type(finder).__name__]
    return 0


def import_torch(x):
    try:
        import torch  # noqa: F401
    except ImportError as error:
        return str(error)
    return "imported"


def fake_torch_submodules(x):
    """What remains after importing torch without the blocker and deleting sys.modules['torch']."""
    sys.modules["torch.nn"] = types.ModuleType("torch.nn")
    sys.modules["torch._C"] = types.ModuleType("torch._C")
    return x
