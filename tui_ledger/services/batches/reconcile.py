"""Reconcile ConnectWise's batches with the accounting package (issue 5 part 6).

    report = await reconcile_batches(context, ReconcileScope(since=date(2026, 1, 1)))
    report.discrepancies            # each with its fixes; domain/batches/reconcile.py says which and why
    await apply_fix(context, finding, Fix.LINK)

Reads, in bulk: the batches in scope with their records (services/batches/loading.py), the Unposted tabs (ids,
then the records' totals), the PO headers (a PO's copy is one bill for the whole PO), then the package's copies
in one lookup per document type and chunk of numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tui_ledger.connectors.connectwise.batched_records import PsaPurchaseOrder
from tui_ledger.domain.batches.reconcile import LedgerDocument, ReconcileReport, reconcile
from tui_ledger.domain.batches.records import Batch, BatchRecord, DocumentRef, RecordKey, RecordKind, RecordState
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.events import StepState
from tui_ledger.services.batches.find import RecordFinder
from tui_ledger.services.batches.ledger import ledger_documents
from tui_ledger.services.batches.loading import BatchLoader, expense_record, freight_record, invoice_record
from tui_ledger.services.batches.package_lookup import package_sides

ACTION = "reconcile"


@dataclass(frozen=True, slots=True)
class ReconcileScope:
    """Which batches to compare: entered on or after `since` (None: all), closed ones too unless told not;
    and whether documents on the Unposted tabs are compared as well (to find those already in the package)."""

    since: date | None = None
    include_closed: bool = True
    include_unposted: bool = True


async def reconcile_batches(context: BatchContext, scope: ReconcileScope | None = None) -> ReconcileReport:
    chosen = scope or ReconcileScope()
    context.step(ACTION, f"Comparing ConnectWise with {context.package_name}")
    listed = await context.batches.batches(closed=None if chosen.include_closed else False)
    if chosen.since is not None:
        listed = [batch for batch in listed if batch.entered_at is None or batch.entered_at.date() >= chosen.since]
    batches = await BatchLoader(context).load_many(listed, task="Reading batches")
    placed: list[tuple[BatchRecord, Batch | None]] = [(record, batch) for batch in batches for record in batch.records]
    batched_keys = {record.key for record, _ in placed}
    if chosen.include_unposted:
        placed += [(record, None) for record in await _unposted_records(context) if record.key not in batched_keys]
    order_numbers = {record.document.number for record, _ in placed if record.kind.is_purchase_order}
    orders = await _orders(context, order_numbers)
    ledgers = ledger_documents(placed, orders)
    report = await _compare(context, ledgers)
    context.step(ACTION, report.summary, StepState.DONE)
    context.audit.done(
        ACTION,
        f"reconcile {context.target or context.package_name}",
        report.summary,
        before={"scope": {"since": str(chosen.since) if chosen.since else None, "closed": chosen.include_closed}},
        after={
            "compared": len(report.findings),
            "discrepancies": [f"{finding.document.label}: {finding.message}" for finding in report.discrepancies],
        },
    )
    return report


async def _compare(context: BatchContext, ledgers: list[LedgerDocument]) -> ReconcileReport:
    sides = await package_sides(context, [ledger.document for ledger in ledgers])
    target = context.target or ""
    marked = frozenset(
        ledger.document
        for ledger in ledgers
        if context.releases.update_mark(target, ledger.document.kind, ledger.document.number) is not None
    )
    return reconcile(
        context.package_name,
        ledgers,
        sides,
        marked_for_update=marked,
        acceptances=context.releases.acceptances(target),
        at=context.clock.now(),
    )


async def _orders(context: BatchContext, numbers: set[str]) -> dict[str, PsaPurchaseOrder]:
    if not numbers:
        return {}
    return {order.number: order for order in await context.records.purchase_orders_by_number(sorted(numbers))}


async def _unposted_records(context: BatchContext) -> list[BatchRecord]:
    """Every record on the Unposted tabs, as records in no batch (their totals from the records themselves)."""
    records = context.records
    found: list[BatchRecord] = []
    invoice_ids = sorted(await records.unposted_invoice_ids())
    found += [invoice_record(invoice, RecordState.UNPOSTED) for invoice in await records.invoices(invoice_ids)]
    expense_ids = sorted(await records.unposted_expense_ids())
    found += [expense_record(expense, RecordState.UNPOSTED) for expense in await records.expenses(expense_ids)]
    procurement = await records.unposted_procurement()
    orders = {
        order.id: order for order in await records.purchase_orders(sorted({r.purchase_order_id for r in procurement}))
    }
    for record in procurement:
        order = orders.get(record.purchase_order_id)
        if order is None:
            continue
        if record.is_freight:
            found.append(freight_record(order, RecordState.UNPOSTED))
        elif record.unposted_product_id.isdigit():
            found.append(
                BatchRecord(
                    key=RecordKey(RecordKind.PO_PRODUCT, int(record.unposted_product_id)),
                    document=DocumentRef(DocumentKind.PROCUREMENT, order.number),
                    amount=record.amount,
                    state=RecordState.UNPOSTED,
                    currency=order.currency,
                    party=order.vendor.label or None,
                    purchase_order_id=order.id,
                )
            )
    return found


async def recheck(context: BatchContext, documents: list[DocumentRef]) -> ReconcileReport:
    """Compare only these documents again, reading them afresh (after a fix)."""
    finder = RecordFinder(context)
    placed: list[tuple[BatchRecord, Batch | None]] = []
    for document in documents:
        placed += [(found.record, found.batch) for found in await finder.document(document)]
    orders = await _orders(context, {d.number for d in documents if d.kind is DocumentKind.PROCUREMENT})
    return await _compare(context, ledger_documents(placed, orders))
