"""What tui-ledger writes to and reads from an accounting package, in words that fit both Xero and QuickBooks Online.

The export and batch workflows are written once against these types (DESIGN.md §5, issue 3 part 3). Each package
connector translates them to its own dialect: a `SALES_CREDIT` is a Xero ACCRECCREDIT credit note and a QuickBooks
CreditMemo; a `BILL` is a Xero ACCPAY invoice and a QuickBooks Bill. What differs between the packages and matters to
a workflow (largest batch, how a number is looked up, which documents can be voided) is stated in
`PackageCapabilities`, never discovered by trying.

Pure data: no I/O. Money is Decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class AccountingPackage(StrEnum):
    XERO = "xero"
    QUICKBOOKS = "quickbooks"


class DocumentType(StrEnum):
    """A kind of document in the package, named by what it does rather than by either package's name for it."""

    SALES_INVOICE = "sales_invoice"
    """Xero ACCREC invoice; QuickBooks Invoice."""
    SALES_CREDIT = "sales_credit"
    """Xero ACCRECCREDIT credit note; QuickBooks CreditMemo. A negative PSA invoice becomes one (seed 004)."""
    BILL = "bill"
    """Xero ACCPAY invoice; QuickBooks Bill. Purchases (PO freight and products) and, per setting, expenses."""
    SUPPLIER_CREDIT = "supplier_credit"
    """Xero ACCPAYCREDIT credit note; QuickBooks VendorCredit."""
    PURCHASE = "purchase"
    """QuickBooks Purchase (a cash or card expense). Xero has no such document: expenses go there as bills."""

    @property
    def is_sales(self) -> bool:
        return self in (DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT)

    @property
    def is_credit(self) -> bool:
        return self in (DocumentType.SALES_CREDIT, DocumentType.SUPPLIER_CREDIT)


class RemoteStatus(StrEnum):
    """A document's state in the package. QuickBooks has no DRAFT or SUBMITTED; it reports the others."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    AUTHORISED = "authorised"
    PAID = "paid"
    VOIDED = "voided"
    DELETED = "deleted"

    @property
    def is_gone(self) -> bool:
        """Voided or deleted: the document no longer counts in the books."""
        return self in (RemoteStatus.VOIDED, RemoteStatus.DELETED)


class NumberLookup(StrEnum):
    """How a document is found by its number, which decides how many numbers fit in one call."""

    LIST_PARAMETER = "list_parameter"
    """Xero invoices: `GET /Invoices?InvoiceNumbers=a,b,c`."""
    WHERE_FILTER = "where_filter"
    """Xero credit notes: `GET /CreditNotes?where=CreditNoteNumber=="a" OR ...`."""
    QUERY_LANGUAGE = "query_language"
    """QuickBooks: `select * from Invoice where DocNumber in ('a', 'b')`."""


class Removal(StrEnum):
    """How a document already in the package is taken out of the books when a batch is repaired (seed 000)."""

    VOID = "void"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class PackageCapabilities:
    """What a package can do and how, stated once so workflows and screens never branch on the package name."""

    package: AccountingPackage
    display_name: str
    """"Xero", "QuickBooks Online": used in messages such as "Invoice has no lines - not sent to Xero"."""
    sales_credit_name: str
    """What the package calls a customer credit: "credit note" (Xero) or "credit memo" (QuickBooks)."""
    max_batch_size: int
    """Most documents one create call carries: 50 for Xero, 30 for a QuickBooks batch."""
    document_types: frozenset[DocumentType]
    """Documents the package can create; a workflow maps the rest (Xero: expenses as bills)."""
    number_lookup: dict[DocumentType, NumberLookup]
    numbers_per_lookup: int
    """Most document numbers one lookup call asks for."""
    max_number_length: int
    """255 for Xero, 21 for QuickBooks DocNumber: longer target numbers are an Error before export."""
    unique_number_types: frozenset[DocumentType]
    """Document types whose numbers the package refuses to repeat (Xero: ACCREC and ACCRECCREDIT only)."""
    removal_by_status: dict[RemoteStatus, Removal]
    """How a document in each status is removed; a status absent here cannot be removed through the API."""
    contact_names_unique: bool = True
    suppliers_separate_from_customers: bool = False
    """QuickBooks keeps Vendors apart from Customers; Xero has one Contact for both."""
    contact_numbers_hold_psa_keys: bool = True
    """Whether a contact's number (`ContactRecord.number`) holds only what an integration wrote there.

    Xero's ContactNumber is written only through the API, so it holds a ConnectWise identifier or nothing, and a
    different one there means the contact belongs to another party. QuickBooks has only AcctNum, the bookkeeper's
    own "Account no.": tui-ledger writes the identifier there on the contacts it creates, but a contact set up by
    hand carries the bookkeeper's number, which says nothing about the party unless ConnectWise states an account
    number to compare it with."""
    sales_lines_need_items: bool = False
    """QuickBooks posts every sales line through a product or service (an item), so a line without a ConnectWise
    product is sent as the configured default sales item; Xero posts such a line to its account directly."""
    purchase_payment_account_types: frozenset[str] = frozenset()
    """The account types (`AccountRecord.account_type`) a PURCHASE may be paid from; empty: any. QuickBooks pays a
    Purchase from a "Bank" account (Cash, Check) or a "Credit Card" account (CreditCard) and refuses any other, such
    as the liability an employee's reimbursements are owed on."""
    contacts_hold_one_currency: bool = False
    """QuickBooks holds each customer and vendor in one currency and refuses a document to them in another; a Xero
    contact's DefaultCurrency is only what new documents start with."""
    minute_call_limit: int | None = None
    day_call_limit: int | None = None
    max_in_flight: int | None = None

    def supports(self, document_type: DocumentType) -> bool:
        return document_type in self.document_types

    def removal_for(self, status: RemoteStatus) -> Removal | None:
        """Void or delete for a document in `status`, or None when the package allows neither (e.g. paid)."""
        return self.removal_by_status.get(status)


@dataclass(frozen=True, slots=True)
class PartyRef:
    """A customer or supplier as the package knows it: by id where known, else by name."""

    id: str | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.id or ""


class TaxMode(StrEnum):
    """Whether line amounts include tax (Xero LineAmountTypes, QuickBooks GlobalTaxCalculation)."""

    EXCLUSIVE = "exclusive"
    INCLUSIVE = "inclusive"
    NO_TAX = "no_tax"


@dataclass(frozen=True, slots=True)
class TrackingChoice:
    """A tracking category and option on a line (Xero Tracking; QuickBooks Class or Department)."""

    category: str
    option: str


@dataclass(frozen=True, slots=True)
class LineDraft:
    """One line to create. `unit_amount` times `quantity` is the line amount before tax."""

    description: str
    quantity: Decimal
    unit_amount: Decimal
    account_code: str | None = None
    item_code: str | None = None
    tax_code: str | None = None
    tracking: tuple[TrackingChoice, ...] = ()
    tax_amount: Decimal | None = None
    """The tax the PSA charged on this line, so the package's total equals the PSA's to the cent (Xero: the line's
    `TaxAmount` override; QuickBooks: their sum as `TxnTaxDetail.TotalTax`). None lets the package compute it."""

    @property
    def line_amount(self) -> Decimal:
        return self.quantity * self.unit_amount


@dataclass(frozen=True, slots=True)
class DocumentDraft:
    """A document to create in the package, package-neutral.

    `idempotency_key` is the journal's deterministic key of the PSA document (DESIGN.md §5): connectors derive
    their per-call keys (Xero `Idempotency-Key`, QuickBooks `requestid`) from the keys of the drafts in the call,
    and hand it back on each result so the caller can match results to journal rows.
    """

    document_type: DocumentType
    idempotency_key: str
    contact: PartyRef
    issue_date: date
    lines: tuple[LineDraft, ...]
    number: str | None = None
    due_date: date | None = None
    currency: str | None = None
    reference: str | None = None
    tax_mode: TaxMode = TaxMode.EXCLUSIVE
    approve: bool = True
    """True: create it approved (Xero AUTHORISED); False: as a draft the user approves in the package."""
    payment_account_code: str | None = None
    """The bank or card account a PURCHASE is paid from (QuickBooks `AccountRef`); unused by other types."""

    @property
    def total_tax(self) -> Decimal | None:
        """The PSA's tax over all lines, when every line states it; None when the package is to compute it."""
        amounts = [line.tax_amount for line in self.lines]
        if not amounts or any(amount is None for amount in amounts):
            return None
        return sum((amount for amount in amounts if amount is not None), Decimal(0))


class PartyRole(StrEnum):
    CUSTOMER = "customer"
    SUPPLIER = "supplier"


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """A customer or supplier to create. `number` is the PSA's identifier, kept as the package's contact code."""

    name: str
    role: PartyRole
    idempotency_key: str
    number: str | None = None
    email: str | None = None
    currency: str | None = None
    """The currency of the documents it is created for: QuickBooks holds a customer or vendor in one currency for
    good, so one created in the home currency would refuse the CAD invoice it was created for."""


@dataclass(frozen=True, slots=True)
class ItemDraft:
    """A product to create, with the accounts it posts to when sold and when bought."""

    code: str
    name: str
    idempotency_key: str
    description: str | None = None
    sales_account_code: str | None = None
    sales_unit_price: Decimal | None = None
    purchase_account_code: str | None = None
    purchase_unit_price: Decimal | None = None


class ProblemKind(StrEnum):
    """Why the package refused an element, classified so a workflow can offer the right fix."""

    DUPLICATE_NUMBER = "duplicate_number"
    DUPLICATE_NAME = "duplicate_name"
    UNKNOWN_ACCOUNT = "unknown_account"
    ARCHIVED_ACCOUNT = "archived_account"
    UNKNOWN_TAX = "unknown_tax"
    UNKNOWN_CONTACT = "unknown_contact"
    UNKNOWN_ITEM = "unknown_item"
    INVALID_STATUS = "invalid_status"
    STALE_OBJECT = "stale_object"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class PackageProblem:
    """One refusal, in the package's own words (`message`), with its classification."""

    kind: ProblemKind
    message: str


@dataclass(frozen=True, slots=True)
class ElementResult:
    """The outcome of one element of a create call, in request order.

    `key` is the draft's `idempotency_key`; `target_id` and `number` are the package's id and number when it was
    created (the number the package assigned if the draft had none).
    """

    key: str
    index: int
    target_id: str | None
    number: str | None
    status: RemoteStatus | None
    problems: tuple[PackageProblem, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.target_id is not None and not self.problems

    def has_problem(self, kind: ProblemKind) -> bool:
        return any(problem.kind is kind for problem in self.problems)


@dataclass(frozen=True, slots=True)
class RemoteLine:
    description: str
    quantity: Decimal
    unit_amount: Decimal
    line_amount: Decimal
    account_code: str | None = None
    item_code: str | None = None
    tax_code: str | None = None
    tax_amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class RemoteDocument:
    """A document as it stands in the package, enough to decide "same content → link, else an Error" (§5)."""

    document_type: DocumentType
    target_id: str
    number: str | None
    status: RemoteStatus
    contact: PartyRef
    issue_date: date | None
    total: Decimal
    subtotal: Decimal
    total_tax: Decimal
    currency: str | None = None
    due_date: date | None = None
    reference: str | None = None
    lines: tuple[RemoteLine, ...] = ()
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ContactRecord:
    id: str
    name: str
    active: bool
    number: str | None = None
    email: str | None = None
    is_customer: bool = False
    is_supplier: bool = False
    currency: str | None = None
    """The contact's currency (QuickBooks CurrencyRef, Xero DefaultCurrency); None where the package states none."""


@dataclass(frozen=True, slots=True)
class ItemRecord:
    id: str
    code: str
    name: str | None
    active: bool = True
    description: str | None = None
    sales_account_code: str | None = None
    purchase_account_code: str | None = None


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """A chart-of-accounts entry. `active` False covers archived accounts, which lines may not use."""

    id: str
    code: str | None
    name: str
    account_type: str
    active: bool
    status: str
    tax_code: str | None = None
    account_class: str | None = None
    """ASSET, EQUITY, EXPENSE, LIABILITY or REVENUE: what decides which tax rates may be used on it."""


@dataclass(frozen=True, slots=True)
class TaxRateRecord:
    """A tax rate or code lines may carry; `code` is what a line sends (Xero TaxType, QuickBooks TaxCode id).

    `rate` is a percentage: 6.25 means 6.25 %.
    """

    code: str
    name: str
    rate: Decimal
    active: bool
    applies_to: frozenset[str] | None = None
    """The account classes (see `AccountRecord.account_class`) it may be used with; None: any."""

    def allowed_on(self, account: AccountRecord) -> bool:
        return self.applies_to is None or account.account_class is None or account.account_class in self.applies_to


@dataclass(frozen=True, slots=True)
class TrackingCategoryRecord:
    id: str
    name: str
    active: bool
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CompanyProfile:
    """The organisation (Xero) or company (QuickBooks) the profile writes to."""

    id: str
    name: str
    base_currency: str
    country: str | None = None
    lock_date: date | None = None
    """Documents dated on or before this are refused by the package (Xero PeriodLockDate)."""
    multi_currency: bool = False
    """The package records documents in currencies other than the base one (Xero: more than one currency listed;
    QuickBooks: Preferences CurrencyPrefs.MultiCurrencyEnabled). Without it only `base_currency` is accepted."""
    currencies: tuple[str, ...] = ()
    """The currencies the company can record, base included (Xero GET /Currencies; QuickBooks the home currency and
    its active CompanyCurrency list); empty when the package does not say which, so any is taken if multi-currency."""


@dataclass(frozen=True, slots=True)
class QuotaSnapshot:
    """Calls left as the package last reported them, for the Batch Status quota line; None where not reported."""

    minute_remaining: int | None
    day_remaining: int | None
    observed_at: datetime | None = None
    in_flight: int = 0
    limits: dict[str, int] = field(default_factory=dict)
