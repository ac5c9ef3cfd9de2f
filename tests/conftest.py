"""Shared fixtures: every test gets its own progress database; references are cached per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
STUBS = ROOT / "exercises"
CATALOG = Path(__file__).resolve().parent / "catalog"


@pytest.fixture(scope="session")
def reference_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reference-cache")


@pytest.fixture(autouse=True)
def isolated_state(monkeypatch, tmp_path, reference_cache):
    monkeypatch.setenv("BACKPROP_LAB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BACKPROP_LAB_CACHE", str(reference_cache))
    monkeypatch.setenv("BACKPROP_LAB_LANG", "en")


def solution_path(exercise) -> Path:
    return SOLUTIONS / exercise.file


def stub_path(exercise) -> Path:
    return STUBS / exercise.file
