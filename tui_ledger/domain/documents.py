"""The PSA documents tui-ledger moves into an accounting package.

These are the closed, never-exported records ConnectWise lists on its Unposted tabs, joined with the GL
detail of the export preview (`POST /finance/accounting/export`), because the unposted list alone carries
no lines, accounts or items. The connector builds them; checks, payload plans and screens read them.
Frozen dataclasses with slots: retrieving ten thousand invoices must stay cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.money import ZERO, total


class DocumentKind(StrEnum):
    """The three Unposted tabs of the ConnectWise Accounting Interface."""

    INVOICE = "invoice"
    EXPENSE = "expense"
    PROCUREMENT = "procurement"

    @property
    def plural_title(self) -> str:
        return {"invoice": "Invoices", "expense": "Expenses", "procurement": "Purchases"}[self.value]


class SummaryLevel(StrEnum):
    """Invoice summary level, sent to ConnectWise as `summarizeInvoices` (seed 002)."""

    DEFAULT = "Default"
    CONDENSED = "Condensed"
    DETAILED = "Detailed"


class ProcurementLineKind(StrEnum):
    """A PO reaches the Unposted tab as separate freight and product records, unbatched individually (seed 001)."""

    FREIGHT = "freight"
    PRODUCT = "product"


@dataclass(frozen=True, slots=True)
class Reference:
    """A ConnectWise reference object (`{id, identifier, name}`) reduced to what the desk shows and matches on."""

    id: int | None = None
    identifier: str | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.identifier or (str(self.id) if self.id is not None else "")


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One GL detail line of an invoice as the export preview gives it at the chosen summary level."""

    line_id: int
    description: str
    amount: Decimal
    quantity: Decimal = Decimal(1)
    account_number: str | None = None
    item_identifier: str | None = None
    tax_code: str | None = None
    taxable: bool = False
    gl_type: str | None = None
    is_down_payment: bool = False


@dataclass(frozen=True, slots=True)
class UnpostedInvoice:
    """A closed ConnectWise invoice not yet in any GL batch.

    `unposted_id` is the Unposted record id; `invoice_id` is the invoice itself (`billingLogId`), which is
    what the export preview and `/finance/invoices` use. `gl_entry_ids` are the ids a batch is created from.
    """

    unposted_id: int
    invoice_id: int
    number: str
    invoice_type: str
    invoice_date: date
    customer: Reference
    total: Decimal
    subtotal: Decimal = ZERO
    sales_tax: Decimal = ZERO
    currency: str = "USD"
    due_date: date | None = None
    location_id: int | None = None
    location_name: str | None = None
    bill_to: Reference | None = None
    account_number: str | None = None
    tax_code: str | None = None
    billing_terms: str | None = None
    description: str | None = None
    date_closed: date | None = None
    lines: tuple[InvoiceLine, ...] = ()
    gl_entry_ids: tuple[int, ...] = ()

    kind = DocumentKind.INVOICE

    @property
    def document_number(self) -> str:
        return self.number

    @property
    def counterparty(self) -> Reference:
        return self.customer

    @property
    def document_date(self) -> date:
        return self.invoice_date

    @property
    def is_negative(self) -> bool:
        """A negative invoice goes to the package as a credit note with its own number (seed 004)."""
        return self.total < 0

    @property
    def has_lines(self) -> bool:
        return bool(self.lines)

    @property
    def lines_total(self) -> Decimal:
        return total(line.amount for line in self.lines)


@dataclass(frozen=True, slots=True)
class UnpostedExpense:
    """An approved expense entry not yet batched. Its batch label needs the member (`E<number><member>`).

    The member is the party an expense bill is owed to. A package set up by hand knows them by name ("Bob
    Bastine"), with the identifier as contact number or not at all, so the counterparty carries both: the number
    finds a contact tui-ledger created, the name one a bookkeeper created, and neither gets a second contact.
    """

    unposted_id: int
    expense_id: int
    member_identifier: str
    expense_date: date
    total: Decimal
    company: Reference = field(default_factory=Reference)
    expense_type: str | None = None
    classification: str | None = None
    account_number: str | None = None
    credit_account: str | None = None
    billable_amount: Decimal = ZERO
    non_billable_amount: Decimal = ZERO
    currency: str = "USD"
    location_id: int | None = None
    tax_code: str | None = None
    description: str | None = None
    date_closed: date | None = None
    gl_entry_ids: tuple[int, ...] = ()
    member_name: str | None = None
    """The member's name as ConnectWise shows it; None when the record states none (the identifier stands in)."""

    kind = DocumentKind.EXPENSE

    @property
    def document_number(self) -> str:
        return f"{self.expense_id}{self.member_identifier}"

    @property
    def counterparty(self) -> Reference:
        name = (self.member_name or "").strip() or self.member_identifier
        return Reference(identifier=self.member_identifier, name=name)

    @property
    def document_date(self) -> date:
        return self.expense_date


@dataclass(frozen=True, slots=True)
class ProcurementLine:
    """One Unposted procurement record: a PO's freight or one received product."""

    unposted_id: int
    unposted_product_id: str
    kind: ProcurementLineKind
    description: str
    amount: Decimal
    tax: Decimal = ZERO
    quantity: Decimal = Decimal(1)
    account_number: str | None = None
    item_identifier: str | None = None
    tax_code: str | None = None
    gl_entry_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class UnpostedPurchase:
    """A purchase order's unposted freight and product records, grouped: it becomes one bill in the package."""

    po_id: int
    po_number: str
    vendor: Reference
    purchase_date: date
    lines: tuple[ProcurementLine, ...]
    currency: str = "USD"
    vendor_invoice_number: str | None = None
    vendor_invoice_date: date | None = None
    location_id: int | None = None
    customer: Reference | None = None
    date_closed: date | None = None

    kind = DocumentKind.PROCUREMENT

    @property
    def document_number(self) -> str:
        return self.po_number

    @property
    def counterparty(self) -> Reference:
        return self.vendor

    @property
    def document_date(self) -> date:
        return self.purchase_date

    @property
    def total(self) -> Decimal:
        return total(line.amount + line.tax for line in self.lines)

    @property
    def gl_entry_ids(self) -> tuple[int, ...]:
        return tuple(entry for line in self.lines for entry in line.gl_entry_ids)


Document = UnpostedInvoice | UnpostedExpense | UnpostedPurchase


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """Count and total of one group of documents, as shown in pane titles."""

    count: int
    total: Decimal

    @classmethod
    def of(cls, documents: list[Document] | tuple[Document, ...]) -> DocumentSummary:
        return cls(count=len(documents), total=total(doc.total for doc in documents))
