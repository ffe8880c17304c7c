"""What a GL batch holds, in the words of seed 001: invoices, expenses, PO freight and PO product lines.

ConnectWise answers "which batch is this record in?" in four different places (invoice search, expense audit
trail, the PO's freight column, the PO's products tab). tui-ledger reads them all into one model: a `Batch`
with its `BatchRecord`s, each knowing the document it belongs to. A document (`DocumentRef`) is what the
accounting package holds one copy of: an invoice, an expense, or a whole purchase order (freight and products
become one bill), so package decisions are taken per document, never per PO line.

A record is `BATCHED` in a batch, or `UNBATCHED` from it: taken back to the Unposted tabs while ConnectWise
remembers the batch it came from (the UI's MORE > Unbatch, or the PO unbatch endpoint), so a rebatch can put
it back. Pure data: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.money import total

_LETTER = {DocumentKind.INVOICE: "I", DocumentKind.EXPENSE: "E", DocumentKind.PROCUREMENT: "P"}


class RecordKind(StrEnum):
    """The four kinds of record a batch holds; PO freight and PO products are separate records (seed 001)."""

    INVOICE = "invoice"
    EXPENSE = "expense"
    PO_FREIGHT = "po_freight"
    PO_PRODUCT = "po_product"

    @property
    def document_kind(self) -> DocumentKind:
        if self is RecordKind.INVOICE:
            return DocumentKind.INVOICE
        if self is RecordKind.EXPENSE:
            return DocumentKind.EXPENSE
        return DocumentKind.PROCUREMENT

    @property
    def is_purchase_order(self) -> bool:
        return self in (RecordKind.PO_FREIGHT, RecordKind.PO_PRODUCT)


@dataclass(frozen=True, slots=True, order=True)
class RecordKey:
    """One record: `record_id` is the invoice id, the expense id, the PO id (freight) or the PO line item id."""

    kind: RecordKind
    record_id: int

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.record_id}"

    @classmethod
    def parse(cls, text: str) -> RecordKey:
        """`invoice:12009` → the key; the inverse of `str(key)`, for commands and saved state."""
        kind, _, number = text.partition(":")
        try:
            return cls(RecordKind(kind), int(number))
        except ValueError:
            raise ValueError(f"{text!r} is not a record key like 'invoice:12009' or 'po_product:20004'") from None


@dataclass(frozen=True, slots=True, order=True)
class DocumentRef:
    """A PSA document as the batch label names it: `number` is the label without its letter (seed 000).

    Invoice 508 → `508`; expense 4351 of bbastine → `4351bbastine`; purchase order 984 → `984`.
    """

    kind: DocumentKind
    number: str

    @property
    def label(self) -> str:
        """`I508`, `E4351bbastine`, `P984`: the part of a seed-000 batch identifier before the colon."""
        return f"{_LETTER[self.kind]}{self.number}"

    @property
    def title(self) -> str:
        """`invoice 508`, `expense 4351bbastine`, `purchase order 984`: the System Logs subject."""
        noun = {DocumentKind.INVOICE: "invoice", DocumentKind.EXPENSE: "expense"}.get(self.kind, "purchase order")
        return f"{noun} {self.number}"

    def __str__(self) -> str:
        return self.title


class RecordState(StrEnum):
    BATCHED = "batched"
    UNBATCHED = "unbatched"
    """Back on the Unposted tabs, ConnectWise remembering this batch (UI unbatch or the PO unbatch endpoint)."""
    UNPOSTED = "unposted"
    """In no batch: on the Unposted tabs (or not closed yet), as a search may find a record."""


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """One record of a batch, with what a user recognises it by and its amount in ConnectWise."""

    key: RecordKey
    document: DocumentRef
    amount: Decimal
    state: RecordState = RecordState.BATCHED
    currency: str | None = None
    party: str | None = None
    """The customer (invoice), member (expense) or vendor (PO)."""
    purchase_order_id: int | None = None
    line_number: int | None = None
    item: str | None = None

    @property
    def kind(self) -> RecordKind:
        return self.key.kind

    @property
    def label(self) -> str:
        """`invoice 508`, `expense 4351bbastine`, `PO 984 freight`, `PO 984 line 2 (UBNT-USW24P)`."""
        kind = self.key.kind
        if kind is RecordKind.PO_FREIGHT:
            return f"PO {self.document.number} freight"
        if kind is RecordKind.PO_PRODUCT:
            item = f" ({self.item})" if self.item else ""
            line = self.line_number if self.line_number is not None else self.key.record_id
            return f"PO {self.document.number} line {line}{item}"
        return self.document.title

    @property
    def is_batched(self) -> bool:
        return self.state is RecordState.BATCHED


@dataclass(frozen=True, slots=True)
class Batch:
    """A GL batch and every record it holds or remembers. Closed batches are read-only (seed 000)."""

    id: int
    identifier: str
    closed: bool
    records: tuple[BatchRecord, ...] = ()
    entered_at: datetime | None = None
    exports_invoices: bool = False
    exports_expenses: bool = False
    exports_products: bool = False

    @property
    def parsed_identifier(self) -> BatchIdentifier | None:
        """The seed-000 reading of the identifier, or None for a batch named by another tool."""
        return BatchIdentifier.try_parse(self.identifier)

    @property
    def labelled_document(self) -> DocumentRef | None:
        """The document a seed-000 identifier names (`I508:…` → invoice 508), whatever the batch holds."""
        parsed = self.parsed_identifier
        return DocumentRef(parsed.kind, parsed.document_number) if parsed is not None else None

    @property
    def documents(self) -> tuple[DocumentRef, ...]:
        """The distinct documents of its records, in record order."""
        return tuple(dict.fromkeys(record.document for record in self.records))

    @property
    def batched_records(self) -> tuple[BatchRecord, ...]:
        return tuple(record for record in self.records if record.is_batched)

    @property
    def unbatched_records(self) -> tuple[BatchRecord, ...]:
        return tuple(record for record in self.records if not record.is_batched)

    @property
    def holds_one_document(self) -> bool:
        """True when deleting the batch touches exactly one document: tui-ledger's one-batch-per-document."""
        return len(self.documents) <= 1

    def record(self, key: RecordKey) -> BatchRecord | None:
        return next((record for record in self.records if record.key == key), None)

    def records_of(self, document: DocumentRef) -> tuple[BatchRecord, ...]:
        return tuple(record for record in self.records if record.document == document)

    @property
    def batched_total(self) -> Decimal:
        return total(record.amount for record in self.batched_records)
