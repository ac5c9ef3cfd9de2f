"""Time `learn grade` on a synthetic class and measure its peak memory.

Usage: python benchmarks/bench_grade.py [--students 200] [--jobs N] [--timeout 5] [--isolation auto|none|...]
                                       [--exercises exercise1,exercise2,...]

The class mixes correct, wrong, partly missing and hostile submissions over every exercise
(benchmarks/synthetic_class.py); --exercises grades only some of them, as `learn grade --exercises`. The run starts with an empty reference cache, so it includes
importing torch and computing every reference once. Peak memory is the largest sum of the
resident memory of `learn` and all its child processes, sampled every 20 ms from /proc.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_class import make_class  # noqa: E402


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of ``root`` and every descendant, from /proc (Linux)."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as file:
                fields = file.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, frontier = 0, [root]
    while frontier:
        pid = frontier.pop()
        total += rss.get(pid, 0)
        frontier += [child for child, parent in parents.items() if parent == pid]
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--timeout", type=float, default=5.0, help="per call, as `learn grade --timeout`")
    parser.add_argument("--isolation", default="auto", help="as `learn grade --isolation`")
    parser.add_argument("--exercises", default=None, help="as `learn grade --exercises` (default: all)")
    options = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-grade-"))
    try:
        specs = make_class(scratch / "submissions", options.students)
        kinds = {kind: sum(spec.kind == kind for spec in specs) for kind in ("correct", "wrong", "missing", "hostile")}
        learn = shutil.which("learn")
        command = ([learn] if learn else [sys.executable, "-m", "grader.cli"]) + [
            "grade", str(scratch / "submissions"), "--out", str(scratch / "grades.csv"), "--seed", "11",
            "--jobs", str(options.jobs), "--timeout", str(options.timeout), "--isolation", options.isolation]
        command += ["--exercises", options.exercises] if options.exercises else []
        env = dict(os.environ, BACKPROP_LAB_CACHE=str(scratch / "cache"), BACKPROP_LAB_HOME=str(scratch / "home"))
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak = 0

        def sample():
            nonlocal peak
            while process.poll() is None:
                peak = max(peak, _tree_rss_bytes(process.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, errors = process.communicate()
        wall = time.perf_counter() - started
        sampler.join()
        if process.returncode != 0:
            raise SystemExit(f"learn grade failed ({process.returncode}): {errors}")
        rows = {row["student"]: row for row in csv.DictReader((scratch / "grades.csv").open())}
        graded = options.exercises.split(",") if options.exercises else list(specs[0].expected)
        wrong_scores = sum(int(rows[s.id]["total"]) != sum(s.expected[e] for e in graded) for s in specs)
        print(f"students: {len(specs)} {kinds}, jobs: {options.jobs}, call timeout: {options.timeout:g} s")
        print(errors.splitlines()[0] if errors else "")  # the isolation line
        print(f"wall time: {wall:.1f} s  ({len(specs) / wall:.1f} students/s, "
              f"{wall / (len(specs) * len(graded)):.3f} s per exercise per student, cold reference cache)")
        print(f"peak memory (learn and all its children): {peak / 2**20:.0f} MB")
        print(f"scores different from the expected ones: {wrong_scores}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
