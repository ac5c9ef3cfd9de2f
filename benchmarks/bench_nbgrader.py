"""`nbgrader autograde` and `learn grade --nbgrader` side by side on the same submissions.

Usage: python benchmarks/bench_nbgrader.py [--students 50] [--exercise exercise3]

Builds a course with `learn nbgrader init` (one notebook), runs `nbgrader generate_assignment`,
writes N submissions (correct solutions and catalog mistakes, alternating), then times both
graders on them and checks that they give every student the same total.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nbgrader.api import Gradebook

from grader import registry

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--exercise", default="exercise3")
    options = parser.parse_args()
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    course = Path(tempfile.mkdtemp(prefix="bench-nbgrader-"))
    try:
        learn = [sys.executable, "-m", "grader.cli"]
        subprocess.run(learn + ["nbgrader", "init", str(course), "--assignment", ASSIGNMENT, "--exercises",
                                options.exercise], check=True, env=env, cwd=ROOT, capture_output=True)
        subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT], check=True, env=env,
                       cwd=course, capture_output=True)
        file_name = registry.get(options.exercise).file
        answers = [(ROOT / "solutions" / file_name).read_text()] + [
            path.read_text() for path in sorted((ROOT / "tests" / "catalog" / options.exercise).glob("wrong_*.py"))]
        released = json.loads((course / "release" / ASSIGNMENT / f"{options.exercise}.ipynb").read_text())
        for number in range(options.students):
            notebook = json.loads(json.dumps(released))
            for cell in notebook["cells"]:
                if cell["metadata"].get("nbgrader", {}).get("solution"):
                    cell["source"] = answers[0] if number % 2 == 0 else answers[1 + number // 2 % (len(answers) - 1)]
            folder = course / "submitted" / f"student{number:03d}" / ASSIGNMENT
            folder.mkdir(parents=True)
            (folder / f"{options.exercise}.ipynb").write_text(json.dumps(notebook))

        def totals():
            with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
                return {s.student.id: s.score for s in gradebook.assignment_submissions(ASSIGNMENT)}

        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], check=True, env=env, cwd=course,
                       capture_output=True)
        nbgrader_seconds = time.perf_counter() - started
        by_nbgrader = totals()
        started = time.perf_counter()
        subprocess.run(learn + ["grade", "--nbgrader", str(course), ASSIGNMENT, "--out", str(course / "g.csv")],
                       check=True, env=env, cwd=ROOT, capture_output=True)
        learn_seconds = time.perf_counter() - started
        by_learn = totals()
        same = sum(by_learn[s] == by_nbgrader[s] for s in by_nbgrader)
        print(f"{options.students} single-notebook submissions ({options.exercise})")
        print(f"nbgrader autograde:      {nbgrader_seconds:7.1f} s  ({nbgrader_seconds / options.students:.2f} s each)")
        print(f"learn grade --nbgrader:  {learn_seconds:7.1f} s  ({learn_seconds / options.students:.2f} s each)")
        print(f"ratio: {nbgrader_seconds / learn_seconds:.1f}x faster; same total for {same}/{len(by_nbgrader)} students")
    finally:
        shutil.rmtree(course, ignore_errors=True)


if __name__ == "__main__":
    main()
