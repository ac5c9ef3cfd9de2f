"""What one sandbox costs: start a child, get one answer, end it, for each isolation backend.

Usage: python benchmarks/bench_sandbox.py [--runs 20]

The backends take turns, so that a machine whose load changes affects them alike. The grading
run's host plan is made first, as `learn grade` does; backends that do not work here are skipped.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from grader.sandbox import isolation
from grader.sandbox.runner import Sandbox

SOLUTION = Path(__file__).resolve().parents[1] / "solutions" / "exercise3_softmax_jacobian.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    backends = [name for name in isolation.BACKENDS if name == isolation.NONE or isolation.probe(name) is None]
    isolation.host_plan()
    times: dict[str, list[float]] = {name: [] for name in backends}
    for _ in range(options.runs):
        for name in backends:
            started = time.perf_counter()
            with Sandbox({"exercise3": SOLUTION}, isolation=isolation.Isolation(name)) as sandbox:
                assert sandbox.call("softmax", (np.ones((2, 3)),), key="exercise3").status == "ok"
            times[name].append(time.perf_counter() - started)
    print(f"{'isolation':<12} {'median ms':>9} {'min ms':>7}")
    for name, measured in times.items():
        print(f"{name:<12} {statistics.median(measured) * 1000:>9.0f} {min(measured) * 1000:>7.0f}")


if __name__ == "__main__":
    main()
