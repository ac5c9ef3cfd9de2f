"""Replacing a file so that a reader, or a run killed part way, sees the old file or the new one,
never half of one."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: str | bytes, *, private: bool = False) -> None:
    """Write ``data`` (text is written as UTF-8) to a temporary file in the same folder, flush it
    to disk, then rename it over ``path``. The folder must exist.

    The new file gets the permissions a plain open() would give it (0666 less the umask): course
    files and notebooks are meant to be shared. ``private``: readable by its owner only (0600), for
    students' grades and the saved records of a run."""
    # A student id that is not UTF-8 (a folder name's lone surrogate, \udce9) is written as that
    # escape, which JSON reads back as the same id.
    payload = data.encode("utf-8", errors="backslashreplace") if isinstance(data, str) else data
    temporary, handle = _new_temporary(path, 0o600 if private else 0o666)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _new_temporary(path: Path, mode: int) -> tuple[Path, int]:
    """A file that did not exist, next to ``path`` (a rename across file systems is not atomic)."""
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            continue
