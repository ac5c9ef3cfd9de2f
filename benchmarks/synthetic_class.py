"""Make a synthetic class of student folders: correct, wrong, missing and hostile submissions.

Used by benchmarks/bench_grade.py and by tests/test_batch.py. Each student gets an expected score,
derived from the registry's points and the catalog's headers, so a test can check every grade.

    python benchmarks/synthetic_class.py OUT_DIR --students 200
"""

from __future__ import annotations

import argparse
import random
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "tests" / "catalog"

# Hostile code, each replacing one function of one exercise (or, with module=True, added at the top
# level of the file, which costs the whole exercise). Bodies take the function's own arguments.
HOSTILE = {
    "infinite_loop": ("exercise3", "softmax_jacobian", "while True:\n    pass", False),
    "sleep": ("exercise1", "mse_grad", "import time\ntime.sleep(3600)", False),
    "ignores_sigterm": ("exercise5", "clip_grad_value",
                        "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(3600)", False),
    "allocates_50gb": ("exercise4", "forward", "import numpy\nblock = numpy.ones((50_000, 1_000_000))\nreturn block", False),
    "sys_exit": ("exercise2", "bce_loss", "import sys\nsys.exit(0)", False),
    "os_exit": ("exercise2", "bernoulli_likelihood", "import os\nos._exit(0)", False),
    "keyboard_interrupt": ("exercise1", "mse_loss", "raise KeyboardInterrupt", False),
    "floods_stdout": ("exercise3", "cross_entropy_grad", "while True:\n    print('x' * 10_000)", False),
    "fake_report": ("exercise5", "clip_grad_value",
                    "import sys\nprint('{\"score\": 52, \"max_score\": 52}')\n"
                    "sys.__stdout__.write('ALL CHECKS PASSED\\n')", False),
    "equals_everything": ("exercise4", "backward",
                          "class Anything(dict):\n    def __eq__(self, other):\n        return True\n"
                          "    def __getitem__(self, key):\n        return self\nreturn Anything()", False),
    "returns_nan": ("exercise2", "logistic_regression_grad", "return w * float('nan')", False),
    "imports_torch": ("exercise1", None, "import torch", True),
    "patches_numpy": ("exercise5", "clip_grad_norm",
                      "import numpy, builtins\nnumpy.allclose = lambda *a, **k: True\n"
                      "numpy.testing.assert_allclose = lambda *a, **k: None\n"
                      "builtins.abs = lambda x: 0\nfor g in grads:\n    g *= 0\nreturn 0.0", False),
    "exits_at_import": ("exercise4", None, "import sys\nsys.exit(0)", True),
}


@dataclass(frozen=True)
class StudentSpec:
    id: str
    kind: str  # correct | wrong | missing | hostile
    expected: dict  # exercise id -> expected score


def _registry() -> list[dict]:
    from grader import registry

    return [{"id": e.id, "file": e.file, "checks": [{"name": c.name, "points": c.points} for c in e.checks]}
            for e in registry.exercises()]


def _header(path: Path) -> dict:
    fields = {}
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        fields[key.strip()] = value.strip()
    return fields


def _checks_of_function(exercise: str, function: str) -> set[str]:
    """The checks that call ``function``, directly or as the setup of their call (forward for
    backward), read from the check code. The solutions' functions do not call each other, except
    where noted in HOSTILE's choice of functions (each one is called by no other solution function)."""
    import importlib

    module = importlib.import_module(f"grader.checks.{exercise}")
    return {check.name for check in module.CHECKS
            if check.function == function or any(c.setup and c.setup.function == function for c in check.cases(0))}


def _points(entry: dict, failing: set[str]) -> int:
    return sum(c["points"] for c in entry["checks"] if c["name"] not in failing)


def _replace_function(source: str, name: str, body: str) -> str:
    """The source with function ``name``'s body replaced (signature kept)."""
    lines = source.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"def {name}("))
    header_end = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith(":"))
    end = next((i for i in range(header_end + 1, len(lines)) if re.match(r"\S", lines[i])), len(lines))
    return "".join(lines[: header_end + 1]) + textwrap.indent(body, "    ") + "\n\n\n" + "".join(lines[end:])


def make_class(out: Path, students: int, seed: int = 0) -> list[StudentSpec]:
    """Write ``students`` folders into ``out`` and return what each should score.

    The mix: every hostile behaviour once (then again as the class grows), about a fifth wrong
    (catalog entries), a tenth handing in only some files or none, the rest correct.
    """
    rng = random.Random(seed)
    registry = {entry["id"]: entry for entry in _registry()}
    solutions = {e: (ROOT / "solutions" / registry[e]["file"]).read_text() for e in registry}
    wrong = sorted(p for p in CATALOG.glob("exercise*/wrong_*.py"))
    specs = []
    hostile_names = list(HOSTILE)
    for number in range(students):
        student = f"student{number:04d}"
        folder = out / student
        folder.mkdir(parents=True)
        files = dict(solutions)
        expected = {e: sum(c["points"] for c in registry[e]["checks"]) for e in registry}
        if number < len(hostile_names) or number % 10 == 3:
            kind = "hostile"
            exercise, function, code, at_module = HOSTILE[hostile_names[number % len(hostile_names)]]
            if at_module:
                files[exercise] = code + "\n" + files[exercise]
                expected[exercise] = 0
            else:
                files[exercise] = _replace_function(files[exercise], function, code)
                expected[exercise] = _points(registry[exercise], _checks_of_function(exercise, function))
        elif number % 5 == 1:
            kind = "wrong"
            entry = rng.choice(wrong)
            exercise = entry.parent.name
            files[exercise] = entry.read_text()
            failing = {n.strip() for n in _header(entry)["expect-fail"].split(",")}
            expected[exercise] = _points(registry[exercise], failing)
        elif number % 10 == 7:
            kind = "missing"
            dropped = rng.sample(sorted(registry), rng.randint(1, len(registry)))
            for exercise in dropped:
                del files[exercise]
                expected[exercise] = 0
        else:
            kind = "correct"
        for exercise, source in files.items():
            (folder / registry[exercise]["file"]).write_text(source)
        (folder / "notes.txt").write_text("anything else in the folder is ignored\n")
        specs.append(StudentSpec(student, kind, expected))
    return specs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    specs = make_class(options.out, options.students, options.seed)
    kinds = {}
    for spec in specs:
        kinds[spec.kind] = kinds.get(spec.kind, 0) + 1
    print(f"wrote {len(specs)} students to {options.out}: {kinds}")


if __name__ == "__main__":
    main()
