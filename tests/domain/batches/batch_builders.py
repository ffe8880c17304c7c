"""Small builders for the batch domain tests: records, batches, package copies and two packages' capabilities."""

from __future__ import annotations

from decimal import Decimal

from tui_ledger.domain.accounting import (
    AccountingPackage,
    DocumentType,
    NumberLookup,
    PackageCapabilities,
    RemoteStatus,
    Removal,
)
from tui_ledger.domain.batches.package import PackageCopy, PackageSide
from tui_ledger.domain.batches.records import Batch, BatchRecord, DocumentRef, RecordKey, RecordKind, RecordState
from tui_ledger.domain.documents import DocumentKind

ALL_TYPES = frozenset(DocumentType)

XERO_LIKE = PackageCapabilities(
    package=AccountingPackage.XERO,
    display_name="Xero",
    sales_credit_name="credit note",
    max_batch_size=50,
    document_types=ALL_TYPES - {DocumentType.PURCHASE},
    number_lookup={},
    numbers_per_lookup=40,
    max_number_length=255,
    unique_number_types=frozenset({DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT}),
    removal_by_status={
        RemoteStatus.DRAFT: Removal.DELETE,
        RemoteStatus.SUBMITTED: Removal.DELETE,
        RemoteStatus.AUTHORISED: Removal.VOID,
    },
)

QUICKBOOKS_LIKE = PackageCapabilities(
    package=AccountingPackage.QUICKBOOKS,
    display_name="QuickBooks Online",
    sales_credit_name="credit memo",
    max_batch_size=30,
    document_types=ALL_TYPES,
    number_lookup={DocumentType.SALES_INVOICE: NumberLookup.QUERY_LANGUAGE},
    numbers_per_lookup=30,
    max_number_length=21,
    unique_number_types=frozenset({DocumentType.SALES_INVOICE}),
    removal_by_status={RemoteStatus.AUTHORISED: Removal.DELETE},
)


def invoice(record_id: int, number: str, amount: str, state: RecordState = RecordState.BATCHED) -> BatchRecord:
    return BatchRecord(
        RecordKey(RecordKind.INVOICE, record_id),
        DocumentRef(DocumentKind.INVOICE, number),
        Decimal(amount),
        state,
        "USD",
        "Acme Logistics",
    )


def expense(record_id: int, member: str, amount: str, state: RecordState = RecordState.BATCHED) -> BatchRecord:
    return BatchRecord(
        RecordKey(RecordKind.EXPENSE, record_id),
        DocumentRef(DocumentKind.EXPENSE, f"{record_id}{member}"),
        Decimal(amount),
        state,
        "USD",
        member,
    )


def freight(po_id: int, number: str, amount: str, state: RecordState = RecordState.BATCHED) -> BatchRecord:
    return BatchRecord(
        RecordKey(RecordKind.PO_FREIGHT, po_id),
        DocumentRef(DocumentKind.PROCUREMENT, number),
        Decimal(amount),
        state,
        "USD",
        "Ingram Micro",
        purchase_order_id=po_id,
    )


def product(
    line_id: int, po_id: int, number: str, amount: str, state: RecordState = RecordState.BATCHED, line: int = 1
) -> BatchRecord:
    return BatchRecord(
        RecordKey(RecordKind.PO_PRODUCT, line_id),
        DocumentRef(DocumentKind.PROCUREMENT, number),
        Decimal(amount),
        state,
        "USD",
        "Ingram Micro",
        purchase_order_id=po_id,
        line_number=line,
        item="DELL-P2723D",
    )


def batch(batch_id: int, identifier: str, *records: BatchRecord, closed: bool = False) -> Batch:
    return Batch(batch_id, identifier, closed, tuple(records))


def copy(
    total: str,
    status: RemoteStatus = RemoteStatus.AUTHORISED,
    document_type: DocumentType = DocumentType.SALES_INVOICE,
    *,
    contact: str | None = "Acme Logistics",
    target_id: str = "c-1",
    number: str = "508",
) -> PackageCopy:
    return PackageCopy(document_type, target_id, number, status, Decimal(total), "USD", contact)


def side(document: DocumentRef, *copies: PackageCopy, package: str = "Xero") -> PackageSide:
    return PackageSide(document, looked_up=True, package=package, copies=copies)
