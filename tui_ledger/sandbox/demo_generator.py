"""Builds a `DemoCompany` from (seed, scale, anchor), deterministically.

Each part of the world draws from its own `random.Random` seeded with the seed and the part's name, so
adding a customer does not reshuffle every invoice. Documents are dated in the 75 days before the anchor
and numbered in date order, as a real PSA numbers them. Special documents sit at fixed positions in the
sequence so every scale has them: zero-line invoices, credit memos (negative), down payments followed by
an invoice applying them, invoices still open, expenses not yet approved. The GL batches take the oldest
closed documents: one closed month-end batch, one open batch made by another tool holding several records
(one of them unbatched in the UI), and seed-000 single-document batches, one of them a PO with a product
line unbatched.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.money import ZERO, to_money
from tui_ledger.sandbox import demo_catalog as catalog
from tui_ledger.sandbox.demo import (
    Address,
    Agreement,
    AgreementType,
    BatchRecord,
    BatchRecordKind,
    BillingTerms,
    Contact,
    Contract,
    Customer,
    CustomInvoice,
    CustomInvoiceLine,
    DemoCompany,
    Department,
    Expense,
    ExpenseClassification,
    GLAccount,
    GLAccountType,
    GLBatch,
    Invoice,
    InvoiceLine,
    InvoiceType,
    LineKind,
    Location,
    Member,
    Offer,
    Organization,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    Subscription,
    TaxCode,
    Vendor,
)

INVOICES_PER_SCALE = 150
EXPENSES_PER_SCALE = 60
PURCHASE_ORDERS_PER_SCALE = 30
CUSTOM_INVOICES_PER_SCALE = 3
DOCUMENT_DAYS = 75

FIRST_CUSTOMER_ID = 250
FIRST_VENDOR_ID = 400
FIRST_MEMBER_ID = 150
FIRST_PRODUCT_ID = 600
FIRST_CONTACT_ID = 1000
FIRST_AGREEMENT_ID = 800
FIRST_INVOICE_ID = 12001
FIRST_INVOICE_NUMBER = 5001
FIRST_INVOICE_LINE_ID = 100001
FIRST_EXPENSE_ID = 4301
FIRST_PO_ID = 301
FIRST_PO_NUMBER = 980
FIRST_PO_LINE_ID = 20001
FIRST_BATCH_ID = 61

MILEAGE_RATE = Decimal("0.67")

_CITY_OF_LOCATION = {
    1: ("Boston", "MA", "02110", "United States", "617"),
    2: ("Providence", "RI", "02903", "United States", "401"),
    3: ("Hartford", "CT", "06103", "United States", "860"),
    4: ("Toronto", "ON", "M5V 2T6", "Canada", "416"),
}
_STREETS = ("Congress St", "Atlantic Ave", "Main St", "Westminster St", "Asylum St", "King St W", "Summer St", "Elm St")


def _rng(seed: int, part: str) -> random.Random:
    return random.Random(f"tui-ledger-demo/{seed}/{part}")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _identifier(name: str) -> str:
    """A ConnectWise company identifier: letters and digits only, at most 25 characters."""
    return re.sub(r"[^A-Za-z0-9]", "", name)[:25]


def _money(text: str | Decimal) -> Decimal:
    return to_money(text)


def _address(rng: random.Random, location_id: int) -> Address:
    city, state, zip_code, country, _ = _CITY_OF_LOCATION[location_id]
    return Address(f"{rng.randint(10, 999)} {rng.choice(_STREETS)}", city, state, zip_code, country)


def _phone(rng: random.Random, location_id: int) -> str:
    return f"{_CITY_OF_LOCATION[location_id][4]}-555-{rng.randint(100, 199):04d}"


@dataclass
class _Reference:
    """The fixed tables turned into records, with the indexes the document builders need."""

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
    product_by_identifier: dict[str, Product] = field(default_factory=dict)
    tax_rate: dict[int, Decimal] = field(default_factory=dict)
    due_days: dict[int, int] = field(default_factory=dict)
    agreements_of: dict[int, dict[int, Agreement]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.product_by_identifier = {product.identifier: product for product in self.products}
        self.tax_rate = {code.id: code.rate for code in self.tax_codes}
        self.due_days = {terms.id: terms.due_days for terms in self.billing_terms}
        for agreement in self.agreements:
            self.agreements_of.setdefault(agreement.company_id, {})[agreement.type_id] = agreement


def _reference_data(seed: int, anchor: date) -> _Reference:
    rng = _rng(seed, "reference")
    members = tuple(
        Member(
            id=FIRST_MEMBER_ID + index,
            identifier=identifier,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}@bluepeak.example",
            location_id=catalog.LOCATIONS[index % 3][0],
        )
        for index, (identifier, first, last) in enumerate(catalog.MEMBERS)
    )
    customers: list[Customer] = []
    contacts: list[Contact] = []
    for index, (name, currency, location_id) in enumerate(catalog.CUSTOMERS):
        company_id = FIRST_CUSTOMER_ID + index
        domain = _identifier(name).lower()[:16] + ".example"
        own_contacts = []
        for _ in range(2):
            first, last = rng.choice(catalog.CONTACT_FIRST_NAMES), rng.choice(catalog.CONTACT_LAST_NAMES)
            contact = Contact(
                id=FIRST_CONTACT_ID + len(contacts),
                company_id=company_id,
                first_name=first,
                last_name=last,
                email=f"{first.lower()}.{last.lower()}@{domain}",
            )
            contacts.append(contact)
            own_contacts.append(contact)
        exempt = name in catalog.TAX_EXEMPT_CUSTOMERS
        customers.append(
            Customer(
                id=company_id,
                identifier=_identifier(name),
                name=name,
                currency=currency,
                billing_contact_id=None if name == catalog.CUSTOMER_WITHOUT_BILLING_CONTACT else own_contacts[0].id,
                location_id=location_id,
                tax_code_id=catalog.EXEMPT_TAX_CODE_ID if exempt else catalog.TAX_CODE_OF_LOCATION[location_id],
                billing_terms_id=1 if index % 5 else 2,
                account_number=f"C-{1000 + index}",
                address=_address(rng, location_id),
                phone=_phone(rng, location_id),
            )
        )
    vendors = tuple(
        Vendor(
            id=FIRST_VENDOR_ID + index,
            identifier=_identifier(name),
            name=name,
            currency=currency,
            account_number=number,
            billing_terms_id=1,
            address=_address(rng, 1),
        )
        for index, (name, currency, number) in enumerate(catalog.VENDORS)
    )
    vendor_id = {vendor.name: vendor.id for vendor in vendors}
    products = tuple(
        Product(
            id=FIRST_PRODUCT_ID + index,
            identifier=identifier,
            description=description,
            price=_money(price),
            cost=_money(cost),
            recurring=recurring,
            product_class=product_class,
            category=category,
            income_account=income,
            cogs_account="5100" if category in ("Cloud", "Backup", "Security") else "5000" if cost != "0.00" else None,
            taxable=category in ("Hardware", "Networking", "Power") or identifier == "YUBI-5NFC",
            vendor_id=vendor_id[vendor] if vendor else None,
            unit_of_measure="Hour" if category == "Labor" else "Each",
        )
        for index, (identifier, description, price, cost, recurring, product_class, category, income, vendor) in (
            enumerate(catalog.PRODUCTS)
        )
    )
    agreement_types = tuple(
        AgreementType(id=type_id, name=name, default=default, invoice_prefix=prefix, taxable=taxable)
        for type_id, name, default, prefix, taxable in catalog.AGREEMENT_TYPES
    )
    agreements: list[Agreement] = []
    for index, customer in enumerate(customers):
        type_ids = [catalog.MANAGED_AGREEMENT_TYPE_ID]
        if index % 4 != 3:
            type_ids.append(catalog.CSP_AGREEMENT_TYPE_ID)
        if index % 5 == 0:
            type_ids.append(4)
        for type_id in type_ids:
            type_name = agreement_types[type_id - 1].name
            agreements.append(
                Agreement(
                    id=FIRST_AGREEMENT_ID + len(agreements),
                    name=f"{type_name} - {customer.name}"[:100],
                    type_id=type_id,
                    company_id=customer.id,
                    contact_id=customer.billing_contact_id,
                    location_id=customer.location_id,
                    start_date=anchor.replace(day=1) - timedelta(days=rng.randint(200, 1400)),
                    end_date=None,
                    bill_amount=_money(rng.randrange(500, 6000, 25)) if type_id == 1 else ZERO,
                    billing_cycle="Monthly",
                )
            )
    return _Reference(
        locations=tuple(Location(id=i, name=n) for i, n in catalog.LOCATIONS),
        departments=tuple(Department(id=i, name=n) for i, n in catalog.DEPARTMENTS),
        members=members,
        gl_accounts=tuple(GLAccount(number, name, GLAccountType(kind)) for number, name, kind in catalog.GL_ACCOUNTS),
        tax_codes=tuple(
            TaxCode(id=i, identifier=code, name=name, rate=rate, account_number=catalog.SALES_TAX_ACCOUNT)
            for i, code, name, rate in catalog.TAX_CODES
        ),
        billing_terms=tuple(BillingTerms(id=i, name=n, due_days=d) for i, n, d in catalog.BILLING_TERMS),
        customers=tuple(customers),
        contacts=tuple(contacts),
        vendors=vendors,
        products=products,
        agreement_types=agreement_types,
        agreements=tuple(agreements),
    )


class _LineIds:
    """Hands out invoice line ids in order, so ids are unique across the whole company."""

    def __init__(self) -> None:
        self._next = FIRST_INVOICE_LINE_ID

    def take(self) -> int:
        self._next += 1
        return self._next - 1


def _product_line(ids: _LineIds, kind: LineKind, product: Product, quantity: Decimal) -> InvoiceLine:
    return InvoiceLine(
        id=ids.take(),
        kind=kind,
        description=product.description,
        quantity=quantity,
        unit_price=product.price,
        amount=to_money(quantity * product.price),
        account_number=product.income_account,
        item_identifier=product.identifier,
        taxable=product.taxable,
        unit_cost=product.cost,
    )


def _down_payment_line(ids: _LineIds, amount: Decimal, description: str) -> InvoiceLine:
    return InvoiceLine(
        id=ids.take(),
        kind=LineKind.DOWN_PAYMENT,
        description=description,
        quantity=Decimal(1),
        unit_price=amount,
        amount=amount,
        account_number=catalog.DOWN_PAYMENT_ACCOUNT,
        item_identifier=None,
        taxable=False,
        unit_cost=ZERO,
    )


def _hours(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(1, 32)) / 4


class _InvoiceBuilder:
    """Invoices in date order, with the special kinds at fixed positions of every block of 50."""

    def __init__(self, seed: int, count: int, anchor: date, ref: _Reference) -> None:
        self.rng = _rng(seed, "invoices")
        self.anchor = anchor
        self.ref = ref
        self.ids = _LineIds()
        self.count = count
        self.open_down_payments: dict[int, Decimal] = {}

    def build(self) -> tuple[Invoice, ...]:
        rng = self.rng
        dates = sorted(self.anchor - timedelta(days=rng.randint(0, DOCUMENT_DAYS)) for _ in range(self.count))
        return tuple(self._invoice(index, invoice_date) for index, invoice_date in enumerate(dates))

    def _invoice(self, index: int, invoice_date: date) -> Invoice:
        rng = self.rng
        customer = rng.choice(self.ref.customers)
        slot = index % 50
        agreement: Agreement | None = None
        if slot == 7:
            kind, lines, description = InvoiceType.MISCELLANEOUS, (), "Invoice voided in PSA - no billable items"
        elif slot in (11, 41):
            kind, lines, description = InvoiceType.CREDIT_MEMO, self._credit_lines(), "Credit for returned equipment"
        elif slot == 23:
            amount = _money(rng.randrange(2000, 10000, 250))
            self.open_down_payments[customer.id] = amount
            kind, description = InvoiceType.DOWN_PAYMENT, "Down payment - network refresh project"
            lines = (_down_payment_line(self.ids, amount, "Down payment - network refresh project"),)
        elif slot == 40 and self.open_down_payments:
            customer_id, deposit = min(self.open_down_payments.items())
            del self.open_down_payments[customer_id]
            customer = next(c for c in self.ref.customers if c.id == customer_id)
            kind, description = InvoiceType.STANDARD, "Network refresh project - equipment delivered"
            lines = (*self._hardware_lines(3), _down_payment_line(self.ids, -deposit, "Down payment applied"))
        elif slot in (17, 33):
            kind, description = InvoiceType.PROGRESS, "Office move project - progress billing"
            lines = (
                _product_line(self.ids, LineKind.SERVICE, self._product("LAB-PROJECT"), Decimal(rng.randint(8, 40))),
            )
        elif rng.random() < 0.45:
            kind = InvoiceType.AGREEMENT
            agreements = self.ref.agreements_of[customer.id]
            agreement = agreements[rng.choice(sorted(agreements))]
            lines = self._agreement_lines(agreement)
            description = f"{agreement.name} - {invoice_date:%B %Y}"
        else:
            kind, description = InvoiceType.STANDARD, "Support services"
            lines = self._standard_lines()
        rate = self.ref.tax_rate[customer.tax_code_id]
        sales_tax = to_money(sum((line.amount for line in lines if line.taxable), ZERO) * rate)
        closed = invoice_date + timedelta(days=rng.randint(0, 3))
        still_open = (self.anchor - invoice_date).days < 6 and rng.random() < 0.5
        return Invoice(
            id=FIRST_INVOICE_ID + index,
            number=str(FIRST_INVOICE_NUMBER + index),
            type=kind,
            company_id=customer.id,
            location_id=customer.location_id,
            department_id=10 if kind is InvoiceType.AGREEMENT else 11,
            date=invoice_date,
            due_date=invoice_date + timedelta(days=self.ref.due_days[customer.billing_terms_id]),
            date_closed=None if still_open else min(closed, self.anchor),
            billing_terms_id=customer.billing_terms_id,
            tax_code_id=customer.tax_code_id,
            currency=customer.currency,
            agreement_id=agreement.id if agreement else None,
            description=description,
            customer_po=f"PO-{rng.randint(1000, 9999)}" if rng.random() < 0.3 else "",
            lines=lines,
            sales_tax=sales_tax,
        )

    def _product(self, identifier: str) -> Product:
        return self.ref.product_by_identifier[identifier]

    def _agreement_lines(self, agreement: Agreement) -> tuple[InvoiceLine, ...]:
        rng = self.rng
        pool = (
            catalog.CLOUD_PRODUCTS if agreement.type_id == catalog.CSP_AGREEMENT_TYPE_ID else catalog.MANAGED_PRODUCTS
        )
        chosen = rng.sample(pool, rng.randint(1, 3))
        return tuple(
            _product_line(self.ids, LineKind.AGREEMENT, self._product(code), Decimal(rng.randint(1, 60)))
            for code in chosen
        )

    def _hardware_lines(self, most: int) -> tuple[InvoiceLine, ...]:
        rng = self.rng
        chosen = rng.sample(catalog.HARDWARE_PRODUCTS, rng.randint(1, most))
        return tuple(
            _product_line(self.ids, LineKind.PRODUCT, self._product(code), Decimal(rng.randint(1, 6)))
            for code in chosen
        )

    def _standard_lines(self) -> tuple[InvoiceLine, ...]:
        rng = self.rng
        labor = tuple(
            _product_line(self.ids, LineKind.SERVICE, self._product(code), _hours(rng))
            for code in rng.sample(catalog.LABOR_PRODUCTS, rng.randint(1, 2))
        )
        hardware = self._hardware_lines(2) if rng.random() < 0.4 else ()
        expense: tuple[InvoiceLine, ...] = ()
        if rng.random() < 0.15:
            amount = to_money(Decimal(rng.randint(20, 160)) * MILEAGE_RATE)
            expense = (
                InvoiceLine(
                    id=self.ids.take(),
                    kind=LineKind.EXPENSE,
                    description="Mileage - on-site visit",
                    quantity=Decimal(1),
                    unit_price=amount,
                    amount=amount,
                    account_number=catalog.REIMBURSED_EXPENSE_ACCOUNT,
                    item_identifier=None,
                    taxable=False,
                    unit_cost=amount,
                ),
            )
        return labor + hardware + expense

    def _credit_lines(self) -> tuple[InvoiceLine, ...]:
        rng = self.rng
        code = rng.choice(catalog.HARDWARE_PRODUCTS)
        return (_product_line(self.ids, LineKind.PRODUCT, self._product(code), Decimal(-rng.randint(1, 2))),)


def _expenses(seed: int, scale: int, anchor: date, ref: _Reference) -> tuple[Expense, ...]:
    rng = _rng(seed, "expenses")
    count = EXPENSES_PER_SCALE * scale
    dates = sorted(anchor - timedelta(days=rng.randint(0, DOCUMENT_DAYS - 15)) for _ in range(count))
    ranges = {
        "Meals": (12, 95),
        "Lodging": (129, 289),
        "Airfare": (180, 620),
        "Parking & Tolls": (6, 40),
        "Supplies": (8, 150),
    }
    expenses = []
    for index, expense_date in enumerate(dates):
        member = rng.choice(ref.members)
        customer = rng.choice(ref.customers)
        expense_type, account = rng.choice(catalog.EXPENSE_TYPES)
        if expense_type == "Mileage":
            amount = to_money(Decimal(rng.randint(10, 180)) * MILEAGE_RATE)
            notes = f"Mileage to {customer.name}"
        else:
            low, high = ranges[expense_type]
            amount = to_money(Decimal(rng.randint(low * 100, high * 100)) / 100)
            notes = f"{expense_type} - {customer.name}"
        payment_method = rng.choice(catalog.PAYMENT_METHODS)
        reimbursable = payment_method != "Company Credit Card"
        closed = expense_date + timedelta(days=rng.randint(1, 5))
        not_approved = (anchor - expense_date).days < 8 and rng.random() < 0.5
        expenses.append(
            Expense(
                id=FIRST_EXPENSE_ID + index,
                member_id=member.id,
                member_identifier=member.identifier,
                company_id=customer.id,
                expense_type=expense_type,
                classification=(
                    ExpenseClassification.REIMBURSABLE if reimbursable else ExpenseClassification.NON_REIMBURSABLE
                ),
                payment_method=payment_method,
                amount=amount,
                billable_amount=amount if rng.random() < 0.5 else ZERO,
                date=expense_date,
                date_closed=None if not_approved else min(closed, anchor),
                location_id=member.location_id,
                department_id=10,
                account_number=account,
                credit_account=catalog.REIMBURSEMENTS_ACCOUNT if reimbursable else catalog.COMPANY_CARD_ACCOUNT,
                currency="USD",
                notes=notes,
            )
        )
    return tuple(expenses)


def _purchase_orders(seed: int, scale: int, anchor: date, ref: _Reference) -> tuple[PurchaseOrder, ...]:
    rng = _rng(seed, "purchase-orders")
    count = PURCHASE_ORDERS_PER_SCALE * scale
    dates = sorted(anchor - timedelta(days=rng.randint(5, DOCUMENT_DAYS)) for _ in range(count))
    vendors = [vendor for vendor in ref.vendors if vendor.name in catalog.HARDWARE_VENDORS]
    orders = []
    line_id = FIRST_PO_LINE_ID
    for index, po_date in enumerate(dates):
        vendor = rng.choice(vendors)
        customer = rng.choice(ref.customers) if rng.random() < 0.7 else None
        received = po_date + timedelta(days=rng.randint(2, 7))
        lines = []
        for line_number, code in enumerate(rng.sample(catalog.HARDWARE_PRODUCTS, rng.randint(1, 4)), start=1):
            product = ref.product_by_identifier[code]
            lines.append(
                PurchaseOrderLine(
                    id=line_id,
                    line_number=line_number,
                    product_id=product.id,
                    product_identifier=product.identifier,
                    description=product.description,
                    quantity=Decimal(rng.randint(1, 10)),
                    unit_cost=product.cost,
                    date_received=min(received, anchor),
                )
            )
            line_id += 1
        # Every fourth PO ships free: those have no freight record on the Unposted tab.
        freight = _money(Decimal(rng.randint(1500, 18000)) / 100) if index % 4 != 2 else ZERO
        closed = received + timedelta(days=rng.randint(0, 4))
        location_id = customer.location_id if customer else 1
        orders.append(
            PurchaseOrder(
                id=FIRST_PO_ID + index,
                number=str(FIRST_PO_NUMBER + index),
                vendor_id=vendor.id,
                customer_id=customer.id if customer else None,
                location_id=location_id,
                department_id=12,
                date=po_date,
                date_closed=None if closed > anchor or index % 10 == 9 else closed,
                billing_terms_id=vendor.billing_terms_id,
                tax_code_id=catalog.EXEMPT_TAX_CODE_ID,
                currency=vendor.currency,
                freight_cost=freight,
                sales_tax=ZERO,
                vendor_invoice_number=f"{vendor.identifier[:3].upper()}-{rng.randint(100000, 999999)}",
                vendor_invoice_date=min(received, anchor),
                packing_slip=f"PS-{rng.randint(10000, 99999)}",
                lines=tuple(lines),
            )
        )
    return tuple(orders)


def _suffix_from(rng: random.Random) -> Callable[[int], str]:
    """The `random` callable of `BatchIdentifier.build`, drawn from the seed instead of `secrets`."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return lambda length: "".join(rng.choice(alphabet) for _ in range(length))


def _batch_time(days: Iterable[date]) -> datetime:
    """A batch is made the working day after its newest record closed, late afternoon."""
    return datetime.combine(max(days) + timedelta(days=1), time(17, 30), tzinfo=UTC)


def _batches(
    seed: int,
    invoices: Sequence[Invoice],
    expenses: Sequence[Expense],
    orders: Sequence[PurchaseOrder],
) -> tuple[GLBatch, ...]:
    rng = _rng(seed, "batches")
    suffix = _suffix_from(rng)
    closed_invoices = [inv for inv in invoices if inv.date_closed is not None and inv.lines]
    closed_expenses = [exp for exp in expenses if exp.date_closed is not None]
    closed_orders = [po for po in orders if po.date_closed is not None and po.freight_cost != ZERO]

    def invoice_records(chosen: Sequence[Invoice], unbatched_index: int | None = None) -> list[BatchRecord]:
        return [
            BatchRecord(BatchRecordKind.INVOICE, inv.id, unbatched=index == unbatched_index)
            for index, inv in enumerate(chosen)
        ]

    def po_records(po: PurchaseOrder, unbatched_line: int | None = None) -> list[BatchRecord]:
        records = [BatchRecord(BatchRecordKind.PO_FREIGHT, po.id)] if po.freight_cost != ZERO else []
        return records + [
            BatchRecord(BatchRecordKind.PO_PRODUCT, line.id, unbatched=line.id == unbatched_line) for line in po.lines
        ]

    drafts: list[tuple[str, bool, list[BatchRecord], datetime]] = []
    month_end_invoices, month_end_expenses = closed_invoices[:4], closed_expenses[:2]
    month_end_time = _batch_time(d.date_closed for d in (*month_end_invoices, *month_end_expenses) if d.date_closed)
    drafts.append(
        (
            f"Month End {month_end_time:%Y-%m-%d}",
            True,
            invoice_records(month_end_invoices)
            + [BatchRecord(BatchRecordKind.EXPENSE, exp.id) for exp in month_end_expenses],
            month_end_time,
        )
    )
    shared_invoices, shared_expense, shared_order = closed_invoices[4:7], closed_expenses[2], closed_orders[0]
    shared_time = _batch_time(
        d.date_closed for d in (*shared_invoices, shared_expense, shared_order) if d.date_closed is not None
    )
    drafts.append(
        (
            f"AutoSync {shared_time:%Y%m%d-%H%M}",
            False,
            [
                *invoice_records(shared_invoices, unbatched_index=1),
                BatchRecord(BatchRecordKind.EXPENSE, shared_expense.id),
                *po_records(shared_order),
            ],
            shared_time,
        )
    )
    for invoice in closed_invoices[7:9]:
        identifier = BatchIdentifier.build(DocumentKind.INVOICE, invoice.number, random=suffix)
        drafts.append((str(identifier), False, invoice_records([invoice]), _batch_time([invoice.date_closed])))
    expense = closed_expenses[3]
    identifier = BatchIdentifier.build(DocumentKind.EXPENSE, str(expense.id), expense.member_identifier, random=suffix)
    drafts.append(
        (str(identifier), False, [BatchRecord(BatchRecordKind.EXPENSE, expense.id)], _batch_time([expense.date_closed]))
    )
    order = closed_orders[1]
    identifier = BatchIdentifier.build(DocumentKind.PROCUREMENT, order.number, random=suffix)
    drafts.append(
        (str(identifier), False, po_records(order, unbatched_line=order.lines[0].id), _batch_time([order.date_closed]))
    )
    drafts.sort(key=lambda draft: draft[3])
    return tuple(
        GLBatch(id=FIRST_BATCH_ID + index, identifier=name, created=created, closed=closed, records=tuple(records))
        for index, (name, closed, records, created) in enumerate(drafts)
    )


@dataclass
class _Marketplace:
    organizations: tuple[Organization, ...]
    offers: tuple[Offer, ...]
    contracts: tuple[Contract, ...]
    subscriptions: tuple[Subscription, ...]
    custom_invoices: tuple[CustomInvoice, ...]


def _subscription(
    rng: random.Random,
    org: Organization,
    offer: Offer,
    contract: Contract,
    start: date,
    end: date | None,
) -> Subscription:
    return Subscription(
        id=_uuid(rng),
        organization_id=org.id,
        offer_id=offer.id,
        contract_id=contract.id,
        name=f"{offer.name} ({offer.commitment_term})",
        quantity=rng.randint(1, 60),
        start_date=start,
        end_date=end,
        billing_cycle=offer.billing_cycle,
        commitment_term=offer.commitment_term,
    )


def _random_subscriptions(
    rng: random.Random,
    organizations: Sequence[Organization],
    offers: Sequence[Offer],
    contract_of: dict[str, Contract],
    anchor: date,
    subscription_scale: int,
) -> list[Subscription]:
    subscriptions = []
    for org in organizations:
        for _ in range(rng.randint(1, 4) * subscription_scale):
            offer = rng.choice(offers)
            start = anchor - timedelta(days=rng.randint(30, 700))
            end = start + timedelta(days=rng.randint(20, 400)) if rng.random() < 0.1 else None
            subscriptions.append(_subscription(rng, org, offer, contract_of[org.id], start, end))
    return subscriptions


def _first_of_previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def _month_events(
    rng: random.Random,
    organizations: Sequence[Organization],
    offers: Sequence[Offer],
    one_time_offer: Offer,
    contract_of: dict[str, Contract],
    anchor: date,
) -> list[Subscription]:
    """In each of the two months before the anchor's month: a purchase, a cancellation and a one-time buy.

    Platforms bill in arrears, so these make every charge type appear on the invoices of both the current
    and the previous month (seed 003 shows both).
    """
    events = []
    month = _first_of_previous_month(anchor)
    for _ in range(2):
        for start, end, offer in (
            (month.replace(day=10), None, rng.choice(offers)),
            (month - timedelta(days=rng.randint(120, 400)), month.replace(day=20), rng.choice(offers)),
            (month.replace(day=15), None, one_time_offer),
        ):
            org = rng.choice(organizations)
            events.append(_subscription(rng, org, offer, contract_of[org.id], start, end))
        month = _first_of_previous_month(month)
    return events


def _custom_invoices(
    rng: random.Random, organizations: Sequence[Organization], scale: int, anchor: date
) -> list[CustomInvoice]:
    """Manual platform invoices; the first two fall in the previous and the current month, the rest anywhere."""
    fixed_dates = [_first_of_previous_month(anchor).replace(day=15), anchor.replace(day=1)]
    invoices = []
    for index in range(CUSTOM_INVOICES_PER_SCALE * scale):
        org = rng.choice(organizations)
        charges = rng.sample(catalog.CUSTOM_CHARGE_DESCRIPTIONS, rng.randint(1, 2))
        invoice_date = fixed_dates[index] if index < len(fixed_dates) else anchor - timedelta(days=rng.randint(0, 25))
        invoices.append(
            CustomInvoice(
                id=_uuid(rng),
                organization_id=org.id,
                number=f"CI-{invoice_date:%Y%m}-{index + 1:03d}",
                date=invoice_date,
                currency=org.currency,
                lines=tuple(
                    CustomInvoiceLine(id=_uuid(rng), description=text, quantity=1, unit_price=_money(price))
                    for text, price in charges
                ),
            )
        )
    return invoices


def _marketplace(seed: int, scale: int, subscription_scale: int, anchor: date, ref: _Reference) -> _Marketplace:
    rng = _rng(seed, "marketplace")
    csp_customers = [c for c in ref.customers if catalog.CSP_AGREEMENT_TYPE_ID in ref.agreements_of[c.id]]
    organizations = [
        Organization(
            id=_uuid(rng),
            name=customer.name,
            reference_number=f"ORG-{10001 + index}",
            customer_id=customer.id,
            currency=customer.currency,
            country="CA" if customer.currency == "CAD" else "US",
        )
        for index, customer in enumerate(csp_customers)
    ]
    organizations += [
        Organization(
            id=_uuid(rng),
            name=name,
            reference_number=f"ORG-{10001 + len(csp_customers) + index}",
            customer_id=None,
            currency="USD",
            country="US",
        )
        for index, name in enumerate(catalog.UNMAPPED_ORGANIZATIONS)
    ]
    sku_alphabet = "BCDFGHJKLMNPQRSTVWXZ0123456789"
    offers = []
    for code in (*catalog.CLOUD_PRODUCTS, "AZ-CONSUMPTION", "ACRONIS-CPC", "S1-COMPLETE"):
        product = ref.product_by_identifier[code]
        annual = rng.random() < 0.5
        offers.append(
            Offer(
                id=_uuid(rng),
                name=product.description,
                sku="CFQ7TTC0" + "".join(rng.choice(sku_alphabet) for _ in range(4)),
                vendor_name="Microsoft" if code in catalog.CLOUD_PRODUCTS or code == "AZ-CONSUMPTION" else "Partner",
                billing_cycle="Monthly",
                commitment_term="Annual" if annual else "Monthly",
                unit_price=product.price,
                unit_cost=product.cost,
                product_id=product.id,
            )
        )
    for name, vendor, price, cost in catalog.UNMAPPED_OFFERS:
        offers.append(
            Offer(
                id=_uuid(rng),
                name=name,
                sku="CFQ7TTC0" + "".join(rng.choice(sku_alphabet) for _ in range(4)),
                vendor_name=vendor,
                billing_cycle="Monthly",
                commitment_term="Annual",
                unit_price=_money(price),
                unit_cost=_money(cost),
                product_id=None,
            )
        )
    one_time_product = ref.product_by_identifier[catalog.ONE_TIME_PRODUCT]
    one_time_offer = Offer(
        id=_uuid(rng),
        name=one_time_product.description,
        sku="DG7GMGF0" + "".join(rng.choice(sku_alphabet) for _ in range(4)),
        vendor_name="Microsoft",
        billing_cycle="One-Time",
        commitment_term="One-Time",
        unit_price=one_time_product.price,
        unit_cost=one_time_product.cost,
        product_id=one_time_product.id,
    )
    offers.append(one_time_offer)
    csp_agreement = {c.id: ref.agreements_of[c.id][catalog.CSP_AGREEMENT_TYPE_ID].id for c in csp_customers}
    contracts = tuple(
        Contract(
            id=_uuid(rng),
            organization_id=org.id,
            number=f"CT-{20001 + index}",
            reference_number=f"REF-{rng.randint(100000, 999999)}",
            purpose="Resell",
            billing_day=rng.randint(1, 28),
            currency=org.currency,
            agreement_id=csp_agreement.get(org.customer_id) if org.customer_id else None,
        )
        for index, org in enumerate(organizations)
    )
    contract_of = {contract.organization_id: contract for contract in contracts}
    recurring_offers = [offer for offer in offers if offer.billing_cycle != "One-Time"]
    subscriptions = _random_subscriptions(rng, organizations, recurring_offers, contract_of, anchor, subscription_scale)
    subscriptions += _month_events(
        rng, organizations[: len(csp_customers)], recurring_offers, one_time_offer, contract_of, anchor
    )
    custom_invoices = _custom_invoices(rng, organizations, scale, anchor)
    return _Marketplace(
        organizations=tuple(organizations),
        offers=tuple(offers),
        contracts=contracts,
        subscriptions=tuple(subscriptions),
        custom_invoices=tuple(custom_invoices),
    )


def build_demo_company(
    *, seed: int, scale: int, anchor: date, subscription_scale: int = 1, invoice_count: int | None = None
) -> DemoCompany:
    """See `DemoCompany.generate`."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    if invoice_count is not None and invoice_count < 10:
        raise ValueError(f"invoice count must be at least 10 (the batches need them), not {invoice_count}")
    if subscription_scale < 1:
        raise ValueError(f"subscription scale must be at least 1, not {subscription_scale}")
    ref = _reference_data(seed, anchor)
    invoices = _InvoiceBuilder(seed, invoice_count or INVOICES_PER_SCALE * scale, anchor, ref).build()
    expenses = _expenses(seed, scale, anchor, ref)
    orders = _purchase_orders(seed, scale, anchor, ref)
    market = _marketplace(seed, scale, subscription_scale, anchor, ref)
    return DemoCompany(
        seed=seed,
        scale=scale,
        anchor=anchor,
        name=catalog.MSP_NAME,
        identifier=catalog.MSP_IDENTIFIER,
        locations=ref.locations,
        departments=ref.departments,
        members=ref.members,
        gl_accounts=ref.gl_accounts,
        tax_codes=ref.tax_codes,
        billing_terms=ref.billing_terms,
        customers=ref.customers,
        contacts=ref.contacts,
        vendors=ref.vendors,
        products=ref.products,
        agreement_types=ref.agreement_types,
        agreements=ref.agreements,
        invoices=invoices,
        expenses=expenses,
        purchase_orders=orders,
        batches=_batches(seed, invoices, expenses, orders),
        organizations=market.organizations,
        offers=market.offers,
        contracts=market.contracts,
        subscriptions=market.subscriptions,
        custom_invoices=market.custom_invoices,
    )
