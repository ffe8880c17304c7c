"""Sync concurrency against the ConnectWise sandbox's 429 injection: the sync client starts at its ceiling,
halves the calls in flight when ConnectWise answers 429, grows back on clean answers, and still syncs every
mapped line exactly once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.services.line_sync.world import MAY, additions_by_key, open_world, records
from tui_ledger.connectors.connectwise.call_gate import AdaptiveCallGate
from tui_ledger.connectors.ports import PlatformSource
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.services.invoice_lines import InvoiceLinesService
from tui_ledger.store.line_codes import MappingStatus, PsaStatus


async def test_429s_halve_the_calls_in_flight_and_every_line_still_syncs_once(
    tmp_path: Path, company: DemoCompany
) -> None:
    knobs = SandboxKnobs(latency_ms=2.0, fault_rate=0.08, fault_kinds=("429",), random_seed=11)
    world = open_world(tmp_path, company, knobs=knobs, max_in_flight=16, speedup=1000.0)
    try:
        world.map_everything()
        world.load(MAY)
        gate = world.billing.gate
        assert isinstance(gate, AdaptiveCallGate)
        assert gate.limit == 16

        report = await world.sync().sync(MAY)

        figures = gate.figures
        by_key = await additions_by_key(world)
        statuses = Counter(record.psa_status for record in records(world))
        mapped = sum(record.mapping_status is MappingStatus.MAPPED for record in records(world))
    finally:
        await world.billing.aclose()
        world.database.close()

    assert figures.cuts >= 2, "the injected 429s should have cut the limit"
    assert figures.lowest <= 4
    assert figures.limit > figures.lowest, "clean answers after the last 429 should have grown the limit back"
    assert report.concurrency == 16
    assert report.slowed_down == figures.cuts
    assert f"ConnectWise asked to slow down {figures.cuts} times (calls at once 16 → {figures.limit}" in report.summary
    assert (report.failed, statuses[PsaStatus.SYNCED]) == (0, mapped)
    assert all(len(rows) == 1 for rows in by_key.values()), "an Addition was created twice"


async def test_without_push_back_the_sync_keeps_its_ceiling(tmp_path: Path, company: DemoCompany) -> None:
    world = open_world(tmp_path, company, knobs=SandboxKnobs(latency_ms=1.0), max_in_flight=16, speedup=1000.0)
    try:
        world.map_everything()
        world.load(MAY)
        report = await world.sync().sync(MAY)
        gate = world.billing.gate
        assert gate is not None
        assert (gate.figures.cuts, gate.limit) == (0, 16)
        assert report.slowed_down == 0
        assert "slow down" not in report.summary
    finally:
        await world.billing.aclose()
        world.database.close()


async def test_the_lines_service_closes_a_client_of_its_own_and_leaves_a_shared_one_open(
    tmp_path: Path, company: DemoCompany
) -> None:
    world = open_world(tmp_path, company)

    def no_platform(csv_file: Path | None) -> PlatformSource:
        raise AssertionError("no load in this test")

    try:
        shared = InvoiceLinesService(world.database, no_platform, world.billing, clock=world.clock)
        await shared.aclose()
        assert await world.billing.companies.companies(), "a shared client stays open"
        own = InvoiceLinesService(world.database, no_platform, world.billing, clock=world.clock, owns_billing=True)
        await own.aclose()
        with pytest.raises(RuntimeError):
            await world.billing.companies.companies()
    finally:
        await world.billing.aclose()
        world.database.close()
