"""Write the torch answers for the visible cases (seed 0) into grader/data/references/.

The package ships these so that a learner's first `learn check` never imports torch (see
grader/references.py). Each file stores the fingerprint of the check code and the cases it answers:
when a check changes, its file no longer matches, `learn check` falls back to torch, and
tests/test_references.py fails until this is run again.

    python tools/make_references.py           # (re)write the files that are out of date
    python tools/make_references.py --check   # write nothing; exit 1 and list what is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader import references, registry  # noqa: E402
from grader.files import write_atomically  # noqa: E402

FOLDER = ROOT / "grader" / "data" / "references"


def stale_files() -> tuple[list, list[Path]]:
    """(exercises whose shipped answers are missing or out of date, files of exercises that no longer exist)."""
    stale = []
    for exercise in registry.exercises():
        checks = exercise.implementations()
        cases = {check.name: check.cases(references.SHIPPED_SEED) for check in checks}
        if references.shipped_answers(exercise.id, cases) is None:
            stale.append((exercise, checks, cases))
    known = {f"{exercise.id}.npz" for exercise in registry.exercises()}
    orphans = [path for path in sorted(FOLDER.glob("*.npz")) if path.name not in known]
    return stale, orphans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    check = parser.parse_args(argv).check
    stale, orphans = stale_files()
    if check:
        for exercise, _, _ in stale:
            print(f"out of date: {FOLDER.relative_to(ROOT) / (exercise.id + '.npz')} (run {references.REGENERATE})")
        for path in orphans:
            print(f"no such exercise: {path.relative_to(ROOT)} (run {references.REGENERATE})")
        return 1 if stale or orphans else 0
    FOLDER.mkdir(parents=True, exist_ok=True)
    for exercise, checks, cases in stale:
        answers = references.torch_answers(checks, cases)
        wanted = references.fingerprint(exercise.id, cases, references.SHIPPED_SEED)
        path = FOLDER / f"{exercise.id}.npz"
        write_atomically(path, references.archive(answers, wanted, compressed=True))
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    for path in orphans:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
