"""Does the workspace know where each exercise stands: no file, unchecked, not started, in progress, passed?"""

from __future__ import annotations

import shutil

from grader import registry
from grader.workspace import IN_PROGRESS, NO_FILE, NOT_STARTED, PASSED, UNCHECKED, init, standings
from tests.conftest import stub_path

FIRST, SECOND, THIRD, FOURTH = registry.exercises()[:4]


def test_does_each_exercise_get_the_standing_its_file_and_record_imply(tmp_path):
    (tmp_path / "exercises").mkdir()
    for exercise in (FIRST, SECOND, THIRD, FOURTH):
        shutil.copy(stub_path(exercise), tmp_path / "exercises" / exercise.file)
    (tmp_path / "exercises" / FOURTH.file).unlink()
    summary = {
        FIRST.id: {"best": FIRST.max_score, "started": True},
        SECOND.id: {"best": 0, "started": False},
        THIRD.id: {"best": 3, "started": True},
        FOURTH.id: {"best": 5, "started": True},  # checked once, file removed since
    }
    by_id = {s.exercise.id: s for s in standings(tmp_path, summary)}
    assert [s.exercise.id for s in standings(tmp_path, summary)] == [e.id for e in registry.exercises()]
    assert (by_id[FIRST.id].state, by_id[FIRST.id].best) == (PASSED, FIRST.max_score)
    assert by_id[SECOND.id].state == NOT_STARTED
    assert (by_id[THIRD.id].state, by_id[THIRD.id].best) == (IN_PROGRESS, 3)
    assert by_id[FOURTH.id].state == NO_FILE


def test_is_a_fresh_workspace_unchecked_everywhere(tmp_path):
    init(tmp_path)
    assert {s.state for s in standings(tmp_path, {})} == {UNCHECKED}
    assert all(s.best is None and s.path.is_file() for s in standings(tmp_path, {}))
