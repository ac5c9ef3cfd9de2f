"""How far correct and wrong implementations land from torch, per exercise, measured on the catalog.

    python benchmarks/tolerance_margins.py [--seeds 0 1 2]

Grades every file of tests/catalog/ and records each comparison the grader makes. For every answer
it takes the worst entry's share of the tolerance, |got − expected| / (atol + rtol·|expected|)
(a case passes when this is at most 1), and its relative error |got − expected| / |expected| over
the entries where rtol·|expected| ≥ atol (nearer 0 the absolute term decides).
Per exercise it prints the largest of these over every correct entry and, over the wrong entries
that miss by value, the smallest of each entry's worst miss: how close the nearest wrong one comes.
Wrong entries that fail otherwise (a wrong shape, NaN, an exception, inputs modified) are counted
apart. docs/grading.md quotes this table.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import grading, registry  # noqa: E402
from grader.compare import DEFAULT_TOLERANCE, as_answer  # noqa: E402

CATALOG = ROOT / "tests" / "catalog"


def measure(got, expected: np.ndarray, tolerance) -> tuple[float, float]:
    """(share of the tolerance, relative error) of the worst entry; inf when the structure is wrong
    or an entry is NaN/inf where torch's is finite."""
    answer, problem = as_answer(got, expected, tolerance)
    if problem is not None:
        return math.inf, math.inf
    finite = np.isfinite(expected)
    if (~np.isfinite(answer) & finite).any():
        return math.inf, math.inf
    if not finite.any():
        return 0.0, 0.0
    a, e = answer[finite], expected[finite]
    with np.errstate(divide="ignore", invalid="ignore"):
        allowed = tolerance.atol_for(expected) + tolerance.rtol * np.abs(e)
        share = np.where(allowed > 0, np.abs(a - e) / allowed, np.where(a == e, 0.0, math.inf))
        # The relative error where it is what the comparison judges: where rtol·|expected| is at
        # least atol (near 0 the absolute term decides, and a ratio to 1e-18 means nothing).
        judged = (e != 0) & (tolerance.rtol * np.abs(e) >= tolerance.atol_for(expected))
        relative = np.abs(a - e)[judged] / np.abs(e[judged])
    return float(share.max()), float(relative.max()) if relative.size else 0.0


def header(path: Path) -> dict:
    fields = {}
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        fields[key.strip()] = value.strip()
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    seeds = parser.parse_args().seeds

    # Record every comparison, under the check that made it.
    records: list[tuple[str, float, float]] = []
    current = {"check": ""}
    original_compare, original_run = grading.compare, grading._CheckRunner.run

    def recording_compare(value, answer, tolerance=DEFAULT_TOLERANCE):
        records.append((current["check"], *measure(value, np.asarray(answer), tolerance)))
        return original_compare(value, answer, tolerance)

    def recording_run(self, check, *args, **kwargs):
        current["check"] = check.name
        return original_run(self, check, *args, **kwargs)

    grading.compare, grading._CheckRunner.run = recording_compare, recording_run

    rows = []
    for exercise in registry.exercises():
        correct_share = correct_rel = 0.0
        nearest_wrong = (math.inf, math.inf)
        other_failures = wrong_files = 0
        for path in sorted((CATALOG / exercise.id).glob("*.py")):
            fields = header(path)
            expected_fail = {name.strip() for name in fields.get("expect-fail", "").split(",") if name.strip()}
            per_check = defaultdict(lambda: (0.0, 0.0))
            for seed in seeds:
                records.clear()
                result = grading.grade_file(exercise, path, seed=seed)
                assert result.passed == (fields["catalog"] == "correct"), (path, seed)
                for check, share, relative in records:
                    worst = per_check[check]
                    per_check[check] = (max(worst[0], share), max(worst[1], relative))
            if fields["catalog"] == "correct":
                correct_share = max([correct_share, *(share for share, _ in per_check.values())])
                correct_rel = max([correct_rel, *(rel for _, rel in per_check.values())])
                continue
            wrong_files += 1
            misses = [per_check[name] for name in expected_fail if per_check[name][0] > 1]
            if not misses:
                other_failures += 1  # failed by structure, an exception or a modified input
                continue
            worst = max(misses)
            nearest_wrong = min(nearest_wrong, worst)
        rows.append((exercise.id, correct_share, correct_rel, nearest_wrong[0], nearest_wrong[1],
                     wrong_files, other_failures))

    print(f"seeds {', '.join(map(str, seeds))}; share = |got − expected| / (atol + rtol·|expected|), "
          "a case passes at share ≤ 1")
    print(f"{'exercise':<11} {'correct: max share':>19} {'max rel. error':>15} {'nearest wrong: share':>21} "
          f"{'rel. error':>11} {'wrong files':>12} {'miss otherwise':>15}")
    for name, c_share, c_rel, w_share, w_rel, wrong, other in rows:
        print(f"{name:<11} {c_share:>19.3g} {c_rel:>15.3g} {w_share:>21.3g} {w_rel:>11.3g} {wrong:>12} {other:>15}")


if __name__ == "__main__":
    main()
