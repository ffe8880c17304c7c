"""The Xero organisation of the demo MSP, built from the `DemoCompany`, with the gaps a real one has.

What is there: the chart of accounts (the demo's GL accounts plus a bank account), a tax rate per ConnectWise
tax code, every customer, vendor and member as a contact (ContactNumber = the ConnectWise identifier), every
catalog product as an item, tracking categories Region (locations) and Department, and a copy of every
document the demo has already batched (exported earlier): invoices as ACCREC, negative ones as ACCRECCREDIT
credit notes, purchase orders and expenses as ACCPAY bills. Documents go through the same writer the API uses,
so they have exactly the API's shape and totals.

The deliberate gaps (`SeedGaps`), chosen from the demo data so the export has real Errors to show:
* an income account used by unposted invoices is ARCHIVED;
* the tax rate of one ConnectWise tax code used by unposted invoices is missing;
* one customer with unposted invoices is in Xero under another name (same ContactNumber);
* one unposted invoice's number is already taken in Xero by a different invoice.
The period lock date is the day before the demo's earliest document, so only back-dated documents meet it.
A second, nearly empty organisation ("… (Training)") makes choosing a tenant a real choice.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from tui_ledger.sandbox.demo import (
    BatchRecordKind,
    Customer,
    DemoCompany,
    Expense,
    GLAccount,
    GLAccountType,
    Invoice,
    PurchaseOrder,
    TaxCode,
)
from tui_ledger.sandbox.service_spec import SandboxContext
from tui_ledger.sandbox.tax_code_maps import save_tax_code_map
from tui_ledger.sandbox.xero.contacts import ContactWriter
from tui_ledger.sandbox.xero.demo_apps import APPS, MAIN_TENANT_ID, TRAINING_TENANT_ID
from tui_ledger.sandbox.xero.documents import CREDIT_NOTES, INVOICES, DocumentFlavour, DocumentWriter
from tui_ledger.sandbox.xero.identity import register_app
from tui_ledger.sandbox.xero.items import ItemWriter
from tui_ledger.sandbox.xero.ledger import Ledger
from tui_ledger.sandbox.xero.store import Collection, Record, XeroStore
from tui_ledger.sandbox.xero.wire import ms_date, ms_datetime

SERVICE_NAME = "xero"
_NAMESPACE = uuid.UUID("0b9a3f0e-61a4-4a39-9c2e-6f1d2a3b4c5d")
_ACCOUNT_TYPES = {
    GLAccountType.ACCOUNTS_RECEIVABLE: ("CURRENT", "ASSET", "DEBTORS"),
    GLAccountType.INVENTORY: ("INVENTORY", "ASSET", None),
    GLAccountType.ACCOUNTS_PAYABLE: ("CURRLIAB", "LIABILITY", "CREDITORS"),
    GLAccountType.CURRENT_LIABILITY: ("CURRLIAB", "LIABILITY", None),
    GLAccountType.SALES_TAX: ("CURRLIAB", "LIABILITY", "GST"),
    GLAccountType.DEFERRED_REVENUE: ("CURRLIAB", "LIABILITY", None),
    GLAccountType.INCOME: ("REVENUE", "REVENUE", None),
    GLAccountType.COST_OF_SALES: ("DIRECTCOSTS", "EXPENSE", None),
    GLAccountType.EXPENSE: ("EXPENSE", "EXPENSE", None),
}
BANK_ACCOUNT_CODE = "1000"
STANDARD_TAX_RATES = (("Tax Exempt", "NONE"), ("Tax on Purchases", "INPUT"), ("Tax on Sales", "OUTPUT"))


class SeedError(RuntimeError):
    """The demo data does not fit the organisation (a bug in the seed, never the user's doing)."""


@dataclass(frozen=True, slots=True)
class SeedGaps:
    """The deliberate differences between the demo company and its Xero organisation."""

    archived_account_code: str
    missing_tax_code: str
    """The ConnectWise tax code identifier that has no tax rate in Xero."""
    renamed_customer_id: int
    renamed_contact_name: str
    taken_invoice_number: str


def tax_types(company: DemoCompany) -> dict[int, str]:
    """The Xero TaxType of each ConnectWise tax code: NONE for a zero rate, TAX001… for the others."""
    mapping: dict[int, str] = {}
    counter = 0
    for code in sorted(company.tax_codes, key=lambda tax: tax.id):
        if code.rate == 0:
            mapping[code.id] = "NONE"
        else:
            counter += 1
            mapping[code.id] = f"TAX{counter:03d}"
    return mapping


def _least_used(counts: Counter[str] | Counter[int], candidates: Iterable[str] | Iterable[int]) -> str | int:
    used = [(counts[candidate], candidate) for candidate in candidates if counts[candidate] > 0]
    if not used:
        raise SeedError("the demo company has no unposted document to plant a Xero gap on")
    fewest = min(count for count, _ in used)
    return max(candidate for count, candidate in used if count == fewest)


def renamed(name: str) -> str:
    """How the customer is spelt in Xero: another legal form of the same company."""
    return f"{name} (US)" if name.endswith(("Inc.", "LLC")) else f"{name} Inc."


def plan_gaps(company: DemoCompany) -> SeedGaps:
    """Choose the gaps from the demo data: each touches unposted documents, so the export meets it."""
    unposted = [invoice for invoice in company.unposted_invoices() if invoice.lines]
    income = [account.number for account in company.gl_accounts if account.type is GLAccountType.INCOME]
    account_use: Counter[str] = Counter(
        line.account_number for invoice in unposted for line in invoice.lines if line.account_number
    )
    archived = str(_least_used(account_use, income))
    taxed = [code.id for code in company.tax_codes if code.rate != 0]
    tax_use: Counter[int] = Counter(invoice.tax_code_id for invoice in unposted)
    missing = company.tax_code(int(_least_used(tax_use, taxed)))
    customer_use: Counter[int] = Counter(invoice.company_id for invoice in unposted)
    customer = company.customer(min(customer_use, key=lambda company_id: (-customer_use[company_id], company_id)))
    clean = sorted(
        (
            invoice
            for invoice in unposted
            if invoice.total > 0
            and invoice.company_id != customer.id
            and invoice.tax_code_id != missing.id
            and all(line.account_number != archived for line in invoice.lines)
        ),
        key=lambda invoice: invoice.number,
    )
    if not clean:
        raise SeedError("the demo company has no clean unposted invoice whose number could be taken")
    return SeedGaps(
        archived_account_code=archived,
        missing_tax_code=missing.identifier,
        renamed_customer_id=customer.id,
        renamed_contact_name=renamed(customer.name),
        taken_invoice_number=clean[len(clean) // 2].number,
    )


class _Ids:
    """Deterministic ids: the same demo company always gives the same organisation."""

    def __init__(self, tenant_id: str) -> None:
        self.tenant_id = tenant_id
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return str(uuid.uuid5(_NAMESPACE, f"{self.tenant_id}:{self.count}"))


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(17, 30), UTC)


class _OrganisationBuilder:
    """Writes one organisation's records into the store."""

    def __init__(self, store: XeroStore, tenant_id: str, company: DemoCompany, name: str) -> None:
        self.store = store
        self.tenant_id = tenant_id
        self.company = company
        self.name = name
        self.ids = _Ids(tenant_id)
        self.created = _noon(company.anchor - timedelta(days=730))
        self.tax_types = tax_types(company)

    def put(self, collection: Collection, record_id: str, record: Record, **keys: str | None) -> None:
        self.store.put(self.tenant_id, collection, record_id, record, **keys)

    def organisation(self, lock_date: date | None) -> None:
        currencies = sorted({customer.currency for customer in self.company.customers} - {"USD"})
        record: Record = {
            "OrganisationID": self.tenant_id,
            "APIKey": "",
            "Name": self.name,
            "LegalName": f"{self.name} LLC",
            "PaysTax": True,
            "Version": "US",
            "OrganisationType": "COMPANY",
            "BaseCurrency": "USD",
            "CountryCode": "US",
            "IsDemoCompany": False,
            "OrganisationStatus": "ACTIVE",
            "FinancialYearEndDay": 31,
            "FinancialYearEndMonth": 12,
            "SalesTaxBasis": "ACCRUAL",
            "SalesTaxPeriod": "MONTHLY",
            "DefaultSalesTax": "Tax Exclusive",
            "DefaultPurchasesTax": "Tax Exclusive",
            "CreatedDateUTC": ms_datetime(self.created),
            "Timezone": "EASTERNSTANDARDTIME",
            "OrganisationEntityType": "COMPANY",
            "ShortCode": "!" + self.tenant_id[:5],
            "Class": "PREMIUM",
            "Edition": "BUSINESS",
            "LineOfBusiness": "IT managed services",
            "Addresses": [],
            "Phones": [],
            "ExternalLinks": [],
            "PaymentTerms": {},
            "_Currencies": currencies,
        }
        if lock_date is not None:
            record["PeriodLockDate"] = ms_date(lock_date)
        self.put(Collection.ORGANISATION, self.tenant_id, record, name=self.name)
        self.store.execute(
            "INSERT OR REPLACE INTO tenants (tenant_id, name, created_ms) VALUES (?, ?, ?)",
            (self.tenant_id, self.name, int(self.created.timestamp() * 1000)),
        )

    def accounts(self) -> None:
        bank: Record = self._account_record(BANK_ACCOUNT_CODE, "Business Checking", "BANK", "ASSET", None)
        bank.update({"BankAccountNumber": "021000021-4455667788", "BankAccountType": "BANK", "CurrencyCode": "USD"})
        self.put(Collection.ACCOUNTS, bank["AccountID"], bank, number=BANK_ACCOUNT_CODE, name=bank["Name"])
        for account in self.company.gl_accounts:
            record = self._gl_account(account)
            self.put(Collection.ACCOUNTS, record["AccountID"], record, number=account.number, name=account.name)

    def _gl_account(self, account: GLAccount) -> Record:
        kind, account_class, system = _ACCOUNT_TYPES[account.type]
        record = self._account_record(account.number, account.name, kind, account_class, system)
        record["ShowInExpenseClaims"] = account.type is GLAccountType.EXPENSE
        return record

    def _account_record(self, code: str, name: str, kind: str, account_class: str, system: str | None) -> Record:
        record: Record = {
            "AccountID": self.ids(),
            "Code": code,
            "Name": name,
            "Status": "ACTIVE",
            "Type": kind,
            "TaxType": "NONE",
            "Class": account_class,
            "EnablePaymentsToAccount": kind == "BANK",
            "ShowInExpenseClaims": False,
            "BankAccountType": "",
            "ReportingCode": "",
            "HasAttachments": False,
            "UpdatedDateUTC": ms_datetime(self.created),
            "AddToWatchlist": False,
        }
        if system:
            record["SystemAccount"] = system
        return record

    def tax_rates(self) -> None:
        for name, tax_type in STANDARD_TAX_RATES:
            self._tax_rate(name, tax_type, Decimal(0), report="NONE")
        for code in self.company.tax_codes:
            if code.rate != 0:
                self._tax_rate(code.name, self.tax_types[code.id], code.rate * 100, report="USSALESTAX", code=code)

    def _tax_rate(
        self, name: str, tax_type: str, percent: Decimal, *, report: str, code: TaxCode | None = None
    ) -> None:
        percent = percent.quantize(Decimal("0.0001"))
        component = {
            "Name": code.identifier if code else name,
            "Rate": percent,
            "IsCompound": False,
            "IsNonRecoverable": False,
        }
        record: Record = {
            "Name": name,
            "TaxType": tax_type,
            "ReportTaxType": report,
            "CanApplyToAssets": code is None,
            "CanApplyToEquity": code is None,
            "CanApplyToExpenses": code is None,
            "CanApplyToLiabilities": True,
            "CanApplyToRevenue": True,
            "DisplayTaxRate": percent,
            "EffectiveRate": percent,
            "Status": "ACTIVE",
            "TaxComponents": [component],
        }
        self.put(Collection.TAX_RATES, tax_type, record, number=tax_type, name=name)

    def tracking(self) -> None:
        for name, options in (
            ("Region", [location.name for location in self.company.locations]),
            ("Department", [department.name for department in self.company.departments]),
        ):
            category_id = self.ids()
            record = {
                "TrackingCategoryID": category_id,
                "Name": name,
                "Status": "ACTIVE",
                "Options": [
                    {
                        "TrackingOptionID": self.ids(),
                        "Name": option,
                        "Status": "ACTIVE",
                        "TrackingCategoryID": category_id,
                    }
                    for option in options
                ],
            }
            self.put(Collection.TRACKING_CATEGORIES, category_id, record, name=name)

    def contacts(self) -> None:
        ledger = Ledger(self.store, self.tenant_id)
        writer = ContactWriter(ledger, self.created, self.ids)
        emails = {contact.id: contact.email for contact in self.company.contacts}
        elements: list[Record] = []
        for customer in self.company.customers:
            elements.append(self._company_contact(customer, emails.get(customer.billing_contact_id or -1)))
        for vendor in self.company.vendors:
            address = vendor.address
            elements.append(
                {
                    "Name": vendor.name,
                    "ContactNumber": vendor.identifier,
                    "AccountNumber": vendor.account_number,
                    "DefaultCurrency": vendor.currency,
                    "Addresses": [_address(address.line1, address.city, address.state, address.zip, address.country)],
                }
            )
        for member in self.company.members:
            elements.append({"Name": member.name, "ContactNumber": member.identifier, "EmailAddress": member.email})
        for element in elements:
            _require(writer.apply(element, create_only=True).errors, f"contact {element['Name']}")

    @staticmethod
    def _company_contact(customer: Customer, email: str | None) -> Record:
        address = customer.address
        element: Record = {
            "Name": customer.name,
            "ContactNumber": customer.identifier,
            "AccountNumber": customer.account_number,
            "DefaultCurrency": customer.currency,
            "Addresses": [_address(address.line1, address.city, address.state, address.zip, address.country)],
            "Phones": [{"PhoneType": "DEFAULT", "PhoneNumber": customer.phone}],
        }
        if email:
            element["EmailAddress"] = email
        return element

    def items(self) -> None:
        writer = ItemWriter(Ledger(self.store, self.tenant_id), self.created, self.ids)
        for product in self.company.products:
            element: Record = {
                "Code": product.identifier[:30],
                "Name": product.description[:50],
                "Description": product.description,
                "PurchaseDescription": product.description,
                "SalesDetails": {"UnitPrice": product.price},
                "PurchaseDetails": {"UnitPrice": product.cost},
            }
            if product.income_account:
                element["SalesDetails"]["AccountCode"] = product.income_account
            if product.cogs_account:
                element["PurchaseDetails"]["AccountCode"] = product.cogs_account
            _require(writer.apply(element, create_only=True).errors, f"item {product.identifier}")

    # -- documents

    def write_document(self, flavour: DocumentFlavour, element: Record, on: date) -> None:
        ledger = Ledger(self.store, self.tenant_id)
        moment = _noon(on)
        writer = DocumentWriter(
            flavour,
            ledger,
            ContactWriter(ledger, moment, self.ids),
            now=moment,
            client_id="",
            unit_places=4,
            new_id=self.ids,
        )
        outcome = writer.apply(element, create_only=True)
        _require(outcome.errors, f"{flavour.label} {element.get(flavour.number_field)}")

    def exported_invoice(self, invoice: Invoice, fallback_account: str) -> None:
        credit = invoice.total < 0
        sign = Decimal(-1) if credit else Decimal(1)
        tax_type = self.tax_types[invoice.tax_code_id]
        taxable = [line for line in invoice.lines if line.taxable] or list(invoice.lines[:1])
        shares = _shares(invoice.sales_tax * sign, [line.amount * sign for line in taxable])
        lines = []
        for line in invoice.lines:
            amount = line.amount * sign
            exact = line.quantity * line.unit_price * sign == amount
            element_line: Record = {
                "Description": line.description,
                "Quantity": line.quantity if exact else Decimal(1),
                "UnitAmount": line.unit_price * sign if exact else amount,
                "AccountCode": line.account_number or fallback_account,
                "TaxType": tax_type if line in taxable else "NONE",
                "TaxAmount": shares.get(taxable.index(line), Decimal(0)) if line in taxable else Decimal(0),
            }
            if line.item_identifier:
                element_line["ItemCode"] = line.item_identifier[:30]
            lines.append(element_line)
        flavour = CREDIT_NOTES if credit else INVOICES
        element: Record = {
            "Type": "ACCRECCREDIT" if credit else "ACCREC",
            "Contact": {"ContactNumber": self.company.customer(invoice.company_id).identifier},
            flavour.number_field: invoice.number,
            "Date": invoice.date.isoformat(),
            "DueDate": invoice.due_date.isoformat(),
            "Reference": invoice.customer_po or invoice.description[:255],
            "CurrencyCode": invoice.currency,
            "Status": "AUTHORISED",
            "LineItems": lines,
        }
        self.write_document(flavour, element, invoice.date)

    def exported_purchase(self, order: PurchaseOrder, freight_account: str) -> None:
        vendor = self.company.vendor(order.vendor_id)
        tax_type = self.tax_types[order.tax_code_id]
        lines: list[Record] = []
        for line in order.lines:
            product = self.company.product_by_identifier(line.product_identifier)
            lines.append(
                {
                    "Description": line.description,
                    "Quantity": line.quantity,
                    "UnitAmount": line.unit_cost,
                    "AccountCode": product.cogs_account or freight_account,
                    "ItemCode": line.product_identifier[:30],
                    "TaxType": "NONE",
                }
            )
        if order.freight_cost:
            lines.append(
                {
                    "Description": "Freight",
                    "Quantity": 1,
                    "UnitAmount": order.freight_cost,
                    "AccountCode": freight_account,
                    "TaxType": "NONE",
                }
            )
        if order.sales_tax and lines:
            lines[0] = {**lines[0], "TaxType": tax_type, "TaxAmount": order.sales_tax}
        due = order.date + timedelta(days=self.company.terms(order.billing_terms_id).due_days)
        element: Record = {
            "Type": "ACCPAY",
            "Contact": {"ContactNumber": vendor.identifier},
            "InvoiceNumber": order.number,
            "Date": order.date.isoformat(),
            "DueDate": due.isoformat(),
            "CurrencyCode": order.currency,
            "Status": "AUTHORISED",
            "LineItems": lines,
        }
        self.write_document(INVOICES, element, order.date)

    def exported_expense(self, expense: Expense) -> None:
        element: Record = {
            "Type": "ACCPAY",
            "Contact": {"ContactNumber": expense.member_identifier},
            "InvoiceNumber": f"{expense.id}{expense.member_identifier}",
            "Date": expense.date.isoformat(),
            "DueDate": expense.date.isoformat(),
            "CurrencyCode": expense.currency,
            "Status": "AUTHORISED",
            "LineItems": [
                {
                    "Description": expense.notes or expense.expense_type,
                    "Quantity": 1,
                    "UnitAmount": expense.amount,
                    "AccountCode": expense.account_number,
                    "TaxType": "NONE",
                }
            ],
        }
        self.write_document(INVOICES, element, expense.date)

    def taken_number(self, invoice: Invoice, income_account: str) -> None:
        """Another customer's invoice already carrying `invoice`'s number, with different content."""
        other = next(customer for customer in self.company.customers if customer.id != invoice.company_id)
        element: Record = {
            "Type": "ACCREC",
            "Contact": {"ContactNumber": other.identifier},
            "InvoiceNumber": invoice.number,
            "Date": invoice.date.isoformat(),
            "DueDate": invoice.due_date.isoformat(),
            "Reference": "Entered by hand in Xero",
            "Status": "AUTHORISED",
            "LineItems": [
                {
                    "Description": "Consulting (entered in Xero)",
                    "Quantity": 1,
                    "UnitAmount": Decimal("100.00"),
                    "AccountCode": income_account,
                    "TaxType": "NONE",
                }
            ],
        }
        self.write_document(INVOICES, element, invoice.date)

    # -- gaps

    def apply_gaps(self, gaps: SeedGaps) -> None:
        ledger = Ledger(self.store, self.tenant_id)
        account = ledger.accounts_by_code[gaps.archived_account_code.upper()]
        self.put(
            Collection.ACCOUNTS,
            account["AccountID"],
            {**account, "Status": "ARCHIVED"},
            number=account["Code"],
            name=account["Name"],
        )
        missing = next(code for code in self.company.tax_codes if code.identifier == gaps.missing_tax_code)
        self.store.execute(
            "DELETE FROM records WHERE tenant_id = ? AND collection = ? AND id = ?",
            (self.tenant_id, Collection.TAX_RATES.value, self.tax_types[missing.id]),
        )
        customer = self.company.customer(gaps.renamed_customer_id)
        contact = ledger.contact_by_number(customer.identifier)
        if contact is None:
            raise SeedError(f"customer {customer.identifier} has no contact to rename")
        ContactWriter(ledger, self.created, self.ids).save({**contact, "Name": gaps.renamed_contact_name})


def _address(line1: str, city: str, region: str, postal_code: str, country: str) -> Record:
    return {
        "AddressType": "STREET",
        "AddressLine1": line1,
        "City": city,
        "Region": region,
        "PostalCode": postal_code,
        "Country": country,
    }


def _shares(total: Decimal, weights: list[Decimal]) -> dict[int, Decimal]:
    """Split `total` over lines in proportion to their amounts, to the cent, the remainder on the last line."""
    if not weights or total == 0:
        return {}
    base = sum(weights, Decimal(0))
    shares: dict[int, Decimal] = {}
    running = Decimal(0)
    for index, weight in enumerate(weights[:-1]):
        share = (total * weight / base).quantize(Decimal("0.01")) if base else Decimal(0)
        shares[index] = share
        running += share
    shares[len(weights) - 1] = total - running
    return shares


def _require(errors: list[str], what: str) -> None:
    if errors:
        raise SeedError(f"seeding {what} failed: {'; '.join(errors)}")


def _first(accounts: Iterable[GLAccount], kind: GLAccountType, avoid: str = "") -> str:
    for account in accounts:
        if account.type is kind and account.number != avoid:
            return account.number
    raise SeedError(f"the demo company has no {kind.value} account")


def seed_store(store: XeroStore, company: DemoCompany) -> SeedGaps:
    """Fill an empty store with the demo organisation, the training organisation and the demo apps."""
    gaps = plan_gaps(company)
    batched = list(company.batched_records())
    invoice_ids = {record.record_id for _, record in batched if record.kind is BatchRecordKind.INVOICE}
    expense_ids = {record.record_id for _, record in batched if record.kind is BatchRecordKind.EXPENSE}
    po_line_ids = {record.record_id for _, record in batched if record.kind is BatchRecordKind.PO_PRODUCT}
    freight_ids = {record.record_id for _, record in batched if record.kind is BatchRecordKind.PO_FREIGHT}
    dates = [invoice.date for invoice in company.invoices] + [expense.date for expense in company.expenses]
    dates += [order.date for order in company.purchase_orders]
    main = _OrganisationBuilder(store, MAIN_TENANT_ID, company, company.name)
    main.organisation(lock_date=None)
    main.accounts()
    main.tax_rates()
    main.tracking()
    main.contacts()
    main.items()
    income = _first(company.gl_accounts, GLAccountType.INCOME, avoid=gaps.archived_account_code)
    freight = next((account.number for account in company.gl_accounts if account.name.startswith("Freight")), None)
    freight = freight or _first(company.gl_accounts, GLAccountType.COST_OF_SALES)
    for invoice in company.invoices:
        if invoice.id in invoice_ids and invoice.lines:
            main.exported_invoice(invoice, income)
    for order in company.purchase_orders:
        if order.id in freight_ids or any(line.id in po_line_ids for line in order.lines):
            main.exported_purchase(order, freight)
    for expense in company.expenses:
        if expense.id in expense_ids:
            main.exported_expense(expense)
    taken = next(invoice for invoice in company.invoices if invoice.number == gaps.taken_invoice_number)
    main.taken_number(taken, income)
    main.apply_gaps(gaps)
    main.organisation(lock_date=min(dates) - timedelta(days=1) if dates else None)
    training = _OrganisationBuilder(store, TRAINING_TENANT_ID, company, f"{company.name} (Training)")
    training.organisation(lock_date=None)
    training.accounts()
    training.tax_rates()
    for app in APPS:
        register_app(store, app)
    return gaps


def seed(context: SandboxContext, company: DemoCompany) -> None:
    """(Re)create the Xero sandbox's state file from the demo company."""
    path = context.state_file(SERVICE_NAME)
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    store = XeroStore(path)
    try:
        seed_store(store, company)
    finally:
        store.close()
    types = tax_types(company)
    save_tax_code_map(context.state_dir, SERVICE_NAME, {code.identifier: types[code.id] for code in company.tax_codes})
