"""Esc, cancellation, refused credentials and a flaky ConnectWise: every line ends at a recorded state, and
ConnectWise holds exactly what the store says was synced — no Addition the desk does not know about."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest

from tests.services.line_sync.world import MAY, SyncWorld, additions_by_key, open_world, records
from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.services.line_sync import StopSignal
from tui_ledger.services.progress import Progress
from tui_ledger.store.line_codes import MappingStatus, PsaStatus
from tui_ledger.store.line_sync import LineSyncJournal, PlanState
from tui_ledger.store.line_sync_history import SyncRunState


async def assert_store_matches_connectwise(world: SyncWorld, run_id: int) -> None:
    """Every Addition in ConnectWise belongs to a Synced line, and every Synced line's Addition exists."""
    in_connectwise = {row["id"] for rows in (await additions_by_key(world)).values() for row in rows}
    synced = {record.psa_addition_id for record in records(world) if record.psa_status is PsaStatus.SYNCED}
    assert in_connectwise == synced
    assert LineSyncJournal(world.database).planned(run_id, PlanState.PENDING) == []


async def test_esc_stops_between_lines_and_leaves_the_rest_not_synced(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    stop = StopSignal()

    def press_esc_after_ten(event: Progress) -> None:
        if event.done >= 10:
            stop.request()

    report = await world.sync().sync(MAY, stop=stop, progress=press_esc_after_ten)

    assert (report.state, report.stop_reason) == (SyncRunState.STOPPED, "stopped by the user")
    assert 10 <= report.synced <= 10 + report.concurrency
    assert report.not_attempted > 0
    assert report.synced + report.failed + report.not_attempted + report.skipped_unmapped == report.selected
    statuses = Counter(record.psa_status for record in records(world))
    assert statuses[PsaStatus.SYNCED] == report.synced
    assert statuses[PsaStatus.NOT_SYNCED] == report.not_attempted + report.skipped_unmapped
    assert world.store.sync_history.runs(MAY)[0].state is SyncRunState.STOPPED
    assert len(LineSyncJournal(world.database).planned(report.run_id, PlanState.NOT_ATTEMPTED)) == report.not_attempted
    await assert_store_matches_connectwise(world, report.run_id)


async def test_a_stopped_sync_continues_where_it_stopped(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    stop = StopSignal()
    first = await world.sync().sync(MAY, stop=stop, progress=lambda event: stop.request() if event.done >= 5 else None)

    second = await world.sync().sync(MAY)

    mapped = sum(record.mapping_status is MappingStatus.MAPPED for record in records(world))
    assert first.synced + second.synced == mapped
    assert second.updated == 0
    assert all(len(rows) == 1 for rows in (await additions_by_key(world)).values())


async def test_cancelling_the_sync_task_lets_the_lines_in_flight_finish(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    task: asyncio.Task[object] | None = None

    def cancel_after_ten(event: Progress) -> None:
        if event.done == 10 and task is not None:
            task.cancel()

    sync = world.sync()
    task = asyncio.ensure_future(sync.sync(MAY, progress=cancel_after_ten))
    with pytest.raises(asyncio.CancelledError):
        await task

    run = world.store.sync_history.runs(MAY)[0]
    assert run.state is SyncRunState.STOPPED
    assert 10 <= run.synced < sum(record.mapping_status is MappingStatus.MAPPED for record in records(world))
    await assert_store_matches_connectwise(world, run.id)


async def test_refused_credentials_stop_the_run_and_say_why(tmp_path: Path, company: DemoCompany) -> None:
    world = open_world(tmp_path, company)
    settings: ConnectWiseSettings = world.billing.settings
    await world.billing.aclose()
    wrong = ConnectWiseSettings(
        base_url=settings.base_url,
        company_id=settings.company_id,
        public_key=settings.public_key,
        private_key="not-the-key",
        client_id=settings.client_id,
    )
    world.billing = ConnectWiseAgreementBilling.open(
        wrong, clock=world.clock, transport=world.hub.transport("connectwise")
    )
    try:
        world.map_everything()
        world.load(MAY)
        report = await world.sync().sync(MAY)
    finally:
        await world.billing.aclose()
        world.database.close()

    assert report.state is SyncRunState.FAILED
    assert report.stop_reason is not None
    assert "UserNotAuthenticated" in report.stop_reason
    assert "not-the-key" not in report.stop_reason
    assert report.synced == 0


async def test_a_flaky_connectwise_creates_nothing_twice_and_a_second_sync_completes(
    tmp_path: Path, company: DemoCompany
) -> None:
    knobs = SandboxKnobs(fault_rate=0.4, fault_kinds=("reset", "timeout", "5xx", "429"), random_seed=5)
    world = open_world(tmp_path, company, knobs=knobs, speedup=1000.0)
    try:
        world.map_everything()
        world.load(MAY)
        first = await world.sync().sync(MAY)
        assert first.failed > 0, "the faults should have failed some lines on the first sync"
        for _ in range(4):
            if not any(record.psa_status is PsaStatus.ERROR for record in records(world)):
                break
            await world.sync().sync(MAY)
        by_key = await additions_by_key(world)
        statuses = Counter(record.psa_status for record in records(world))
        mapped = sum(record.mapping_status is MappingStatus.MAPPED for record in records(world))
    finally:
        await world.billing.aclose()
        world.database.close()

    assert all(len(rows) == 1 for rows in by_key.values()), "an Addition was created twice"
    assert statuses[PsaStatus.SYNCED] == mapped
    assert statuses[PsaStatus.ERROR] == 0
