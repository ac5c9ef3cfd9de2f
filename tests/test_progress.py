"""Does the progress database keep what it was told, and open every older database without loss?"""

from __future__ import annotations

import sqlite3

from grader.progress import Progress, data_dir

# The schema of 0.1.0: no `started` column, and hints counted per exercise.
OLD_SCHEMA = """
CREATE TABLE attempts (
    workspace TEXT NOT NULL, exercise TEXT NOT NULL, seed INTEGER NOT NULL,
    score INTEGER NOT NULL, max_score INTEGER NOT NULL, at REAL NOT NULL
);
CREATE TABLE hints (
    workspace TEXT NOT NULL, exercise TEXT NOT NULL, revealed INTEGER NOT NULL,
    PRIMARY KEY (workspace, exercise)
);
INSERT INTO attempts VALUES ('/course', 'exercise3', 0, 4, 10, 1.0);
INSERT INTO hints VALUES ('/course', 'exercise3', 3);
"""


def make_old_database():
    path = data_dir() / "progress.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.executescript(OLD_SCHEMA)
    connection.close()
    return path


def test_does_an_old_database_open_and_keep_its_rows(tmp_path):
    path = make_old_database()
    progress = Progress.open()
    assert progress.reset_from is None
    assert progress.summary("/course")["exercise3"]["best"] == 4
    assert progress.last_failure("/course", "exercise3") is None  # not recorded back then
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT * FROM hints").fetchall() == [("/course", "exercise3", 3)]
    connection.close()


def test_does_an_old_database_take_the_new_records(tmp_path):
    make_old_database()
    progress = Progress.open()
    progress.record("/course", "exercise3", 0, 6, 10, started=True, first_failure="cross_entropy_grad")
    progress.set_rungs_revealed("/course", "exercise3", "softmax", 2)
    reopened = Progress.open()
    assert reopened.last_failure("/course", "exercise3") == "cross_entropy_grad"
    assert reopened.rungs_revealed("/course", "exercise3") == {"softmax": 2}
    assert reopened.summary("/course")["exercise3"]["attempts"] == 2


def test_is_the_last_failure_the_one_of_the_latest_attempt():
    progress = Progress.open()
    progress.record("/w", "exercise1", 0, 0, 10, started=False, first_failure="mse_value_mean")
    progress.record("/w", "exercise1", 0, 10, 10, started=True)
    assert progress.last_failure("/w", "exercise1") is None
    assert progress.last_failure("/elsewhere", "exercise1") is None


def test_are_rungs_kept_per_workspace_exercise_and_function():
    progress = Progress.open()
    progress.set_rungs_revealed("/a", "exercise3", "softmax", 2)
    progress.set_rungs_revealed("/a", "exercise3", "cross_entropy_grad", 1)
    progress.set_rungs_revealed("/b", "exercise3", "softmax", 4)
    progress.set_rungs_revealed("/a", "exercise2", "sigmoid", 3)
    assert progress.rungs_revealed("/a", "exercise3") == {"softmax": 2, "cross_entropy_grad": 1}
    progress.hide_rungs("/a", "exercise3", "softmax")
    assert progress.rungs_revealed("/a", "exercise3") == {"cross_entropy_grad": 1}
    progress.hide_rungs("/a", "exercise3")
    assert progress.rungs_revealed("/a", "exercise3") == {}
    assert progress.rungs_revealed("/b", "exercise3") == {"softmax": 4}
    assert progress.rungs_revealed("/a", "exercise2") == {"sigmoid": 3}


def test_does_a_missing_database_cost_nothing_but_memory(monkeypatch, tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    monkeypatch.setenv("BACKPROP_LAB_HOME", str(blocked / "home"))
    progress = Progress.open()
    progress.set_rungs_revealed("/a", "exercise3", "softmax", 2)
    assert progress.rungs_revealed("/a", "exercise3") == {}
    assert progress.last_failure("/a", "exercise3") is None
