"""ConnectWise's side of reconcile: one `LedgerDocument` per document, from batches and the Unposted tabs.

A document's records may sit in one batch, be spread over batches made by another tool, or be partly back on
the Unposted tabs (a PO line unbatched for editing). Its amount is the document's own total in ConnectWise:
the invoice total, the expense amount, the PO total (freight, products and tax: the whole bill).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tui_ledger.connectors.connectwise.batched_records import PsaPurchaseOrder
from tui_ledger.domain.batches.reconcile import LedgerDocument
from tui_ledger.domain.batches.records import Batch, BatchRecord, DocumentRef, RecordKey
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.money import total


@dataclass(slots=True)
class _Gathered:
    records: dict[RecordKey, BatchRecord] = field(default_factory=dict)
    batched: list[RecordKey] = field(default_factory=list)
    unposted: list[RecordKey] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)


def ledger_documents(
    placed: Iterable[tuple[BatchRecord, Batch | None]],
    orders: Mapping[str, PsaPurchaseOrder],
) -> list[LedgerDocument]:
    """Documents from records and where they stand: (record, its batch) — batch None or the record UNBATCHED
    means the record is on the Unposted tabs. `orders` by PO number give a PO's whole total."""
    gathered: dict[DocumentRef, _Gathered] = defaultdict(_Gathered)
    for record, batch in placed:
        entry = gathered[record.document]
        if record.key in entry.records:
            continue
        entry.records[record.key] = record
        if batch is not None and record.is_batched:
            entry.batched.append(record.key)
            if all(known.id != batch.id for known in entry.batches):
                entry.batches.append(batch)
        else:
            entry.unposted.append(record.key)
    return [_document(document, entry, orders) for document, entry in gathered.items()]


def _document(document: DocumentRef, entry: _Gathered, orders: Mapping[str, PsaPurchaseOrder]) -> LedgerDocument:
    records: Sequence[BatchRecord] = list(entry.records.values())
    first = records[0]
    amount: Decimal = first.amount
    if document.kind is DocumentKind.PROCUREMENT:
        order = orders.get(document.number)
        amount = order.total if order is not None else total(record.amount for record in records)
    return LedgerDocument(
        document=document,
        amount=amount,
        currency=first.currency,
        party=first.party,
        batched=tuple(entry.batched),
        unposted=tuple(entry.unposted),
        batches=tuple(batch.identifier for batch in entry.batches),
        closed=any(batch.closed for batch in entry.batches),
        alone_in_batch=all(batch.holds_one_document for batch in entry.batches),
    )
