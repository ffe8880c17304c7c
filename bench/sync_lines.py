"""Lines per second of Sync to PSA: 10,000 invoice lines into the ConnectWise sandbox with 50 ms latency.

Builds a throw-away world in a temporary directory: a demo company whose marketplace is scaled up until one
month bills at least `--lines` mapped lines, mapped as a user would (organizations → customers and their
contract agreements, two of them "create a new agreement"; offers → products), loaded into a profile
database. Then syncs the period through the real service and connector to the in-process ConnectWise
sandbox, every request delayed by `--latency-ms` (SandboxKnobs.latency_ms), and prints lines per second,
the concurrency used, the calls made and the CPU time. With `--undo` it then undoes the run and checks that
ConnectWise holds exactly what it held before. Not a test: run it.

    .venv/bin/python bench/sync_lines.py [--lines 10000] [--latency-ms 50] [--concurrency 32 ...] [--undo]

Several `--concurrency` values run one after another, each in a fresh world.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.services.line_sync.world import ANCHOR, MAY, SyncWorld, month_lines, open_world
from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.store.line_codes import MappingStatus


@dataclass(frozen=True, slots=True)
class Figures:
    lines: int
    concurrency: int
    latency_ms: float
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
        text = (
            f"sync {self.lines:,} lines, latency {self.latency_ms:.0f} ms, concurrency {self.concurrency}: "
            f"{self.seconds:.2f} s wall, {rate:,.0f} lines/s, {self.calls:,} calls "
            f"({self.calls / self.seconds:,.0f}/s), CPU {self.cpu_seconds:.2f} s; "
            f"{self.created:,} created, {self.updated:,} updated, {self.failed:,} failed, "
            f"{self.agreements_created} agreements created"
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


async def run_once(company: DemoCompany, lines: int, latency_ms: float, concurrency: int, undo: bool) -> Figures:
    with tempfile.TemporaryDirectory(prefix="tui-ledger-sync-bench-") as folder:
        knobs = SandboxKnobs(latency_ms=latency_ms)
        world = open_world(Path(folder), company, knobs=knobs, max_in_flight=concurrency, speedup=1.0)
        counting = Counting(world.hub.transport("connectwise"))
        await world.billing.aclose()
        world.billing = ConnectWiseAgreementBilling.open(world.billing.settings, clock=world.clock, transport=counting)
        try:
            loaded = load_mapped(world, lines)
            before = await world.connectwise_state() if undo else None
            sync = world.sync(concurrency=concurrency)
            cpu, wall = time.process_time(), time.perf_counter()
            report = await sync.sync(MAY)
            seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
            calls = counting.calls
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
        latency_ms=latency_ms,
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
    parser.add_argument("--concurrency", type=int, nargs="+", default=[32])
    parser.add_argument("--undo", action="store_true", help="undo the run afterwards and compare ConnectWise")
    arguments = parser.parse_args()
    company = company_for(arguments.lines)
    for concurrency in arguments.concurrency:
        figures = asyncio.run(run_once(company, arguments.lines, arguments.latency_ms, concurrency, arguments.undo))
        print(figures.report(), flush=True)


if __name__ == "__main__":
    main()
