"""Find a record's GL batch in one search (seed 001's four places in one; competitors.md §3.4).

The search box (domain/batches/search.py) says what to look for; this module asks ConnectWise where it is:
- invoices by number (`/finance/invoices` carries `glBatch` / `unbatchedBatch`);
- purchase orders by number, their lines' batch flags, and their own batch by its label (`P984:…`);
- expenses by id, their own batch by its label (`E4351bbastine:…`);
- for records in batches made by another tool (no label to go by), the entries of those batches are read, newest
  first, until the record turns up, with progress events (one call per batch);
- a batch by its identifier, exact or containing the text.
Each record found comes with the batch it is in (or was unbatched from) and, when a package is connected, the
copies the package holds of its document.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from tui_ledger.connectors.connectwise.batched_records import PsaInvoice, PsaPurchaseOrder
from tui_ledger.connectors.connectwise.batches import GlBatch, GlBatchEntry
from tui_ledger.connectors.connectwise.conditions import field
from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.batches.package import PackageSide
from tui_ledger.domain.batches.records import Batch, BatchRecord, DocumentRef, RecordKey, RecordKind, RecordState
from tui_ledger.domain.batches.search import PurchaseOrderPart, SearchQuery, SearchTarget, parse_search
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.events import StepState
from tui_ledger.services.batches.loading import (
    BatchLoader,
    expense_record,
    freight_record,
    invoice_record,
    product_record,
)
from tui_ledger.services.batches.package_lookup import package_sides
from tui_ledger.services.progress import ProgressTracker

MAX_BATCHES_BY_NAME = 25
"""A batch name search matching more than this shows the newest ones; the user narrows the text."""


@dataclass(frozen=True, slots=True)
class Located:
    """A record, the batch it is in or was unbatched from (None: in no batch), and its document's package copies."""

    record: BatchRecord
    batch: Batch | None
    package: PackageSide | None = None

    @property
    def where(self) -> str:
        if self.batch is None:
            return "in no batch (unposted, or not closed yet)"
        status = "closed" if self.batch.closed else "open"
        if self.record.state is RecordState.UNBATCHED:
            return f"unbatched from {status} batch {self.batch.identifier!r}; back on the Unposted tab"
        return f"in {status} batch {self.batch.identifier!r}"


@dataclass(frozen=True, slots=True)
class FindResult:
    query: SearchQuery
    located: tuple[Located, ...]
    batches: tuple[Batch, ...]

    @property
    def found(self) -> bool:
        return bool(self.located or self.batches)

    @property
    def message(self) -> str:
        if not self.found:
            return f"Nothing found for {self.query.describes}."
        where = {located.batch.identifier for located in self.located if located.batch is not None}
        places = f"in {len(where)} batch(es)" if where else "in no batch"
        return f"{len(self.located)} record(s) for {self.query.describes}, {places}."


async def find(context: BatchContext, text: str) -> FindResult:
    """Look up whatever the user typed; `SearchError` for an empty box."""
    query = parse_search(text)
    context.step("find", f"Looking up {query.describes}")
    finder = RecordFinder(context)
    if query.target is SearchTarget.BATCH:
        batches = await finder.batches_named(query.text)
        located = [Located(record, batch) for batch in batches for record in batch.records]
    else:
        located = []
        if query.target in (SearchTarget.INVOICE, SearchTarget.ANY_NUMBER):
            located += await finder.invoice(query.number or "")
        if query.target in (SearchTarget.PURCHASE_ORDER, SearchTarget.ANY_NUMBER):
            located += await finder.purchase_order(query)
        if query.target in (SearchTarget.EXPENSE, SearchTarget.ANY_NUMBER):
            located += await finder.expense(query.number or "", query.member)
        batches = list({located.batch.id: located.batch for located in located if located.batch is not None}.values())
    sides = await package_sides(context, list(dict.fromkeys(located.record.document for located in located)))
    result = FindResult(
        query,
        tuple(Located(found.record, found.batch, sides.get(found.record.document)) for found in located),
        tuple(batches),
    )
    context.step("find", result.message, StepState.DONE)
    return result


async def locate(context: BatchContext, record: BatchRecord) -> Located:
    """The record's current batch (or none) and its document's package copies, read afresh."""
    found = await RecordFinder(context).locate(record)
    sides = await package_sides(context, [found.record.document])
    return Located(found.record, found.batch, sides[found.record.document])


class RecordFinder:
    """Finds records and the batches holding them; loads each batch once per finder."""

    def __init__(self, context: BatchContext) -> None:
        self.context = context
        self.loader = BatchLoader(context)
        self._loaded: dict[int, Batch] = {}

    async def locate(self, record: BatchRecord) -> Located:
        """Where the record stands now (a screen's row may be minutes old): its batch, or none."""
        candidates = await self.document(record.document)
        for candidate in candidates:
            if candidate.record.key == record.key:
                return candidate
        return Located(replace(record, state=RecordState.UNPOSTED), None)

    async def document(self, document: DocumentRef) -> list[Located]:
        """Every record of the document and where each stands now."""
        if document.kind is DocumentKind.INVOICE:
            return await self.invoice(document.number)
        if document.kind is DocumentKind.EXPENSE:
            number = "".join(itertools.takewhile(str.isdigit, document.number))
            return await self.expense(number, document.number[len(number) :] or None)
        located = []
        for order in await self.context.records.purchase_orders_by_number([document.number]):
            located += await self._place_order(order)
        return located

    async def batch(self, batch_id: int) -> Batch:
        if batch_id not in self._loaded:
            self._loaded[batch_id] = await self.loader.by_id(batch_id)
        return self._loaded[batch_id]

    async def _load(self, batches: Sequence[GlBatch]) -> list[Batch]:
        fresh = [batch for batch in batches if batch.id not in self._loaded]
        for loaded in await self.loader.load_many(fresh):
            self._loaded[loaded.id] = loaded
        return [self._loaded[batch.id] for batch in batches]

    async def batches_named(self, text: str) -> list[Batch]:
        exact = await self.context.batches.find_batch(text)
        if exact is not None:
            return await self._load([exact])
        similar = await self.context.batches.batches(field("batchIdentifier").contains(text))
        return await self._load(similar[:MAX_BATCHES_BY_NAME])

    async def labelled(self, label: str) -> list[Batch]:
        """Batches whose seed-000 label is `label` (`I508`, `E4351bbastine`, `P984`), newest first."""
        return await self._load(await self.context.batches.batches(field("batchIdentifier").like(f"{label}:*")))

    async def scan_foreign(self, holds: Callable[[GlBatchEntry], bool], task: str) -> list[Batch]:
        """Read the entries of batches not named in the seed-000 form until one holds a matching entry."""
        foreign = [b for b in await self.context.batches.batches() if BatchIdentifier.try_parse(b.identifier) is None]
        tracker = ProgressTracker(task, self.context.emit, total=len(foreign))
        for batch in foreign:
            entries = await self.context.batches.batch_entries(batch.id)
            tracker.advance(detail=batch.identifier)
            if any(holds(entry) for entry in entries):
                return await self._load([batch])
        return []

    # -- invoices

    async def invoice(self, number: str) -> list[Located]:
        located = []
        for invoice in await self.context.records.invoices_by_number([number]):
            located.append(await self._place_invoice(invoice))
        return located

    async def _place_invoice(self, invoice: PsaInvoice) -> Located:
        reference = invoice.batch or invoice.unbatched_from
        if reference is not None:
            batch = await self.batch(reference.id)
            record = batch.record(RecordKey(RecordKind.INVOICE, invoice.id))
            if record is not None:
                return Located(record, batch)
        return Located(invoice_record(invoice, RecordState.UNPOSTED), None)

    # -- expenses

    async def expense(self, number: str, member: str | None) -> list[Located]:
        if not number.isdigit():
            return []
        found = [
            expense
            for expense in await self.context.records.expenses([int(number)])
            if member is None or (expense.member.identifier or "").casefold() == member.casefold()
        ]
        located = []
        for expense in found:
            key = RecordKey(RecordKind.EXPENSE, expense.id)
            batches = await self.labelled(f"E{expense.document_number}")
            holding = [batch for batch in batches if batch.record(key) is not None]
            if not holding:
                holding = await self.scan_foreign(
                    lambda entry, wanted=expense.id: entry.expense_id == wanted, f"Looking for expense {number}"
                )
            batch = holding[0] if holding else None
            record = batch.record(key) if batch is not None else None
            located.append(Located(record or expense_record(expense, RecordState.UNPOSTED), batch if record else None))
        return located

    # -- purchase orders

    async def purchase_order(self, query: SearchQuery) -> list[Located]:
        located = []
        for order in await self.context.records.purchase_orders_by_number([query.number or ""]):
            located += [found for found in await self._place_order(order) if _wanted(found.record, query)]
        return located

    async def _place_order(self, order: PsaPurchaseOrder) -> list[Located]:
        lines = await self.context.records.line_items(order.id)
        batches = await self.labelled(f"P{order.number}")
        for batch_id in {line.unbatched_from_batch_id for line in lines if line.unbatched_from_batch_id is not None}:
            batches.append(await self.batch(batch_id))
        placed: dict[RecordKey, Located] = {}
        for batch in batches:
            for record in batch.records:
                if record.purchase_order_id == order.id and record.key not in placed:
                    placed[record.key] = Located(record, batch)
        keys = [RecordKey(RecordKind.PO_PRODUCT, line.id) for line in lines if line.batched]
        if order.freight:
            keys.insert(0, RecordKey(RecordKind.PO_FREIGHT, order.id))
        if any(key not in placed for key in keys):
            for batch in await self.scan_foreign(
                lambda entry: entry.purchase_order is not None and entry.purchase_order.id == order.id,
                f"Looking for purchase order {order.number}",
            ):
                for record in batch.records:
                    placed.setdefault(record.key, Located(record, batch))
        if order.freight:
            placed.setdefault(
                RecordKey(RecordKind.PO_FREIGHT, order.id), Located(freight_record(order, RecordState.UNPOSTED), None)
            )
        for line in lines:
            placed.setdefault(
                RecordKey(RecordKind.PO_PRODUCT, line.id),
                Located(product_record(order, line, RecordState.UNPOSTED), None),
            )
        return sorted(
            placed.values(),
            key=lambda found: (found.record.kind is RecordKind.PO_PRODUCT, found.record.line_number or 0),
        )


def _wanted(record: BatchRecord, query: SearchQuery) -> bool:
    if query.part is PurchaseOrderPart.FREIGHT:
        return record.kind is RecordKind.PO_FREIGHT
    if query.part is PurchaseOrderPart.PRODUCT:
        if record.kind is not RecordKind.PO_PRODUCT:
            return False
        if query.line_number is not None:
            return record.line_number == query.line_number
        return (record.item or "").casefold() == (query.item or "").casefold()
    return True
