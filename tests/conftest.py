"""Shared fixtures: every test gets its own progress database; references are cached per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
STUBS = ROOT / "exercises"
CATALOG = Path(__file__).resolve().parent / "catalog"


@pytest.fixture(scope="session", autouse=True)
def reference_cache(tmp_path_factory):
    """One reference cache for the whole session (set before module fixtures grade anything)."""
    with pytest.MonkeyPatch.context() as patch:
        cache = tmp_path_factory.mktemp("reference-cache")
        patch.setenv("BACKPROP_LAB_CACHE", str(cache))
        patch.setenv("BACKPROP_LAB_LANG", "en")
        patch.setenv("BACKPROP_LAB_HOME", str(tmp_path_factory.mktemp("session-home")))
        yield cache


@pytest.fixture(autouse=True)
def isolated_state(monkeypatch, tmp_path):
    monkeypatch.setenv("BACKPROP_LAB_HOME", str(tmp_path / "home"))


def solution_path(exercise) -> Path:
    return SOLUTIONS / exercise.file


def stub_path(exercise) -> Path:
    return STUBS / exercise.file


def deny_looking_into(folder: Path, monkeypatch) -> None:
    """Make looking into ``folder`` raise PermissionError, as a folder of mode 000 does for anyone
    but root (the tests may run as root, who reads it anyway)."""
    real_stat = Path.stat

    def stat(path, *args, **kwargs):
        if folder in Path(path).parents:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
