"""Lines per second of Sync to PSA: 10,000 invoice lines into the ConnectWise sandbox with 50 ms latency.

Builds a throw-away world in a temporary directory: a demo company whose marketplace is scaled up until one
month bills at least `--lines` mapped lines, mapped as a user would (organizations → customers and their
contract agreements, two of them "create a new agreement"; offers → products), loaded into a profile
database. Then syncs the period through the real service and connector to the in-process ConnectWise
sandbox, every request delayed by `--latency-ms` (SandboxKnobs.latency_ms), and prints lines per second,
the ceiling of calls in flight, what the adaptive gate did (its limit at the end, the lowest it reached, how
often it halved), the calls made and the CPU time. With `--undo` it then undoes the run and checks that
ConnectWise holds exactly what it held before; with `--fault-rate` the sandbox answers that share of calls 429.
Not a test: run it.

    .venv/bin/python bench/sync_lines.py [--lines 10000] [--latency-ms 50] [--concurrency 6 32 default ...]
                                         [--fault-rate 0.05] [--undo]

Each `--concurrency` value is the sync client's ceiling (`ConnectWiseSettings.sync_max_in_flight`); `default`
is the shipped default. They run one after another, each in a fresh world.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.services.line_sync.world import ANCHOR, MAY, SyncWorld, month_lines, open_world
from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.connectwise.call_gate import GateFigures
from tui_ledger.connectors.connectwise.settings import DEFAULT_SYNC_MAX_IN_FLIGHT
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.store.line_codes import MappingStatus


@dataclass(frozen=True, slots=True)
class Figures:
    lines: int
    concurrency: int
    default: bool
    latency_ms: float
    fault_rate: float
    gate: GateFigures
    seconds: float
    cpu_seconds: float
    calls: int
    created: int
    updated: int
    failed: int
    agreements_created: int
    undo_seconds: float | None
    undo_exact: bool | None

    def report(self) -> str:
        rate = (self.created + self.updated) / self.seconds
        setting = f"{self.concurrency} (the default)" if self.default else str(self.concurrency)
        faults = f", {self.fault_rate:.0%} answered 429" if self.fault_rate else ""
        text = (
            f"sync {self.lines:,} lines, latency {self.latency_ms:.0f} ms{faults}, calls in flight {setting}: "
            f"{self.seconds:.2f} s wall, {rate:,.0f} lines/s, {self.calls:,} calls "
            f"({self.calls / self.seconds:,.0f}/s), CPU {self.cpu_seconds:.2f} s; "
            f"{self.created:,} created, {self.updated:,} updated, {self.failed:,} failed, "
            f"{self.agreements_created} agreements created"
            f"\n  adaptive gate: limit {self.gate.limit} at the end, lowest {self.gate.lowest}, "
            f"halved {self.gate.cuts} times"
        )
        ceiling = self.concurrency / (self.latency_ms / 1000) if self.latency_ms else None
        if ceiling:
            text += f"\n  ceiling at this concurrency (one call per line): {ceiling:,.0f} lines/s"
        if self.undo_seconds is not None:
            text += (
                f"\n  undo: {self.undo_seconds:.2f} s, ConnectWise "
                f"{'exactly as before the run' if self.undo_exact else 'NOT as before the run'}"
            )
        return text


class Counting(httpx.AsyncBaseTransport):
    """Counts the calls that reach the sandbox."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return await self.inner.handle_async_request(request)


def company_for(lines: int) -> DemoCompany:
    scale = 1
    while True:
        company = DemoCompany.generate(anchor=ANCHOR, subscription_scale=scale)
        if len(month_lines(company, MAY)) >= lines * 1.4:
            return company
        scale = max(scale + 1, int(scale * lines * 1.4 / max(len(month_lines(company, MAY)), 1)) + 1)


def load_mapped(world: SyncWorld, lines: int) -> int:
    """Load the month, then keep only `lines` mapped lines (the rest of the month is loaded unmapped-free)."""
    world.map_everything()
    world.load(MAY)
    grid = world.store.grid(MAY)
    mapped = [record for record in grid.window(0, grid.count()) if record.mapping_status is MappingStatus.MAPPED]
    chosen = {record.platform_line_id for record in mapped[:lines]}
    world.load(MAY, [line for line in month_lines(world.company, MAY) if line.platform_line_id in chosen])
    return len(chosen)


async def run_once(
    company: DemoCompany, lines: int, latency_ms: float, concurrency: int | None, fault_rate: float, undo: bool
) -> Figures:
    with tempfile.TemporaryDirectory(prefix="tui-ledger-sync-bench-") as folder:
        knobs = SandboxKnobs(latency_ms=latency_ms, fault_rate=fault_rate, fault_kinds=("429",))
        ceiling = concurrency or DEFAULT_SYNC_MAX_IN_FLIGHT
        world = open_world(Path(folder), company, knobs=knobs, max_in_flight=ceiling, speedup=1.0)
        counting = Counting(world.hub.transport("connectwise"))
        await world.billing.aclose()
        world.billing = ConnectWiseAgreementBilling.open(world.billing.settings, clock=world.clock, transport=counting)
        try:
            loaded = load_mapped(world, lines)
            before = await world.connectwise_state() if undo else None
            sync = world.sync()
            cpu, wall = time.process_time(), time.perf_counter()
            report = await sync.sync(MAY)
            seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
            calls = counting.calls
            gate = world.billing.gate
            assert gate is not None
            gate_figures = gate.figures
            undo_seconds = undo_exact = None
            if undo:
                started = time.perf_counter()
                await sync.undo(MAY, report.run_id)
                undo_seconds = time.perf_counter() - started
                undo_exact = await world.connectwise_state() == before
        finally:
            await world.billing.aclose()
            world.database.close()
    return Figures(
        lines=loaded,
        concurrency=report.concurrency,
        default=concurrency is None,
        latency_ms=latency_ms,
        fault_rate=fault_rate,
        gate=gate_figures,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        calls=calls,
        created=report.created,
        updated=report.updated,
        failed=report.failed,
        agreements_created=len(report.agreements_created),
        undo_seconds=undo_seconds,
        undo_exact=undo_exact,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--concurrency", nargs="+", default=["6", "16", "32", "64", "default"])
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of calls the sandbox answers 429")
    parser.add_argument("--undo", action="store_true", help="undo the run afterwards and compare ConnectWise")
    arguments = parser.parse_args()
    # Each retried 429 is a warning of the client's; the gate's figures say what they did, in one line.
    logging.getLogger("tui_ledger.connectors").setLevel(logging.ERROR)
    company = company_for(arguments.lines)
    for value in arguments.concurrency:
        concurrency = None if value == "default" else int(value)
        run = run_once(
            company, arguments.lines, arguments.latency_ms, concurrency, arguments.fault_rate, arguments.undo
        )
        print(asyncio.run(run).report(), flush=True)


if __name__ == "__main__":
    main()
