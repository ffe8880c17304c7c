"""Export throughput: 2,000 invoices through the whole exactly-once run, into Xero and into QuickBooks Online.

    .venv/bin/python bench/export_throughput.py [--package xero|quickbooks] [--documents 2000] [--speedup 2]

What is measured is `ExportRunner.export` (DESIGN.md §5, services/export/): journal rows first, each invoice looked up
by number in the package, created in calls of the package's largest batch, and marked batched in ConnectWise with
its own GL batch — the run a user starts with Export All Valid, not a bare push. A throw-away sandbox (ConnectWise and
the package) is seeded with enough invoices that 2,000 are Ready; the package's rate limits are ON at their real
numbers, on a clock sped up `--speedup` times (rate windows, Retry-After and token expiry run on it; the CPU work of
client and sandbox does not speed up, and all of it shares one Python thread, so a high speed-up makes the run
CPU-bound instead of limit-bound). Retrieve and check happen first; then the bench waits one rate window on the
sandbox clock so the run starts with an empty window, as a user's Export does a minute after Retrieve. Times are
sandbox seconds (the clock the limits run on), from the start of the run to its end (the last ConnectWise batch).

Ceiling (the goal's yardstick): the calls the run cannot do without, sent at exactly the package's limits. For each
budget of M calls per W seconds that the run's necessary calls C fall under, the time is C x W / M; the ceiling is the
longest of them.
  Xero (one budget, 60 calls a minute): lookups by number, 50 a call (`InvoiceNumbers=`), plus creates, 50 a call:
    2,000 invoices -> 40 + 40 = 80 calls -> 80 s.
  QuickBooks Online (500 requests a minute; 40 batch calls a minute): lookups by `DocNumber IN (...)`, 100 a query,
    plus creates through /batch, 30 a call: 20 + 67 requests -> 10.4 s; 67 batch calls -> 100.5 s. Ceiling 100.5 s.
  ConnectWise publishes no limit (its connector caps calls in flight only), so its two calls per document (create the
  batch, read it back) do not enter the ceiling; they run beside the package's calls and their cost shows up in the
  achieved time. Goal: achieved / ceiling <= 1.15 with zero 429 answers from the package.
Also printed: the forced wait, floor((C - 1) / M) x W of the binding budget — the least any client waits for windows
to reopen — and what the run spent beyond it.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.services.export.export_world import ExportWorld, make_world
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.domain.checks import Ready
from tui_ledger.domain.documents import UnpostedInvoice
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.services.export import ExportRunner, prepare_export
from tui_ledger.store import open_profile_database
from tui_ledger.store.journal_log import LogStatus

GOAL_RATIO = 1.15
DEFAULT_DOCUMENTS = 2000
DEFAULT_SPEEDUP = 2.0
ANCHOR = date(2026, 1, 31)
INVOICES_ONLY = UnpostedFilter(thru_date=ANCHOR, include_expenses=False, include_procurement=False)
READY_SHARE = 0.2
"""Less than the share of demo invoices that are Ready in either package (the rest carry the demo's deliberate
errors, or are linked to copies already there)."""


@dataclass(frozen=True, slots=True)
class Budget:
    """A package limit: `calls` necessary calls fall under `limit` per `window` seconds."""

    name: str
    calls: int
    limit: int
    window: float

    @property
    def seconds(self) -> float:
        return self.calls * self.window / self.limit

    @property
    def forced_wait(self) -> float:
        return ((self.calls - 1) // self.limit) * self.window


def budgets(package: str, documents: int) -> tuple[Budget, ...]:
    """The calls the run needs, per budget of the package (see the module docstring)."""
    if package == "xero":
        return (Budget("calls", math.ceil(documents / 50) * 2, 60, 60.0),)
    lookups, batches = math.ceil(documents / 100), math.ceil(documents / 30)
    return (Budget("requests", lookups + batches, 500, 60.0), Budget("batch calls", batches, 40, 60.0))


@dataclass(frozen=True, slots=True)
class ExportFigures:
    package: str
    documents: int
    exported: int
    speedup: float
    achieved_seconds: float
    real_seconds: float
    package_calls: int
    throttled: int
    connectwise_calls: int
    budgets: tuple[Budget, ...]

    @property
    def binding(self) -> Budget:
        return max(self.budgets, key=lambda budget: budget.seconds)

    @property
    def ceiling_seconds(self) -> float:
        return self.binding.seconds

    @property
    def ratio(self) -> float:
        return self.achieved_seconds / self.ceiling_seconds

    def report(self) -> str:
        met = self.ratio <= GOAL_RATIO and self.throttled == 0 and self.exported == self.documents
        verdict = "meets" if met else "MISSES"
        binding = self.binding
        lines = [
            f"{self.package}: {self.exported:,} of {self.documents:,} invoices exported and batched, "
            f"clock x{self.speedup:g}",
            f"  achieved   {self.achieved_seconds:8.1f} s sandbox time ({self.real_seconds:.1f} s real); "
            f"{self.package_calls} calls to the package, {self.connectwise_calls} to ConnectWise",
        ]
        for budget in self.budgets:
            lines.append(
                f"  {budget.name:<12} {budget.calls} necessary at {budget.limit} per {budget.window:g} s -> "
                f"{budget.seconds:.1f} s"
            )
        lines += [
            f"  ceiling    {self.ceiling_seconds:8.1f} s ({binding.name})   -> achieved / ceiling = {self.ratio:.3f} "
            f"(goal <= {GOAL_RATIO})",
            f"  forced wait {binding.forced_wait:7.1f} s; "
            f"spent beyond it {self.achieved_seconds - binding.forced_wait:.1f} s",
            f"  429 answers from the package: {self.throttled}   -> {verdict} the goal",
        ]
        return "\n".join(lines)


class CallCounter(httpx.AsyncBaseTransport):
    """Counts the API calls that pass (the identity endpoints aside) and the 429s among them, while `counting`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, api_path: str) -> None:
        self.inner = inner
        self.api_path = api_path
        self.counting = False
        self.calls = 0
        self.throttled = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if self.counting and self.api_path in request.url.path:
            self.calls += 1
            self.throttled += response.status_code == 429
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def export_bench(package: str, documents: int, speedup: float) -> ExportFigures:
    with tempfile.TemporaryDirectory(prefix="export-bench-") as folder:
        root = Path(folder)
        company = DemoCompany.generate(anchor=ANCHOR, invoice_count=int(documents / READY_SHARE) + 200)
        world = make_world(root / "sandbox", package, knobs=SandboxKnobs(clock_speedup=speedup), company=company)
        package_calls = CallCounter(world.hub.transport(package), "/api.xro/" if package == "xero" else "/v3/company/")
        connectwise_calls = CallCounter(world.hub.transport("connectwise"), "/apis/3.0/")
        world.hub.transport = lambda name: {package: package_calls, "connectwise": connectwise_calls}[name]  # type: ignore[method-assign]
        async with world.connected() as (psa, connector):
            selected = await _ready_invoices(world, psa, connector, documents)
            await world.hub.clock.sleep(61.0)
            database = open_profile_database(root / "data", "bench")
            runner = ExportRunner(database, "bench", root / "data", clock=world.hub.clock)
            package_calls.counting = connectwise_calls.counting = True
            started, real_started = world.hub.clock.monotonic(), time.perf_counter()
            outcome = await runner.export(selected, connector=connector, batches=psa.batches, target=world.target)
            achieved, real = world.hub.clock.monotonic() - started, time.perf_counter() - real_started
            database.close()
    return ExportFigures(
        package=connector.capabilities.display_name,
        documents=len(selected),
        exported=outcome.documents.get(LogStatus.EXPORTED, 0),
        speedup=speedup,
        achieved_seconds=achieved,
        real_seconds=real,
        package_calls=package_calls.calls,
        throttled=package_calls.throttled,
        connectwise_calls=connectwise_calls.calls,
        budgets=budgets(package, len(selected)),
    )


async def _ready_invoices(
    world: ExportWorld, psa: object, connector: AccountingConnector, documents: int
) -> Sequence[Ready]:
    preparation = await prepare_export(psa, connector, INVOICES_ONLY, world.plans(connector))  # type: ignore[arg-type]
    ready = [
        verdict
        for verdict in preparation.sendable()
        if isinstance(verdict, Ready) and isinstance(verdict.document, UnpostedInvoice) and not verdict.links
    ]
    if len(ready) < documents:
        raise SystemExit(f"only {len(ready)} invoices are Ready in the demo company; raise READY_SHARE's margin")
    return ready[:documents]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--package", choices=("xero", "quickbooks"), action="append")
    parser.add_argument("--documents", type=int, default=DEFAULT_DOCUMENTS)
    parser.add_argument("--speedup", type=float, default=DEFAULT_SPEEDUP)
    arguments = parser.parse_args()
    for package in arguments.package or ("xero", "quickbooks"):
        figures = asyncio.run(export_bench(package, arguments.documents, arguments.speedup))
        print(figures.report(), flush=True)


if __name__ == "__main__":
    main()
