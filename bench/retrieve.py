"""Time to retrieve 10,000 unposted invoices with their lines through the ConnectWise connector, in process.

Seeds a throw-away sandbox (temporary directory) with a demo company holding at least 10,000 closed,
never-exported invoices, then retrieves them all the way the Export screen does — `/count` beside the
first page, pages of 1000 fetched a few at a time, and one GL export preview (Detailed) per page — through
the real connector on the sandbox's in-process transport. Prints the median wall time against the goal
(≤ 2 s), with the CPU time: sandbox and connector share one process, so wall time above CPU time is the
machine being busy with something else. The sandbox's state is loaded first (as a running ConnectWise's
is); the first retrieve is reported apart, because the sandbox builds its per-invoice export cache then.
Not a test: run it.

    .venv/bin/python bench/retrieve.py [--invoices N] [--runs R] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import math
import pstats
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui_ledger.connectors.connectwise.reader import ConnectWiseReader
from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
from tui_ledger.domain.documents import SummaryLevel
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.sandbox.connectwise import SERVICE
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub

GOAL_SECONDS = 2.0
ANCHOR = date(2026, 1, 31)
UNPOSTED_SHARE = 0.96
"""About this share of the demo company's invoices are closed and not in any batch."""


def reader_for(hub: SandboxHub) -> ConnectWiseReader:
    credentials = hub.credentials(SERVICE.name)
    settings = ConnectWiseSettings(
        base_url=hub.base_url(SERVICE.name),
        company_id=credentials["company_id"],
        public_key=credentials["public_key"],
        private_key=credentials["private_key"],
        client_id=credentials["client_id"],
    )
    return ConnectWiseReader.open(settings, clock=hub.clock, transport=hub.transport(SERVICE.name))


@dataclass(frozen=True, slots=True)
class Run:
    wall_seconds: float
    cpu_seconds: float
    invoices: int
    lines: int


async def retrieve_all(hub: SandboxHub) -> tuple[int, int]:
    """Retrieve every unposted invoice with its lines, as the Export screen does; return (invoices, lines)."""
    reader = reader_for(hub)
    unposted = UnpostedFilter(thru_date=ANCHOR, summary_level=SummaryLevel.DETAILED)
    invoices = lines = 0
    try:
        async for page in reader.unposted_invoices(unposted):
            invoices += len(page)
            lines += sum(len(invoice.lines) for invoice in page)
    finally:
        await reader.aclose()
    return invoices, lines


def timed_run(hub: SandboxHub) -> Run:
    """Wall time is the figure; CPU time shows how much of it was ours (sandbox and connector share the process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    invoices, lines = asyncio.run(retrieve_all(hub))
    return Run(time.perf_counter() - wall, time.process_time() - cpu, invoices, lines)


def demo_company_with(wanted: int) -> DemoCompany:
    """The smallest demo company (in 2% steps) with at least `wanted` closed, never-exported invoices."""
    invoice_count = math.ceil(wanted / UNPOSTED_SHARE)
    while True:
        company = DemoCompany.generate(anchor=ANCHOR, invoice_count=invoice_count)
        if len(company.unposted_invoices()) >= wanted:
            return company
        invoice_count = math.ceil(invoice_count * 1.02)


def seed(state_dir: Path, wanted: int) -> SandboxHub:
    started = time.perf_counter()
    company = demo_company_with(wanted)
    hub = SandboxHub(state_dir, services=[SERVICE])
    hub.seed(company)
    unposted = len(company.unposted_invoices())
    print(f"seeded {len(company.invoices):,} invoices ({unposted:,} unposted) in {time.perf_counter() - started:.1f} s")
    return hub


async def warm(hub: SandboxHub) -> None:
    """A running ConnectWise has its data loaded; the sandbox loads its state on the first request."""
    reader = reader_for(hub)
    try:
        await reader.count_unposted_invoices(UnpostedFilter(thru_date=ANCHOR))
    finally:
        await reader.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=10_000, help="unposted invoices to seed (at least)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs after the first one")
    parser.add_argument("--profile", action="store_true", help="print the 25 most expensive functions of one run")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tui-ledger-bench-") as directory:
        hub = seed(Path(directory), options.invoices)
        asyncio.run(warm(hub))
        first = timed_run(hub)
        print(f"first retrieve (sandbox's per-invoice export cache cold): {first.wall_seconds:.2f} s")
        runs = [timed_run(hub) for _ in range(options.runs)]
        median = statistics.median(run.wall_seconds for run in runs)
        best = min(run.wall_seconds for run in runs)
        cpu = statistics.median(run.cpu_seconds for run in runs)
        verdict = "meets" if median <= GOAL_SECONDS else "MISSES"
        print(
            f"retrieve {first.invoices:,} unposted invoices with {first.lines:,} lines: median {median:.2f} s "
            f"(best {best:.2f} s, CPU {cpu:.2f} s) over {options.runs} runs — goal ≤ {GOAL_SECONDS:.1f} s: {verdict}"
        )
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            asyncio.run(retrieve_all(hub))
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
