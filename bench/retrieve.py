"""Retrieve (and retrieve + check) of 10,000 unposted invoices with their lines from the in-process sandbox.

Seeds a throw-away sandbox (temporary directory) with a demo company holding at least 10,000 closed,
never-exported invoices, then, in each of a few FRESH processes (as a user's start of the app is):

1. state load: the first request, which makes the ConnectWise sandbox load its state (the app does this
   while it opens the Export screen, when it reads the locations);
2. first retrieve: every unposted invoice with its lines (Detailed), the way the Export screen retrieves —
   `/count` beside the first page, pages of 1000 fetched a few at a time, one GL export preview per page —
   through the real connector, with the sandbox's per-invoice caches still cold: a user's first Retrieve;
3. warm retrieves: the same again, caches filled;
4. retrieve + check: `prepare_export` as the Export screen and `tui-ledger export` run it (retrieve every
   document type, plan, build the PackageSnapshot, check every document) against the Xero sandbox. The
   package's answers (company, accounts, tax rates, contacts, items, the look-up of every document number)
   are read from the Xero sandbox once, with its rate limits off, and replayed from memory in the timed
   runs: what is timed is our work, not Xero's 60-calls-a-minute limit. The plans use the tax-code map the
   Xero sandbox seeded, as a sandbox profile's company does.

Sandbox and client share one process, so both wall time and CPU time are printed: on this shared 2-core
machine, wall time above CPU time is the machine being busy with something else. Figures are medians.

    .venv/bin/python bench/retrieve.py [--invoices N] [--starts S] [--runs R] [--profile PHASE [--sort cumulative]]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import math
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise.reader import ConnectWiseReader
from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
from tui_ledger.domain.accounting import (
    AccountRecord,
    CompanyProfile,
    ContactRecord,
    DocumentType,
    ItemRecord,
    PackageCapabilities,
    PartyRole,
    RemoteDocument,
    TaxRateRecord,
)
from tui_ledger.domain.documents import SummaryLevel
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.plans import PlainExportOptions, PlanContext
from tui_ledger.sandbox import connectwise, xero
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.tax_code_maps import load_tax_code_map
from tui_ledger.services.export.prepare import ExportPreparation, prepare_export

RETRIEVE_GOAL_SECONDS = 2.0
CHECK_GOAL_SECONDS = 3.0
ANCHOR = date(2026, 1, 31)
UNPOSTED_SHARE = 0.96
"""About this share of the demo company's invoices are closed and not in any batch."""
INVOICES = UnpostedFilter(
    thru_date=ANCHOR, include_expenses=False, include_procurement=False, summary_level=SummaryLevel.DETAILED
)
EVERYTHING = UnpostedFilter(thru_date=ANCHOR, summary_level=SummaryLevel.DETAILED)
CLOCK_SPEEDUP = 1000.0
PHASES = ("load", "first", "warm", "first-check", "check")

T = TypeVar("T")


# ---------------------------------------------------------------- the world


def demo_company_with(wanted: int) -> DemoCompany:
    """The smallest demo company (in 2% steps) with at least `wanted` closed, never-exported invoices."""
    invoice_count = math.ceil(wanted / UNPOSTED_SHARE)
    while True:
        company = DemoCompany.generate(anchor=ANCHOR, invoice_count=invoice_count)
        if len(company.unposted_invoices()) >= wanted:
            return company
        invoice_count = math.ceil(invoice_count * 1.02)


def open_hub(state_dir: Path) -> SandboxHub:
    """Xero's limits off, and its clock sped up so the connector's own pacing (60 calls a minute) does not make
    the one untimed read of the package take minutes; nothing timed waits on the clock."""
    knobs = SandboxKnobs(rate_limits=False, clock_speedup=CLOCK_SPEEDUP)
    return SandboxHub(state_dir, knobs, services=[connectwise.SERVICE, xero.SERVICE])


def reader_for(hub: SandboxHub) -> ConnectWiseReader:
    credentials = hub.credentials(connectwise.SERVICE.name)
    settings = ConnectWiseSettings(
        base_url=hub.base_url(connectwise.SERVICE.name),
        company_id=credentials["company_id"],
        public_key=credentials["public_key"],
        private_key=credentials["private_key"],
        client_id=credentials["client_id"],
    )
    return ConnectWiseReader.open(settings, clock=hub.clock, transport=hub.transport(connectwise.SERVICE.name))


def xero_for(hub: SandboxHub) -> AccountingConnector:
    from tui_ledger.connectors.xero import GrantKind, MemoryTokenSink, XeroConnection, XeroEndpoints, open_xero

    credentials = hub.credentials(xero.SERVICE.name)
    connection = XeroConnection(
        client_id=credentials["custom_client_id"],
        client_secret=credentials["custom_client_secret"],
        grant=GrantKind.CUSTOM_CONNECTION,
        endpoints=XeroEndpoints.under("http://xero.sandbox.invalid"),
        profile="bench",
    )
    return open_xero(connection, MemoryTokenSink(), transport=hub.transport(xero.SERVICE.name), clock=hub.clock)


class ReplayedPackage:
    """The accounting package's answers to the reads `prepare_export` makes, read once and then replayed.

    Only the read side of `AccountingConnector` is offered: the check never writes."""

    def __init__(self, connector: AccountingConnector) -> None:
        self._connector = connector
        self._answers: dict[tuple[object, ...], Any] = {}
        self.recording = True

    @property
    def capabilities(self) -> PackageCapabilities:
        return self._connector.capabilities

    async def _answer(self, key: tuple[object, ...], read: Callable[[], Awaitable[T]]) -> T:
        if self.recording:
            self._answers[key] = await read()
        return self._answers[key]  # type: ignore[no-any-return]

    async def company(self) -> CompanyProfile:
        return await self._answer(("company",), self._connector.company)

    async def accounts(self) -> list[AccountRecord]:
        return await self._answer(("accounts",), self._connector.accounts)

    async def tax_rates(self) -> list[TaxRateRecord]:
        return await self._answer(("tax_rates",), self._connector.tax_rates)

    async def contacts(self, role: PartyRole | None = None) -> list[ContactRecord]:
        return await self._answer(("contacts", role), lambda: self._connector.contacts(role))

    async def items(self) -> list[ItemRecord]:
        return await self._answer(("items",), self._connector.items)

    async def find_documents(self, document_type: DocumentType, numbers: Sequence[str]) -> list[RemoteDocument]:
        key = ("documents", document_type, tuple(numbers))
        return await self._answer(key, lambda: self._connector.find_documents(document_type, numbers))


# ---------------------------------------------------------------- one fresh process


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float
    cpu: float


async def timed(work: Awaitable[T]) -> tuple[Timing, T]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = await work
    return Timing(time.perf_counter() - wall, time.process_time() - cpu), result


async def retrieve_all(hub: SandboxHub) -> tuple[int, int]:
    """Every unposted invoice with its lines, as the Export screen retrieves them; (invoices, lines)."""
    reader = reader_for(hub)
    invoices = lines = 0
    try:
        async for page in reader.unposted_invoices(INVOICES):
            invoices += len(page)
            lines += sum(len(invoice.lines) for invoice in page)
    finally:
        await reader.aclose()
    return invoices, lines


async def load_state(hub: SandboxHub) -> int:
    reader = reader_for(hub)
    try:
        return await reader.count_unposted_invoices(INVOICES)
    finally:
        await reader.aclose()


async def retrieve_and_check(hub: SandboxHub, package: ReplayedPackage) -> ExportPreparation:
    reader = reader_for(hub)
    tax_codes = load_tax_code_map(hub.state_dir, xero.SERVICE.name)
    plans = PlanContext("bench", "Demo Xero", package.capabilities, PlainExportOptions(), tax_codes=tax_codes)
    try:
        return await prepare_export(reader, package, EVERYTHING, plans)  # type: ignore[arg-type]
    finally:
        await reader.aclose()


async def measure_one_start(state_dir: Path, runs: int, profile: str | None, sort: str) -> dict[str, Any]:
    """Every phase in this (fresh) process; returns the figures as JSON-ready values."""
    hub = open_hub(state_dir)
    figures: dict[str, Any] = {}
    profiler = cProfile.Profile()

    async def phase(name: str, work: Callable[[], Awaitable[T]]) -> T:
        if profile == name:
            profiler.enable()
        timing, result = await timed(work())
        if profile == name:
            profiler.disable()
        figures.setdefault(name, []).append([timing.wall, timing.cpu])
        return result

    await phase("load", lambda: load_state(hub))
    figures["invoices"], figures["lines"] = await phase("first", lambda: retrieve_all(hub))
    for _ in range(runs):
        await phase("warm", lambda: retrieve_all(hub))

    connector = xero_for(hub)
    package = ReplayedPackage(connector)
    try:
        snapshot_timing, _ = await timed(retrieve_and_check(hub, package))
        figures["recording"] = [snapshot_timing.wall, snapshot_timing.cpu]
        package.recording = False
        preparation = await phase("first-check", lambda: retrieve_and_check(hub, package))
        for _ in range(runs):
            await phase("check", lambda: retrieve_and_check(hub, package))
    finally:
        await connector.aclose()
    figures["documents"] = preparation.retrieval.document_count
    figures["ready"] = len(preparation.sendable())
    figures["blocked"] = len(preparation.blocked())
    if profile is not None:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats(sort).print_stats(40)
    return figures


# ---------------------------------------------------------------- the report


def seed(state_dir: Path, wanted: int) -> None:
    started = time.perf_counter()
    company = demo_company_with(wanted)
    open_hub(state_dir).seed(company)
    unposted = len(company.unposted_invoices())
    print(f"seeded {len(company.invoices):,} invoices ({unposted:,} unposted) in {time.perf_counter() - started:.1f} s")


def run_start(state_dir: Path, runs: int, profile: str | None, sort: str) -> dict[str, Any]:
    """One fresh process measuring every phase (a start of the app is a fresh process too)."""
    command = [sys.executable, __file__, "--child", str(state_dir), "--runs", str(runs), "--sort", sort]
    if profile:
        command += ["--profile", profile]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def medians(starts: list[dict[str, Any]], phase: str) -> Timing:
    samples = [sample for start in starts for sample in start[phase]]
    return Timing(statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))


def line(label: str, timing: Timing, goal: float | None = None) -> str:
    text = f"  {label:<38} {timing.wall:5.2f} s wall  {timing.cpu:5.2f} s CPU"
    if goal is not None:
        text += f"   goal <= {goal:.1f} s: {'meets' if timing.wall <= goal else 'MISSES'}"
    return text


def report(starts: list[dict[str, Any]], runs: int) -> None:
    first = starts[0]
    load, cold, warm = medians(starts, "load"), medians(starts, "first"), medians(starts, "warm")
    cold_start = Timing(load.wall + cold.wall, load.cpu + cold.cpu)
    print(
        f"retrieve {first['invoices']:,} unposted invoices with {first['lines']:,} lines (Detailed), "
        f"medians over {len(starts)} fresh processes ({runs} warm runs each):"
    )
    print(line("state load (first request after start)", load))
    print(line("first retrieve (sandbox caches cold)", cold, RETRIEVE_GOAL_SECONDS))
    print(line("warm retrieve", warm, RETRIEVE_GOAL_SECONDS))
    print(line("state load + first retrieve", cold_start))
    print(
        f"retrieve + check of {first['documents']:,} documents (all types; {first['ready']:,} Ready, "
        f"{first['blocked']:,} Errors) against the Xero sandbox snapshot:"
    )
    recording = statistics.median(start["recording"][0] for start in starts)
    print(f"  (reading the package from the Xero sandbox once, limits off, not timed: {recording:.2f} s wall)")
    print(line("first retrieve + check", medians(starts, "first-check"), CHECK_GOAL_SECONDS))
    print(line("warm retrieve + check", medians(starts, "check"), CHECK_GOAL_SECONDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=10_000, help="unposted invoices to seed (at least)")
    parser.add_argument("--starts", type=int, default=3, help="fresh processes (each: load, first and warm runs)")
    parser.add_argument("--runs", type=int, default=3, help="warm runs of each kind per process")
    parser.add_argument("--profile", choices=PHASES, help="print the 40 most expensive functions of that phase")
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime", help="order of --profile")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child is not None:
        figures = asyncio.run(measure_one_start(options.child, options.runs, options.profile, options.sort))
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory(prefix="tui-ledger-bench-") as directory:
        seed(Path(directory), options.invoices)
        starts = [
            run_start(Path(directory), options.runs, options.profile if index == 0 else None, options.sort)
            for index in range(options.starts)
        ]
    report(starts, options.runs)


if __name__ == "__main__":
    main()
