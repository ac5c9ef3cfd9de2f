"""Derive the student stubs, in English and in Chinese, from the reference solutions.

English: every block from a `### BEGIN SOLUTION` line to its `### END SOLUTION` line is replaced,
at the same indentation, by the block's first line (which must be a `# TODO: ...` comment telling
the student what to do) and `raise NotImplementedError(...)` naming the enclosing function (a
method as "Class.method"). Everything else (imports, docstrings, helpers) is copied as it is.
solutions/exercise1_mse.py gives exercises/exercise1_mse.py.

Chinese: the English stub with every docstring and comment replaced by its translation, the code
left exactly as it is. The translations of solutions/exercise1_mse.py live beside it, in
solutions/exercise1_mse.zh.toml, one entry per text of the English stub:

    [[text]]
    en = '''...'''     # the English as the stub has it (a comment without its "# ")
    zh = '''...'''     # its translation, wrapped as it should appear

The English is the key: when a docstring, comment or TODO line changes in a solution, its old
translation no longer matches; this tool then still writes the English stub, but not the Chinese
one, names the text and exits 1 until the translation is brought up to date.
Comments made only of the file's own names and operators (`# other + self`) stay as they are.
The result goes to exercises/zh/exercise1_mse.py.

    python tools/make_stubs.py              # write exercises/*.py and exercises/zh/*.py
    python tools/make_stubs.py --check      # write nothing; exit 1 if a stub is out of date
    python tools/make_stubs.py --missing    # print the entries still to translate, as TOML
"""

from __future__ import annotations

import argparse
import ast
import difflib
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.files import write_atomically  # noqa: E402

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_DEF = re.compile(r"^(\s*)def\s+(\w+)\s*\(")
_CLASS = re.compile(r"^(\s*)class\s+(\w+)\b")
# The language the stubs are translated into: the key of its texts in a translation file, and the
# folder of exercises/ (and of the package's grader.stubs) its stubs go to.
CHINESE = "zh"
_CJK = re.compile(r"[\u4e00-\u9fff]")


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


# ------------------------------------------------------------------------------------------------
# Translated stubs


@dataclass(frozen=True)
class StubText:
    """One text of a stub to translate: a docstring, a block of full-line comments (consecutive
    lines at one indentation) or a comment after code."""

    kind: str  # "docstring" | "comments" | "inline"
    start: tuple[int, int]  # (line, column) where its source begins, as tokenize counts them
    end: tuple[int, int]  # (line, column) just after it
    indent: str  # the indentation of its continuation lines
    english: str  # the text itself: a docstring's contents dedented, comments without "# "
    where: str  # "module", or the function or class it belongs to ("Adam.step"), for messages


class TranslationError(ValueError):
    pass


def stub_texts(source: str) -> list[StubText]:
    """Every docstring and comment of ``source``, in order, except comments made only of code."""
    tree = ast.parse(source)
    docstrings, owners = {}, {}
    for node, where in _scopes(tree):
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            docstrings[(body[0].lineno, body[0].col_offset)] = where
        if not isinstance(node, ast.Module):
            for line in range(node.lineno, node.end_lineno + 1):
                owners[line] = where  # inner scopes come later and overwrite their lines
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    names = {token.string for token in tokens if token.type == tokenize.NAME}
    lines = source.splitlines()
    texts: list[StubText] = []
    for token in tokens:
        where = owners.get(token.start[0], "module")
        if token.type == tokenize.STRING and token.start in docstrings:
            texts.append(_docstring(token, docstrings[token.start]))
        elif token.type == tokenize.COMMENT and _is_prose(token.string, names):
            full_line = not lines[token.start[0] - 1][: token.start[1]].strip()
            previous = texts[-1] if texts else None
            text = _comment_text(token.string)
            if full_line and previous and previous.kind == "comments" and previous.end[0] == token.start[0] - 1 \
                    and previous.start[1] == token.start[1]:
                texts[-1] = StubText("comments", previous.start, token.end, previous.indent,
                                     f"{previous.english}\n{text}", previous.where)
            else:
                texts.append(StubText("comments" if full_line else "inline", token.start, token.end,
                                      " " * token.start[1], text, where))
    return texts


def _scopes(tree: ast.Module):
    """(node, its name as `functions` spells it) for the module and every class and function."""
    yield tree, "module"
    stack = [(tree, "")]
    while stack:
        parent, prefix = stack.pop()
        for node in parent.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                yield node, prefix + node.name
                stack.append((node, f"{prefix}{node.name}."))


def _docstring(token: tokenize.TokenInfo, where: str) -> StubText:
    if not (token.string.startswith('"""') and token.string.endswith('"""')):
        raise TranslationError(f"{where}: write the docstring between triple double quotes")
    indent = " " * token.start[1]
    first, *rest = token.string[3:-3].split("\n")
    for line in rest:
        if line.strip() and not line.startswith(indent):
            raise TranslationError(f"{where}: a docstring line is indented less than its quotes: {line!r}")
    return StubText("docstring", token.start, token.end, indent,
                    "\n".join([first, *(line[len(indent):] for line in rest)]), where)


def _comment_text(comment: str) -> str:
    text = comment[1:]
    return text[1:] if text.startswith(" ") else text


def _is_prose(comment: str, names: set[str]) -> bool:
    """Whether a comment says something in words, rather than only repeating the file's own names
    with operators (`# other + self`), which reads the same in every language."""
    text = _comment_text(comment)
    return bool(_CJK.search(text)) or any(word not in names for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))


def _render(text: StubText, translation: str) -> str:
    """The source that replaces ``text``: the translation, quoted or commented, re-indented."""
    lines = translation.split("\n")
    if text.kind == "docstring":
        # Blank lines stay empty; the last line, blank when the closing quotes have a line of
        # their own, keeps the indentation that puts them under the opening ones.
        rest = [text.indent + line if line.strip() or number == len(lines) - 1 else ""
                for number, line in enumerate(lines) if number]
        return '"""' + "\n".join([lines[0], *rest]) + '"""'
    return ("\n" + text.indent).join(f"# {line}" if line else "#" for line in lines)


def load_translations(path: Path) -> dict[str, str]:
    """{English: translation} from one translation file; missing file: no translations."""
    if not path.exists():
        return {}
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("text", [])
    translations = {}
    for number, entry in enumerate(entries, start=1):
        if set(entry) != {"en", CHINESE}:
            raise TranslationError(f"{path.name}: entry {number} must have exactly the keys en and {CHINESE}")
        if entry["en"] in translations:
            raise TranslationError(f"{path.name}: entry {number} translates a text already translated above")
        translations[entry["en"]] = entry[CHINESE]
    return translations


def translate_stub(stub: str, translations: dict[str, str], *, origin: str = "the stub") -> str:
    """``stub`` with each of its texts replaced by its translation.

    Raises TranslationError naming every text without a translation, every translation that no
    text of the stub uses (an English text that has changed or gone), and every translation that
    would change more than words (an empty one, a docstring's quotes, a lost TODO).
    """
    texts = stub_texts(stub)
    problems = []
    for text in texts:
        translation = translations.get(text.english)
        if translation is None:
            problems.append(f"{origin}, {text.where}: no translation of the {_kind_name(text)}"
                            f" {_excerpt(text.english)}")
        else:
            problems += [f"{origin}, {text.where}: {problem}" for problem in _translation_problems(text, translation)]
    used = {text.english for text in texts}
    for english in translations:
        if english not in used:
            nearest = difflib.get_close_matches(english, list(used - set(translations)), n=1, cutoff=0.5)
            hint = f"; the English is now {_excerpt(nearest[0])}" if nearest else ""
            problems.append(f"{origin}: a translation of a text the stub no longer has, {_excerpt(english)}{hint}")
    if problems:
        raise TranslationError("\n".join(problems))
    lines = stub.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def position(row_column: tuple[int, int]) -> int:
        row, column = row_column
        return offsets[row - 1] + column

    result = stub
    for text in reversed(texts):  # from the end, so that earlier positions stay valid
        result = result[:position(text.start)] + _render(text, translations[text.english]) + result[position(text.end):]
    return result


def _translation_problems(text: StubText, translation: str) -> list[str]:
    problems = []
    if not _CJK.search(translation):
        problems.append(f"the translation of {_excerpt(text.english)} has no Chinese in it")
    if text.kind == "docstring" and ('"""' in translation or "\\" in translation or translation.endswith('"')):
        problems.append(f"the translation of {_excerpt(text.english)} would end or escape its quotes")
    if text.kind == "docstring" and translation.endswith("\n") != text.english.endswith("\n"):
        ending = "with" if text.english.endswith("\n") else "without"
        problems.append(f"the translation of {_excerpt(text.english)} must end as the English does, "
                        f"{ending} a line break before the quotes")
    if text.kind == "inline" and "\n" in translation:
        problems.append(f"the translation of the comment {_excerpt(text.english)} must stay on one line")
    todo = [line for line in text.english.split("\n") if line.startswith("TODO:")]
    if todo and len(todo) != sum(line.startswith("TODO:") for line in translation.split("\n")):
        problems.append(f"the translation of {_excerpt(text.english)} must keep its 'TODO:' line")
    return problems


def _kind_name(text: StubText) -> str:
    return {"docstring": "docstring", "comments": "comment", "inline": "comment"}[text.kind]


def _excerpt(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def translation_path(solution: Path) -> Path:
    """Where the translations of a solution's stub live: beside it, exercise1_mse.zh.toml."""
    return solution.with_name(f"{solution.stem}.{CHINESE}.toml")


def missing_entries(stub: str, translations: dict[str, str]) -> str:
    """TOML entries, to fill in, for the texts of ``stub`` that have no translation yet."""
    entries = []
    for text in stub_texts(stub):
        if text.english not in translations:
            translations = {**translations, text.english: ""}  # each text once
            entries.append(f"# {text.where}\n[[text]]\nen = '''\n{text.english}'''\nzh = '''\n'''\n")
    return "\n".join(entries)


def wanted_files() -> tuple[dict[Path, str], list[str]]:
    """Every generated stub and what it must contain, and the problems that keep a Chinese stub
    from being made (its English one is made all the same)."""
    wanted, problems = {}, []
    for solution in sorted((ROOT / "solutions").glob("exercise*.py")):
        stub = derive_stub(solution.read_text(encoding="utf-8"))
        wanted[ROOT / "exercises" / solution.name] = stub
        translations = translation_path(solution)
        try:
            wanted[ROOT / "exercises" / CHINESE / solution.name] = translate_stub(
                stub, load_translations(translations), origin=str(translations.relative_to(ROOT)))
        except (TranslationError, tomllib.TOMLDecodeError) as error:
            problems.append(f"{translations.relative_to(ROOT)}: {error}" if isinstance(error, tomllib.TOMLDecodeError)
                            else str(error))
    return wanted, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write exercises/*.py and their translations from solutions/*.py.")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a stub is out of date")
    parser.add_argument("--missing", action="store_true", help="print the entries still to translate, as TOML")
    options = parser.parse_args(argv)
    if options.missing:
        for solution in sorted((ROOT / "solutions").glob("exercise*.py")):
            path = translation_path(solution)
            entries = missing_entries(derive_stub(solution.read_text(encoding="utf-8")), load_translations(path))
            if entries:
                print(f"# ---------- {path.relative_to(ROOT)}\n\n{entries}")
        return 0
    wanted, problems = wanted_files()
    stale = [path for path, text in wanted.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if options.check:
        if stale:
            print("out of date (run python tools/make_stubs.py):", *(p.relative_to(ROOT) for p in stale), sep="\n  ")
    else:
        for path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, wanted[path].encode("utf-8"))  # bytes: the same file on every platform
            print(f"wrote {path.relative_to(ROOT)}")
    if problems:
        print("Chinese stubs not made: their translations are out of date (python tools/make_stubs.py --missing",
              "prints the entries to add; the docstring of tools/make_stubs.py explains them):",
              *problems, sep="\n", file=sys.stderr)
    return 1 if problems or (options.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
