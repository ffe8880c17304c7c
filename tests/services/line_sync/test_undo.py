"""Undo of a sync run: ConnectWise exactly as it was before the run (every agreement and addition compared in
full, audit stamps aside), the run's lines Not Synced and editable again — also for a run that was stopped,
and for one whose outcomes were never recorded because the process died mid-run."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.sandbox.connectwise.cw_support import AUTH_HEADERS
from tests.services.line_sync.world import APRIL, MAY, SyncWorld, records
from tui_ledger.services.line_sync import StopSignal, UndoRefusedError
from tui_ledger.services.line_sync.recording import OutcomeRecorder
from tui_ledger.store.line_codes import MappingStatus, PsaStatus
from tui_ledger.store.line_sync import LineSyncJournal, PlanState
from tui_ledger.store.line_sync_history import SyncAction, SyncRunState


async def test_undo_leaves_connectwise_as_it_was_before_the_run(world: SyncWorld) -> None:
    world.map_everything()
    world.load(APRIL)
    await world.sync().sync(APRIL)
    world.load(MAY)
    before = await world.connectwise_state()

    may = await world.sync().sync(MAY)
    assert may.created
    assert may.updated
    assert await world.connectwise_state() != before

    undone = await world.sync().undo(MAY, may.run_id)

    assert await world.connectwise_state() == before
    assert undone.complete
    assert (undone.additions_deleted, undone.additions_restored) == (may.created, may.updated)
    assert undone.lines_reopened == may.synced
    assert Counter(record.psa_status for record in records(world)) == {PsaStatus.NOT_SYNCED: may.selected}
    assert world.store.sync_history.runs(MAY)[0].undone_at is not None


async def test_undo_removes_the_agreements_the_run_created(world: SyncWorld) -> None:
    world.map_everything()
    world.load(APRIL)
    pristine = await world.connectwise_state()

    april = await world.sync().sync(APRIL)
    assert april.agreements_created

    undone = await world.sync().undo(APRIL, april.run_id)

    assert undone.agreements_deleted == len(april.agreements_created)
    assert await world.connectwise_state() == pristine


async def test_undone_lines_can_be_edited_and_synced_again(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    first = await world.sync().sync(MAY)
    await world.sync().undo(MAY, first.run_id)
    line = next(record for record in records(world) if record.mapping_status is MappingStatus.MAPPED)

    world.store.editor(MAY).set_charge_start([line.key], line.charge_start_date)
    again = await world.sync().sync(MAY)

    assert again.synced == first.synced
    assert again.updated == 0


async def test_undo_of_a_stopped_run_touches_only_what_it_sent(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    pristine = await world.connectwise_state()
    stop = StopSignal()
    stopped = await world.sync().sync(MAY, stop=stop, progress=lambda e: stop.request() if e.done >= 7 else None)
    assert stopped.state is SyncRunState.STOPPED

    undone = await world.sync().undo(MAY, stopped.run_id)

    assert undone.additions_deleted == stopped.created
    assert await world.connectwise_state() == pristine


async def test_a_run_killed_before_recording_its_outcomes_is_undone_from_its_plan(
    world: SyncWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.map_everything()
    world.load(APRIL)
    await world.sync().sync(APRIL)
    world.load(MAY)
    before = await world.connectwise_state()
    monkeypatch.setattr(OutcomeRecorder, "flush", lambda self: None)
    monkeypatch.setattr(LineSyncJournal, "close_plan", lambda self, run_id: 0)
    killed = await world.sync().sync(MAY)
    monkeypatch.undo()
    pending = LineSyncJournal(world.database).planned(killed.run_id, PlanState.PENDING)
    assert len(pending) == killed.synced
    assert world.store.sync_history.entries(killed.run_id) == []

    undone = await world.sync().undo(MAY, killed.run_id)

    assert undone.complete
    assert await world.connectwise_state() == before
    assert undone.additions_deleted == killed.created
    assert undone.additions_restored == killed.updated


async def test_a_run_cannot_be_undone_under_a_later_run_that_changed_the_same_additions(world: SyncWorld) -> None:
    world.map_everything()
    world.load(APRIL)
    april = await world.sync().sync(APRIL)
    world.load(MAY)
    may = await world.sync().sync(MAY)

    with pytest.raises(UndoRefusedError, match=f"sync run {may.run_id} changed the same Additions"):
        await world.sync().undo(APRIL, april.run_id)

    await world.sync().undo(MAY, may.run_id)
    await world.sync().undo(APRIL, april.run_id)
    with pytest.raises(UndoRefusedError, match="already undone"):
        await world.sync().undo(APRIL, april.run_id)
    with pytest.raises(UndoRefusedError, match="no sync run 99"):
        await world.sync().undo(APRIL, 99)


async def test_an_agreement_someone_else_used_meanwhile_is_cancelled_not_deleted(world: SyncWorld) -> None:
    world.map_everything()
    world.load(APRIL)
    april = await world.sync().sync(APRIL)
    agreement_id = april.agreements_created[0]
    async with world.hub.client("connectwise", headers=AUTH_HEADERS) as client:
        added = await client.post(
            f"finance/agreements/{agreement_id}/additions",
            json={"product": {"id": 613}, "billCustomer": "Billable", "serialNumber": "added by hand"},
        )
        assert added.status_code == 201

    undone = await world.sync().undo(APRIL, april.run_id)

    assert undone.agreements_cancelled == 1
    state = await world.connectwise_state()
    agreement = next(row for row in state["agreements"] if row["id"] == agreement_id)
    assert (agreement["cancelledFlag"], agreement["agreementStatus"]) == (True, "Cancelled")
    assert [row["serialNumber"] for row in state["additions"][agreement_id]] == ["added by hand"]


async def test_undo_is_recorded_in_the_history_and_system_logs(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    run = await world.sync().sync(MAY)

    undone = await world.sync().undo(MAY, run.run_id)

    entries = world.store.sync_history.entries(run.run_id)
    assert sum(entry.action is SyncAction.UNDONE for entry in entries) == undone.lines_reopened
    logged = world.system_log.query()
    assert any(entry.message.startswith(f"run {run.run_id} undone") for entry in logged)
