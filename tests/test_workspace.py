"""Does the workspace know where each exercise stands: no file, unchecked, not started, in progress, passed?"""

from __future__ import annotations

import shutil

import pytest

from grader import registry
from grader.workspace import (IN_PROGRESS, NO_FILE, NOT_STARTED, NOTEBOOK, PASSED, UNCHECKED, WATCH, NothingToCheck,
                              NothingToReset, elsewhere, files_to_check, first_unfinished, init, next_step,
                              passed_count, reset, standings, stub_source, watch_focus)
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


def _result(exercise, statuses):
    from grader.results import CheckResult, ExerciseResult

    return ExerciseResult(exercise.id, 0, tuple(CheckResult(info.name, info.points, status)
                                                for info, status in zip(exercise.checks, statuses)))


def _standings_after(tmp_path, summary):
    init(tmp_path)
    return standings(tmp_path, summary)


def test_after_a_stub_is_checked_is_the_next_step_its_lesson(tmp_path):
    current = _standings_after(tmp_path, {FIRST.id: {"best": 0, "started": False}})
    step = next_step(current, _result(FIRST, ["not_started"] * len(FIRST.checks)))
    assert (step.key, step.params["exercise"]) == ("ui.next.start", FIRST.id)


def test_after_a_failing_check_is_the_next_step_to_fix_the_first_failing_check(tmp_path):
    current = _standings_after(tmp_path, {FIRST.id: {"best": 3, "started": True}})
    statuses = ["passed"] + ["failed"] * (len(FIRST.checks) - 1)
    step = next_step(current, _result(FIRST, statuses))
    assert step.key == "ui.next.fix" and step.params["check"] == FIRST.checks[1].name
    assert step.params["path"].endswith(FIRST.file)


def test_after_a_pass_is_the_next_step_the_first_unfinished_exercise_with_a_file(tmp_path):
    init(tmp_path)
    (tmp_path / "exercises" / SECOND.file).unlink()
    current = standings(tmp_path, {FIRST.id: {"best": FIRST.max_score, "started": True}})
    step = next_step(current, _result(FIRST, ["passed"] * len(FIRST.checks)))
    assert (step.key, step.params["exercise"]) == ("ui.next.start", THIRD.id)
    assert passed_count(current).params == {"passed": 1, "total": len(registry.exercises())}
    assert first_unfinished(current).exercise == THIRD


def test_is_an_exercise_in_progress_continued_before_a_new_one_is_started(tmp_path):
    summary = {FIRST.id: {"best": FIRST.max_score, "started": True}, SECOND.id: {"best": 2, "started": True}}
    step = next_step(_standings_after(tmp_path, summary))
    assert (step.key, step.params["exercise"], step.params["best"]) == ("ui.next.continue", SECOND.id, 2)


def test_at_full_marks_is_the_next_step_the_quiz(tmp_path):
    summary = {e.id: {"best": e.max_score, "started": True} for e in registry.exercises()}
    current = _standings_after(tmp_path, summary)
    assert next_step(current).key == "ui.next.all_passed" and first_unfinished(current) is None


def test_does_reset_keep_every_version_it_replaces(tmp_path):
    init(tmp_path)
    path = tmp_path / "exercises" / FIRST.file
    backups = []
    for version in ("# first try\n", "# second try\n"):
        path.write_text(version)
        restored = reset(FIRST, tmp_path, now=1_700_000_000)  # the same second: no backup is overwritten
        assert path.read_text() == stub_path(FIRST).read_text()
        assert restored.backup.read_text() == version and restored.backup.parent == tmp_path / "backups"
        backups.append(restored.backup)
    assert backups[0] != backups[1]


def test_does_reset_refuse_when_the_file_is_the_stub(tmp_path):
    init(tmp_path)
    with pytest.raises(NothingToReset):
        reset(FIRST, tmp_path)
    assert not (tmp_path / "backups").exists()


def test_does_init_write_the_stubs_in_the_learners_language_and_keep_what_is_there(tmp_path):
    (tmp_path / "exercises").mkdir()
    mine = tmp_path / "exercises" / FIRST.file
    mine.write_text("# 我的答案\n", encoding="utf-8")
    created, kept = init(tmp_path, "zh")
    assert kept == [mine] and mine.read_text(encoding="utf-8") == "# 我的答案\n"
    second = tmp_path / "exercises" / SECOND.file
    assert second in created and second.read_text(encoding="utf-8") == stub_source(SECOND, "zh")
    assert "似然" in second.read_text(encoding="utf-8")
    created, kept = init(tmp_path, "en")  # another language later: the Chinese files stay
    assert created == [] and second.read_text(encoding="utf-8") == stub_source(SECOND, "zh")


def test_does_reset_put_back_the_stub_in_the_learners_language(tmp_path):
    init(tmp_path)
    path = tmp_path / "exercises" / FIRST.file
    path.write_text("# my work\n")
    restored = reset(FIRST, tmp_path, language="zh")
    assert path.read_text(encoding="utf-8") == stub_source(FIRST, "zh") and restored.backup.read_text() == "# my work\n"


@pytest.mark.parametrize("written, asked", [("en", "zh"), ("zh", "en"), ("zh", "zh")])
def test_is_an_unchanged_stub_in_any_language_nothing_to_reset(tmp_path, written, asked):
    init(tmp_path, written)
    with pytest.raises(NothingToReset):
        reset(FIRST, tmp_path, language=asked)
    assert (tmp_path / "exercises" / FIRST.file).read_text(encoding="utf-8") == stub_source(FIRST, written)
    assert not (tmp_path / "backups").exists()


def test_does_a_failed_backup_leave_the_learners_file_alone(tmp_path):
    init(tmp_path)
    path = tmp_path / "exercises" / FIRST.file
    path.write_text("# my work\n")
    (tmp_path / "backups").write_text("a file where the backup folder would go")
    with pytest.raises(OSError):
        reset(FIRST, tmp_path)
    assert path.read_text() == "# my work\n"


def test_does_watch_mode_ask_only_for_a_save_and_a_notebook_for_a_run(tmp_path):
    current = _standings_after(tmp_path, {FIRST.id: {"best": 3, "started": True}})
    statuses = ["failed"] * len(FIRST.checks)
    assert next_step(current, _result(FIRST, statuses), context=WATCH).key == "ui.next.fix_watch"
    assert next_step(current, _result(FIRST, statuses), context=NOTEBOOK).key == "ui.next.fix_notebook"


def test_does_watch_focus_on_the_first_unpassed_file_and_leave_notebooks_to_jupyter(tmp_path):
    init(tmp_path)
    (tmp_path / "exercises" / SECOND.file).unlink()
    (tmp_path / "exercises" / THIRD.file).unlink()
    (tmp_path / f"{THIRD.id}.ipynb").write_text("{}")  # worked on in a notebook
    passed = {FIRST.id: {"best": FIRST.max_score, "started": True}}
    assert watch_focus(standings(tmp_path, passed)).exercise == FOURTH  # has its file: before SECOND
    for exercise in registry.exercises()[3:]:
        (tmp_path / "exercises" / exercise.file).unlink()
    assert watch_focus(standings(tmp_path, passed)).exercise == SECOND  # nothing saved yet: the first
    init(tmp_path)  # every file back but THIRD's, and all of them passed
    (tmp_path / "exercises" / THIRD.file).unlink()
    everything = {e.id: {"best": e.max_score, "started": True} for e in registry.exercises() if e != THIRD}
    assert watch_focus(standings(tmp_path, everything)) is None  # only the notebook is left


def test_are_the_other_workspaces_the_existing_ones_with_their_standings(tmp_path):
    from grader.progress import Progress

    progress = Progress.open()
    here, other, gone = tmp_path / "here", tmp_path / "other", tmp_path / "gone"
    for folder in (here, other, gone):
        init(folder)
        progress.record(folder.resolve(), FIRST.id, 0, FIRST.max_score, FIRST.max_score, started=True)
    shutil.rmtree(gone)
    (found, current), = elsewhere(progress, here)
    assert found == other.resolve() and passed_count(current).params["passed"] == 1


def test_is_each_way_of_finding_nothing_to_check_named(tmp_path):
    stray = tmp_path / "mine.py"
    stray.write_text("")
    cases = [(dict(file=stray), "cli.cannot_tell_exercise"),  # the name does not say which exercise
             (dict(exercise=FIRST, file=tmp_path / "gone.py"), "cli.file_missing"),
             (dict(exercise=FIRST), "cli.file_missing_in_workspace"),
             (dict(), "cli.empty_workspace")]
    for options, key in cases:
        with pytest.raises(NothingToCheck) as nothing:
            files_to_check(tmp_path, **options)
        assert nothing.value.message.key == key
    (tmp_path / f"{FIRST.id}.ipynb").write_text("{}")
    with pytest.raises(NothingToCheck, match="cli.exercise_is_notebook"):
        files_to_check(tmp_path, FIRST)


def test_does_a_check_of_everything_include_the_missing_files(tmp_path):
    init(tmp_path)
    (tmp_path / "exercises" / SECOND.file).unlink()
    targets = files_to_check(tmp_path)
    assert [e for e, _ in targets] == list(registry.exercises()) and not targets[1][1].is_file()
    assert files_to_check(tmp_path, file=stub_path(SECOND)) == [(SECOND, stub_path(SECOND))]
