"""Does replacing a file leave either the old file or the new one, and nothing else?"""

from __future__ import annotations

import os

import pytest

from grader import files


def test_are_text_and_bytes_written_whole(tmp_path):
    text, data = tmp_path / "notes.txt", tmp_path / "answers.bin"
    files.write_atomically(text, "梯度 ∂L/∂w\n")
    files.write_atomically(data, b"\x00\xff")
    assert text.read_bytes() == "梯度 ∂L/∂w\n".encode("utf-8") and data.read_bytes() == b"\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.bin", "notes.txt"]


def test_is_an_existing_file_replaced(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text("old, and longer than the new one\n")
    files.write_atomically(path, "new\n")
    assert path.read_text() == "new\n"


def test_does_a_failed_write_keep_the_old_file_and_leave_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "grades.csv"
    path.write_text("old\n")

    def disk_full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        files.write_atomically(path, "new\n")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


def test_does_a_new_file_get_the_permissions_open_would_give(tmp_path):
    """Not mkstemp's 0600: a course's notebooks and a class's grades are shared as usual."""
    previous = os.umask(0o022)
    try:
        files.write_atomically(tmp_path / "exercise1.ipynb", "{}")
    finally:
        os.umask(previous)
    assert (tmp_path / "exercise1.ipynb").stat().st_mode & 0o777 == 0o644


def test_is_a_missing_folder_an_error_not_a_new_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        files.write_atomically(tmp_path / "nowhere" / "grades.csv", "x")
    assert list(tmp_path.iterdir()) == []


def test_is_a_private_file_readable_by_its_owner_only(tmp_path):
    """Grades and a run's saved records are about students: 0600, whatever the umask lets through."""
    private = tmp_path / "grades.csv"
    files.write_atomically(private, "student,total\n", private=True)
    assert private.stat().st_mode & 0o777 == 0o600 and private.read_text() == "student,total\n"
