"""Renderers for a class's records: CSV for spreadsheets and LMSs, JSON, Gradescope results.json."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from grader.files import write_atomically

# Statuses that mean the code did not run to an answer, for the summary.
FAILED_TO_RUN = ("timeout", "crashed", "error", "forbidden")


def _safe_cell(value: str) -> str:
    """Keep a spreadsheet from reading a student-chosen id as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(records: list[dict], exercises: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(["student", *exercises, "total", "max", "status"])
    for record in records:
        scores = {entry["exercise"]: entry["score"] for entry in record["exercises"]}
        writer.writerow([_safe_cell(record["student"]), *(scores[e] for e in exercises), record["score"],
                         record["max_score"], record["status"]])
    return buffer.getvalue()


def write_csv(records: list[dict], exercises: list[str], path: Path) -> None:
    write_atomically(path, csv_text(records, exercises))


def write_json(records: list[dict], seed: int, path: Path) -> None:
    write_atomically(path, json.dumps({"seed": seed, "students": records}, ensure_ascii=False, indent=1))


def gradescope_results(record: dict) -> dict:
    """One student's results in Gradescope's autograder format (results.json)."""
    tests = []
    for entry in record["exercises"]:
        for check in entry["checks"]:
            output = check["message"] or ("" if check["passed"] else check["status"])
            tests.append({
                "name": f"{entry['exercise']}: {check['name']}",
                "score": check["score"],
                "max_score": check["max_score"],
                "status": "passed" if check["passed"] else "failed",
                "output": output,
                "visibility": "visible",
            })
    return {
        "score": record["score"],
        "output": f"{record['score']}/{record['max_score']} ({record['status']})",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def write_gradescope(records: list[dict], directory: Path) -> None:
    for record in records:
        folder = directory / record["student"]
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / "results.json", json.dumps(gradescope_results(record), ensure_ascii=False,
                                                             indent=1))


def summary(records: list[dict], exercises: list[str]) -> dict:
    """Students, mean score per exercise, and how many exercises failed to run, by reason."""
    means = {}
    for exercise in exercises:
        scores = [e["score"] for r in records for e in r["exercises"] if e["exercise"] == exercise]
        maxima = [e["max_score"] for r in records for e in r["exercises"] if e["exercise"] == exercise]
        means[exercise] = (sum(scores) / len(scores) if scores else 0.0, maxima[0] if maxima else 0)
    reasons: dict[str, Counter] = {exercise: Counter() for exercise in exercises}
    for record in records:
        for entry in record["exercises"]:
            statuses = {check["status"] for check in entry["checks"]}
            if not entry.get("handed_in", True):
                reasons[entry["exercise"]]["missing"] += 1
            for status in FAILED_TO_RUN:  # counted once per student and exercise
                if status in statuses:
                    reasons[entry["exercise"]][status] += 1
    return {"students": len(records), "means": means, "reasons": {e: dict(c) for e, c in reasons.items()},
            "statuses": dict(Counter(r["status"] for r in records))}
