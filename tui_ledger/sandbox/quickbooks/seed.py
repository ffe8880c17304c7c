"""The demo company's QuickBooks Online file, derived from `DemoCompany`, with the gaps a real one has.

What is there: multicurrency turned on (Preferences; home currency USD) with a CompanyCurrency for every other
currency the demo's customers or vendors are billed in (CAD), each such customer or vendor in its own currency (QBO
holds one currency per customer), the chart of accounts (plus a bank account to pay expenses from), the tax codes
with their rates, customers, vendors, the PSA members (each an employee, and a vendor for their expense bills, see
below), items (catalog products plus QBO's default "Services" item and the "Down Payment" item of seed 002), and the
documents earlier month-ends already exported: an Invoice or a CreditMemo for every batched invoice, a Bill for
every fully batched purchase order, a Purchase (paid to the employee) for every batched expense. Everything goes
through the same `Ledger` the API uses, so seeded data obeys the rules clients meet.

The file was set up by hand, as a real one is. Customers and vendors carry the bookkeeper's numbers in AcctNum
("Account no."), the same account numbers the MSP keeps on the companies in ConnectWise; the checks find a customer
by that number or by name (domain/checks/party_match.py). Members are on the payroll, so each is an Employee under
their name. An expense bill is owed to a vendor (QuickBooks bills no employee) and a vendor may not share an
employee's name, so each member also has a vendor "<name> (expenses)" whose Account no. is the member's ConnectWise
identifier: the one ConnectWise identifier in the file, put there as the checks' fix for a member held as an
employee says, and how the checks find the member's vendor under its other name.

Deliberate gaps, chosen from the demo data so that the export screen has real Errors to show (each is the
least-used candidate, so only a few documents are affected; ties go to the lowest number or id):
* an INACTIVE account: the income account used by the fewest unposted invoice lines (Errors: account archived);
* a MISSING tax code: the taxed code used by the fewest unposted invoices is not in the file (Errors: tax code
  missing);
* a customer present UNDER ANOTHER NAME: same account number, different DisplayName. Found by that number, its
  invoices go to that customer under its QuickBooks name; a second customer under the ConnectWise name would be
  the error this gap guards against;
* a customer whose name is TAKEN by a vendor, so creating it answers 6240 (one never exported before; Errors:
  name collision, the name being a supplier's);
* a NEW customer, not in the file yet: a client billed in the home currency and never exported before, which the
  export creates (Settings allow it by default) before its invoices;
* a NEW member, not in the file yet (neither employee nor vendor: a contractor who joined lately): the newest member
  with unposted expenses and none exported before, whose vendor the export creates before the expense bills;
* a DocNumber ALREADY TAKEN: the last unposted invoice's number is held by a different invoice (Errors: already in
  QuickBooks Online, with link / update / skip).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tui_ledger.domain.clock import Clock
from tui_ledger.domain.money import ZERO
from tui_ledger.sandbox.demo import (
    BatchRecordKind,
    DemoCompany,
    Expense,
    GLAccountType,
    Invoice,
    PurchaseOrder,
)
from tui_ledger.sandbox.quickbooks import kinds
from tui_ledger.sandbox.quickbooks.credentials import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_REALM_ID,
    DEMO_REDIRECT_URIS,
    DEMO_REFRESH_TOKEN,
)
from tui_ledger.sandbox.quickbooks.currencies import HOME_CURRENCY
from tui_ledger.sandbox.quickbooks.kinds import EntityKind
from tui_ledger.sandbox.quickbooks.ledger import Ledger
from tui_ledger.sandbox.quickbooks.oauth import ACCOUNTING_SCOPE, IntuitOAuth
from tui_ledger.sandbox.quickbooks.rules import RuleContext
from tui_ledger.sandbox.quickbooks.store import QboStore
from tui_ledger.sandbox.service_spec import SandboxContext
from tui_ledger.sandbox.tax_code_maps import save_tax_code_map

ACCOUNT_TYPES = {
    GLAccountType.ACCOUNTS_RECEIVABLE: "Accounts Receivable",
    GLAccountType.ACCOUNTS_PAYABLE: "Accounts Payable",
    GLAccountType.INVENTORY: "Other Current Asset",
    GLAccountType.CURRENT_LIABILITY: "Other Current Liability",
    GLAccountType.SALES_TAX: "Other Current Liability",
    GLAccountType.DEFERRED_REVENUE: "Other Current Liability",
    GLAccountType.INCOME: "Income",
    GLAccountType.COST_OF_SALES: "Cost of Goods Sold",
    GLAccountType.EXPENSE: "Expense",
}
BANK_ACCOUNT = ("1000", "Business Checking")
FREIGHT_ACCOUNT = "5200"
DEFERRED_REVENUE_ACCOUNT = "2400"
SERVICES_ITEM = "Services"
DOWN_PAYMENT_ITEM = "Down Payment"
CARD_PAYMENT_METHOD = "Company Credit Card"
CURRENCY_NAMES = {"AUD": "Australian Dollar", "CAD": "Canadian Dollar", "EUR": "Euro", "GBP": "British Pound"}
"""QuickBooks names a company currency in words; a code the table lacks is named by its code."""


@dataclass(frozen=True, slots=True)
class SeedGaps:
    """What the seed leaves out or bends, by demo-company key, so tests can name the documents they affect."""

    inactive_account: str
    missing_tax_code: str
    renamed_customer_id: int
    renamed_display_name: str
    name_taken_customer_id: int
    new_customer_id: int
    taken_doc_number: str
    new_member_id: int | None = None
    """None when every member with unposted expenses had one exported before (no member is new)."""

    @property
    def customers_with_gaps(self) -> tuple[int, int, int]:
        """The customers the file holds differently (renamed) or not at all (name taken, new)."""
        return (self.renamed_customer_id, self.name_taken_customer_id, self.new_customer_id)


@dataclass(frozen=True)
class SeedResult:
    """The gaps the seed planted and the TaxCode id it gave each ConnectWise tax code (the gap's code has none)."""

    gaps: SeedGaps
    tax_code_ids: dict[str, str]


def choose_gaps(company: DemoCompany) -> SeedGaps:
    """The deterministic gap choices for `company` (see the module docstring)."""
    unposted = company.unposted_invoices()
    income = {account.number for account in company.gl_accounts if account.type is GLAccountType.INCOME}
    account_use = Counter(line.account_number for invoice in unposted for line in invoice.lines)
    inactive = min((number for number in account_use if number in income), key=lambda n: (account_use[n], n))
    taxed = {code.id: code for code in company.tax_codes if code.rate > 0}
    tax_use = Counter(invoice.tax_code_id for invoice in unposted if invoice.tax_code_id in taxed)
    missing_tax = taxed[min(tax_use, key=lambda code_id: (tax_use[code_id], code_id))].identifier
    customer_use = Counter(invoice.company_id for invoice in unposted)
    quiet = sorted(customer_use, key=lambda company_id: (customer_use[company_id], company_id))
    batched = {record.record_id for _, record in company.batched_records() if record.kind is BatchRecordKind.INVOICE}
    exported_for = {invoice.company_id for invoice in company.invoices if invoice.id in batched}
    renamed = quiet[0]
    name_taken = next(company_id for company_id in quiet[1:] if company_id not in exported_for)
    new = next(
        company_id
        for company_id in quiet
        if company_id not in (renamed, name_taken)
        and company_id not in exported_for
        and company.customer(company_id).currency == HOME_CURRENCY
    )
    exported_expenses = {
        record.record_id for _, record in company.batched_records() if record.kind is BatchRecordKind.EXPENSE
    }
    reimbursed = {expense.member_id for expense in company.expenses if expense.id in exported_expenses}
    owed = {expense.member_id for expense in company.unposted_expenses()}
    new_member = max((member.id for member in company.members if member.id in owed - reimbursed), default=None)
    gapped = (renamed, name_taken, new)
    normal = [invoice for invoice in unposted if invoice.company_id not in gapped and invoice.total > 0]
    taken = max(normal, key=lambda invoice: int(invoice.number) if invoice.number.isdigit() else 0)
    return SeedGaps(
        inactive_account=inactive,
        missing_tax_code=missing_tax,
        renamed_customer_id=renamed,
        renamed_display_name=_other_name(company.customer(renamed).name),
        name_taken_customer_id=name_taken,
        new_customer_id=new,
        taken_doc_number=taken.number,
        new_member_id=new_member,
    )


def _other_name(name: str) -> str:
    """How the same client tends to appear when someone typed it into QuickBooks by hand."""
    for suffix in (" Inc", " Inc.", " LLC", " Ltd"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return f"{name} LLC"


def seed(context: SandboxContext, company: DemoCompany) -> None:
    """(Re)create the QuickBooks sandbox state from the demo company (ServiceSpec.seed)."""
    store = QboStore(context.state_file("quickbooks"))
    try:
        seeded = seed_store(store, context.clock, company)
    finally:
        store.close()
    save_tax_code_map(context.state_dir, "quickbooks", seeded.tax_code_ids)


def seed_store(store: QboStore, clock: Clock, company: DemoCompany) -> SeedResult:
    store.reset()
    realm = store.add_realm(DEMO_REALM_ID, company.name)
    store.add_client(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REDIRECT_URIS)
    grant_id = store.add_grant(DEMO_CLIENT_ID, DEMO_REALM_ID, ACCOUNTING_SCOPE)
    IntuitOAuth(lambda: store, clock).issue(grant_id, refresh_token=DEMO_REFRESH_TOKEN)
    gaps = choose_gaps(company)
    seeder = _Seeder(Ledger(RuleContext(store, realm, clock)), company, gaps)
    with store.transaction():
        seeder.run()
    tax_codes = {
        code.identifier: seeder.tax_codes[code.id] for code in company.tax_codes if code.id in seeder.tax_codes
    }
    return SeedResult(gaps, tax_codes)


class _Seeder:
    """Creates the file's contents in dependency order, remembering the QBO Id of each demo record."""

    def __init__(self, ledger: Ledger, company: DemoCompany, gaps: SeedGaps) -> None:
        self.ledger = ledger
        self.company = company
        self.gaps = gaps
        self.accounts: dict[str, str] = {}
        self.tax_codes: dict[int, str] = {}
        self.customers: dict[int, str] = {}
        self.vendors: dict[int, str] = {}
        self.employees: dict[int, str] = {}
        self.items: dict[str, str] = {}

    def _save(self, kind: EntityKind, body: dict[str, Any]) -> str:
        return str(self.ledger.save(kind, body)["Id"])

    def run(self) -> None:
        self._currencies()
        self._accounts()
        self._tax_codes()
        self._people()
        self._items()
        batched = {(record.kind, record.record_id) for _, record in self.company.batched_records()}
        for invoice in self.company.invoices:
            if (BatchRecordKind.INVOICE, invoice.id) in batched and invoice.company_id in self.customers:
                self._invoice(invoice)
        self._taken_doc_number()
        for purchase_order in self.company.purchase_orders:
            records = [(BatchRecordKind.PO_PRODUCT, line.id) for line in purchase_order.lines]
            if purchase_order.freight_cost != ZERO:
                records.append((BatchRecordKind.PO_FREIGHT, purchase_order.id))
            if all(record in batched for record in records):
                self._bill(purchase_order)
        for expense in self.company.expenses:
            if (BatchRecordKind.EXPENSE, expense.id) in batched:
                self._purchase(expense)

    def _currencies(self) -> None:
        """The foreign currencies the company records: QBO lists the home currency in Preferences, not here."""
        parties = [*self.company.customers, *self.company.vendors]
        for code in sorted({party.currency for party in parties} - {HOME_CURRENCY}):
            self._save_read_only(
                kinds.COMPANY_CURRENCY, {"Code": code, "Name": CURRENCY_NAMES.get(code, code), "Active": True}
            )

    def _accounts(self) -> None:
        number, name = BANK_ACCOUNT
        self.accounts[number] = self._save(kinds.ACCOUNT, {"Name": name, "AcctNum": number, "AccountType": "Bank"})
        for account in self.company.gl_accounts:
            account_type = ACCOUNT_TYPES[account.type]
            if "Credit Card" in account.name:
                account_type = "Credit Card"
            body = {"Name": account.name, "AcctNum": account.number, "AccountType": account_type}
            if account.number == self.gaps.inactive_account:
                body["Active"] = False
            self.accounts[account.number] = self._save(kinds.ACCOUNT, body)

    def _tax_codes(self) -> None:
        for code in self.company.tax_codes:
            if code.identifier == self.gaps.missing_tax_code:
                continue
            rate_id = self._save_read_only(
                kinds.TAX_RATE,
                {"Name": code.name, "Description": code.name, "RateValue": code.rate * 100, "Active": True},
            )
            rates = {"TaxRateDetail": [{"TaxRateRef": {"value": rate_id, "name": code.name}, "TaxOrder": 0}]}
            body = {
                "Name": code.identifier,
                "Description": code.name,
                "Active": True,
                "Taxable": code.rate > 0,
                "TaxGroup": False,
                "SalesTaxRateList": rates,
                "PurchaseTaxRateList": {"TaxRateDetail": []},
            }
            self.tax_codes[code.id] = self._save_read_only(kinds.TAX_CODE, body)

    def _save_read_only(self, kind: EntityKind, body: dict[str, Any]) -> str:
        """Tax codes and rates cannot be written through the API, but the file has them."""
        return str(self.ledger.seed_read_only(kind, body)["Id"])

    def _people(self) -> None:
        contacts = {contact.id: contact for contact in self.company.contacts}
        for customer in self.company.customers:
            if customer.id in (self.gaps.name_taken_customer_id, self.gaps.new_customer_id):
                continue
            name = self.gaps.renamed_display_name if customer.id == self.gaps.renamed_customer_id else customer.name
            body: dict[str, Any] = {
                "DisplayName": name,
                "CompanyName": customer.name,
                "AcctNum": customer.account_number,
                "CurrencyRef": {"value": customer.currency},
                "PrimaryPhone": {"FreeFormNumber": customer.phone},
                "BillAddr": _address(customer.address),
            }
            contact = contacts.get(customer.billing_contact_id or -1)
            if contact is not None:
                body["PrimaryEmailAddr"] = {"Address": contact.email}
            self.customers[customer.id] = self._save(kinds.CUSTOMER, body)
        for vendor in self.company.vendors:
            self.vendors[vendor.id] = self._save(kinds.VENDOR, _vendor_body(vendor.name, vendor))
        taken = self.company.customer(self.gaps.name_taken_customer_id)
        self._save(kinds.VENDOR, {"DisplayName": taken.name, "CompanyName": taken.name, "Notes": "Also a supplier"})
        for member in self.company.members:
            if member.id == self.gaps.new_member_id:
                continue
            email = {"Address": member.email}
            body = {
                "DisplayName": member.name,
                "GivenName": member.first_name,
                "FamilyName": member.last_name,
                "PrimaryEmailAddr": email,
            }
            self.employees[member.id] = self._save(kinds.EMPLOYEE, body)
            vendor = {"DisplayName": member_vendor_name(member.name), "AcctNum": member.identifier}
            self._save(kinds.VENDOR, {**vendor, "PrimaryEmailAddr": email})

    def _items(self) -> None:
        default_income = next(a.number for a in self.company.gl_accounts if a.type is GLAccountType.INCOME)
        self.items[SERVICES_ITEM] = self._save(
            kinds.ITEM, {"Name": SERVICES_ITEM, "Type": "Service", "IncomeAccountRef": self._account(default_income)}
        )
        self.items[DOWN_PAYMENT_ITEM] = self._save(
            kinds.ITEM,
            {
                "Name": DOWN_PAYMENT_ITEM,
                "Type": "Service",
                "IncomeAccountRef": self._account(DEFERRED_REVENUE_ACCOUNT),
            },
        )
        for product in self.company.products:
            body: dict[str, Any] = {
                "Name": product.identifier,
                "Sku": product.identifier,
                "Description": product.description,
                "Type": "NonInventory" if product.product_class in ("Inventory", "NonInventory") else "Service",
                "IncomeAccountRef": self._account(product.income_account or default_income),
                "UnitPrice": product.price,
                "PurchaseCost": product.cost,
                "Taxable": product.taxable,
            }
            if product.cogs_account:
                body["ExpenseAccountRef"] = self._account(product.cogs_account)
            self.items[product.identifier] = self._save(kinds.ITEM, body)

    def _account(self, number: str) -> dict[str, str]:
        return {"value": self.accounts[number]}

    def _invoice(self, invoice: Invoice) -> None:
        """A negative PSA invoice was exported as a credit memo, its amounts turned positive (seed 004)."""
        kind = kinds.CREDIT_MEMO if invoice.total < 0 else kinds.INVOICE
        sign = -1 if kind is kinds.CREDIT_MEMO else 1
        lines = [
            {
                "Amount": sign * line.amount,
                "Description": line.description,
                "DetailType": "SalesItemLineDetail",
                "SalesItemLineDetail": {
                    "ItemRef": {"value": self.items[line.item_identifier or SERVICES_ITEM]},
                    "Qty": line.quantity,
                    "UnitPrice": sign * line.unit_price,
                },
            }
            for line in invoice.lines
        ]
        if not lines:
            return
        body = {
            "DocNumber": invoice.number,
            "TxnDate": invoice.date.isoformat(),
            "CustomerRef": {"value": self.customers[invoice.company_id]},
            "Line": lines,
            "TxnTaxDetail": {"TotalTax": abs(invoice.sales_tax)},
            "PrivateNote": invoice.description,
        }
        if kind is kinds.INVOICE:
            body["DueDate"] = invoice.due_date.isoformat()
        self._save(kind, body)

    def _taken_doc_number(self) -> None:
        """A hand-made invoice that happens to carry the number the next export wants."""
        holder = next(iter(self.customers.values()))
        body = {
            "DocNumber": self.gaps.taken_doc_number,
            "CustomerRef": {"value": holder},
            "PrivateNote": "Entered by hand in QuickBooks",
            "Line": [
                {
                    "Amount": Decimal("125.00"),
                    "Description": "Consulting (entered manually)",
                    "DetailType": "SalesItemLineDetail",
                    "SalesItemLineDetail": {"ItemRef": {"value": self.items[SERVICES_ITEM]}, "Qty": 1},
                }
            ],
        }
        self._save(kinds.INVOICE, body)

    def _bill(self, purchase_order: PurchaseOrder) -> None:
        lines: list[dict[str, Any]] = [
            {
                "Amount": line.ext_cost,
                "Description": line.description,
                "DetailType": "ItemBasedExpenseLineDetail",
                "ItemBasedExpenseLineDetail": {
                    "ItemRef": {"value": self.items[line.product_identifier]},
                    "Qty": line.quantity,
                    "UnitPrice": line.unit_cost,
                },
            }
            for line in purchase_order.lines
        ]
        if purchase_order.freight_cost != ZERO:
            lines.append(
                {
                    "Amount": purchase_order.freight_cost,
                    "Description": "Freight",
                    "DetailType": "AccountBasedExpenseLineDetail",
                    "AccountBasedExpenseLineDetail": {"AccountRef": self._account(FREIGHT_ACCOUNT)},
                }
            )
        body = {
            "DocNumber": purchase_order.number,
            "TxnDate": purchase_order.date.isoformat(),
            "VendorRef": {"value": self.vendors[purchase_order.vendor_id]},
            "Line": lines,
            "TxnTaxDetail": {"TotalTax": purchase_order.sales_tax},
        }
        self._save(kinds.BILL, body)

    def _purchase(self, expense: Expense) -> None:
        by_card = expense.payment_method == CARD_PAYMENT_METHOD
        paid_from = expense.credit_account if by_card else BANK_ACCOUNT[0]
        body = {
            "DocNumber": f"{expense.id}{expense.member_identifier}"[:21],
            "TxnDate": expense.date.isoformat(),
            "PaymentType": "CreditCard" if by_card else "Cash",
            "AccountRef": self._account(paid_from),
            "EntityRef": {"value": self.employees[expense.member_id], "type": "Employee"},
            "Line": [
                {
                    "Amount": expense.amount,
                    "Description": expense.notes or expense.expense_type,
                    "DetailType": "AccountBasedExpenseLineDetail",
                    "AccountBasedExpenseLineDetail": {"AccountRef": self._account(expense.account_number)},
                }
            ],
        }
        self._save(kinds.PURCHASE, body)


def _address(address: Any) -> dict[str, str]:
    return {
        "Line1": address.line1,
        "City": address.city,
        "CountrySubDivisionCode": address.state,
        "PostalCode": address.zip,
        "Country": address.country,
    }


def member_vendor_name(member_name: str) -> str:
    """The vendor a member's expense bills go to: not the member's own name, which their employee record holds."""
    return f"{member_name} (expenses)"


def _vendor_body(name: str, vendor: Any) -> dict[str, Any]:
    return {
        "DisplayName": name,
        "CompanyName": name,
        "AcctNum": vendor.account_number,
        "CurrencyRef": {"value": vendor.currency},
        "BillAddr": _address(vendor.address),
    }
