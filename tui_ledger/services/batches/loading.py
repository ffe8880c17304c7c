"""Read batches from ConnectWise into the domain model: every record, batched or unbatched, with its amount.

A batch's entries (`/batches/{id}/entries`) say which records it holds; the records themselves say what the
entries do not: invoice numbers and totals, expense members and amounts, PO numbers, freight and line amounts.
Records unbatched from the batch are not among its entries any more: invoices remember it (`unbatchedBatch`),
PO lines too (`unbatchedRecId`), PO freight does not — it is taken to be unbatched when its PO's lines were
unbatched from this batch, when the batch is its PO's own (`P984:…`), or when tui-ledger released it itself.
Expenses unbatched in ConnectWise's UI leave no trace in the API and cannot be shown.

Many batches are read together (reconcile): one entries call per batch, then the records of all of them in a few
`in (...)` calls, so reading 200 batches is not 1,000 calls.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tui_ledger.connectors.connectwise.batched_records import PsaExpense, PsaInvoice, PsaLineItem, PsaPurchaseOrder
from tui_ledger.connectors.connectwise.batches import BatchEntryKind, GlBatch, GlBatchEntry
from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.batches.records import (
    Batch,
    BatchRecord,
    DocumentRef,
    RecordKey,
    RecordKind,
    RecordState,
)
from tui_ledger.domain.batches.releases import Release
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.progress import ProgressTracker

ENTRY_READS_AT_ONCE = 4


@dataclass(slots=True)
class _Held:
    """What one batch's entries name."""

    invoices: list[int] = field(default_factory=list)
    expenses: list[int] = field(default_factory=list)
    freight: list[int] = field(default_factory=list)
    products: list[int] = field(default_factory=list)
    purchase_orders: list[int] = field(default_factory=list)

    def add(self, entry: GlBatchEntry) -> None:
        if entry.kind is BatchEntryKind.INVOICE and entry.invoice and entry.invoice.id is not None:
            _append_once(self.invoices, entry.invoice.id)
        elif entry.kind is BatchEntryKind.EXPENSE and entry.expense_id is not None:
            _append_once(self.expenses, entry.expense_id)
        elif entry.purchase_order is not None and entry.purchase_order.id is not None:
            _append_once(self.purchase_orders, entry.purchase_order.id)
            if entry.kind is BatchEntryKind.PO_FREIGHT:
                _append_once(self.freight, entry.purchase_order.id)
            elif entry.line_item is not None and entry.line_item.id is not None:
                _append_once(self.products, entry.line_item.id)


def _append_once(values: list[int], value: int) -> None:
    if value not in values:
        values.append(value)


@dataclass(slots=True)
class _Facts:
    invoices: dict[int, PsaInvoice] = field(default_factory=dict)
    expenses: dict[int, PsaExpense] = field(default_factory=dict)
    orders: dict[int, PsaPurchaseOrder] = field(default_factory=dict)
    lines: dict[int, list[PsaLineItem]] = field(default_factory=dict)
    unbatched_invoices: dict[int, list[PsaInvoice]] = field(default_factory=lambda: defaultdict(list))


def invoice_record(invoice: PsaInvoice, state: RecordState = RecordState.BATCHED) -> BatchRecord:
    return BatchRecord(
        key=RecordKey(RecordKind.INVOICE, invoice.id),
        document=DocumentRef(DocumentKind.INVOICE, invoice.number),
        amount=invoice.total,
        state=state,
        currency=invoice.currency,
        party=invoice.customer.label or None,
    )


def expense_record(expense: PsaExpense, state: RecordState = RecordState.BATCHED) -> BatchRecord:
    return BatchRecord(
        key=RecordKey(RecordKind.EXPENSE, expense.id),
        document=DocumentRef(DocumentKind.EXPENSE, expense.document_number),
        amount=expense.amount,
        state=state,
        currency=expense.currency,
        party=expense.member.name or expense.member.identifier,
    )


def freight_record(order: PsaPurchaseOrder, state: RecordState = RecordState.BATCHED) -> BatchRecord:
    return BatchRecord(
        key=RecordKey(RecordKind.PO_FREIGHT, order.id),
        document=DocumentRef(DocumentKind.PROCUREMENT, order.number),
        amount=order.freight + order.freight_tax,
        state=state,
        currency=order.currency,
        party=order.vendor.label or None,
        purchase_order_id=order.id,
    )


def product_record(order: PsaPurchaseOrder, line: PsaLineItem, state: RecordState = RecordState.BATCHED) -> BatchRecord:
    return BatchRecord(
        key=RecordKey(RecordKind.PO_PRODUCT, line.id),
        document=DocumentRef(DocumentKind.PROCUREMENT, order.number),
        amount=line.amount,
        state=state,
        currency=order.currency,
        party=order.vendor.label or None,
        purchase_order_id=order.id,
        line_number=line.line_number,
        item=line.item,
    )


class BatchLoader:
    def __init__(self, context: BatchContext) -> None:
        self.context = context

    def __repr__(self) -> str:
        return f"BatchLoader({self.context.profile!r})"

    async def by_id(self, batch_id: int) -> Batch:
        """One batch with its records; `NotFound` from the connector when there is none."""
        return (await self.load_many([await self.context.batches.batch(batch_id)]))[0]

    async def load(self, batch: GlBatch) -> Batch:
        return (await self.load_many([batch]))[0]

    async def load_many(self, batches: Sequence[GlBatch], *, task: str = "Reading batches") -> list[Batch]:
        if not batches:
            return []
        tracker = ProgressTracker(task, self.context.emit, total=len(batches))
        gate = asyncio.Semaphore(ENTRY_READS_AT_ONCE)

        async def held(batch: GlBatch) -> _Held:
            async with gate:
                found = _Held()
                for entry in await self.context.batches.batch_entries(batch.id):
                    found.add(entry)
                tracker.advance(detail=batch.identifier)
                return found

        holdings = await asyncio.gather(*(held(batch) for batch in batches))
        releases = self.context.releases.open_releases()
        facts = await self._facts(batches, holdings, releases)
        return [self._batch(batch, holding, facts, releases) for batch, holding in zip(batches, holdings, strict=True)]

    async def _facts(
        self, batches: Sequence[GlBatch], holdings: Sequence[_Held], releases: Sequence[Release]
    ) -> _Facts:
        records = self.context.records
        facts = _Facts()
        batch_ids = [batch.id for batch in batches]
        invoice_ids = [invoice for holding in holdings for invoice in holding.invoices]
        for invoice in await records.invoices(invoice_ids) if invoice_ids else []:
            facts.invoices[invoice.id] = invoice
        for invoice in await records.invoices_unbatched_from(batch_ids):
            if invoice.unbatched_from is not None:
                facts.unbatched_invoices[invoice.unbatched_from.id].append(invoice)
        expense_ids = [expense for holding in holdings for expense in holding.expenses]
        for expense in await records.expenses(expense_ids) if expense_ids else []:
            facts.expenses[expense.id] = expense
        order_ids = {order for holding in holdings for order in holding.purchase_orders}
        order_ids |= {release.key.record_id for release in releases if release.key.kind is RecordKind.PO_FREIGHT}
        labelled = [number for batch in batches if (number := _labelled_order(batch)) is not None]
        found_orders = await records.purchase_orders(sorted(order_ids)) if order_ids else []
        found_orders += await records.purchase_orders_by_number(labelled) if labelled else []
        for order in found_orders:
            facts.orders[order.id] = order
        for order_id in facts.orders:
            facts.lines[order_id] = await records.line_items(order_id)
        return facts

    def _batch(self, batch: GlBatch, held: _Held, facts: _Facts, releases: Sequence[Release]) -> Batch:
        records: list[BatchRecord] = []
        for invoice_id in held.invoices:
            invoice = facts.invoices.get(invoice_id)
            if invoice is not None:
                records.append(invoice_record(invoice))
        records += [invoice_record(invoice, RecordState.UNBATCHED) for invoice in facts.unbatched_invoices[batch.id]]
        for expense_id in held.expenses:
            expense = facts.expenses.get(expense_id)
            if expense is not None:
                records.append(expense_record(expense))
        records += self._purchase_records(batch, held, facts, releases)
        return Batch(
            id=batch.id,
            identifier=batch.identifier,
            closed=batch.closed,
            records=tuple(records),
            entered_at=batch.entered_at,
            exports_invoices=batch.exports_invoices,
            exports_expenses=batch.exports_expenses,
            exports_products=batch.exports_products,
        )

    def _purchase_records(
        self, batch: GlBatch, held: _Held, facts: _Facts, releases: Sequence[Release]
    ) -> list[BatchRecord]:
        labelled = _labelled_order(batch)
        released_freight = {
            release.key.record_id
            for release in releases
            if release.batch_id == batch.id and release.key.kind is RecordKind.PO_FREIGHT
        }
        records: list[BatchRecord] = []
        for order in facts.orders.values():
            lines = facts.lines.get(order.id, [])
            unbatched_lines = [line for line in lines if line.unbatched_from_batch_id == batch.id]
            own = labelled is not None and labelled == order.number
            related = order.id in held.purchase_orders or unbatched_lines or own or order.id in released_freight
            if not related:
                continue
            if order.id in held.freight:
                records.append(freight_record(order))
            elif order.freight and (unbatched_lines or order.id in released_freight):
                records.append(freight_record(order, RecordState.UNBATCHED))
            for line in lines:
                if line.id in held.products:
                    records.append(product_record(order, line))
                elif line.unbatched_from_batch_id == batch.id:
                    records.append(product_record(order, line, RecordState.UNBATCHED))
        return records


def _labelled_order(batch: GlBatch) -> str | None:
    """The PO number a seed-000 identifier names (`P984:…` → `984`)."""
    parsed = BatchIdentifier.try_parse(batch.identifier)
    return parsed.number if parsed is not None and parsed.kind is DocumentKind.PROCUREMENT else None


def documents_of(batches: Iterable[Batch]) -> list[DocumentRef]:
    return list(dict.fromkeys(document for batch in batches for document in batch.documents))
