"""Median wall time of `learn check exercise3` and `learn check` (all five), as a learner runs them.

Usage: python benchmarks/bench_check.py [--runs 7]

Each run is a fresh `learn` process (what a learner waits for), on the reference solutions copied
into a temporary workspace. "cold" runs start with an empty reference cache, so they pay for
importing torch and computing the references; "warm" runs find the references cached on disk,
which is the normal case once a learner has checked an exercise once.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def learn_command() -> list[str]:
    found = shutil.which("learn")
    return [found] if found else [sys.executable, "-m", "grader.cli"]


def time_once(args: list[str], workspace: Path, env: dict) -> float:
    started = time.perf_counter()
    result = subprocess.run(learn_command() + args + ["--workspace", str(workspace)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"learn {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--isolation", default="auto", help="as `learn check --isolation`")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        workspace = Path(scratch) / "workspace"
        shutil.copytree(ROOT / "solutions", workspace / "exercises")
        env = dict(os.environ, BACKPROP_LAB_HOME=str(Path(scratch) / "home"), BACKPROP_LAB_LANG="en")
        print(f"{'command':<28} {'cache':<6} {'median s':>9} {'min s':>7} {'max s':>7}")
        for command in (["check", "exercise3"], ["check"]):
            args = command + ["--isolation", options.isolation]
            for state in ("cold", "warm"):
                if state == "warm":  # fill the shared cache once, untimed
                    time_once(args, workspace, dict(env, BACKPROP_LAB_CACHE=str(Path(scratch) / "cache")))
                times = []
                for run in range(options.runs):
                    cache = Path(scratch) / f"cache-{state}-{run}" if state == "cold" else Path(scratch) / "cache"
                    times.append(time_once(args, workspace, dict(env, BACKPROP_LAB_CACHE=str(cache))))
                print(f"{'learn ' + ' '.join(command):<28} {state:<6} {statistics.median(times):>9.3f} "
                      f"{min(times):>7.3f} {max(times):>7.3f}")


if __name__ == "__main__":
    main()
