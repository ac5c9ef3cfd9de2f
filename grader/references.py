"""Expected answers for a case set, computed with torch, shipped with the package and cached on disk.

torch takes ~1.8 s to import, which would dominate `learn check`. The answers for one exercise and
seed depend only on the check code (grader/checks/) and the cases' inputs, so they are stored
under a fingerprint of both and torch is imported only when no stored answers match:

1. the package ships the answers for the visible seed (grader/data/references/, written by
   `python tools/make_references.py`), so a learner's very first check needs no torch;
2. every other seed's answers are cached in an .npz file in the user's cache directory;
3. otherwise torch computes them (and they are cached).

The torch version is deliberately not part of the fingerprint: these answers are float64 and agree
across torch versions far inside the comparison tolerance (tests/test_references.py compares the
shipped answers with the installed torch). The cases' inputs are: numpy draws them, and a numpy
that drew different numbers would make the stored answers wrong. Files are read with
allow_pickle=False and written atomically; a damaged file is simply recomputed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from importlib import resources
from pathlib import Path

import numpy as np

from grader.checks.base import Case, Check, Program
from grader.files import write_atomically

CACHE_ENV = "BACKPROP_LAB_CACHE"
SHIPPED_SEED = 0  # the visible seed (grading.VISIBLE_SEED)
SHIPPED = resources.files("grader") / "data" / "references"
REGENERATE = "python tools/make_references.py"
_FINGERPRINT_KEY = "__fingerprint__"

Answers = dict[str, list[np.ndarray]]


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "backprop-lab"


def cache_is_writable() -> bool:
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(cache_dir(), os.W_OK)


CHECKS_DIR = Path(__file__).parent / "checks"


def digest_of(value) -> str:
    """A digest of a value made of arrays, numbers, strings, lists, tuples and dicts (as the
    sandbox's wire format sees it: a float32 array differs from the same numbers in float64)."""
    from grader.sandbox import child as wire

    digest = hashlib.sha256()
    arrays: list = []
    digest.update(json.dumps(wire.encode(value, arrays), sort_keys=True).encode())
    for array in arrays:
        digest.update(str((array.dtype.str, array.shape)).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def call_steps(case: Case, programs: dict | None = None) -> list:
    """The calls a case makes (its setup, then its call or program), as plain data. A program
    stands for itself by its digest, made once per program object in ``programs``: hundreds of
    cases may share one program of thousands of steps."""
    steps = [[step.function, list(step.args), dict(step.kwargs)] for step in (case.setup, case.call) if step]
    if isinstance(case.call, Program):
        programs = {} if programs is None else programs
        if id(case.call) not in programs:  # the program is kept with its digest, so its id stays its own
            programs[id(case.call)] = case.call, digest_of([list(case.call.steps), list(case.call.results)])
        steps.append(programs[id(case.call)][1])
    return steps


def _case_inputs(case: Case, programs: dict) -> list:
    return [call_steps(case, programs), dict(case.errstate), [case.pick.kind, repr(case.pick.index)],
            dict(case.context), case.note, repr(case.raises)]


def fingerprint(exercise_id: str, cases: dict[str, list[Case]], seed: int) -> str:
    """Everything the answers depend on: the check code and every case's inputs.

    The check code is every file under grader/checks/, not just the exercise's own: cases and
    references may use any shared helper there, and a stale answer would fail correct code."""
    digest = hashlib.sha256(f"{exercise_id}|{seed}".encode())
    for path in sorted(CHECKS_DIR.rglob("*.py")):
        digest.update(path.relative_to(CHECKS_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    programs: dict = {}
    digest.update(digest_of([[name, [_case_inputs(c, programs) for c in cases[name]]] for name in sorted(cases)]).encode())
    return digest.hexdigest()[:20]


def stored_answers(exercise_id: str, cases: dict[str, list[Case]], seed: int) -> Answers | None:
    """The answers shipped with the package or cached on disk, if any match; never imports torch."""
    wanted = fingerprint(exercise_id, cases, seed)
    shipped = _read(SHIPPED / f"{exercise_id}.npz", cases, wanted) if seed == SHIPPED_SEED else None
    return shipped if shipped is not None else _read(_cache_path(exercise_id, seed, wanted), cases, wanted)


def shipped_answers(exercise_id: str, cases: dict[str, list[Case]]) -> Answers | None:
    """The visible seed's answers shipped with the package, if they answer exactly these cases of
    the current checks."""
    return _read(SHIPPED / f"{exercise_id}.npz", cases, fingerprint(exercise_id, cases, SHIPPED_SEED))


def torch_answers(checks: list[Check], cases: dict[str, list[Case]]) -> Answers:
    """torch's answer for every case of every check: {check name: [answer per case]}."""
    return {check.name: [check.answer(case) for case in cases[check.name]]
            for check in checks}


def compute_answers(exercise_id: str, checks: list[Check], cases: dict[str, list[Case]], seed: int) -> Answers:
    """torch's answers (see torch_answers), cached on disk."""
    answers = torch_answers(checks, cases)
    wanted = fingerprint(exercise_id, cases, seed)
    _write_cache(_cache_path(exercise_id, seed, wanted), archive(answers, wanted))
    return answers


def expected_answers(exercise_id: str, checks: list[Check], cases: dict[str, list[Case]],
                     seed: int, *, read_cache: bool = True) -> Answers:
    """Stored answers when they match, else torch's (then cached). ``read_cache=False`` computes
    them afresh. Batch grading uses neither: it keeps torch_answers in memory only
    (grading.prepare_references), since a cache file named after the secret seed and holding every
    answer is what a submission would look for."""
    stored = stored_answers(exercise_id, cases, seed) if read_cache else None
    return stored if stored is not None else compute_answers(exercise_id, checks, cases, seed)


def _cache_path(exercise_id: str, seed: int, wanted: str) -> Path:
    return cache_dir() / f"{exercise_id}-seed{seed}-{wanted}.npz"


def _read(path, cases: dict[str, list[Case]], wanted: str) -> Answers | None:
    try:
        with path.open("rb") as file, np.load(file, allow_pickle=False) as stored:
            if str(stored[_FINGERPRINT_KEY]) != wanted:
                return None  # stale: the checks changed since the file was written
            return {name: [stored[f"{name}:{i}"] for i in range(len(case_list))] for name, case_list in cases.items()}
    except (OSError, KeyError, ValueError, EOFError):  # missing, partial, or from another version
        return None


def archive(answers: Answers, wanted: str, *, compressed: bool = False) -> bytes:
    """The bytes of an .npz file holding ``answers`` and their fingerprint."""
    arrays = {f"{name}:{i}": a for name, answer_list in answers.items() for i, a in enumerate(answer_list)}
    arrays[_FINGERPRINT_KEY] = np.array(wanted)
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buffer, **arrays)
    return buffer.getvalue()


def _write_cache(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError:
        pass  # a read-only or full cache costs speed, never correctness
