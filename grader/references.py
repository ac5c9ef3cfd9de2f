"""Expected answers for a case set, computed with torch and cached on disk.

torch takes ~1.8 s to import, which would dominate `learn check`. The answers for one exercise and
seed depend only on the case-generation code, numpy (which draws the cases) and torch, so they are
cached in an .npz file keyed by all three; torch is imported only on a cache miss. The file is
read with allow_pickle=False and written atomically; a damaged file is simply recomputed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np

from grader.checks.base import Case, Check

CACHE_ENV = "BACKPROP_LAB_CACHE"


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "backprop-lab"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


CHECKS_DIR = Path(__file__).parent / "checks"


def _fingerprint(exercise_id: str, seed: int) -> str:
    """Everything the answers depend on: the check code, the numpy and torch versions, the seed.

    The check code is every file under grader/checks/, not just the exercise's own: cases and
    references may use any shared helper there, and a stale answer would fail correct code."""
    digest = hashlib.sha256(f"{exercise_id}|{seed}|{_version('numpy')}|{_version('torch')}".encode())
    for path in sorted(CHECKS_DIR.rglob("*.py")):
        digest.update(path.relative_to(CHECKS_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def expected_answers(exercise_id: str, checks: list[Check], cases: dict[str, list[Case]],
                     seed: int, *, read_cache: bool = True) -> dict[str, list[np.ndarray]]:
    """The torch answer for every case of every check: {check name: [answer per case]}.

    ``read_cache=False`` computes them afresh (and still stores them): batch grading does, because
    the cache is a file that code running as the same user could have rewritten.
    """
    path = cache_dir() / f"{exercise_id}-seed{seed}-{_fingerprint(exercise_id, seed)}.npz"
    cached = _read(path, cases) if read_cache else None
    if cached is not None:
        return cached
    answers = {check.name: [check.answer(case) for case in cases[check.name]] for check in checks}
    _write(path, answers)
    return answers


def _read(path: Path, cases: dict[str, list[Case]]) -> dict[str, list[np.ndarray]] | None:
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {name: [stored[f"{name}:{i}"] for i in range(len(case_list))] for name, case_list in cases.items()}
    except (OSError, KeyError, ValueError, EOFError):  # missing, partial, or from another version
        return None


def _write(path: Path, answers: dict[str, list[np.ndarray]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **{f"{name}:{i}": a for name, arrays in answers.items() for i, a in enumerate(arrays)})
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only or full cache costs speed, never correctness
