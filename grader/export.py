"""Renderers for a class's records: CSV for spreadsheets and LMSs, JSON, Gradescope results.json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from grader.files import write_atomically
from grader.records import StudentRecord


def _safe_cell(value: str) -> str:
    """Keep a spreadsheet from reading a student-chosen id as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(records: list[StudentRecord], exercises: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(["student", *exercises, "total", "max", "status"])
    for record in records:
        scores = {entry.exercise: entry.score for entry in record.exercises}
        writer.writerow([_safe_cell(record.student), *(scores[e] for e in exercises), record.score,
                         record.max_score, record.status])
    return buffer.getvalue()


def write_csv(records: list[StudentRecord], exercises: list[str], path: Path) -> None:
    write_atomically(path, csv_text(records, exercises), private=True)


def write_json(records: list[StudentRecord], seed: int, path: Path) -> None:
    students = [record.to_json() for record in records]
    write_atomically(path, json.dumps({"seed": seed, "students": students}, ensure_ascii=False, indent=1), private=True)


def gradescope_results(record: StudentRecord) -> dict:
    """One student's results in Gradescope's autograder format (results.json)."""
    tests = []
    for entry in record.exercises:
        for check in entry.checks:
            tests.append({
                "name": f"{entry.exercise}: {check.name}",
                "score": check.score,
                "max_score": check.max_score,
                "status": "passed" if check.passed else "failed",
                "output": check.message or ("" if check.passed else check.status),
                "visibility": "visible",
            })
    return {
        "score": record.score,
        "output": f"{record.score}/{record.max_score} ({record.status})",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def write_gradescope(records: list[StudentRecord], directory: Path) -> None:
    for record in records:
        folder = directory / record.student
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / "results.json", json.dumps(gradescope_results(record), ensure_ascii=False,
                                                             indent=1), private=True)
