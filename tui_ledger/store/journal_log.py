"""The Export Log (seed 004): per invoice, purchase, expense, customer, supplier and product, what became of it.

Read from the journal, so the log of a run that crashed is as true as the log of one that finished: a document is
"Not finished" exactly when the journal has not recorded its last step. Statuses are what a finance user reads;
`message` is the package's or ConnectWise's own words (or seed 002's "Invoice has no lines - not sent to …").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.documents import DocumentKind
from tui_ledger.store.journal import ExportJournal
from tui_ledger.store.journal_records import DocumentStep, EntityKind, EntityState, JournalDocument, JournalEntity


class LogSubject(StrEnum):
    """What a log row is about, as the Export Log's filter names it."""

    INVOICE = "invoice"
    PURCHASE = "purchase"
    EXPENSE = "expense"
    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    PRODUCT = "product"


DOCUMENT_SUBJECTS = frozenset({LogSubject.INVOICE, LogSubject.PURCHASE, LogSubject.EXPENSE})

_SUBJECT_OF_KIND = {
    DocumentKind.INVOICE: LogSubject.INVOICE,
    DocumentKind.PROCUREMENT: LogSubject.PURCHASE,
    DocumentKind.EXPENSE: LogSubject.EXPENSE,
}
_SUBJECT_OF_ENTITY = {
    EntityKind.CUSTOMER: LogSubject.CUSTOMER,
    EntityKind.SUPPLIER: LogSubject.SUPPLIER,
    EntityKind.PRODUCT: LogSubject.PRODUCT,
}
_LABELS = {
    LogSubject.INVOICE: "Invoice",
    LogSubject.PURCHASE: "Purchase order",
    LogSubject.EXPENSE: "Expense",
    LogSubject.CUSTOMER: "Customer",
    LogSubject.SUPPLIER: "Supplier",
    LogSubject.PRODUCT: "Product",
}


class LogStatus(StrEnum):
    EXPORTED = "Exported"
    """Created in the package and batched in ConnectWise."""
    LINKED = "Linked"
    """Found in the package with the same content, and batched in ConnectWise."""
    NOT_SENT = "Not sent"
    """An invoice without lines: batched in ConnectWise, nothing sent (seed 002)."""
    CREATED = "Created"
    """A customer, supplier or product created in the package."""
    EXISTING = "Already there"
    """A customer, supplier or product found in the package and used."""
    FAILED = "Failed"
    SKIPPED = "Skipped"
    UNFINISHED = "Not finished"
    """The run stopped (or is still running) before this row's last step; a resume continues it."""


@dataclass(frozen=True, slots=True)
class ExportLogRow:
    subject: LogSubject
    label: str
    """`Invoice 5001`, `Customer Acme Corp`: how the row names its subject."""
    number: str
    """The PSA number (documents) or code / identifier (entities)."""
    status: LogStatus
    message: str
    target_id: str | None
    target_number: str | None
    """The package's number(s); a split invoice lists its invoice and credit note, comma-separated."""
    counterparty: str = ""
    total: Decimal | None = None
    batch_identifier: str | None = None
    journal_id: int = 0
    """The journal row (documents: `export_document.id`), for choosing link / update / skip on it."""


def document_status(document: JournalDocument) -> LogStatus:
    if document.step is DocumentStep.DONE:
        if document.sends_nothing:
            return LogStatus.NOT_SENT
        return LogStatus.LINKED if document.all_linked else LogStatus.EXPORTED
    if document.step is DocumentStep.FAILED:
        return LogStatus.FAILED
    if document.step is DocumentStep.SKIPPED:
        return LogStatus.SKIPPED
    return LogStatus.UNFINISHED


def entity_status(entity: JournalEntity) -> LogStatus:
    return {
        EntityState.CREATED: LogStatus.CREATED,
        EntityState.LINKED: LogStatus.EXISTING,
        EntityState.FAILED: LogStatus.FAILED,
    }.get(entity.state, LogStatus.UNFINISHED)


def document_row(document: JournalDocument) -> ExportLogRow:
    subject = _SUBJECT_OF_KIND[document.kind]
    targets = [part for part in document.parts if part.target_id]
    return ExportLogRow(
        subject=subject,
        label=f"{_LABELS[subject]} {document.number}",
        number=document.number,
        status=document_status(document),
        message=document.message,
        target_id=", ".join(part.target_id or "" for part in targets) or None,
        target_number=", ".join(part.target_number or part.number or "" for part in targets) or None,
        counterparty=document.counterparty,
        total=document.total,
        batch_identifier=document.batch_identifier,
        journal_id=document.id,
    )


def entity_row(entity: JournalEntity) -> ExportLogRow:
    subject = _SUBJECT_OF_ENTITY[entity.kind]
    return ExportLogRow(
        subject=subject,
        label=f"{_LABELS[subject]} {entity.name}",
        number=entity.code or "",
        status=entity_status(entity),
        message=entity.message,
        target_id=entity.target_id,
        target_number=entity.code,
        journal_id=entity.id,
    )


class ExportLog:
    """The Export Log of one run: entities first (they were created first), then documents in journal order."""

    def __init__(self, journal: ExportJournal) -> None:
        self.journal = journal

    def rows(
        self,
        run_id: int,
        *,
        subjects: Iterable[LogSubject] | None = None,
        statuses: Iterable[LogStatus] | None = None,
    ) -> list[ExportLogRow]:
        wanted_subjects = frozenset(subjects) if subjects is not None else None
        wanted_statuses = frozenset(statuses) if statuses is not None else None
        every = [
            *(entity_row(entity) for entity in self.journal.entities(run_id)),
            *(document_row(document) for document in self.journal.documents(run_id)),
        ]
        return [
            row
            for row in every
            if (wanted_subjects is None or row.subject in wanted_subjects)
            and (wanted_statuses is None or row.status in wanted_statuses)
        ]

    def counts(self, run_id: int) -> Counter[LogStatus]:
        """How many rows have each status (for the filter's labels and the run's summary)."""
        return Counter(row.status for row in self.rows(run_id))
