"""Noticing that a learner saved a file, for `learn watch`. No printing here.

Polling is enough: a handful of files, looked at a few times a second, cost nothing, and it needs
no dependency and behaves the same on every platform and file system (including network drives
and editors' atomic saves, where inotify-style watchers miss events on the replaced file).

A change is reported once the file has stopped changing (an editor may truncate and then write, or
unlink and then rename a new file into place: a file whose signature moved is looked at again
SETTLE_SECONDS later, and at the next poll if it is still moving), and only when its content
differs from what was last reported: saving without editing, or `touch`, checks nothing again.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

POLL_SECONDS = 0.1
SETTLE_SECONDS = 0.03


def _signature(path: Path) -> tuple | None:
    """What changes whenever the file is written or replaced; None while it does not exist."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def content_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


class FileWatcher:
    """Polls ``paths``; :meth:`poll` returns those whose content changed since it was last reported."""

    def __init__(self, paths: list[Path]):
        self.paths = list(paths)
        self._signatures = {path: _signature(path) for path in self.paths}
        self._reported = {path: content_digest(path) for path in self.paths}
        self._settling: set[Path] = set()

    def poll(self) -> list[Path]:
        """The files whose content changed since it was last reported, once they stopped changing."""
        seen = {path: _signature(path) for path in self.paths}
        moved = [path for path in self.paths if seen[path] != self._signatures[path]]
        if moved:
            time.sleep(SETTLE_SECONDS)
        changed = []
        for path in self.paths:
            if path in moved:
                self._signatures[path] = _signature(path)
                if self._signatures[path] != seen[path]:
                    self._settling.add(path)  # still being written: look again at the next poll
                    continue
            elif path not in self._settling:
                continue
            self._settling.discard(path)
            digest = content_digest(path)
            if digest != self._reported[path]:
                self._reported[path] = digest
                changed.append(path)
        return changed
