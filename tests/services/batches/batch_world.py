"""A fresh sandbox world opened as the built-in sandbox profile, for the batch service tests.

Each test gets its own state (batch actions change ConnectWise and the packages). Sandbox time runs 1000x faster
so Xero's 60-calls-a-minute window never makes a test wait; the connectors share that clock and pace by it.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.domain.accounting import DocumentType, RemoteDocument
from tui_ledger.domain.batches.records import BatchRecord, DocumentRef
from tui_ledger.domain.checks import Ready
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.plans import PlanContext
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.desk import BatchDesk
from tui_ledger.services.batches.events import BatchEvent
from tui_ledger.services.batches.send import document_ref
from tui_ledger.services.export.prepare import prepare_export
from tui_ledger.wiring import ProfileRuntime, open_runtime

TODAY = date(2026, 1, 31)
XERO = "Demo Xero"
QUICKBOOKS = "Demo QuickBooks"
FAST_SANDBOX = """
[profiles.sandbox.sandbox]
clock_speedup = 1000.0
"""


@dataclass
class World:
    runtime: ProfileRuntime
    company: DemoCompany
    desk: BatchDesk
    package: AccountingConnector
    events: list[BatchEvent] = field(default_factory=list)

    @property
    def context(self) -> BatchContext:
        return self.desk.context

    @property
    def connectwise_state(self) -> Path:
        hub = self.runtime.hub
        assert hub is not None
        return hub.context.state_file("connectwise")

    async def record(self, text: str) -> BatchRecord:
        """The one record a search names."""
        found = await self.desk.find(text)
        assert len(found.located) == 1, [located.record.label for located in found.located]
        return found.located[0].record

    async def copies(self, document_type: DocumentType, number: str) -> list[RemoteDocument]:
        return await self.package.find_documents(document_type, [number])

    async def live_copies(self, document_type: DocumentType, number: str) -> list[RemoteDocument]:
        return [copy for copy in await self.copies(document_type, number) if not copy.status.is_gone]


def company_for_tests() -> DemoCompany:
    return DemoCompany.generate(anchor=TODAY)


def seed_template(state_dir: Path, company: DemoCompany, *, discrepancies: bool = False) -> Path:
    """Seed a sandbox state once; tests copy it (seeding every service takes about a second, copying milliseconds)."""
    SandboxHub(state_dir).seed(company, discrepancies=discrepancies)
    return state_dir


def world_environ(tmp_path: Path) -> dict[str, str]:
    """The environment of a profile whose config makes the sandbox fast, with its data in `tmp_path`."""
    config = tmp_path / "config.toml"
    config.write_text(FAST_SANDBOX, encoding="utf-8")
    return {"TUI_LEDGER_CONFIG": str(config), "TUI_LEDGER_DATA_DIR": str(tmp_path / "data")}


@asynccontextmanager
async def open_world(
    tmp_path: Path,
    template: Path,
    *,
    target: str | None = XERO,
    company: DemoCompany | None = None,
) -> AsyncIterator[World]:
    """Open the sandbox profile over a private copy of `template` (a seeded state directory)."""
    chosen = company or company_for_tests()
    environ = world_environ(tmp_path)
    shutil.copytree(template, tmp_path / "data" / "sandbox")
    runtime = await open_runtime(environ=environ, today=TODAY)
    try:
        package = await runtime.accounting(target or XERO)
        events: list[BatchEvent] = []
        context = BatchContext(
            psa=runtime.psa,
            database=runtime.database,
            profile=runtime.name,
            clock=runtime.clock,
            package=package if target is not None else None,
            target=target,
            options=runtime.profile.export,
            data_dir=runtime.paths.data_dir,
            events=events.append,
        )
        yield World(runtime, chosen, BatchDesk(context), package, events)
    finally:
        await runtime.aclose()


def money(text: str) -> Decimal:
    return Decimal(text)


async def first_ready_invoice(world: World) -> DocumentRef:
    """An unposted invoice the export sends as it is (no Error), to export, unbatch, edit and export again."""
    context = world.context
    assert context.package is not None
    assert context.capabilities is not None
    assert context.target is not None
    plans = PlanContext(context.profile, context.target, context.capabilities, context.options)
    only_invoices = UnpostedFilter(thru_date=TODAY, include_expenses=False, include_procurement=False)
    preparation = await prepare_export(context.psa, context.package, only_invoices, plans)
    for verdict in preparation.sendable(DocumentKind.INVOICE):
        if isinstance(verdict, Ready) and verdict.document.total > 0 and verdict.parts_to_create:
            return document_ref(verdict.document)
    raise AssertionError("the demo company has no invoice ready to export")
