"""The Batches screen on a private copy of the embedded sandbox, driven by keys as a user drives it.

Each test gets its own sandbox state (batch actions change ConnectWise and the packages), copied from a template
seeded once per module. The profile is the built-in sandbox profile through the real wiring, with sandbox time
sped up so Xero's 60-calls-a-minute window never makes a test wait. The seeded world holds seed 000's batches:
`I5009:…` and `I5010:…` (one invoice each), `E4304dchu:…` (one expense), `P981:…` (a PO whose line 1 was unbatched
in ConnectWise's UI), `AutoSync …` (another tool's batch of invoices, an expense and PO 980) and a closed
`Month End …` batch; Xero holds a copy of every batched document.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from textual.pilot import Pilot

from tests.ui.conftest import FIXED_PATHS, settle
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.domain.accounting import DocumentType, RemoteDocument
from tui_ledger.domain.batches.records import DocumentRef
from tui_ledger.domain.checks import Ready
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.plans import PlanContext
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.services.batches import BatchDesk
from tui_ledger.services.batches.send import document_ref, send_through_export
from tui_ledger.services.export.prepare import prepare_export
from tui_ledger.services.workspace import Workspace
from tui_ledger.ui.app import TuiLedgerApp
from tui_ledger.ui.screens.batches import BatchesScreen
from tui_ledger.ui.screens.batches_detail import RecordTable
from tui_ledger.ui.screens.batches_list import BatchListTable
from tui_ledger.ui.screens.batches_lookup import SearchBox
from tui_ledger.wiring import workspace_factory

TODAY = date(2026, 1, 31)
FAST_SANDBOX = """
[profiles.sandbox.sandbox]
clock_speedup = 1000.0
"""


class NoonClock:
    """Noon UTC on TODAY, for the app's own sense of today (the sandbox keeps its own clock)."""

    def monotonic(self) -> float:
        return 0.0

    def now(self) -> datetime:
        return datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0, tzinfo=UTC)

    async def sleep(self, seconds: float) -> None:
        return None


def seed_template(state_dir: Path, *, discrepancies: bool = False) -> Path:
    """Seed the sandbox once; each test copies the state (copying takes milliseconds, seeding about a second)."""
    SandboxHub(state_dir).seed(DemoCompany.generate(anchor=TODAY), discrepancies=discrepancies)
    return state_dir


def sandbox_environ(home: Path, template: Path, *, latency_ms: float = 0.0) -> dict[str, str]:
    """A fast sandbox profile over a private copy of `template`, its data under `home`; `latency_ms` delays every
    request in real time (to catch a long action while it runs)."""
    config = home / "config.toml"
    config.write_text(f"{FAST_SANDBOX}latency_ms = {latency_ms}\n", encoding="utf-8")
    shutil.copytree(template, home / "data" / "sandbox")
    return {"TUI_LEDGER_CONFIG": str(config), "TUI_LEDGER_DATA_DIR": str(home / "data")}


def build_batches_app(environ: dict[str, str], **preferences: object) -> TuiLedgerApp:
    """The app on that sandbox; paths pinned so no screen shows the temporary folder; `preferences` (theme,
    unicode) replace the profile's."""
    open_sandbox = workspace_factory(environ=environ, today=TODAY)

    async def open_workspace() -> Workspace:
        workspace = await open_sandbox()
        chosen = dataclasses.replace(workspace.preferences, **preferences)
        return dataclasses.replace(workspace, paths=FIXED_PATHS, details={}, preferences=chosen)

    return TuiLedgerApp(open_workspace, clock=NoonClock(), cursor_blink=False)


@dataclass
class Desk:
    """The running app with the Batches screen open, and what a test needs to look behind it."""

    app: TuiLedgerApp
    pilot: Pilot[None]
    home: Path

    @property
    def screen(self) -> BatchesScreen:
        screen = self.app.get_screen("batches")
        assert isinstance(screen, BatchesScreen)
        return screen

    @property
    def batch_desk(self) -> BatchDesk:
        desk = self.screen.desk
        assert desk is not None
        return desk

    @property
    def package(self) -> AccountingConnector:
        package = self.batch_desk.context.package
        assert package is not None
        return package

    @property
    def connectwise_state(self) -> Path:
        return self.home / "data" / "sandbox" / "connectwise.sqlite"

    @property
    def records(self) -> RecordTable:
        return self.screen.query_one(RecordTable)

    @property
    def batch_list(self) -> BatchListTable:
        return self.screen.query_one(BatchListTable)

    def record_labels(self) -> list[str]:
        return [located.record.label for located in self.records.rows_shown]

    def activity(self) -> str:
        """The activity line of the screen in front (Batches or Reconcile), else of the Batches screen."""
        front = self.app.screen
        screen = front if front.query("#batches-activity") else self.screen
        return str(screen.query_one("#batches-activity").render())

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await settle(self.pilot)

    async def find(self, text: str, *, typed: bool = False) -> None:
        """`/`, the text, `enter`: the one search box. The text is put in whole unless `typed` (key by key is
        slow in a pilot, and the keys of the box are Textual's own)."""
        await self.press("slash")
        search = self.screen.query_one(SearchBox)
        search.value = ""
        if typed:
            await self.pilot.press(*text)
        else:
            search.value = text
        await self.press("enter")

    async def highlight(self, label: str) -> None:
        """Put the records cursor on the record with this label."""
        labels = self.record_labels()
        assert label in labels, labels
        self.records.focus()
        self.records.move_cursor(row=labels.index(label))
        await settle(self.pilot)

    async def highlight_batch(self, starts_with: str) -> None:
        shown = self.batch_list.shown
        row = next(index for index, summary in enumerate(shown) if summary.identifier.startswith(starts_with))
        self.batch_list.focus()
        self.batch_list.move_cursor(row=row)
        await settle(self.pilot)

    async def live_copies(self, document_type: DocumentType, number: str) -> list[RemoteDocument]:
        copies = await self.package.find_documents(document_type, [number])
        return [copy for copy in copies if not copy.status.is_gone]


@asynccontextmanager
async def batches_desk(
    home: Path, template: Path, size: tuple[int, int] = (100, 30), *, latency_ms: float = 0.0
) -> AsyncIterator[Desk]:
    """Start the app on a copy of `template`, open the Batches screen with ctrl+b, and hand it over."""
    app = build_batches_app(sandbox_environ(home, template, latency_ms=latency_ms))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        yield Desk(app, pilot, home)


async def exported_invoice(desk: BatchDesk) -> DocumentRef:
    """Export one unposted invoice the package takes as it is, as the Export screen would: its own seed-000 batch
    in ConnectWise and one copy in Xero (the seeded invoices carry tax codes the batch send path does not map)."""
    context = desk.context
    assert context.package is not None
    assert context.capabilities is not None
    assert context.target is not None
    plans = PlanContext(context.profile, context.target, context.capabilities, context.options)
    only_invoices = UnpostedFilter(thru_date=TODAY, include_expenses=False, include_procurement=False)
    preparation = await prepare_export(context.psa, context.package, only_invoices, plans)
    ready = next(
        verdict
        for verdict in preparation.sendable(DocumentKind.INVOICE)
        if isinstance(verdict, Ready) and verdict.document.total > 0 and verdict.parts_to_create
    )
    document = document_ref(ready.document)
    sent = await send_through_export(context, [document])
    assert sent.sent == (document,), sent.not_sent
    return document
