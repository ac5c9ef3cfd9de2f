"""Derive the student stubs in exercises/ from the reference solutions in solutions/.

Every block from a `### BEGIN SOLUTION` line to its `### END SOLUTION` line is replaced, at the
same indentation, by the block's first line (which must be a `# TODO: ...` comment telling the
student what to do) and `raise NotImplementedError(...)` naming the enclosing function. Everything
else (imports, docstrings, helpers) is copied as it is.

    python tools/make_stubs.py           # write exercises/*.py
    python tools/make_stubs.py --check   # exit 1 and list the stubs that are out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_DEF = re.compile(r"^\s*def\s+(\w+)\s*\(")


def derive_stub(solution_source: str) -> str:
    lines = solution_source.splitlines(keepends=True)
    out: list[str] = []
    function = None
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _DEF.match(line)
        if match:
            function = match.group(1)
        if line.strip() != BEGIN:
            out.append(line)
            index += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        todo = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if not todo.startswith("# TODO:"):
            raise ValueError(f"the solution block of {function} must start with a '# TODO: ...' line")
        try:
            end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == END)
        except StopIteration:
            raise ValueError(f"the solution block of {function} has no {END!r} line") from None
        out.append(f"{indent}{todo}\n")
        out.append(f'{indent}raise NotImplementedError("{function} is not implemented yet")\n')
        index = end + 1
    return "".join(out)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for solution in sorted((ROOT / "solutions").glob("exercise*.py")):
        stub = ROOT / "exercises" / solution.name
        wanted = derive_stub(solution.read_text(encoding="utf-8"))
        if stub.exists() and stub.read_text(encoding="utf-8") == wanted:
            continue
        stale.append(stub)
        if not check:
            stub.parent.mkdir(exist_ok=True)
            stub.write_text(wanted, encoding="utf-8")
    if check and stale:
        print("out of date (run python tools/make_stubs.py):", *(str(s.relative_to(ROOT)) for s in stale), sep="\n  ")
        return 1
    for stub in stale:
        print(f"wrote {stub.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
