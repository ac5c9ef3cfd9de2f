"""A learner's progress: check scores and hints revealed, in a small SQLite database.

The database lives in the user's data directory ($BACKPROP_LAB_HOME overrides it, for tests and
classrooms). Progress is a convenience: a missing, locked or corrupted database never breaks a
command. A corrupted file is moved aside (kept, renamed) and a fresh one started.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

HOME_ENV = "BACKPROP_LAB_HOME"

# Days until a card in Leitner box 1..5 is due again.
LEITNER_DAYS = (0, 1, 3, 7, 14)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    workspace TEXT NOT NULL, exercise TEXT NOT NULL, seed INTEGER NOT NULL,
    score INTEGER NOT NULL, max_score INTEGER NOT NULL, at REAL NOT NULL,
    started INTEGER NOT NULL  -- 0 while every function still raises NotImplementedError
);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (workspace, exercise);
CREATE TABLE IF NOT EXISTS quiz_answers (
    question TEXT NOT NULL, topic TEXT NOT NULL, correct INTEGER NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS quiz_cards (  -- Leitner boxes for spaced repetition
    question TEXT PRIMARY KEY, box INTEGER NOT NULL, due REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS resets (  -- `learn reset`: attempts before this no longer count
    workspace TEXT NOT NULL, exercise TEXT NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS hints (
    workspace TEXT NOT NULL, exercise TEXT NOT NULL, revealed INTEGER NOT NULL,
    PRIMARY KEY (workspace, exercise)
);
"""


# Attempts (alias a) made after the last reset of their exercise in their workspace.
_SINCE_RESET = ("a.at > COALESCE((SELECT MAX(r.at) FROM resets r WHERE r.workspace = a.workspace "
                "AND r.exercise = a.exercise), 0)")


def data_dir() -> Path:
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV])
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "backprop-lab"


class Progress:
    """Open with Progress.open(); ``reset_from`` names a corrupted file that was moved aside."""

    def __init__(self, connection: sqlite3.Connection | None, reset_from: Path | None = None):
        self._db = connection
        self.reset_from = reset_from

    @classmethod
    def open(cls) -> "Progress":
        path = data_dir() / "progress.db"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(_connect(path))
        except sqlite3.DatabaseError:
            aside = path.with_name(f"progress.db.corrupt-{int(time.time())}")
            try:
                os.replace(path, aside)
                return cls(_connect(path), reset_from=aside)
            except (OSError, sqlite3.Error):
                return cls(None)
        except OSError:
            return cls(None)  # e.g. a read-only home: work without progress

    def record(self, workspace: Path, exercise: str, seed: int, score: int, max_score: int, started: bool) -> None:
        self._write("INSERT INTO attempts VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (str(workspace), exercise, seed, score, max_score, time.time(), int(started)))

    def summary(self, workspace: Path) -> dict[str, dict]:
        """{exercise: {"best", "last", "max_score", "attempts", "started"}} for the exercises checked
        here since they were last reset."""
        rows = self._read(
            "SELECT exercise, MAX(score), max_score, COUNT(*), MAX(started), "
            "(SELECT a2.score FROM attempts a2 WHERE a2.workspace = a.workspace AND a2.exercise = a.exercise "
            f" ORDER BY a2.at DESC LIMIT 1) FROM attempts a WHERE workspace = ? AND {_SINCE_RESET} "
            "GROUP BY exercise",
            (str(workspace),))
        return {r[0]: {"best": r[1], "max_score": r[2], "attempts": r[3], "started": bool(r[4]), "last": r[5]}
                for r in rows}

    def reset(self, workspace: Path, exercise: str, now: float | None = None) -> None:
        """Start ``exercise`` again in ``workspace``: earlier attempts stay in the history but no
        longer count, and its hints are hidden again."""
        now = time.time() if now is None else now
        self._write("INSERT INTO resets VALUES (?, ?, ?)", (str(workspace), exercise, now))
        self.set_hints_revealed(workspace, exercise, 0)

    def hints_revealed(self, workspace: Path, exercise: str) -> int:
        rows = self._read("SELECT revealed FROM hints WHERE workspace = ? AND exercise = ?",
                          (str(workspace), exercise))
        return rows[0][0] if rows else 0

    def set_hints_revealed(self, workspace: Path, exercise: str, revealed: int) -> None:
        self._write("INSERT OR REPLACE INTO hints VALUES (?, ?, ?)", (str(workspace), exercise, revealed))

    # ------------------------------------------------------------------ quizzes

    def record_answer(self, question: str, topic: str, correct: bool, now: float | None = None) -> None:
        """Log an answer and move the question's Leitner card: up a box when right (seen again
        later), back to box 1 when wrong (seen again next session)."""
        now = time.time() if now is None else now
        rows = self._read("SELECT box FROM quiz_cards WHERE question = ?", (question,))
        box = min(rows[0][0] + 1, len(LEITNER_DAYS)) if correct and rows else (2 if correct else 1)
        due = now + LEITNER_DAYS[box - 1] * 86400
        self._write("INSERT INTO quiz_answers VALUES (?, ?, ?, ?)", (question, topic, int(correct), now))
        self._write("INSERT OR REPLACE INTO quiz_cards VALUES (?, ?, ?)", (question, box, due))

    def cards(self) -> dict[str, tuple[int, float]]:
        """{question id: (box, due time)} for every question answered at least once."""
        return {q: (box, due) for q, box, due in self._read("SELECT question, box, due FROM quiz_cards", ())}

    def topic_accuracy(self) -> dict[str, tuple[int, int]]:
        """{topic: (answers right, answers given)} over the whole history."""
        rows = self._read("SELECT topic, SUM(correct), COUNT(*) FROM quiz_answers GROUP BY topic", ())
        return {topic: (int(right), int(total)) for topic, right, total in rows}

    def workspaces(self) -> list[Path]:
        """Every workspace with a recorded check, the most recently used first."""
        rows = self._read("SELECT workspace FROM attempts GROUP BY workspace ORDER BY MAX(at) DESC", ())
        return [Path(row[0]) for row in rows]

    def _read(self, sql: str, params: tuple) -> list:
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error:
            return []

    def _write(self, sql: str, params: tuple) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute(sql, params)
        except sqlite3.Error:
            pass


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=5)
    connection.executescript(_SCHEMA)  # raises DatabaseError on a file that is not a database
    columns = {row[1] for row in connection.execute("PRAGMA table_info(attempts)")}
    if "started" not in columns:  # a database from 0.1.0 before the column existed
        with connection:
            connection.execute("ALTER TABLE attempts ADD COLUMN started INTEGER NOT NULL DEFAULT 1")
    return connection
