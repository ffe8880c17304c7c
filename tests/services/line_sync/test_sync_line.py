"""Seed 003's Sync Invoice Line: `LineSync.sync(keys=...)` posts exactly the lines named, with the rules, status,
history and undo of a full sync."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.services.line_sync.world import MAY, SyncWorld, additions_by_key, by_id, records
from tui_ledger.domain.invoice_lines import ChargeType
from tui_ledger.store.line_codes import MappingStatus, PsaStatus
from tui_ledger.store.line_records import LineRecord
from tui_ledger.store.line_sync_history import SyncAction, SyncRunState


def mapped_line(world: SyncWorld, *, new_agreement: bool = False) -> LineRecord:
    return next(
        record
        for record in records(world)
        if record.mapping_status is MappingStatus.MAPPED
        and record.psa_agreement_new is new_agreement
        and record.charge_type is ChargeType.CYCLE_FEE
    )


async def test_only_the_named_line_is_posted_and_undo_restores_connectwise(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    before = await world.connectwise_state()
    line = mapped_line(world)

    report = await world.sync().sync(MAY, keys=[line.key])

    assert (report.state, report.selected, report.created, report.failed) == (SyncRunState.FINISHED, 1, 1, 0)
    after = await additions_by_key(world)
    written = [row for rows in after.values() for row in rows]
    assert len(written) == sum(len(rows) for rows in before["additions"].values()) + 1
    synced = by_id(world)[line.platform_line_id]
    assert synced.psa_status is PsaStatus.SYNCED
    (new_addition,) = [row for row in written if row["id"] == synced.psa_addition_id]
    assert new_addition["agreementId"] == line.psa_agreement_id
    others = Counter(record.psa_status for record in records(world) if record.key != line.key)
    assert others == {PsaStatus.NOT_SYNCED: len(records(world)) - 1}
    (entry,) = world.store.sync_history.entries(report.run_id)
    assert (entry.platform_line_id, entry.action) == (line.platform_line_id, SyncAction.CREATED)

    undone = await world.sync().undo(MAY, report.run_id)

    assert undone.complete
    assert (undone.additions_deleted, undone.lines_reopened) == (1, 1)
    assert await world.connectwise_state() == before
    assert by_id(world)[line.platform_line_id].psa_status is PsaStatus.NOT_SYNCED


async def test_a_synced_line_is_not_sent_again_and_an_unmapped_one_is_skipped(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    line = mapped_line(world)
    unmapped = next(record for record in records(world) if record.mapping_status is MappingStatus.UNMAPPED)
    await world.sync().sync(MAY, keys=[line.key])
    before = await world.connectwise_state()

    again = await world.sync().sync(MAY, keys=[line.key, unmapped.key])

    assert (again.selected, again.synced, again.skipped_unmapped) == (1, 0, 1)
    assert await world.connectwise_state() == before
    assert by_id(world)[unmapped.platform_line_id].psa_status is PsaStatus.NOT_SYNCED


async def test_a_line_without_an_agreement_gets_the_new_agreement_and_undo_removes_it(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    pristine = await world.connectwise_state()
    line = mapped_line(world, new_agreement=True)

    report = await world.sync().sync(MAY, keys=[line.key])

    assert report.synced == 1
    (agreement_id,) = report.agreements_created
    (created,) = [a for a in (await world.connectwise_state())["agreements"] if a["id"] == agreement_id]
    synced = by_id(world)[line.platform_line_id]
    assert (synced.psa_agreement_id, synced.psa_agreement_name) == (agreement_id, created["name"])
    undone = await world.sync().undo(MAY, report.run_id)
    assert (undone.additions_deleted, undone.agreements_deleted) == (1, 1)
    assert await world.connectwise_state() == pristine
    reopened = by_id(world)[line.platform_line_id]
    assert (reopened.psa_agreement_new, reopened.psa_agreement_id, reopened.psa_agreement_name) == (True, None, "")


async def test_keys_and_marked_only_together_are_refused(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)

    with pytest.raises(ValueError, match="either the marked lines or the lines named by key"):
        await world.sync().sync(MAY, keys=[mapped_line(world).key], marked_only=True)

    assert world.store.sync_history.runs(MAY) == []
