"""The export run against the sandbox: DESIGN.md §5 end to end, seeds 000, 002 and 004.

Every assertion about "exactly once" reads the services' own state files (sandbox_truth), not the journal.
"""

from __future__ import annotations

from collections import Counter

from tests.services.export.export_world import EVERYTHING, ExportWorld
from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.checks import NotSent, Ready
from tui_ledger.domain.documents import Document, UnpostedExpense, UnpostedInvoice
from tui_ledger.services.export import (
    SECTIONS,
    CompletedSuccessfully,
    ExportEvent,
    ExportPreparation,
    ExportRunner,
    NotYetStarted,
    QuotaReported,
    Running,
    RunStarted,
    Section,
    prepare_export,
)
from tui_ledger.services.export.journal_rows import document_key
from tui_ledger.services.export.sections import section_of
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.store.journal_records import DocumentStep
from tui_ledger.store.runs import RunStatus

XERO_KIND = {"sales_invoice": "Invoices:ACCREC", "sales_credit": "CreditNotes:ACCRECCREDIT", "bill": "Invoices:ACCPAY"}


def batch_records(document: Document) -> list[tuple[str, int]]:
    """The ConnectWise records a document's batch holds, as the sandbox keys them (purchases: checked by label)."""
    if isinstance(document, UnpostedInvoice):
        return [("invoice", document.invoice_id)]
    if isinstance(document, UnpostedExpense):
        return [("expense", document.expense_id)]
    return []


async def test_every_ready_document_is_in_xero_once_and_batched_once_under_its_own_seed_000_label(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    sendable = preparation.sendable()
    assert len(sendable) > 100

    outcome = await runner.export(sendable, connector=xero, batches=psa.batches, target=world.target)

    assert outcome.finished
    assert outcome.status is RunStatus.SUCCEEDED
    assert outcome.exit_code == 0
    copies = copies_per_number(world)
    batches = connectwise_batches(world)
    journal = {(row.kind, row.psa_id): row for row in runner.journal.documents(outcome.run_id)}
    for verdict in sendable:
        row = journal[document_key(verdict.document)]
        assert row.step is DocumentStep.DONE
        assert row.batch_id is not None
        label = BatchIdentifier.parse(row.batch_identifier)
        assert label.document_number == verdict.document.document_number
        assert batches.labels[label.label] == 1
        for record in batch_records(verdict.document):
            assert batches.batch_of[record] == row.batch_identifier
        for part in verdict.plan.parts:
            assert copies[(XERO_KIND[part.draft.document_type.value], part.draft.number)] == 1
            assert any(journal_part.target_id for journal_part in row.parts)


async def test_an_invoice_without_lines_is_batched_but_not_sent_and_logged_as_seed_002_says(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    empty = [verdict for verdict in preparation.sendable() if isinstance(verdict, NotSent)]
    assert empty, "the demo company has invoices without lines"

    outcome = await runner.export(empty, connector=xero, batches=psa.batches, target=world.target)

    rows = runner.log.rows(outcome.run_id)
    assert {row.status for row in rows} == {LogStatus.NOT_SENT}
    assert {row.message for row in rows} == {"Invoice has no lines - not sent to Xero"}
    copies = copies_per_number(world)
    batches = connectwise_batches(world)
    for verdict in empty:
        assert ("Invoices:ACCREC", verdict.document.document_number) not in copies
        assert batches.labels[f"I{verdict.document.document_number}"] == 1


async def test_after_the_run_only_the_documents_with_errors_are_still_unposted_each_with_its_error(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    await runner.export(preparation.sendable(), connector=xero, batches=psa.batches, target=world.target)

    again = await prepare_export(psa, xero, EVERYTHING, world.plans(xero))

    assert again.sendable() == ()
    before = {document_key(verdict.document): verdict.problems for verdict in preparation.blocked()}
    after = {document_key(verdict.document): verdict.problems for verdict in again.blocked()}
    assert after == before


async def test_the_batch_status_sections_report_in_order_from_not_yet_started_to_completed(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
    events: list[ExportEvent],
) -> None:
    psa, xero = connected
    ready = [verdict for verdict in preparation.sendable() if isinstance(verdict, Ready)]

    await runner.export(ready, connector=xero, batches=psa.batches, target=world.target)

    assert isinstance(events[0], RunStarted)
    assert events[0].documents == len(ready)
    announced = [event for event in events if isinstance(event, NotYetStarted)]
    assert [event.section for event in announced] == list(SECTIONS)
    finished = [event for event in events if isinstance(event, CompletedSuccessfully)]
    assert {event.section for event in finished} == set(SECTIONS)
    by_section = {event.section: event for event in finished}
    parts = Counter(
        section_of(verdict.document.kind, part.draft.document_type) for verdict in ready for part in verdict.plan.parts
    )
    for section in (Section.INVOICES, Section.CREDIT_NOTES, Section.PURCHASES, Section.EXPENSES):
        assert by_section[section].done == by_section[section].total == parts[section]
    assert parts[Section.INVOICES], "the demo has invoices"
    assert parts[Section.CREDIT_NOTES], "the demo has negative invoices, sent as credit notes"
    assert by_section[Section.MARK_BATCHED].done == len(ready)
    running = [event for event in events if isinstance(event, Running) and event.section is Section.MARK_BATCHED]
    assert running[-1].done == len(ready)
    assert running[-1].rate_per_minute
    assert running[-1].eta_seconds == 0
    started = [event.section for event in events if isinstance(event, Running | CompletedSuccessfully)]
    first_seen = list(dict.fromkeys(started))
    assert first_seen[: first_seen.index(Section.INVOICES) + 1] == [
        Section.CUSTOMERS,
        Section.SUPPLIERS,
        Section.PRODUCTS,
        Section.INVOICES,
    ]
    assert any(isinstance(event, QuotaReported) and event.quota.minute_remaining is not None for event in events)
