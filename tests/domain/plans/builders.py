"""Small builders of PSA documents, package capabilities and snapshots for the export-rules tests.

Defaults describe a document that passes every check against `snapshot()`, so each test changes only the one
fact it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from tui_ledger.domain.accounting import (
    AccountingPackage,
    AccountRecord,
    CompanyProfile,
    ContactRecord,
    DocumentType,
    ItemRecord,
    PackageCapabilities,
    RemoteDocument,
    TaxRateRecord,
)
from tui_ledger.domain.checks import PackageSnapshot
from tui_ledger.domain.documents import (
    InvoiceLine,
    ProcurementLine,
    ProcurementLineKind,
    Reference,
    UnpostedExpense,
    UnpostedInvoice,
    UnpostedPurchase,
)
from tui_ledger.domain.money import total
from tui_ledger.domain.plans import PlainExportOptions, PlanContext

INVOICE_DATE = date(2026, 10, 31)
ACME = Reference(250, "ACME", "Acme Ltd")
INGRAM = Reference(400, "INGRAM", "Ingram Micro")
SALES = "4000"
COSTS = "5000"
TRAVEL = "6100"
BANK = "1000"

XERO = PackageCapabilities(
    package=AccountingPackage.XERO,
    display_name="Xero",
    sales_credit_name="credit note",
    max_batch_size=50,
    document_types=frozenset(
        {DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT, DocumentType.BILL, DocumentType.SUPPLIER_CREDIT}
    ),
    number_lookup={},
    numbers_per_lookup=50,
    max_number_length=255,
    unique_number_types=frozenset({DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT}),
    removal_by_status={},
)
QUICKBOOKS = PackageCapabilities(
    package=AccountingPackage.QUICKBOOKS,
    display_name="QuickBooks Online",
    sales_credit_name="credit memo",
    max_batch_size=30,
    document_types=frozenset(
        {DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT, DocumentType.BILL, DocumentType.PURCHASE}
    ),
    number_lookup={},
    numbers_per_lookup=30,
    max_number_length=21,
    unique_number_types=frozenset({DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT}),
    removal_by_status={},
    suppliers_separate_from_customers=True,
    contact_numbers_hold_psa_keys=False,
    sales_lines_need_items=True,
    purchase_payment_account_types=frozenset({"Bank", "Credit Card"}),
    contacts_hold_one_currency=True,
)


def context(capabilities: PackageCapabilities = XERO, **options: Any) -> PlanContext:
    return PlanContext(
        profile="sandbox",
        target="Demo Xero" if capabilities is XERO else "Demo QuickBooks",
        capabilities=capabilities,
        options=PlainExportOptions(**options),
    )


def line(
    amount: str,
    description: str = "Managed services",
    *,
    account: str | None = SALES,
    item: str | None = None,
    tax_code: str | None = None,
    taxable: bool = False,
    quantity: str = "1",
    down_payment: bool = False,
    line_id: int = 1,
) -> InvoiceLine:
    return InvoiceLine(
        line_id=line_id,
        description=description,
        amount=Decimal(amount),
        quantity=Decimal(quantity),
        account_number=account,
        item_identifier=item,
        tax_code=tax_code,
        taxable=taxable,
        gl_type="RD" if down_payment else "S",
        is_down_payment=down_payment,
    )


def invoice(
    lines: Sequence[InvoiceLine] = (),
    *,
    number: str = "5001",
    tax: str = "0.00",
    total_: str | None = None,
    customer: Reference = ACME,
    currency: str = "USD",
    invoice_date: date = INVOICE_DATE,
    invoice_id: int = 12001,
    gl_entry_ids: tuple[int, ...] = (9001,),
    default_line: bool = True,
) -> UnpostedInvoice:
    """An invoice whose total is its lines plus tax unless `total_` says otherwise (one line by default)."""
    chosen = tuple(lines) if lines or not default_line else (line("100.00"),)
    stated = Decimal(total_) if total_ is not None else total([*(entry.amount for entry in chosen), Decimal(tax)])
    return UnpostedInvoice(
        unposted_id=invoice_id - 10000,
        invoice_id=invoice_id,
        number=number,
        invoice_type="Standard",
        invoice_date=invoice_date,
        customer=customer,
        total=stated,
        sales_tax=Decimal(tax),
        currency=currency,
        due_date=date(2026, 11, 30),
        lines=chosen,
        gl_entry_ids=gl_entry_ids,
    )


def empty_invoice(number: str = "5009") -> UnpostedInvoice:
    return invoice((), number=number, default_line=False, gl_entry_ids=(9009,))


def expense(
    amount: str = "42.50",
    *,
    account: str | None = TRAVEL,
    credit_account: str | None = BANK,
    member: str = "bbastine",
    expense_id: int = 4351,
    tax_code: str | None = None,
) -> UnpostedExpense:
    return UnpostedExpense(
        unposted_id=7,
        expense_id=expense_id,
        member_identifier=member,
        expense_date=date(2026, 10, 20),
        total=Decimal(amount),
        expense_type="Mileage",
        account_number=account,
        credit_account=credit_account,
        tax_code=tax_code,
        gl_entry_ids=(8001,),
    )


def freight(amount: str = "12.50", tax: str = "0.00") -> ProcurementLine:
    return ProcurementLine(
        1,
        "F-1",
        ProcurementLineKind.FREIGHT,
        "Freight",
        Decimal(amount),
        Decimal(tax),
        account_number=COSTS,
        gl_entry_ids=(7001,),
    )


def product(
    amount: str = "300.00", tax: str = "30.00", *, item: str | None = "SW-24", quantity: str = "2"
) -> ProcurementLine:
    return ProcurementLine(
        2,
        "P-2",
        ProcurementLineKind.PRODUCT,
        "Switch 24 port",
        Decimal(amount),
        Decimal(tax),
        quantity=Decimal(quantity),
        account_number=COSTS,
        item_identifier=item,
        gl_entry_ids=(7002,),
    )


def purchase(
    lines: Sequence[ProcurementLine] = (), *, vendor: Reference = INGRAM, vendor_invoice: str | None = "INV-77"
) -> UnpostedPurchase:
    return UnpostedPurchase(
        po_id=984,
        po_number="984",
        vendor=vendor,
        purchase_date=date(2026, 10, 15),
        lines=tuple(lines) or (freight(), product()),
        vendor_invoice_number=vendor_invoice,
        vendor_invoice_date=date(2026, 10, 18),
    )


def account(
    code: str,
    name: str = "Account",
    *,
    active: bool = True,
    account_class: str | None = None,
    account_type: str | None = None,
) -> AccountRecord:
    """An account; the bank account (`BANK`) is of type "Bank", the others "REVENUE" unless `account_type` says."""
    return AccountRecord(
        id=f"acc-{code}",
        code=code,
        name=name,
        account_type=account_type or ("Bank" if code == BANK else "REVENUE"),
        active=active,
        status="ACTIVE" if active else "ARCHIVED",
        account_class=account_class,
    )


def contact(
    name: str,
    number: str | None = None,
    *,
    active: bool = True,
    customer: bool = True,
    supplier: bool = False,
    currency: str | None = None,
) -> ContactRecord:
    return ContactRecord(
        id=f"c-{name}",
        name=name,
        active=active,
        number=number,
        is_customer=customer,
        is_supplier=supplier,
        currency=currency,
    )


def snapshot(
    capabilities: PackageCapabilities = XERO,
    *,
    accounts: Iterable[AccountRecord] | None = None,
    tax_rates: Iterable[TaxRateRecord] | None = None,
    contacts: Iterable[ContactRecord] | None = None,
    items: Iterable[ItemRecord] | None = None,
    remote: Iterable[RemoteDocument] = (),
    lock_date: date | None = None,
    base_currency: str = "USD",
    multi_currency: bool = False,
    currencies: Iterable[str] = (),
) -> PackageSnapshot:
    """A package holding the default accounts, tax codes, parties (Acme, Ingram, bbastine) and items SW-24 and
    Services (the default sales item QuickBooks sends a line without a product as)."""
    return PackageSnapshot.of(
        capabilities,
        CompanyProfile(id="org", name="Demo", base_currency=base_currency, lock_date=lock_date),
        accounts=accounts if accounts is not None else [account(code) for code in (SALES, COSTS, TRAVEL, BANK)],
        tax_rates=tax_rates
        if tax_rates is not None
        else [
            TaxRateRecord("OUTPUT", "Sales tax", Decimal("0.10"), True),
            TaxRateRecord("NONE", "No tax", Decimal(0), True),
        ],
        contacts=contacts
        if contacts is not None
        else [
            contact("Acme Ltd", "ACME"),
            contact("Ingram Micro", "INGRAM", customer=False, supplier=True),
            contact("bbastine", "bbastine", customer=False, supplier=True),
        ],
        items=items
        if items is not None
        else [ItemRecord("i-sw", "SW-24", "Switch 24 port"), ItemRecord("i-svc", "Services", "Services")],
        remote_documents=remote,
        multi_currency=multi_currency,
        currencies=currencies,
    )
