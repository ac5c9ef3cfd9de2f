"""The child side of the trust boundary: loads a student's files and answers call requests.

This file is started by path (``python -I -B child.py``, or inside a sandbox from /sandbox), never
imported by student code. It uses only the standard library and numpy, because the grader package
itself is made unimportable here before any student code runs. Requests arrive on stdin and answers
leave on stdout; the child moves both pipes aside first, so that what the student prints goes to
stderr, which the parent captures in a file.

The parent imports this module too, for the wire format below, so both sides share one
definition of it. Only JSON headers and ``.npy`` array payloads cross the pipe (never pickles):
whatever student code returns is flattened here into plain numbers, strings, lists, dicts and
numeric arrays, and anything else is reported by its type name only. The parent reads answers with
a byte budget, a bounded nesting depth and bounded integers: it trusts none of these bytes.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import io
import json
import os
import select
import struct
import sys
import time
import traceback
import warnings

import numpy as np

# Imports a submission may not make (the only list of them: the grader's static scan uses it too).
# torch is banned by the exercises' rules (implement it by hand); the grader and the solutions are
# blocked so that nothing of the marking is reachable.
BANNED_FOR_RULES = frozenset({"torch"})
BLOCKED_SILENTLY = frozenset({"grader", "solutions"})

MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_ARRAY_BYTES = 256 * 1024 * 1024
MAX_ARRAYS = 10_000
MAX_DEPTH = 32  # values nested deeper are refused (the exercises return at most a tuple of dicts)
MAX_INT = 2**53  # the encoder sends larger integers as floats; a larger one on the wire is forged
_LENGTH = struct.Struct(">Q")


class WireError(Exception):
    """The other side sent something that is not a well-formed message."""


# ----------------------------------------------------------------------------- framing


class _BlockingReader:
    """The child's side of a pipe: blocking reads (the parent uses grader.sandbox.system.Reader)."""

    def __init__(self, fd: int):
        self.fd = fd

    def read_exact(self, size: int, deadline: float | None = None) -> bytes:
        chunks = []
        remaining = size
        while remaining:
            if deadline is not None:
                ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
                if not ready:
                    raise TimeoutError("no complete message before the deadline")
            chunk = os.read(self.fd, min(remaining, 1 << 20))
            if not chunk:
                raise EOFError("the other side closed the pipe")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)


def message_bytes(header: dict, arrays: list[np.ndarray]) -> bytes:
    """One message: the length of a JSON header, the header, then each array as an .npy payload."""
    payloads = []
    for array in arrays:
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, array, allow_pickle=False)
        payloads.append(buffer.getvalue())
    header = dict(header, array_sizes=[len(p) for p in payloads])
    encoded = json.dumps(header).encode()
    return _LENGTH.pack(len(encoded)) + encoded + b"".join(payloads)


def write_message(fd: int, header: dict, arrays: list[np.ndarray]) -> None:
    """Send one message, blocking until it is written (the child's side)."""
    view = memoryview(message_bytes(header, arrays))
    while view:
        view = view[os.write(fd, view):]


def read_message(source, deadline: float | None = None, *,
                 max_bytes: int | None = None) -> tuple[dict, list[np.ndarray]]:
    """Receive one message from ``source`` (a file descriptor, or anything with ``read_exact(size,
    deadline)``), refusing malformed ones and, before reading them, ones over ``max_bytes`` in all.

    With a ``deadline`` (a time.monotonic() value) a sender that stalls raises TimeoutError.
    """
    reader = _BlockingReader(source) if isinstance(source, int) else source
    budget = MAX_HEADER_BYTES + MAX_ARRAY_BYTES if max_bytes is None else max_bytes
    (size,) = _LENGTH.unpack(reader.read_exact(_LENGTH.size, deadline))
    if size > min(MAX_HEADER_BYTES, budget):
        raise WireError(f"a message header of {size} bytes is too large")
    try:
        header = json.loads(reader.read_exact(size, deadline))
    except (ValueError, RecursionError) as error:  # RecursionError: nested too deep for the parser
        raise WireError(f"header is not JSON: {str(error)[:200]}") from None
    if not isinstance(header, dict):
        raise WireError("header is not an object")
    sizes = header.pop("array_sizes", [])
    if (
        not isinstance(sizes, list)
        or len(sizes) > MAX_ARRAYS
        or not all(type(s) is int and 0 <= s <= MAX_ARRAY_BYTES for s in sizes)
        or sum(sizes) > MAX_ARRAY_BYTES
    ):
        raise WireError("array sizes are malformed or too large")
    if size + sum(sizes) > budget:
        raise WireError(f"an answer of {size + sum(sizes)} bytes was refused: more than the {budget} bytes "
                        f"allowed for this call")
    return header, [_read_array(reader.read_exact(array_size, deadline)) for array_size in sizes]


def _read_array(raw: bytes) -> np.ndarray:
    """An .npy payload as an array, its header checked before any data is used: version 1 or 2, a
    plain numeric dtype, and exactly as many bytes as its shape and dtype say."""
    stream = io.BytesIO(raw)
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
        else:
            raise ValueError(f"version {version}")
    except Exception as error:  # any malformed payload is the sender's fault
        raise WireError(f"array payload is malformed: {str(error)[:200]}") from None
    if dtype.hasobject or dtype.kind not in "biufc" or dtype.fields is not None or dtype.subdtype is not None:
        raise WireError(f"array of dtype {dtype} is not numeric")
    count = 1
    for side in shape:
        count *= side
    if count * dtype.itemsize != len(raw) - stream.tell():
        raise WireError(f"array payload holds {len(raw) - stream.tell()} bytes, not the {count * dtype.itemsize} "
                        f"its header says")
    flat = np.frombuffer(raw, dtype=dtype, count=count, offset=stream.tell())
    return flat.reshape(shape, order="F" if fortran else "C").copy(order="K")


# ----------------------------------------------------------------------------- values


def encode(value, arrays: list[np.ndarray]):
    """Flatten a Python value into JSON-able tags, appending arrays to ``arrays``.

    Types are recorded exactly (a list stays a list, a numpy scalar stays a numpy scalar) so that
    the parent can tell the student "you returned a list" rather than silently converting.
    """
    if value is None:
        return {"t": "none"}
    if isinstance(value, (bool, np.bool_)):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, np.ndarray):
        plain = np.array(value, copy=True, subok=False)
        if plain.dtype.kind not in "biufc":
            return {"t": "other", "name": f"ndarray of dtype {plain.dtype}"}
        arrays.append(plain)
        return {"t": "ndarray", "i": len(arrays) - 1}
    if isinstance(value, np.generic):
        plain = np.array(value, copy=True, subok=False)
        if plain.dtype.kind not in "iufc":
            return {"t": "other", "name": type(value).__name__}
        arrays.append(plain)
        return {"t": "npscalar", "i": len(arrays) - 1, "name": type(value).__name__}
    if isinstance(value, int):
        number = int.__int__(value)
        if abs(number) < 2**53:
            return {"t": "int", "v": number}
        return {"t": "float", "v": repr(float(number))}
    if isinstance(value, float):
        # repr round-trips exactly and spells nan/inf, which JSON cannot
        return {"t": "float", "v": repr(float.__float__(value))}
    if isinstance(value, str):
        return {"t": "str", "v": str.__str__(value)}
    if isinstance(value, (list, tuple)):
        kind = "list" if isinstance(value, list) else "tuple"
        return {"t": kind, "items": [encode(item, arrays) for item in list(value)]}
    if isinstance(value, dict):
        items = {}
        for key, item in list(value.items()):
            if not isinstance(key, str):
                return {"t": "other", "name": "dict with non-string keys"}
            items[str.__str__(key)] = encode(item, arrays)
        return {"t": "dict", "items": items}
    if isinstance(value, SlotReference):
        return {"t": "slot", "name": value.name, "index": value.index}
    return {"t": "other", "name": type(value).__name__}


class SlotReference:
    """An argument that names a value kept in the child from an earlier call (forward's cache)."""

    def __init__(self, name: str, index: int | None = None):
        self.name = name
        self.index = index

    def __repr__(self):
        return f"SlotReference({self.name!r}, {self.index!r})"


class Unsupported:
    """What the parent sees in place of an object it cannot receive: only its type name."""

    def __init__(self, name: str):
        self.name = str(name)

    def __repr__(self):
        return f"<{self.name}>"


def decode(tag, arrays: list[np.ndarray], slots: dict | None = None, depth: int = 0):
    """Rebuild a value from :func:`encode`'s tags; the parent passes no slots.

    Refuses values nested deeper than MAX_DEPTH and integers beyond the encoder's range."""
    if depth > MAX_DEPTH:
        raise WireError(f"a value nested deeper than {MAX_DEPTH} levels")
    if not isinstance(tag, dict):
        raise WireError("value tag is not an object")
    kind = tag.get("t")
    if kind == "none":
        return None
    if kind in ("bool", "int"):
        value = tag.get("v")
        if type(value) not in (bool, int) or abs(value) > MAX_INT:
            raise WireError("bad number")
        return bool(value) if kind == "bool" else int(value)
    if kind == "float":
        value = tag.get("v")
        if not isinstance(value, str) or len(value) > 40:
            raise WireError("bad float")
        try:
            return float(value)
        except ValueError:
            raise WireError("bad float") from None
    if kind == "str":
        value = tag.get("v")
        if not isinstance(value, str):
            raise WireError("bad string")
        return value
    if kind in ("ndarray", "npscalar"):
        index = tag.get("i")
        if type(index) is not int or not 0 <= index < len(arrays):
            raise WireError("bad array index")
        return arrays[index] if kind == "ndarray" else arrays[index][()]
    if kind in ("list", "tuple"):
        items = tag.get("items")
        if not isinstance(items, list):
            raise WireError("bad sequence")
        decoded = [decode(item, arrays, slots, depth + 1) for item in items]
        return decoded if kind == "list" else tuple(decoded)
    if kind == "dict":
        items = tag.get("items")
        if not isinstance(items, dict):
            raise WireError("bad dict")
        return {str(key): decode(item, arrays, slots, depth + 1) for key, item in items.items()}
    if kind == "slot" and slots is not None:
        value = slots[tag["name"]]
        return value if tag.get("index") is None else value[tag["index"]]
    if kind == "other":
        return Unsupported(str(tag.get("name", "object"))[:200])
    raise WireError(f"unknown value tag {str(kind)[:50]!r}")


# ----------------------------------------------------------------------------- child


class _ImportBlocker(importlib.abc.MetaPathFinder):
    """Refuses banned modules and remembers which ones the submission tried to import."""

    def __init__(self):
        self.attempted: set[str] = set()

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in BANNED_FOR_RULES:
            self.attempted.add(top)
            raise ImportError(f"{top} may not be used in these exercises: implement it with numpy")
        if top in BLOCKED_SILENTLY:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _student_traceback(error: BaseException) -> str:
    """The traceback without this file's own frames: the student only needs theirs."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename != __file__]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return "".join(lines)


def _error_response(error: BaseException) -> dict:
    if isinstance(error, NotImplementedError):
        return {"status": "not_implemented", "message": str(error)}
    return {
        "status": "raised",
        "type": type(error).__name__,
        "message": str(error)[:2000],
        "traceback": _student_traceback(error)[-8000:],
    }


class _Child:
    """The student's modules, loaded by key ('exercise3'), and values kept between calls."""

    def __init__(self):
        self.modules: dict = {}
        self.slots: dict = {}

    def load(self, header: dict) -> dict:
        path = header["path"]
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            return {"status": "raised", "type": "ImportError", "message": f"cannot load {path}"}
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                spec.loader.exec_module(module)
        except BaseException as error:  # SystemExit and KeyboardInterrupt are student errors too
            return _error_response(error)
        self.modules[header["module"]] = module
        return {"status": "ok"}

    def call(self, header: dict, arrays: list[np.ndarray]) -> tuple[dict, list[np.ndarray]]:
        function = getattr(self.modules.get(header["module"]), header["function"], None)
        if not callable(function):
            return {"status": "missing"}, []
        caught: list = []
        started = time.perf_counter()
        try:
            args = decode(header["args"], arrays, self.slots)
            kwargs = decode(header["kwargs"], arrays, self.slots)
            with warnings.catch_warnings(record=True) as caught, np.errstate(**header.get("errstate", {})):
                warnings.simplefilter("always")
                value = function(*args, **kwargs)
        except BaseException as error:
            response = _error_response(error)
            response["seconds"] = time.perf_counter() - started
            return response, []
        seconds = time.perf_counter() - started
        if header.get("store_as"):
            self.slots[header["store_as"]] = value
        out: list[np.ndarray] = []
        response = {
            "status": "ok",
            "seconds": seconds,
            "value": encode(value, out),
            "warnings": [f"{w.category.__name__}: {w.message}" for w in caught[:5]],
        }
        if header.get("return_args"):
            response["args_after"] = encode(list(args), out)
        return response, out


def _flush_student_output() -> None:
    """Push what the student printed to the capture file now, so the parent can show it."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:  # the student may have replaced or closed the stream
            pass


def _forget_banned_modules() -> None:
    for name in list(sys.modules):
        if name.partition(".")[0] in BANNED_FOR_RULES | BLOCKED_SILENTLY:
            del sys.modules[name]


def _banned_loaded() -> set[str]:
    """Banned packages in sys.modules, by top-level name: a submission that imported torch without
    the blocker and then deleted sys.modules['torch'] still leaves torch.nn, torch._C, ..."""
    return {name.partition(".")[0] for name in list(sys.modules)} & BANNED_FOR_RULES


def _reinstate(blocker: _ImportBlocker) -> None:
    """Put the blocker back in front of every other finder, whatever the submission did to them."""
    finders = sys.meta_path if isinstance(sys.meta_path, list) else []
    sys.meta_path = [blocker] + [finder for finder in finders if finder is not blocker]


def _take_protocol_fds() -> tuple[int, int]:
    """Move the request and response pipes (stdin, stdout) aside, and point stdout at stderr and
    stdin at nothing: what the student prints then lands in the parent's capture, never in the
    answers. The student's code can still find the pipes; the parent trusts nothing on them."""
    request_fd, response_fd = os.dup(0), os.dup(1)
    if os.name == "nt":  # pragma: no cover - no newline translation on the wire
        import msvcrt

        for fd in (request_fd, response_fd):
            msvcrt.setmode(fd, os.O_BINARY)
    os.dup2(2, 1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return request_fd, response_fd


def _watch_imports(blocker: _ImportBlocker) -> None:
    """Record every import statement of a banned package, even with the blocker removed from
    sys.meta_path: an audit hook cannot be removed. (importlib.import_module raises no audit
    event; the blocker sees those, and sys.modules whatever succeeded.)"""

    def audit(event, args):
        if event == "import" and args and isinstance(args[0], str):
            top = args[0].partition(".")[0]
            if top in BANNED_FOR_RULES:
                blocker.attempted.add(top)

    sys.addaudithook(audit)


def main(argv: list[str]) -> int:
    request_fd, response_fd = _take_protocol_fds()
    blocker = _ImportBlocker()
    _reinstate(blocker)
    _watch_imports(blocker)
    _forget_banned_modules()  # nothing already imported may leak through either
    child = _Child()
    write_message(response_fd, {"status": "ready"}, [])
    while True:
        try:
            header, arrays = read_message(request_fd)
        except EOFError:
            return 0
        operation = header.get("op")
        blocker.attempted.clear()
        if operation == "load":
            response, out = child.load(header), []
        elif operation == "call":
            response, out = child.call(header, arrays)
        else:
            return 0
        _flush_student_output()
        # Attribute banned imports to the module this request ran. Read them from the blocker and
        # from sys.modules (a submission may remove the blocker and import torch anyway), then
        # forget the modules, so that another file importing one is seen too.
        attempted = set(blocker.attempted) | _banned_loaded()
        _forget_banned_modules()
        _reinstate(blocker)
        response["banned_imports"] = sorted(attempted)
        write_message(response_fd, response, out)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
