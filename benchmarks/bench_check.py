"""Median wall time of `learn check`, as a learner waits for it, in the situations that matter.

Usage: python benchmarks/bench_check.py [--runs 7] [--isolation auto|none]

Each run is a fresh `learn` process on the reference solutions copied into a temporary workspace.

- "first check after install": an empty reference cache and no progress yet, as right after
  `pip install`; the visible cases' answers ship with the package, so torch is not imported.
- "warm": the references are cached and progress exists (every check after the first).
- "new seed, cold": `--seed N` with nothing cached for N: torch is imported and answers every
  exercise's cases for N at once.
- "new seed, after another exercise": `--seed N` for exercise3 after exercise1 was checked with N.

Each line gives the median, fastest and slowest wall time, and the median CPU time (user + system,
of learn and the sandbox it starts), which a busy machine inflates much less than the wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
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


CPU_TIMES: list[float] = []  # CPU seconds (user + system) of each timed run, learn and its children


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


ISOLATION: list[str] = []  # --isolation, added to every run


def time_once(args: list[str], workspace: Path, env: dict) -> float:
    """Wall seconds of one `learn` run (its CPU seconds go to CPU_TIMES: on a machine shared with
    other work, they vary much less than the wall time)."""
    cpu = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(learn_command() + args + ISOLATION + ["--workspace", str(workspace)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    CPU_TIMES.append(_children_cpu() - cpu)
    if result.returncode != 0:
        raise SystemExit(f"learn {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--isolation", default="auto", help="as `learn check --isolation`")
    options = parser.parse_args()
    ISOLATION[:] = ["--isolation", options.isolation]
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        workspace = scratch / "workspace"
        shutil.copytree(ROOT / "solutions", workspace / "exercises")
        base = dict(os.environ, BACKPROP_LAB_LANG="en")

        def fresh_env(label: str, run: int) -> dict:
            return dict(base, BACKPROP_LAB_CACHE=str(scratch / f"cache-{label}-{run}"),
                        BACKPROP_LAB_HOME=str(scratch / f"home-{label}-{run}"))

        warm = dict(base, BACKPROP_LAB_CACHE=str(scratch / "cache"), BACKPROP_LAB_HOME=str(scratch / "home"))
        print(f"{'command':<34} {'situation':<36} {'median s':>9} {'min s':>7} {'max s':>7} {'CPU s':>6}")

        def report(args, situation, times):
            cpu = statistics.median(CPU_TIMES[-len(times):])
            print(f"{'learn ' + ' '.join(args):<34} {situation:<36} {statistics.median(times):>9.3f} "
                  f"{min(times):>7.3f} {max(times):>7.3f} {cpu:>6.2f}")

        for args in (["check", "exercise3"], ["check"]):
            times = [time_once(args, workspace, fresh_env("first", run)) for run in range(options.runs)]
            report(args, "first check after install", times)
            time_once(args, workspace, warm)  # fill the shared cache and progress once, untimed
            report(args, "warm", [time_once(args, workspace, warm) for _ in range(options.runs)])
        seeded = (("seed-one", ["check", "exercise3", "--seed", "1"]), ("seed-all", ["check", "--seed", "1"]))
        for label, args in seeded:
            times = [time_once(args, workspace, fresh_env(label, run)) for run in range(options.runs)]
            report(args, "new seed, cold (imports torch)", times)
        times, cpu_times = [], []
        for run in range(options.runs):
            env = fresh_env("after", run)
            time_once(["check", "exercise1", "--seed", "1"], workspace, env)  # untimed: imports torch
            times.append(time_once(["check", "exercise3", "--seed", "1"], workspace, env))
            cpu_times.append(CPU_TIMES[-1])
        CPU_TIMES.extend(cpu_times)
        report(["check", "exercise3", "--seed", "1"], "new seed, after exercise1 --seed 1", times)


if __name__ == "__main__":
    main()
