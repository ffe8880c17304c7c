"""Differences between ConnectWise and the accounting packages, planted for reconcile to find (issue 5 part 6).

The seeded world is consistent: every batched document has its copy in Xero and QuickBooks, every unposted one
has none (apart from the packages' own deliberate gaps). Real sites drift, in exactly the ways competitors.md
§3.5 lists, and this module makes the sandbox drift the same way, on the ConnectWise side only, so both
packages show the same differences:

- MISSING IN THE PACKAGE: an unposted invoice and an unposted expense are put into seed-000 batches of their own
  (`I5031:…`, `E4310dchu:…`) although no package ever received them — an export that "silently left them behind";
- ALREADY IN THE PACKAGE: an invoice of the shared "AutoSync" batch is unbatched in ConnectWise (as in its UI), its
  copy left in the packages — the pain of seed 000 ("this did not delete the invoice from your accounting package");
- AMOUNTS DIFFER: another invoice of that batch, and the expense of a seed-000 batch of its own, are unbatched,
  edited and rebatched in ConnectWise, which "does not push changes to your accounting package" (seed 001).

Planting is opt-in (`SandboxHub.seed(company, discrepancies=True)`, `tui-ledger sandbox seed --discrepancies`):
the default world stays the one every other test compares with `DemoCompany.unposted_invoices()`. Documents the
packages' own gaps use (taken numbers, renamed customers) are never chosen, so each plant is exactly one kind.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.sandbox.connectwise.corrections import correct_expense_amount, correct_invoice_line
from tui_ledger.sandbox.connectwise.records import cw_date
from tui_ledger.sandbox.connectwise.store import BatchRow, ConnectWiseStore
from tui_ledger.sandbox.demo import BatchRecordKind, DemoCompany, Expense, Invoice
from tui_ledger.sandbox.quickbooks.seed import choose_gaps
from tui_ledger.sandbox.xero.seed import plan_gaps

AMOUNT_CHANGE = Decimal("125.00")
"""What the edited invoice's first line, and the edited expense, gain in ConnectWise after they were exported."""


@dataclass(frozen=True, slots=True)
class PlantedDiscrepancies:
    """The documents planted, by their batch label (`I5031`, `E4310dchu`)."""

    missing_in_package: tuple[str, ...]
    already_in_package: tuple[str, ...]
    amount_differs: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.missing_in_package + self.already_in_package + self.amount_differs


@dataclass(frozen=True, slots=True)
class DiscrepancyPlan:
    missing_invoice: Invoice
    missing_expense: Expense
    unbatched_invoice: Invoice
    edited_invoice: Invoice
    edited_expense: Expense


def plan_discrepancies(company: DemoCompany) -> DiscrepancyPlan:
    """Choose the documents, deterministically, away from every package gap."""
    xero, quickbooks = plan_gaps(company), choose_gaps(company)
    avoided_numbers = {xero.taken_invoice_number, quickbooks.taken_doc_number}
    avoided_customers = {xero.renamed_customer_id, quickbooks.renamed_customer_id, quickbooks.name_taken_customer_id}
    placed = {(record.kind, record.record_id) for batch in company.batches for record in batch.records}
    clean = [
        invoice
        for invoice in company.unposted_invoices()
        if invoice.lines
        and invoice.total > 0
        and invoice.number not in avoided_numbers
        and invoice.company_id not in avoided_customers
        and (BatchRecordKind.INVOICE, invoice.id) not in placed
    ]
    expenses = [
        expense for expense in company.unposted_expenses() if (BatchRecordKind.EXPENSE, expense.id) not in placed
    ]
    shared = next(
        batch
        for batch in company.batches
        if not batch.closed and BatchIdentifier.try_parse(batch.identifier) is None and len(batch.records) > 1
    )
    invoices = {invoice.id: invoice for invoice in company.invoices}
    batched = [
        invoices[record.record_id]
        for record in shared.records
        if record.kind is BatchRecordKind.INVOICE and not record.unbatched and invoices[record.record_id].lines
    ]
    own_expenses = [
        expense
        for batch in company.batches
        if (parsed := BatchIdentifier.try_parse(batch.identifier)) is not None and parsed.kind is DocumentKind.EXPENSE
        for expense in company.expenses
        if any(record.record_id == expense.id and not record.unbatched for record in batch.records)
    ]
    if not clean or not expenses or len(batched) < 2 or not own_expenses:
        raise ValueError("the demo company has too few documents to plant reconcile discrepancies")
    return DiscrepancyPlan(clean[0], expenses[0], batched[0], batched[-1], own_expenses[0])


def plant_discrepancies(state_file: Path, company: DemoCompany) -> PlantedDiscrepancies:
    """Make the seeded ConnectWise state drift from the packages (see the module docstring)."""
    plan = plan_discrepancies(company)
    rng = random.Random(f"{company.seed}:discrepancies")

    def suffix(length: int) -> str:
        return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(length))

    entered = cw_date(datetime.combine(company.anchor - timedelta(days=1), time(18, 0), UTC))
    invoice_label = BatchIdentifier.build(DocumentKind.INVOICE, plan.missing_invoice.number, random=suffix)
    expense = plan.missing_expense
    expense_label = BatchIdentifier.build(
        DocumentKind.EXPENSE, str(expense.id), expense.member_identifier, random=suffix
    )
    store = ConnectWiseStore(state_file)
    try:
        store.insert_batch(
            BatchRow(0, str(invoice_label), False, True, False, False, None, entered),
            [(BatchRecordKind.INVOICE.value, plan.missing_invoice.id)],
        )
        store.insert_batch(
            BatchRow(0, str(expense_label), False, False, True, False, None, entered),
            [(BatchRecordKind.EXPENSE.value, expense.id)],
        )
        store.set_unbatched([(BatchRecordKind.INVOICE.value, plan.unbatched_invoice.id)], True)
        edited = [(BatchRecordKind.INVOICE.value, plan.edited_invoice.id)]
        store.set_unbatched(edited, True)
        first_line = plan.edited_invoice.lines[0]
        correct_invoice_line(state_file, plan.edited_invoice.id, first_line.amount + AMOUNT_CHANGE)
        store.set_unbatched(edited, False)
        edited_expense = [(BatchRecordKind.EXPENSE.value, plan.edited_expense.id)]
        store.set_unbatched(edited_expense, True)
        correct_expense_amount(state_file, plan.edited_expense.id, plan.edited_expense.amount + AMOUNT_CHANGE)
        store.set_unbatched(edited_expense, False)
    finally:
        store.close()
    return PlantedDiscrepancies(
        missing_in_package=(invoice_label.label, expense_label.label),
        already_in_package=(f"I{plan.unbatched_invoice.number}",),
        amount_differs=(
            f"I{plan.edited_invoice.number}",
            f"E{plan.edited_expense.id}{plan.edited_expense.member_identifier}",
        ),
    )
