"""How long `learn watch` takes from a save to the finished report on screen.

Usage: python benchmarks/bench_watch.py [--saves 9]

Starts `learn watch` in a pseudo-terminal on a workspace holding the reference solutions, then
saves exercise3 again and again (the solution, with one more comment line each time so the content
changes) and times each save until the progress line that ends the report appears. The time
includes noticing the save (polling), grading in a fresh sandbox and drawing the report.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=9)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        workspace = scratch / "workspace"
        shutil.copytree(ROOT / "solutions", workspace / "exercises")
        target = workspace / "exercises" / "exercise3_softmax_jacobian.py"
        solution = target.read_text()
        target.write_text(solution.replace("def softmax(", "def _unused():\n    pass\n\n\ndef softmax(", 1))
        env = dict(os.environ, BACKPROP_LAB_HOME=str(scratch / "home"), BACKPROP_LAB_LANG="en")
        child = pexpect.spawn(sys.executable, ["-m", "grader.cli", "watch"], cwd=str(workspace), env=env,
                              encoding="utf-8", dimensions=(60, 200), timeout=60)
        child.expect("Watching")
        times = []
        for save in range(options.saves):
            time.sleep(0.5)  # a learner does not save twice in a row at once
            started = time.perf_counter()
            target.write_text(solution + "\n# save %d\n" % save)
            child.expect("checked at")
            child.expect("exercises pass")
            times.append(time.perf_counter() - started)
        child.sendintr()
        child.expect(pexpect.EOF)
    print(f"learn watch, save to report ({options.saves} saves of exercise3): median {statistics.median(times):.3f} s, "
          f"min {min(times):.3f} s, max {max(times):.3f} s")


if __name__ == "__main__":
    main()
