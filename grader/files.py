"""Replacing a file so that a reader, or a run killed part way, sees the old file or the new one,
never half of one."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text is written as UTF-8) to a temporary file in the same folder, flush it
    to disk, then rename it over ``path``. The folder must exist.

    The new file gets the permissions a plain open() would give it (0666 less the umask), not
    mkstemp's 0600: these are course files, notebooks and grades meant to be shared like any other."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temporary, handle = _new_temporary(path)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _new_temporary(path: Path) -> tuple[Path, int]:
    """A file that did not exist, next to ``path`` (a rename across file systems is not atomic)."""
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
