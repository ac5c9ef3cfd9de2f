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
import operator
import os
import re
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
            return _non_numeric_array(plain, arrays)
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


def _non_numeric_array(plain: np.ndarray, arrays: list[np.ndarray]) -> dict:
    """An array that cannot cross (object, string, ... dtype): its dtype and shape, and for an
    object array whose entries are all numbers, those numbers as float64, so that the parent can
    tell "right values, wrong dtype" from "wrong values"."""
    tag = {"t": "other", "name": f"ndarray of dtype {plain.dtype}", "dtype": str(plain.dtype),
           "shape": [int(n) for n in plain.shape]}
    if plain.dtype.kind == "O":
        try:
            numbers = plain.astype(np.float64)
        except Exception:  # entries that are arrays, strings, None, ...: no numbers to show
            return tag
        arrays.append(numbers)
        tag["i"] = len(arrays) - 1
    return tag


class SlotReference:
    """An argument that names a value kept in the child from an earlier call (forward's cache)."""

    def __init__(self, name: str, index: int | None = None):
        self.name = name
        self.index = index

    def __repr__(self):
        return f"SlotReference({self.name!r}, {self.index!r})"


class Unsupported:
    """What the parent sees in place of an object it cannot receive: only its type name (and, for
    a numpy array of a non-numeric dtype, that dtype, its shape and any numbers it holds)."""

    def __init__(self, name: str, dtype: str | None = None, shape: tuple | None = None,
                 numbers: np.ndarray | None = None):
        self.name = str(name)
        self.dtype = dtype
        self.shape = shape
        self.numbers = numbers

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
        return _decode_other(tag, arrays)
    raise WireError(f"unknown value tag {str(kind)[:50]!r}")


def _decode_other(tag: dict, arrays: list[np.ndarray]) -> Unsupported:
    name = printable(str(tag.get("name", "object"))[:200])  # a class of the student's may be named anything
    dtype, shape = tag.get("dtype"), tag.get("shape")
    if not isinstance(dtype, str) or not isinstance(shape, list) or len(shape) > 32 or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
        return Unsupported(name)
    numbers, index = None, tag.get("i")
    if isinstance(index, int) and 0 <= index < len(arrays) and arrays[index].shape == tuple(shape):
        numbers = arrays[index].astype(np.float64)
    return Unsupported(name, dtype[:40], tuple(shape), numbers)


# Control characters but the newline and the tab: escape sequences would drive the terminal that
# shows a report (move the cursor, rewrite a line as "passed", set the title or the clipboard).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from the student's code as the parent shows it: every control character written as an
    escape (\\x1b)."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


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


def _innermost_frame(error: BaseException, path: str | None) -> dict | None:
    """Where the error passed through the learner's file last: its line number and code. When numpy
    raised, that is the learner's line that called numpy."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if path and frame.filename == path:
            return {"line": frame.lineno or 0, "code": (frame.line or "").strip()[:300], "function": frame.name[:100]}
    return None


def _error_response(error: BaseException, path: str | None = None) -> dict:
    if isinstance(error, NotImplementedError):
        return {"status": "not_implemented", "message": str(error)}
    response = {
        "status": "raised",
        "type": type(error).__name__,
        "message": str(error)[:2000],
        "traceback": _student_traceback(error)[-8000:],
    }
    where = _innermost_frame(error, path)
    if where is not None:
        response["where"] = where
    return response


class _Child:
    """The student's modules, loaded by key ('exercise3'), and values kept between calls."""

    def __init__(self):
        self.modules: dict = {}
        self.paths: dict = {}  # module key -> the file it was loaded from, to find its frames
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
            return _error_response(error, path)
        self.modules[header["module"]] = module
        self.paths[header["module"]] = path
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
            # The caller's own objects, kept apart from the lists the function receives: a function
            # that puts new arrays into a list (grads[i] = g * c) leaves these untouched.
            given = [list(a) if isinstance(a, list) else a for a in args]
            inputs = _input_arrays(header, arrays)
            with warnings.catch_warnings(record=True) as caught, np.errstate(**header.get("errstate", {})):
                warnings.simplefilter("always")
                value = function(*args, **kwargs)
        except BaseException as error:
            response = _error_response(error, self.paths.get(header["module"]))
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
            # Which of the caller's arrays now hold other values than they were given.
            "modified": [path for path, array, before in inputs if _changed(array, before)],
        }
        if header.get("return_args"):
            response["args_after"] = encode(given, out)
            response["replaced"] = [[position, index] for position, (now, before) in enumerate(zip(args, given))
                                    if isinstance(before, list)
                                    for index, item in enumerate(before) if index >= len(now) or now[index] is not item]
        return response, out

    def program(self, header: dict, arrays: list[np.ndarray]) -> tuple[dict, list[np.ndarray]]:
        """Run a program (see run_program) and answer with the values it named in header["results"]."""
        values: dict = {}
        caught: list = []
        started = time.perf_counter()
        try:
            with warnings.catch_warnings(record=True) as caught, np.errstate(**header.get("errstate", {})):
                warnings.simplefilter("always")
                run_program(self.modules.get(header["module"]), header["steps"], arrays, values)
                results = [values[name] for name in header["results"]]
        except _Missing as missing:
            return {"status": "missing", "message": str(missing)}, []
        except BaseException as error:
            response = _error_response(error)
            response["seconds"] = time.perf_counter() - started
            return response, []
        out: list[np.ndarray] = []
        return {"status": "ok", "seconds": time.perf_counter() - started, "value": encode(results, out),
                "warnings": [f"{w.category.__name__}: {w.message}" for w in caught[:5]]}, out


# ----------------------------------------------------------------------------- programs

# A program drives objects of the student's classes (an optimiser's steps, an autograd graph) in
# one request. Steps are plain data; SlotReference(name) in an argument means "the value named
# name so far". Binary operators go through the operator module, so 2.0 * v reaches v.__rmul__.
_OPERATORS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
              "pow": operator.pow, "neg": operator.neg}


def _snapshot(value):
    """A copy of arrays (and lists, tuples and dicts of them) as they are now; other values as they are."""
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True, subok=False)
    if isinstance(value, (list, tuple)):
        return type(value)(_snapshot(item) for item in value)
    if isinstance(value, dict):
        return {key: _snapshot(item) for key, item in value.items()}
    return value


def run_program(module, steps: list, arrays: list, values: dict) -> None:
    """Run ``steps`` against ``module``, naming results in ``values``. Each step is a list:

        ["let", name, value]                          name = value
        ["new", name, class, args, kwargs]            name = module.class(*args, **kwargs)
        ["call", name, object, method, args, kwargs]  name = values[object].method(*args, **kwargs)
        ["op", name, operator, a, b]                  name = a <operator> b (b is None for "neg")
        ["get", name, object, attribute]              name = values[object].attribute
        ["copy", name, object]                        name = a snapshot of the arrays in values[object]
        ["stack", name, [value, ...]]                 name = those values (refs, say) stacked on a new first axis
        ["unstack", name, value]                      name = a list of the rows of an array, each its own array

    A missing class, method or attribute raises _Missing; whatever the student's code raises
    propagates. ``name`` may be None: the result is then dropped.
    """
    for step in steps:
        kind, name = step[0], step[1]
        if kind == "let":
            result = decode(step[2], arrays, values)
        elif kind == "new":
            factory = getattr(module, step[2], None)
            if not callable(factory):
                raise _Missing(step[2])
            result = factory(*decode(step[3], arrays, values), **decode(step[4], arrays, values))
        elif kind == "call":
            method = getattr(values[step[2]], step[3], None)
            if not callable(method):
                raise _Missing(f"{type(values[step[2]]).__name__}.{step[3]}")
            result = method(*decode(step[4], arrays, values), **decode(step[5], arrays, values))
        elif kind == "op":
            left = decode(step[3], arrays, values)
            right = None if step[4] is None else decode(step[4], arrays, values)
            result = _OPERATORS[step[2]](left) if step[2] == "neg" else _OPERATORS[step[2]](left, right)
        elif kind == "get":
            if not hasattr(values[step[2]], step[3]):
                raise _Missing(f"{type(values[step[2]]).__name__}.{step[3]}")
            result = getattr(values[step[2]], step[3])
        elif kind == "copy":
            result = _snapshot(values[step[2]])
        elif kind == "stack":  # e.g. one parameter's snapshots after every step: one array to send back
            result = np.stack(decode(step[2], arrays, values))
        elif kind == "unstack":  # e.g. fifty steps' gradients sent as one array; np.array copies each row
            result = [np.array(row) for row in decode(step[2], arrays, values)]
        else:
            raise WireError(f"unknown program step {kind!r}")
        if name is not None:
            values[name] = result


def encode_steps(steps, arrays: list[np.ndarray]) -> list:
    """The parent's side of run_program: encode the values inside each step (see run_program)."""
    encoded = []
    for step in steps:
        kind, name, *rest = step
        if kind == "let":
            rest = [encode(rest[0], arrays)]
        elif kind == "new":
            rest = [rest[0], encode(list(rest[1]), arrays), encode(dict(rest[2]), arrays)]
        elif kind == "call":
            rest = [rest[0], rest[1], encode(list(rest[2]), arrays), encode(dict(rest[3]), arrays)]
        elif kind == "op":
            rest = [rest[0], encode(rest[1], arrays), None if rest[2] is None else encode(rest[2], arrays)]
        elif kind == "stack":
            rest = [encode(list(rest[0]), arrays)]
        elif kind == "unstack":
            rest = [encode(rest[0], arrays)]
        encoded.append([kind, name, *rest])
    return encoded


class _Missing(Exception):
    """A program named a class, method or attribute the student's code does not define."""


def _input_arrays(header: dict, received: list[np.ndarray]) -> list[tuple[list, np.ndarray, np.ndarray]]:
    """Every array the caller sent, where it sits ([argument position or keyword, item index or
    key, ...]) and a copy of it as it was. Found from the request's own tags, so values kept from an
    earlier call (slots, which the function may share with its caller) are never walked."""
    found = []

    def walk(tag, path):
        kind = tag.get("t")
        if kind == "ndarray":
            array = received[tag["i"]]
            found.append((path, array, array.copy()))
        elif kind in ("list", "tuple"):
            for index, item in enumerate(tag["items"]):
                walk(item, path + [index])
        elif kind == "dict":
            for key, item in tag["items"].items():
                walk(item, path + [key])

    for position, tag in enumerate(header["args"].get("items", [])):
        walk(tag, [position])
    for name, tag in header["kwargs"].get("items", {}).items():
        walk(tag, [name])
    return found


def _changed(array: np.ndarray, before: np.ndarray) -> bool:
    """Does the array hold other values than before the call? Floats restored by arithmetic
    (x[i] += h, then x[i] -= h) may come back one rounding away: that is not a change."""
    if array.shape != before.shape or array.dtype != before.dtype:
        return True
    if array.tobytes() == before.tobytes():
        return False
    if array.dtype.kind != "f":
        return True
    with np.errstate(all="ignore"):
        return not np.allclose(array, before, rtol=1e-12, atol=0.0, equal_nan=True)


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
        elif operation == "program":
            response, out = child.program(header, arrays)
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
