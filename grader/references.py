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


def _fingerprint(exercise_id: str, seed: int) -> str:
    """Everything the answers depend on: the check code, the numpy and torch versions, the seed."""
    digest = hashlib.sha256(f"{exercise_id}|{seed}|{_version('numpy')}|{_version('torch')}".encode())
    checks = Path(__file__).parent / "checks"
    for name in ("base.py", f"{exercise_id}.py"):
        digest.update((checks / name).read_bytes())
    return digest.hexdigest()[:20]


def expected_answers(exercise_id: str, checks: list[Check], cases: dict[str, list[Case]],
                     seed: int, *, use_cache: bool = True) -> dict[str, list[np.ndarray]]:
    """The torch answer for every case of every check: {check name: [answer per case]}.

    ``use_cache=False`` computes them afresh and keeps them in memory only: batch grading does,
    because the cache is a file that code running as the same user could rewrite, and a file named
    after the secret seed and holding every answer is what a submission would look for.
    """
    if not use_cache:
        return _compute(checks, cases)
    path = cache_dir() / f"{exercise_id}-seed{seed}-{_fingerprint(exercise_id, seed)}.npz"
    cached = _read(path, cases)
    if cached is not None:
        return cached
    answers = _compute(checks, cases)
    _write(path, answers)
    return answers


def _compute(checks: list[Check], cases: dict[str, list[Case]]) -> dict[str, list[np.ndarray]]:
    return {check.name: [np.asarray(check.reference(case), dtype=np.float64) for case in cases[check.name]]
            for check in checks}


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
