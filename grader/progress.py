"""A learner's progress: check scores and hint rungs revealed, in a small SQLite database.

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
# A card counts as mastered from this box on: answered right twice since it was last missed.
MASTERED_BOX = 3
# How an answer moves its card: right moves it up a box, partly (an explain card rated 1) leaves
# it where it is, wrong sends it back to box 1.
OUTCOMES = ("right", "partly", "wrong")


def next_box(box: int | None, outcome: str) -> int:
    """The Leitner box a card lands in after ``outcome``; ``box`` is None for a card never seen."""
    if outcome == "right":
        return min(box + 1, len(LEITNER_DAYS)) if box else 2
    if outcome == "partly":
        return box or 1
    return 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    workspace TEXT NOT NULL, exercise TEXT NOT NULL, seed INTEGER NOT NULL,
    score INTEGER NOT NULL, max_score INTEGER NOT NULL, at REAL NOT NULL,
    started INTEGER NOT NULL,  -- 0 while every function still raises NotImplementedError
    first_failure TEXT  -- the first check that did not pass (NULL: all passed, or recorded before this column)
);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (workspace, exercise);
CREATE TABLE IF NOT EXISTS quiz_answers (
    question TEXT NOT NULL, topic TEXT NOT NULL, correct INTEGER NOT NULL, at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS quiz_cards (  -- Leitner boxes for spaced repetition
    question TEXT PRIMARY KEY, box INTEGER NOT NULL, due REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS hint_ladders (  -- how many rungs of each function's hint ladder are shown
    workspace TEXT NOT NULL, exercise TEXT NOT NULL, function TEXT NOT NULL, revealed INTEGER NOT NULL,
    PRIMARY KEY (workspace, exercise, function)
);
CREATE TABLE IF NOT EXISTS resets (  -- `learn reset`: attempts before this no longer count
    workspace TEXT NOT NULL, exercise TEXT NOT NULL, at REAL NOT NULL
);
"""
# Before hint ladders, hints were one list per exercise, counted in a table `hints`
# (workspace, exercise, revealed). Those lists no longer exist, so a count in them says nothing
# about a ladder: the table is left exactly as it is (nothing is lost, and an older version
# sharing the database still reads it) and every ladder starts at its first rung.


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

    def record(self, workspace: Path, exercise: str, seed: int, score: int, max_score: int, started: bool,
               first_failure: str | None = None) -> None:
        """Log one graded attempt; ``first_failure`` names its first check that did not pass."""
        self._write("INSERT INTO attempts (workspace, exercise, seed, score, max_score, at, started, first_failure) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (str(workspace), exercise, seed, score, max_score, time.time(), int(started), first_failure))

    def record_result(self, workspace: Path, result) -> None:
        """Log a graded ExerciseResult of ``workspace`` (`learn check`, `learn watch`, a notebook)."""
        self.record(workspace, result.exercise, result.seed, result.score, result.max_score,
                    started=not result.not_started, first_failure=result.first_failure)

    def last_failure(self, workspace: Path, exercise: str) -> str | None:
        """The first check that did not pass in the last attempt here; None when there is none on record."""
        rows = self._read("SELECT first_failure FROM attempts a WHERE workspace = ? AND exercise = ? "
                          f"AND {_SINCE_RESET} ORDER BY at DESC, rowid DESC LIMIT 1", (str(workspace), exercise))
        return rows[0][0] if rows else None

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
        self.hide_rungs(workspace, exercise)

    def rungs_revealed(self, workspace: Path, exercise: str) -> dict[str, int]:
        """{function: rungs of its hint ladder revealed} for the ladders of ``exercise`` climbed here."""
        rows = self._read("SELECT function, revealed FROM hint_ladders WHERE workspace = ? AND exercise = ?",
                          (str(workspace), exercise))
        return {function: int(revealed) for function, revealed in rows}

    def set_rungs_revealed(self, workspace: Path, exercise: str, function: str, revealed: int) -> None:
        self._write("INSERT OR REPLACE INTO hint_ladders VALUES (?, ?, ?, ?)",
                    (str(workspace), exercise, function, revealed))

    def hide_rungs(self, workspace: Path, exercise: str, function: str | None = None) -> None:
        """Back to the first rung: of ``function``'s ladder, or of every ladder of ``exercise``."""
        if function is None:
            self._write("DELETE FROM hint_ladders WHERE workspace = ? AND exercise = ?", (str(workspace), exercise))
        else:
            self._write("DELETE FROM hint_ladders WHERE workspace = ? AND exercise = ? AND function = ?",
                        (str(workspace), exercise, function))

    # ------------------------------------------------------------------ quizzes

    def record_answer(self, question: str, topic: str, correct: bool, now: float | None = None,
                      partly: bool = False) -> tuple[int, float]:
        """Log an answer and move the question's Leitner card (see next_box): up a box when right
        (seen again later), back to box 1 when wrong (seen again next session), and where it was
        when ``partly`` right (which counts as not right). Returns the card's (box, due time)."""
        now = time.time() if now is None else now
        rows = self._read("SELECT box FROM quiz_cards WHERE question = ?", (question,))
        outcome = "right" if correct else "partly" if partly else "wrong"
        box = next_box(rows[0][0] if rows else None, outcome)
        due = now + LEITNER_DAYS[box - 1] * 86400
        self._write("INSERT INTO quiz_answers VALUES (?, ?, ?, ?)", (question, topic, int(correct), now))
        self._write("INSERT OR REPLACE INTO quiz_cards VALUES (?, ?, ?)", (question, box, due))
        return box, due

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
    with connection:
        if "started" not in columns:  # a database from 0.1.0 before the column existed
            connection.execute("ALTER TABLE attempts ADD COLUMN started INTEGER NOT NULL DEFAULT 1")
        if "first_failure" not in columns:  # a database from before hint ladders
            connection.execute("ALTER TABLE attempts ADD COLUMN first_failure TEXT")
    return connection
