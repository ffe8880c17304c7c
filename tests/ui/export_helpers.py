"""Helpers for the export pilot tests: a sandbox of their own, fixes made in Xero as a bookkeeper makes them, and
the sandbox's own state files as the truth an export is judged against.

Every test that exports gets a fresh data folder (the shared session sandbox of the other UI tests only reads), so
what one test sends never shows in another's lists or snapshots.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.ui.conftest import settle
from tests.ui.fakes import FixedClock, MemoryPsa, make_workspace
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.domain.accounting import (
    ContactDraft,
    DocumentDraft,
    DocumentType,
    ItemDraft,
    LineDraft,
    PartyRef,
    PartyRole,
    RemoteDocument,
)
from tui_ledger.domain.checks import Resolution
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.plans import PlainExportOptions
from tui_ledger.domain.plans.model import PlanPart
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID
from tui_ledger.sandbox.xero.store import Collection, XeroStore
from tui_ledger.services.export import ExportEvent, ExportEventSink, RunOutcome
from tui_ledger.services.export_desk import ExportDesk
from tui_ledger.services.workspace import Workspace
from tui_ledger.store import Database, RunHistory, RunStatus, open_profile_database
from tui_ledger.store.journal import DocumentChange, EntityChange, ExportJournal, PartChange
from tui_ledger.store.journal_records import (
    DocumentStep,
    EntityKind,
    EntityState,
    JournalDocument,
    NewDocument,
    NewEntity,
    NewPart,
    PartState,
)
from tui_ledger.ui.app import TuiLedgerApp
from tui_ledger.ui.screens.batch_status import BatchStatusScreen, NewRun
from tui_ledger.ui.screens.export import ExportScreen


def sandbox_home(tmp_path: Path, config: str = "") -> dict[str, str]:
    """The environment of a desk with its own config file (`config` is its text) and its own sandbox."""
    home = tmp_path / "tui-ledger"
    home.mkdir(parents=True, exist_ok=True)
    config_file = home / "config.toml"
    if config:
        config_file.write_text(config, encoding="utf-8")
    return {"TUI_LEDGER_CONFIG": str(config_file), "TUI_LEDGER_DATA_DIR": str(home / "data")}


@dataclass(frozen=True)
class SandboxState:
    """The state files of a desk's sandbox, read the way tests/services/export/sandbox_truth reads a world's."""

    hub: SandboxHub
    package: str


def sandbox_state(environ: dict[str, str], package: str = "xero") -> SandboxState:
    return SandboxState(SandboxHub(Path(environ["TUI_LEDGER_DATA_DIR"]) / "sandbox", SandboxKnobs()), package)


def xero_store(environ: dict[str, str]) -> XeroStore:
    """The Xero sandbox's records, as a bookkeeper's changes in Xero would leave them."""
    return sandbox_state(environ).hub.app("xero").app.state.xero.store  # type: ignore[no-any-return]


def set_xero_account_status(environ: dict[str, str], code: str, status: str) -> None:
    """Archive or restore an account in Xero's chart of accounts."""
    store = xero_store(environ)
    account = next(record for record in store.all(MAIN_TENANT_ID, Collection.ACCOUNTS) if record.get("Code") == code)
    store.put(
        MAIN_TENANT_ID,
        Collection.ACCOUNTS,
        account["AccountID"],
        {**account, "Status": status},
        number=code,
        name=account["Name"],
    )


def export_screen(app: object) -> ExportScreen:
    for screen in app.screen_stack:  # type: ignore[attr-defined]
        if isinstance(screen, ExportScreen):
            return screen
    raise AssertionError("the Export screen is not open")


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, then let every started task finish and the screen catch up."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await settle(pilot)


async def until(pilot: Pilot[None], condition: Callable[[], bool], *, seconds: float = 20.0) -> None:
    """Wait (letting the app run) until `condition` holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {seconds} s")
        await pilot.pause(0.02)


# -- a run held at a chosen call, so Esc lands while documents are still being sent ------------------------------


class HeldConnector:
    """The real accounting connector, except that document look-ups after the first `free` calls wait forever: the
    run is certainly still running when the test presses Esc, however fast or slow the machine is. Held at a
    look-up, the waiting documents were never sent, so a resume need not wait to settle unknown outcomes."""

    def __init__(self, inner: AccountingConnector, free: int) -> None:
        self.inner = inner
        self.free = free
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def find_documents(self, document_type: DocumentType, numbers: Sequence[str]) -> list[RemoteDocument]:
        self.calls += 1
        if self.calls > self.free:
            await asyncio.Event().wait()
        return await self.inner.find_documents(document_type, numbers)


def hold_lookups(desk: ExportDesk, *, free: int) -> None:
    """From now on the desk's runs look documents up `free` times, then hang until cancelled."""
    opened = desk.open_target

    async def held(name: str) -> AccountingConnector:
        return HeldConnector(await opened(name), free)  # type: ignore[return-value]

    desk.open_target = held


# -- a scripted run, for Batch Status snapshots that must not depend on timing ------------------------------------


class ScriptedDesk:
    """Stands in for `ExportDesk` on the Batch Status screen: plays `events`, then ends with `outcome` (or runs
    until cancelled when `outcome` is None), so a snapshot shows exactly the state it names."""

    def __init__(self, events: Sequence[ExportEvent], outcome: RunOutcome | None) -> None:
        self.events = tuple(events)
        self.outcome = outcome

    async def export(
        self, target: str, verdicts: object, events: ExportEventSink, resolutions: object = None
    ) -> RunOutcome:
        for event in self.events:
            events(event)
        if self.outcome is None:
            await asyncio.Event().wait()
        assert self.outcome is not None
        return self.outcome

    def unfinished(self) -> None:
        return None


def scripted_run(app: TuiLedgerApp, desk: ScriptedDesk) -> BatchStatusScreen:
    """The Batch Status of a scripted run into the in-memory workspace's Xero company, over the Export screen."""
    assert app.workspace is not None
    request = NewRun("Demo Pty Ltd", "Demo Pty Ltd (Xero)", (), {})
    screen = BatchStatusScreen(app.workspace, desk, request)  # type: ignore[arg-type]
    app.push_screen(screen)
    return screen


# -- a journal written as a run would leave it, for Export Log snapshots with fixed ids and times ----------------


def _invoice_draft(number: str, customer: str, amount: str, day: int) -> DocumentDraft:
    return DocumentDraft(
        document_type=DocumentType.SALES_INVOICE,
        idempotency_key=f"sandbox:Demo Pty Ltd:invoice:{number}",
        contact=PartyRef(name=customer),
        issue_date=date(2025, 1, day),
        lines=(LineDraft("Managed services", Decimal(1), Decimal(amount), account_code="4000"),),
        number=number,
    )


def _invoice(number: str, customer: str, amount: str, day: int, *, lines: bool = True) -> NewDocument:
    parts = (NewPart(PlanPart.MAIN, _invoice_draft(number, customer, amount, day)),) if lines else ()
    return NewDocument(
        kind=DocumentKind.INVOICE,
        psa_id=int(number) + 1000,
        number=number,
        counterparty=customer,
        document_date=date(2025, 1, day),
        total=Decimal(amount),
        currency="USD",
        batch_identifier=f"I{number}:K3J9QX2A",
        gl_entry_ids=(int(number) * 10,),
        parts=parts,
        message="" if lines else "Invoice has no lines - not sent to Xero",
    )


XERO_ARCHIVED = (
    "Account code '4400' has been archived, or is invalid, for the line 'Mileage - on-site visit'. "
    "Please choose an active account or restore the account in Xero."
)


def journal_desk(tmp_path: Path, *, finished: bool = True) -> ExportDesk:
    """A desk over a profile database holding one export run into Demo Pty Ltd (the in-memory workspace's Xero
    company), with every kind of log row.

    Finished: exported, linked, not sent (no lines), refused by Xero, refused as already in Xero with the choices,
    a customer created and a product already there. Unfinished: two documents done, the rest not yet sent.
    """
    database = open_profile_database(tmp_path / "data", "sandbox")
    clock = FixedClock()
    history = RunHistory(database, "sandbox", clock)
    journal = ExportJournal(database, clock)
    documents = (
        _invoice("5014", "Maplewood Public Library", "1900.00", 6),
        _invoice("5008", "Bayside Family Dental", "0.00", 3, lines=False),
        _invoice("5013", "Cedar Ridge Veterinary Clinic", "1234.50", 5),
        _invoice("5081", "Westbrook Accounting CPAs", "375.00", 20),
        _invoice("5097", "Harborview Marine Supply", "2160.00", 24),
    )
    entities = (
        NewEntity(EntityKind.CUSTOMER, ContactDraft("Harborview Marine Supply", PartyRole.CUSTOMER, "c-1", "HMS")),
        NewEntity(EntityKind.PRODUCT, ItemDraft("DOWNPAY", "Down Payment", "i-1")),
    )
    run = history.start("export", {"target": "Demo Pty Ltd", "package": "Xero", "documents": len(documents)})
    journal.record(run.id, entities, documents)
    rows = {row.number: row for row in journal.documents(run.id)}
    customer, product = journal.entities(run.id)
    done = [
        EntityChange(customer.id, EntityState.CREATED, target_id="2f9c1d2e-0b7a-4c55-9d1e-5a6b7c8d9e01"),
        EntityChange(product.id, EntityState.LINKED, target_id="8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
        *_created(rows["5014"], "0b6f3e2a-91c4-4d7e-a1f2-3c4d5e6f7a81", batch=901),
        DocumentChange(rows["5008"].id, DocumentStep.DONE, batch_id=902),
    ]
    if not finished:
        journal.apply(done)
        history.update(run.id, {**run.summary, "stopped": "Xero could not be reached: connection reset by peer"})
        return _desk(database, tmp_path, clock)
    journal.apply(
        [
            *done,
            PartChange(rows["5013"].parts[0].id, PartState.FAILED, message=XERO_ARCHIVED),
            DocumentChange(rows["5013"].id, DocumentStep.FAILED, message=XERO_ARCHIVED),
            PartChange(
                rows["5081"].parts[0].id,
                PartState.FAILED,
                message="invoice 5081 is already in Xero with different content (total 100.00 there, 375.00 here)",
                choices=(Resolution.LINK, Resolution.UPDATE, Resolution.SKIP),
            ),
            DocumentChange(
                rows["5081"].id,
                DocumentStep.FAILED,
                message="invoice 5081 is already in Xero with different content (total 100.00 there, 375.00 here)",
            ),
            *_created(rows["5097"], "7d2e4f6a-3b5c-4e7d-9f1a-2b3c4d5e6f70", batch=903),
        ]
    )
    history.finish(run.id, RunStatus.COMPLETED_WITH_ERRORS)
    return _desk(database, tmp_path, clock)


def _created(row: JournalDocument, target_id: str, *, batch: int) -> list[PartChange | DocumentChange]:
    part = row.parts[0]
    return [
        PartChange(part.id, PartState.CREATED, target_id=target_id, target_number=part.number),
        DocumentChange(row.id, DocumentStep.DONE, batch_id=batch),
    ]


def _desk(database: Database, tmp_path: Path, clock: FixedClock) -> ExportDesk:
    async def no_company(name: str) -> AccountingConnector:
        raise AssertionError(f"a snapshot opens no accounting company, asked for {name}")

    return ExportDesk(
        profile="sandbox",
        psa=MemoryPsa(),  # type: ignore[arg-type]
        database=database,
        data_dir=tmp_path / "data",
        options=PlainExportOptions(),
        open_target=no_company,
        clock=clock,
    )


def app_with_desk(desk: ExportDesk) -> TuiLedgerApp:
    """The desk on the in-memory workspace (fixed paths, dated TODAY), as a profile with that journal opens."""

    async def open_workspace() -> Workspace:
        return dataclasses.replace(make_workspace(MemoryPsa()), exports=desk)

    return TuiLedgerApp(open_workspace, clock=FixedClock(), cursor_blink=False)
