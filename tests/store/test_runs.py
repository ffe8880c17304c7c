"""Run history: start, update, finish; interrupted runs are found after a restart."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tests.store.conftest import FixedClock
from tui_ledger.store import Database, RunHistory, RunStatus, StoreError, open_profile_database


def test_a_run_is_started_updated_and_finished(database: Database, clock: FixedClock) -> None:
    runs = RunHistory(database, "acme", clock)
    started_at = clock.now()

    run = runs.start("export", {"thru": "2026-05-31"})
    runs.update(run.id, {"thru": "2026-05-31", "done": 10, "total": Decimal("1520.00")})
    clock.advance(42)
    finished = runs.finish(run.id, RunStatus.COMPLETED_WITH_ERRORS)

    assert finished.kind == "export"
    assert finished.profile == "acme"
    assert finished.started == started_at
    assert finished.finished == started_at + timedelta(seconds=42)
    assert finished.status is RunStatus.COMPLETED_WITH_ERRORS
    assert finished.summary == {"thru": "2026-05-31", "done": 10, "total": "1520.00"}


def test_finishing_with_a_summary_replaces_it(database: Database, clock: FixedClock) -> None:
    runs = RunHistory(database, "acme", clock)
    run = runs.start("lines-sync", {"done": 0})

    finished = runs.finish(run.id, RunStatus.SUCCEEDED, {"done": 12, "skipped": 3})

    assert finished.summary == {"done": 12, "skipped": 3}


def test_an_interrupted_run_is_found_after_a_restart(tmp_path: Path, clock: FixedClock) -> None:
    with open_profile_database(tmp_path, "acme") as before_crash:
        runs = RunHistory(before_crash, "acme", clock)
        done = runs.start("export")
        runs.finish(done.id, RunStatus.SUCCEEDED)
        interrupted = runs.start("export", {"done": 7})
        runs.start("lines-sync")

    with open_profile_database(tmp_path, "acme") as after_restart:
        runs = RunHistory(after_restart, "acme", clock)

        unfinished_exports = runs.unfinished("export")
        assert [(run.id, run.summary) for run in unfinished_exports] == [(interrupted.id, {"done": 7})]
        assert len(runs.unfinished()) == 2


def test_a_finished_run_cannot_change(database: Database, clock: FixedClock) -> None:
    runs = RunHistory(database, "acme", clock)
    run = runs.start("export")
    runs.finish(run.id, RunStatus.CANCELLED)

    with pytest.raises(StoreError, match="already finished as cancelled"):
        runs.finish(run.id, RunStatus.SUCCEEDED)
    with pytest.raises(StoreError, match="already finished"):
        runs.update(run.id, {"done": 1})


def test_running_is_not_a_final_status(database: Database, clock: FixedClock) -> None:
    runs = RunHistory(database, "acme", clock)

    with pytest.raises(ValueError, match="final status"):
        runs.finish(runs.start("export").id, RunStatus.RUNNING)


def test_unknown_runs_are_reported(database: Database, clock: FixedClock) -> None:
    runs = RunHistory(database, "acme", clock)

    assert runs.get(999) is None
    with pytest.raises(StoreError, match="no run 999"):
        runs.finish(999, RunStatus.FAILED)


def test_recent_lists_newest_first_and_filters_by_kind(database: Database, clock: FixedClock) -> None:
    runs = RunHistory(database, "acme", clock)
    first = runs.start("export")
    clock.advance(1)
    second = runs.start("lines-sync")
    clock.advance(1)
    third = runs.start("export")

    assert [run.id for run in runs.recent()] == [third.id, second.id, first.id]
    assert [run.id for run in runs.recent(kind="export")] == [third.id, first.id]
    assert [run.id for run in runs.recent(limit=1)] == [third.id]
