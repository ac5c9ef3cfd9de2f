"""Derive the student stubs in exercises/ from the reference solutions in solutions/.

Every block from a `### BEGIN SOLUTION` line to its `### END SOLUTION` line is replaced, at the
same indentation, by the block's first line (which must be a `# TODO: ...` comment telling the
student what to do) and `raise NotImplementedError(...)` naming the enclosing function (a method
as "Class.method"). Everything else (imports, docstrings, helpers) is copied as it is.

    python tools/make_stubs.py           # write exercises/*.py
    python tools/make_stubs.py --check   # exit 1 and list the stubs that are out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.files import write_atomically  # noqa: E402

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_DEF = re.compile(r"^(\s*)def\s+(\w+)\s*\(")
_CLASS = re.compile(r"^(\s*)class\s+(\w+)\b")


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _enclosing_function(lines: list[str], index: int) -> str:
    """The name of the innermost def above lines[index] that is indented less than it, qualified
    by its class for a method ("Adam.step"), as the exercise's `functions` name it."""
    depth = len(_indent(lines[index]))
    for position in range(index - 1, -1, -1):
        match = _DEF.match(lines[position])
        if match and len(match.group(1)) < depth:
            return _enclosing_class(lines, position) + match.group(2)
    raise ValueError(f"line {index + 1}: {BEGIN!r} is not inside a function")


def _enclosing_class(lines: list[str], index: int) -> str:
    """The class prefix ("Adam.") when lines[index] is a method's def, else "" (a function)."""
    depth = len(_indent(lines[index]))
    for line in reversed(lines[:index]):
        match = _CLASS.match(line) or _DEF.match(line)
        if match and len(match.group(1)) < depth:
            return f"{match.group(2)}." if match.re is _CLASS else ""
    return ""


def derive_stub(solution_source: str) -> str:
    """The stub for one solution file: each solution block becomes its TODO line and a raise."""
    lines = solution_source.splitlines(keepends=True)
    out: list[str] = []
    index = 0
    while index < len(lines):
        if lines[index].strip() != BEGIN:
            out.append(lines[index])
            index += 1
            continue
        function = _enclosing_function(lines, index)
        indent = _indent(lines[index])
        todo = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if not todo.startswith("# TODO:"):
            raise ValueError(f"the solution block of {function} must start with a '# TODO: ...' line")
        end = next((i for i in range(index + 1, len(lines)) if lines[i].strip() == END), None)
        if end is None:
            raise ValueError(f"the solution block of {function} has no {END!r} line")
        out.append(f"{indent}{todo}\n")
        out.append(f'{indent}raise NotImplementedError("{function} is not implemented yet")\n')
        index = end + 1
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write exercises/*.py from solutions/*.py.")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a stub is out of date")
    check = parser.parse_args(argv).check
    stale = []
    for solution in sorted((ROOT / "solutions").glob("exercise*.py")):
        stub = ROOT / "exercises" / solution.name
        wanted = derive_stub(solution.read_text(encoding="utf-8"))
        if stub.exists() and stub.read_text(encoding="utf-8") == wanted:
            continue
        stale.append(stub.relative_to(ROOT))
        if not check:
            stub.parent.mkdir(exist_ok=True)
            write_atomically(stub, wanted)
    if check:
        if stale:
            print("out of date (run python tools/make_stubs.py):", *stale, sep="\n  ")
        return 1 if stale else 0
    for stub in stale:
        print(f"wrote {stub}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
