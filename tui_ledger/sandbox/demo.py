"""The demo MSP and its whole world, as plain frozen data every simulator seeds itself from.

One `DemoCompany` is generated from (seed, scale, anchor) and handed to each sandbox service (ConnectWise,
Xero, QuickBooks, AppXite, Pax8), so the same customer, product or invoice number means the same thing in
all of them. It is pure data: no I/O, no clock. The anchor date plays "today", so tests and snapshots can
pin the world in time; the same inputs always give byte-identical data (`DemoCompany.fingerprint`).

The ConnectWise view of the world is authoritative: ids here are the ConnectWise record ids (companies,
members, products, invoices = billing logs, expense entries, purchase orders and their line items, GL
batches). Other services derive their own ids from these.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from tui_ledger.domain.money import ZERO, total

_T = TypeVar("_T")

DEFAULT_SEED = 2026


class GLAccountType(StrEnum):
    """What an account is for; the accounting sandboxes translate it into their own account types."""

    ACCOUNTS_RECEIVABLE = "accounts_receivable"
    ACCOUNTS_PAYABLE = "accounts_payable"
    INVENTORY = "inventory"
    CURRENT_LIABILITY = "current_liability"
    SALES_TAX = "sales_tax"
    DEFERRED_REVENUE = "deferred_revenue"
    INCOME = "income"
    COST_OF_SALES = "cost_of_sales"
    EXPENSE = "expense"


class InvoiceType(StrEnum):
    """ConnectWise `invoiceType` values."""

    AGREEMENT = "Agreement"
    CREDIT_MEMO = "CreditMemo"
    DOWN_PAYMENT = "DownPayment"
    MISCELLANEOUS = "Miscellaneous"
    PROGRESS = "Progress"
    STANDARD = "Standard"


class LineKind(StrEnum):
    """Where an invoice line comes from; decides its GL type in the export preview."""

    AGREEMENT = "agreement"
    SERVICE = "service"
    PRODUCT = "product"
    EXPENSE = "expense"
    DOWN_PAYMENT = "down_payment"


class ExpenseClassification(StrEnum):
    REIMBURSABLE = "Reimbursable"
    NON_REIMBURSABLE = "NonReimbursable"


class BatchRecordKind(StrEnum):
    """The four kinds of record a GL batch holds (seed 001): PO freight and PO products are separate records."""

    INVOICE = "invoice"
    EXPENSE = "expense"
    PO_PRODUCT = "po_product"
    PO_FREIGHT = "po_freight"


@dataclass(frozen=True, slots=True)
class Location:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Department:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    identifier: str
    first_name: str
    last_name: str
    email: str
    location_id: int

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class GLAccount:
    number: str
    name: str
    type: GLAccountType


@dataclass(frozen=True, slots=True)
class TaxCode:
    id: int
    identifier: str
    name: str
    rate: Decimal
    account_number: str


@dataclass(frozen=True, slots=True)
class BillingTerms:
    id: int
    name: str
    due_days: int


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    company_id: int
    first_name: str
    last_name: str
    email: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    city: str
    state: str
    zip: str
    country: str


@dataclass(frozen=True, slots=True)
class Customer:
    """A client company. `account_number` is the customer number the accounting package knows it by."""

    id: int
    identifier: str
    name: str
    currency: str
    billing_contact_id: int | None
    location_id: int
    tax_code_id: int
    billing_terms_id: int
    account_number: str
    address: Address
    phone: str


@dataclass(frozen=True, slots=True)
class Vendor:
    """A supplier company (in ConnectWise a company with the vendor type, sharing the company id space)."""

    id: int
    identifier: str
    name: str
    currency: str
    account_number: str
    billing_terms_id: int
    address: Address


@dataclass(frozen=True, slots=True)
class Product:
    """A catalog item. `income_account` None is a product nobody mapped to a GL account yet."""

    id: int
    identifier: str
    description: str
    price: Decimal
    cost: Decimal
    recurring: bool
    product_class: str
    category: str
    income_account: str | None
    cogs_account: str | None
    taxable: bool
    vendor_id: int | None
    unit_of_measure: str


@dataclass(frozen=True, slots=True)
class AgreementType:
    id: int
    name: str
    default: bool
    invoice_prefix: str
    taxable: bool


@dataclass(frozen=True, slots=True)
class Agreement:
    id: int
    name: str
    type_id: int
    company_id: int
    contact_id: int | None
    location_id: int
    start_date: date
    end_date: date | None
    bill_amount: Decimal
    billing_cycle: str


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One line of an invoice; `id` doubles as the line's GL entry id in ConnectWise."""

    id: int
    kind: LineKind
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    account_number: str | None
    item_identifier: str | None
    taxable: bool
    unit_cost: Decimal


@dataclass(frozen=True, slots=True)
class Invoice:
    """A ConnectWise invoice (its `id` is the billing log id). `date_closed` None: still open, never unposted."""

    id: int
    number: str
    type: InvoiceType
    company_id: int
    location_id: int
    department_id: int
    date: date
    due_date: date
    date_closed: date | None
    billing_terms_id: int
    tax_code_id: int
    currency: str
    agreement_id: int | None
    description: str
    customer_po: str
    lines: tuple[InvoiceLine, ...]
    sales_tax: Decimal

    @property
    def subtotal(self) -> Decimal:
        """Line amounts are whole cents, so their plain sum is exact."""
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.sales_tax

    @property
    def downpayment_applied(self) -> Decimal:
        """The down payment taken off a later invoice, as a positive amount."""
        applied = total(line.amount for line in self.lines if line.kind is LineKind.DOWN_PAYMENT and line.amount < 0)
        return -applied


@dataclass(frozen=True, slots=True)
class Expense:
    """An expense entry; `date_closed` None means not yet approved (never unposted)."""

    id: int
    member_id: int
    member_identifier: str
    company_id: int
    expense_type: str
    classification: ExpenseClassification
    payment_method: str
    amount: Decimal
    billable_amount: Decimal
    date: date
    date_closed: date | None
    location_id: int
    department_id: int
    account_number: str
    credit_account: str
    currency: str
    notes: str

    @property
    def non_billable_amount(self) -> Decimal:
        return self.amount - self.billable_amount


@dataclass(frozen=True, slots=True)
class PurchaseOrderLine:
    id: int
    line_number: int
    product_id: int
    product_identifier: str
    description: str
    quantity: Decimal
    unit_cost: Decimal
    date_received: date

    @property
    def ext_cost(self) -> Decimal:
        return total((self.quantity * self.unit_cost,))


@dataclass(frozen=True, slots=True)
class PurchaseOrder:
    """A purchase order; on the Unposted tab its freight and each received product are separate records."""

    id: int
    number: str
    vendor_id: int
    customer_id: int | None
    location_id: int
    department_id: int
    date: date
    date_closed: date | None
    billing_terms_id: int
    tax_code_id: int
    currency: str
    freight_cost: Decimal
    sales_tax: Decimal
    vendor_invoice_number: str
    vendor_invoice_date: date
    packing_slip: str
    lines: tuple[PurchaseOrderLine, ...]

    @property
    def subtotal(self) -> Decimal:
        return total(line.ext_cost for line in self.lines)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.freight_cost + self.sales_tax


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """A record in a GL batch. `unbatched`: taken out in the ConnectWise UI, back on Unposted, remembering its batch."""

    kind: BatchRecordKind
    record_id: int
    unbatched: bool = False


@dataclass(frozen=True, slots=True)
class GLBatch:
    id: int
    identifier: str
    created: datetime
    closed: bool
    records: tuple[BatchRecord, ...]

    @property
    def exports_invoices(self) -> bool:
        return any(record.kind is BatchRecordKind.INVOICE for record in self.records)

    @property
    def exports_expenses(self) -> bool:
        return any(record.kind is BatchRecordKind.EXPENSE for record in self.records)

    @property
    def exports_products(self) -> bool:
        return any(record.kind in (BatchRecordKind.PO_PRODUCT, BatchRecordKind.PO_FREIGHT) for record in self.records)


@dataclass(frozen=True, slots=True)
class Organization:
    """A marketplace customer. `customer_id`: the PSA company of exactly the same name, None when there is none."""

    id: str
    name: str
    reference_number: str
    customer_id: int | None
    currency: str
    country: str


@dataclass(frozen=True, slots=True)
class Offer:
    """A marketplace offer. `product_id`: the catalog product it maps to, None when not mapped yet."""

    id: str
    name: str
    sku: str
    vendor_name: str
    billing_cycle: str
    commitment_term: str
    unit_price: Decimal
    unit_cost: Decimal
    product_id: int | None


@dataclass(frozen=True, slots=True)
class Contract:
    """One invoice contract per organization; `agreement_id` is the PSA agreement it maps to, if any."""

    id: str
    organization_id: str
    number: str
    reference_number: str
    purpose: str
    billing_day: int
    currency: str
    agreement_id: int | None


@dataclass(frozen=True, slots=True)
class Subscription:
    id: str
    organization_id: str
    offer_id: str
    contract_id: str
    name: str
    quantity: int
    start_date: date
    end_date: date | None
    billing_cycle: str
    commitment_term: str


@dataclass(frozen=True, slots=True)
class CustomInvoiceLine:
    id: str
    description: str
    quantity: int
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return total((self.unit_price * self.quantity,))


@dataclass(frozen=True, slots=True)
class CustomInvoice:
    """A manual platform invoice (no subscription); its lines reach the grid as Corrections (seed 003)."""

    id: str
    organization_id: str
    number: str
    date: date
    currency: str
    lines: tuple[CustomInvoiceLine, ...]


@dataclass(frozen=True, slots=True)
class DemoCompany:
    """The whole demo world. Build it with `DemoCompany.generate`."""

    seed: int
    scale: int
    anchor: date
    name: str
    identifier: str
    locations: tuple[Location, ...]
    departments: tuple[Department, ...]
    members: tuple[Member, ...]
    gl_accounts: tuple[GLAccount, ...]
    tax_codes: tuple[TaxCode, ...]
    billing_terms: tuple[BillingTerms, ...]
    customers: tuple[Customer, ...]
    contacts: tuple[Contact, ...]
    vendors: tuple[Vendor, ...]
    products: tuple[Product, ...]
    agreement_types: tuple[AgreementType, ...]
    agreements: tuple[Agreement, ...]
    invoices: tuple[Invoice, ...]
    expenses: tuple[Expense, ...]
    purchase_orders: tuple[PurchaseOrder, ...]
    batches: tuple[GLBatch, ...]
    organizations: tuple[Organization, ...]
    offers: tuple[Offer, ...]
    contracts: tuple[Contract, ...]
    subscriptions: tuple[Subscription, ...]
    custom_invoices: tuple[CustomInvoice, ...]

    @classmethod
    def generate(
        cls,
        *,
        seed: int = DEFAULT_SEED,
        scale: int = 1,
        anchor: date,
        subscription_scale: int = 1,
        invoice_count: int | None = None,
    ) -> DemoCompany:
        """The demo world for `seed`, with documents dated up to `anchor` ("today").

        `scale` multiplies the documents (scale 1: 150 invoices, 60 expenses, 30 purchase orders).
        `invoice_count` sets the number of invoices alone (benchmarks: about 96% of them are closed and
        unposted). `subscription_scale` multiplies marketplace subscriptions only, for the million-line
        invoice grid.
        """
        from tui_ledger.sandbox.demo_generator import build_demo_company

        return build_demo_company(
            seed=seed, scale=scale, anchor=anchor, subscription_scale=subscription_scale, invoice_count=invoice_count
        )

    def fingerprint(self) -> str:
        """A digest of every field: equal fingerprints mean byte-identical worlds."""
        return hashlib.sha256(repr(self).encode()).hexdigest()

    # Look-ups by id. Each builds its index on demand; callers that look up in a loop keep their own dict.

    def customer(self, company_id: int) -> Customer:
        return _one(self.customers, company_id, "customer")

    def vendor(self, company_id: int) -> Vendor:
        return _one(self.vendors, company_id, "vendor")

    def member(self, member_id: int) -> Member:
        return _one(self.members, member_id, "member")

    def location(self, location_id: int) -> Location:
        return _one(self.locations, location_id, "location")

    def tax_code(self, tax_code_id: int) -> TaxCode:
        return _one(self.tax_codes, tax_code_id, "tax code")

    def terms(self, billing_terms_id: int) -> BillingTerms:
        return _one(self.billing_terms, billing_terms_id, "billing terms")

    def product_by_identifier(self, identifier: str) -> Product:
        for product in self.products:
            if product.identifier == identifier:
                return product
        raise KeyError(f"no product {identifier!r} in the demo company")

    @property
    def default_agreement_type(self) -> AgreementType:
        return next(kind for kind in self.agreement_types if kind.default)

    def batched_records(self) -> Iterator[tuple[GLBatch, BatchRecord]]:
        """Every record currently inside a batch (unbatched ones excluded)."""
        for batch in self.batches:
            for record in batch.records:
                if not record.unbatched:
                    yield batch, record

    def unposted_invoices(self) -> tuple[Invoice, ...]:
        """Closed invoices in no batch: what ConnectWise lists on its Unposted Invoices tab."""
        batched = {r.record_id for _, r in self.batched_records() if r.kind is BatchRecordKind.INVOICE}
        return tuple(inv for inv in self.invoices if inv.date_closed is not None and inv.id not in batched)

    def unposted_expenses(self) -> tuple[Expense, ...]:
        batched = {r.record_id for _, r in self.batched_records() if r.kind is BatchRecordKind.EXPENSE}
        return tuple(exp for exp in self.expenses if exp.date_closed is not None and exp.id not in batched)

    def unposted_purchase_orders(self) -> tuple[PurchaseOrder, ...]:
        """Closed POs with at least one record (freight or product) in no batch."""
        batched = {(r.kind, r.record_id) for _, r in self.batched_records()}
        return tuple(
            po
            for po in self.purchase_orders
            if po.date_closed is not None
            and (
                (po.freight_cost != ZERO and (BatchRecordKind.PO_FREIGHT, po.id) not in batched)
                or any((BatchRecordKind.PO_PRODUCT, line.id) not in batched for line in po.lines)
            )
        )


def _one(items: tuple[_T, ...], wanted: int, what: str) -> _T:
    for item in items:
        if getattr(item, "id", None) == wanted:
            return item
    raise KeyError(f"no {what} with id {wanted} in the demo company")
