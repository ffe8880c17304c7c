"""The sync journal undo relies on: a run's plan with what each key held before, pending until recorded, the
agreements a run created, and which later runs would be overwritten by undoing an earlier one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.store.invoice_line_samples import LOADED_AT, PERIOD, TODAY, sample_lines
from tui_ledger.domain.invoice_lines import SourcePlatform
from tui_ledger.store import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_sync import AgreementState, LineSyncJournal, PlannedLine, PlanState
from tui_ledger.store.line_sync_history import SyncAction

AT = datetime(2026, 5, 18, 10, 0, tzinfo=UTC)


def planned(line_id: str, *, found: bool = False) -> PlannedLine:
    return PlannedLine(
        source_platform=SourcePlatform.PAX8,
        platform_line_id=line_id,
        addition_key=f"pax8:L:{line_id}",
        company_id=250,
        agreement_id=801,
        found_addition_id=7 if found else 0,
        found={"product_id": 600, "quantity": "3"} if found else {},
    )


def open_store(tmp_path: Path) -> tuple[Database, InvoiceLineStore, LineSyncJournal]:
    database = Database.open(tmp_path / "profile.sqlite")
    return database, InvoiceLineStore(database), LineSyncJournal(database)


def test_a_plan_stays_pending_until_done_and_closing_marks_the_rest_not_attempted(tmp_path: Path) -> None:
    database, store, journal = open_store(tmp_path)
    run = store.sync_history.start(PERIOD, AT)
    journal.plan(run, [planned("a"), planned("b", found=True), planned("c")])

    journal.mark_done(run, [(SourcePlatform.PAX8, "a")])
    pending = journal.planned(run, PlanState.PENDING)

    assert [line.platform_line_id for line in pending] == ["b", "c"]
    assert pending[0].found == {"product_id": 600, "quantity": "3"}
    assert pending[0].found_addition_id == 7
    assert journal.close_plan(run) == 2
    assert journal.planned(run, PlanState.PENDING) == []
    assert {line.platform_line_id: line.state for line in journal.planned(run)} == {
        "a": PlanState.DONE,
        "b": PlanState.NOT_ATTEMPTED,
        "c": PlanState.NOT_ATTEMPTED,
    }
    database.close()


def test_created_agreements_are_kept_with_their_fate(tmp_path: Path) -> None:
    database, store, journal = open_store(tmp_path)
    run = store.sync_history.start(PERIOD, AT)
    journal.record_agreement(run, 867, 250, "Managed Services (marketplace) - Acme", AT)

    journal.set_agreement_state(run, 867, AgreementState.CANCELLED)

    [agreement] = journal.created_agreements(run)
    assert (agreement.agreement_id, agreement.company_id, agreement.state, agreement.at) == (
        867,
        250,
        AgreementState.CANCELLED,
        AT,
    )
    database.close()


def test_unsynced_keys_leave_synced_lines_out_and_lines_are_found_again_after_a_reload(tmp_path: Path) -> None:
    database, store, journal = open_store(tmp_path)
    lines = sample_lines(40)
    loaded = store.load_period(PERIOD, lines, today=TODAY, loaded_at=LOADED_AT)
    keys = journal.unsynced_keys(loaded)
    store.editor(PERIOD).record_sync(keys[0], PsaStatus.SYNCED, at=AT, addition_id=5)

    assert journal.unsynced_keys(loaded) == keys[1:]
    reloaded = store.load_period(PERIOD, list(reversed(lines)), today=TODAY, loaded_at=LOADED_AT)
    wanted = [lines[0].key, lines[1].key, (SourcePlatform.PAX8, "absent")]
    found = journal.current_keys(reloaded, wanted)
    assert set(found) == {lines[0].key, lines[1].key}
    records = {record.platform_line_id: record for record in store.editor(PERIOD).records(list(found.values()))}
    assert set(records) == {lines[0].platform_line_id, lines[1].platform_line_id}
    database.close()


def test_later_runs_that_touched_the_same_additions_or_new_agreements_are_named(tmp_path: Path) -> None:
    database, store, journal = open_store(tmp_path)
    history = store.sync_history
    first = history.start(PERIOD, AT)
    history.record(first, (SourcePlatform.PAX8, "a"), SyncAction.CREATED, at=AT, addition_id=11, agreement_id=900)
    second = history.start(PERIOD, AT)
    history.record(second, (SourcePlatform.PAX8, "b"), SyncAction.UPDATED, at=AT, addition_id=11, agreement_id=900)
    third = history.start(PERIOD, AT)
    history.record(third, (SourcePlatform.PAX8, "c"), SyncAction.CREATED, at=AT, addition_id=12, agreement_id=900)
    unrelated = history.start(PERIOD, AT)
    history.record(unrelated, (SourcePlatform.PAX8, "d"), SyncAction.CREATED, at=AT, addition_id=13, agreement_id=801)

    assert journal.runs_touching([11], [], first) == [second]
    assert journal.runs_touching([11], [900], first) == [second, third]
    history.mark_undone(second, AT)
    assert journal.runs_touching([11], [900], first) == [third]
    assert journal.runs_touching([13], [], unrelated) == []
    database.close()
