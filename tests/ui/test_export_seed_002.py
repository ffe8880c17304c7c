"""Seed 002, step by step in the app, against the embedded sandbox (ConnectWise + QuickBooks Online).

Choose the QuickBooks company; Retrieve; invoices without lines are Ready but "not sent", batched in ConnectWise
and logged "Invoice has no lines - not sent to QuickBooks Online"; Submit; the Batch Status with its sections from
Not Yet Started to Completed Successfully, or Failed / with errors and the message; a failed run fixed and run again
without redoing what succeeded; Esc stops a run, and the next start announces the unfinished run and resumes it.
"""

from __future__ import annotations

from pathlib import Path

from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number
from tests.ui.conftest import build_sandbox_app, settle
from tests.ui.export_helpers import export_screen, hold_lookups, press, sandbox_home, sandbox_state, until
from tui_ledger.domain.checks import NotSent, Ready
from tui_ledger.domain.documents import Document, DocumentKind, UnpostedInvoice
from tui_ledger.services.export import SECTIONS, CompletedSuccessfully, CompletedWithErrors, Failed, Section
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.ui.modals.unfinished_run import UnfinishedRunScreen
from tui_ledger.ui.screens.batch_status import BatchStatusScreen
from tui_ledger.ui.screens.export_details import ReadyDetailsScreen
from tui_ledger.ui.screens.export_log import ExportLogScreen
from tui_ledger.ui.widgets.filter_bar import CompanySelect

XERO_COLLECTIONS = {
    "sales_invoice": "Invoices:ACCREC",
    "sales_credit": "CreditNotes:ACCRECCREDIT",
    "bill": "Invoices:ACCPAY",
    "supplier_credit": "CreditNotes:ACCPAYCREDIT",
}
"""Where the Xero sandbox keeps each kind of package document (collection and type)."""


async def choose_quickbooks(pilot: object) -> None:
    """Seed 002 step 3: pick the QuickBooks Online company on the filter bar."""
    app = pilot.app  # type: ignore[attr-defined]
    export_screen(app).query_one(CompanySelect).focus()
    await press(pilot, "enter", "down", "enter")  # type: ignore[arg-type]
    assert export_screen(app).query_one(CompanySelect).value == 1


def batch_status(app: object) -> BatchStatusScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, BatchStatusScreen), f"expected Batch Status, got {type(screen).__name__}"
    return screen


async def test_invoices_without_lines_are_not_sent_but_batched_and_every_section_completes(tmp_path: Path) -> None:
    environ = sandbox_home(tmp_path)
    app = build_sandbox_app(environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose_quickbooks(pilot)
        await press(pilot, "f5")
        checked = export_screen(app).checked
        assert checked.target == "Demo QuickBooks"
        empty = [v for v in checked.ready(DocumentKind.INVOICE) if isinstance(v, NotSent)]
        assert empty, "the demo company has invoices without lines"
        pane = str(export_screen(app).query_one("#ready-invoice").render())
        assert f"{len(empty)} not sent (no lines)" in pane

        await press(pilot, "f3", "enter")
        details = app.screen
        assert isinstance(details, ReadyDetailsScreen)
        position = details.source.verdicts.index(empty[0])
        details.table.move_cursor(position)
        await press(pilot, "enter")
        note = details.table.window.row(position + 1)
        assert note is not None
        assert note.note == "Invoice has no lines - not sent to QuickBooks Online"
        await press(pilot, "escape", "x", "y")

        status = batch_status(app)
        statuses = status.panel.statuses
        assert list(statuses) == list(SECTIONS)
        assert all(isinstance(statuses[section], CompletedSuccessfully) for section in SECTIONS)
        created = checked.creations(checked.ready())
        assert statuses[Section.CUSTOMERS].done == len(created.customers)
        assert statuses[Section.SUPPLIERS].done == len(created.suppliers)
        assert statuses[Section.MARK_BATCHED].total == len(checked.ready())
        assert str(status.query_one("#batch-quota").render()) == (
            "QuickBooks Online does not report calls left; its limits: 500 calls a minute, 40 batch calls a minute"
        )
        assert status.query_one("#batch-result").has_class("-success")

        await press(pilot, "l")
        log = app.screen
        assert isinstance(log, ExportLogScreen)
        not_sent = [row for row in log.rows if row.status is LogStatus.NOT_SENT]
        assert {row.number for row in not_sent} == {v.document.document_number for v in empty}
        assert {row.message for row in not_sent} == {"Invoice has no lines - not sent to QuickBooks Online"}
        assert {row.subject.value for row in log.rows} >= {"customer", "supplier", "invoice", "expense"}

    state = sandbox_state(environ, "quickbooks")
    labels = connectwise_batches(state).labels  # type: ignore[arg-type]
    copies = copies_per_number(state)  # type: ignore[arg-type]
    for verdict in empty:
        number = verdict.document.document_number
        assert labels[f"I{number}"] == 1, "batched in ConnectWise under its own label"
        assert ("Invoice", number) not in copies, "never sent to QuickBooks"


async def test_a_batch_connectwise_refuses_fails_that_document_and_the_run_again_links_it_redoing_nothing_else(
    tmp_path: Path,
) -> None:
    environ = sandbox_home(tmp_path)
    app = build_sandbox_app(environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose_quickbooks(pilot)
        await press(pilot, "f5")
        checked = export_screen(app).checked
        victim = next(v for v in checked.ready(DocumentKind.INVOICE) if isinstance(v, Ready))
        assert isinstance(victim.document, UnpostedInvoice)
        batches = app.workspace.psa.batches  # type: ignore[union-attr]
        other_tool = await batches.create_batch("OTHER-TOOL-7", victim.document.gl_entry_ids, invoices=True)
        await press(pilot, "x", "y")

        status = batch_status(app)
        assert status.query_one("#batch-result").has_class("-failure")
        assert "1 refused by QuickBooks Online or ConnectWise" in str(status.query_one("#batch-result").render())
        assert isinstance(status.panel.statuses[Section.MARK_BATCHED], CompletedWithErrors)
        await press(pilot, "f")
        assert [str(key.value) for key in status.panel.rows] == [Section.MARK_BATCHED.value]
        first_run = status.run_id

        await press(pilot, "l", "f")
        [failed] = app.screen.shown  # type: ignore[attr-defined]
        assert failed.number == victim.document.document_number
        number = victim.document.document_number
        assert failed.message.startswith(f"In QuickBooks Online as {number}, but not batched: ConnectWise refused")

        await batches.delete_batch(other_tool.id)
        await press(pilot, "escape", "escape")
        again = export_screen(app).checked
        assert [v.document for v in again.ready()] == [victim.document], "only the fixed document is left to send"
        assert again.breakdown(again.ready()).link == 1, "it is in QuickBooks already: linked, not sent again"
        await press(pilot, "x", "y")

        status = batch_status(app)
        assert status.query_one("#batch-result").has_class("-success")
        [row] = app.workspace.exports.log(status.run_id)  # type: ignore[union-attr]
        assert row.status is LogStatus.LINKED
        assert status.run_id != first_run

    state = sandbox_state(environ, "quickbooks")
    copies = copies_per_number(state)  # type: ignore[arg-type]
    assert copies[("Invoice", victim.document.document_number)] == 1
    assert connectwise_batches(state).labels[f"I{victim.document.document_number}"] == 1  # type: ignore[arg-type]


async def test_escape_stops_a_run_consistently_and_the_next_start_announces_it_and_resumes_it(tmp_path: Path) -> None:
    environ = sandbox_home(tmp_path)
    app = build_sandbox_app(environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f5")
        hold_lookups(app.workspace.exports, free=1)  # type: ignore[arg-type]
        sendable = export_screen(app).checked.ready()
        await pilot.press("x", "y")
        await until(pilot, lambda: isinstance(app.screen, BatchStatusScreen))
        status = app.screen
        assert isinstance(status, BatchStatusScreen)
        await until(pilot, lambda: status.panel.statuses[Section.MARK_BATCHED].done >= 1)
        assert status.is_running, "stopped while documents are still being sent and batched"
        await press(pilot, "escape")

        assert not status.is_running
        result = str(status.query_one("#batch-result").render())
        assert "Stopped by the user; the run resumes from where each document stood" in result
        assert any(isinstance(s, Failed) for s in status.panel.statuses.values())
        unfinished = app.workspace.exports.unfinished()  # type: ignore[union-attr]
        assert unfinished is not None
        assert 1 <= unfinished.finished < unfinished.documents == len(sendable)

    again = build_sandbox_app(environ)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        offer = again.screen
        assert isinstance(offer, UnfinishedRunScreen)
        assert offer.unfinished.run.id == unfinished.run.id
        assert offer.unfinished.target == "Demo Xero"
        await press(pilot, "r")

        status = batch_status(again)
        assert status.query_one("#batch-result").has_class("-success")
        assert again.workspace.exports.unfinished() is None  # type: ignore[union-attr]

    state = sandbox_state(environ)
    copies = copies_per_number(state)  # type: ignore[arg-type]
    labels = connectwise_batches(state).labels  # type: ignore[arg-type]
    for verdict in sendable:
        assert labels[batch_label(verdict.document)] == 1
        for part in verdict.plan.parts:
            assert copies[(XERO_COLLECTIONS[part.draft.document_type.value], part.draft.number)] == 1


def batch_label(document: Document) -> str:
    """A document's GL batch label in ConnectWise (seed 000: `I<invoice#>`, `E<expense id><member>`, `P<PO#>`)."""
    letter = {DocumentKind.INVOICE: "I", DocumentKind.EXPENSE: "E", DocumentKind.PROCUREMENT: "P"}[document.kind]
    return f"{letter}{document.document_number}"
