"""The demo company as ConnectWise records, in the JSON shapes of the 2025.8 models.

On load, each `DemoCompany` entity becomes the body ConnectWise would send (companies, members, locations,
invoices, expense entries, purchase orders and line items, and the rows of the three Unposted tabs), plus
the GL entries behind every unposted record. Bodies leave out null fields, as ConnectWise does; nested
references are shared between bodies, which are never modified in place.
Only `glBatch`, `unbatchedBatch`, `batchedFlag` and `unbatchedRecId` depend on batch state; the ledger adds
them when it answers.

GL entries (the ids `processedRecordIds` takes):
- invoice: one `AR` entry for the receivable, one per line, one `ST` entry for sales tax when there is any;
  a zero-line invoice still has its `AR` entry, so it can be batched;
- expense: one entry (the expense detail);
- purchase order: one entry per received product line (`P`) and one for the freight (`PF`), because the
  Unposted tab lists them as separate records.

PO freight on the Unposted tab: a record with `description` "Freight", `freightCost` equal to `total`, and
`unpostedProductId` "FREIGHT-<PO id>"; product records have `freightCost` 0 and `unpostedProductId` equal to
the PO line item id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from tui_ledger.domain.money import ZERO
from tui_ledger.sandbox import demo_catalog as catalog
from tui_ledger.sandbox.demo import (
    Agreement,
    AgreementType,
    Customer,
    DemoCompany,
    Expense,
    ExpenseClassification,
    GLAccountType,
    Invoice,
    InvoiceLine,
    InvoiceType,
    LineKind,
    Member,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
)

Body = dict[str, Any]

FIRST_GL_ENTRY_ID = 5_000_001
FIRST_UNPOSTED_INVOICE_ID = 70_001
FIRST_UNPOSTED_EXPENSE_ID = 80_001
FIRST_UNPOSTED_PROCUREMENT_ID = 90_001
SYSTEM_USER = "tuiledger-seed"
FREIGHT_DESCRIPTION = "Freight"
FREIGHT_PRODUCT_PREFIX = "FREIGHT-"

GL_TYPE_OF_LINE = {
    LineKind.AGREEMENT: "RA",
    LineKind.SERVICE: "R",
    LineKind.PRODUCT: "RP",
    LineKind.EXPENSE: "RE",
    LineKind.DOWN_PAYMENT: "RD",
}
_ACCOUNT_TYPE_NAMES = {
    GLAccountType.ACCOUNTS_RECEIVABLE: "Accounts Receivable",
    GLAccountType.ACCOUNTS_PAYABLE: "Accounts Payable",
    GLAccountType.INVENTORY: "Inventory",
    GLAccountType.CURRENT_LIABILITY: "Other Current Liability",
    GLAccountType.SALES_TAX: "Sales Tax Payable",
    GLAccountType.DEFERRED_REVENUE: "Other Current Liability",
    GLAccountType.INCOME: "Income",
    GLAccountType.COST_OF_SALES: "Cost of Goods Sold",
    GLAccountType.EXPENSE: "Expense",
}
_MONTHLY = {"id": 1, "name": "Monthly"}
_CATEGORY_IDS = {
    name: index for index, name in enumerate(sorted({product[6] for product in catalog.PRODUCTS}), start=1)
}
_TOTAL_OF_KIND = {
    LineKind.SERVICE: "serviceTotal",
    LineKind.EXPENSE: "expenseTotal",
    LineKind.PRODUCT: "productTotal",
    LineKind.AGREEMENT: "agreementAmount",
}
_CURRENCIES = {
    "USD": {"id": 1, "symbol": "$", "name": "US Dollars"},
    "CAD": {"id": 2, "symbol": "$", "name": "Canadian Dollars"},
}
_EXPENSE_TYPE_IDS = {name: index for index, (name, _account) in enumerate(catalog.EXPENSE_TYPES, start=1)}
_PAYMENT_METHOD_IDS = {name: index for index, name in enumerate(catalog.PAYMENT_METHODS, start=1)}
_CLASSIFICATION_IDS = {ExpenseClassification.REIMBURSABLE: 1, ExpenseClassification.NON_REIMBURSABLE: 2}


@cache
def cw_date(day: date | datetime) -> str:
    """ConnectWise's date format: `2026-10-31T00:00:00Z` (cached: ten thousand invoices share a few dates)."""
    if isinstance(day, datetime):
        return f"{day:%Y-%m-%dT%H:%M:%S}Z"
    return f"{day.isoformat()}T00:00:00Z"


@cache
def currency_ref(code: str) -> Body:
    """The currency reference ConnectWise embeds; one shared dict per currency (bodies are never mutated)."""
    known = _CURRENCIES.get(code, {"id": 99, "symbol": "", "name": code})
    return {
        "id": known["id"],
        "symbol": known["symbol"],
        "currencyCode": code,
        "decimalSeparator": ".",
        "numberOfDecimals": 2,
        "thousandsSeparator": ",",
        "negativeParenthesesFlag": False,
        "displaySymbolFlag": False,
        "currencyIdentifier": code,
        "displayIdFlag": False,
        "rightAlign": False,
        "name": known["name"],
    }


@cache
def _info(moment: date | datetime) -> Body:
    """The `_info` block; one shared dict per moment (bodies are never mutated, and thousands share a date)."""
    return {"lastUpdated": cw_date(moment), "updatedBy": SYSTEM_USER, "dateEntered": cw_date(moment)}


_MAY_BE_NULL = (
    "applyToId",
    "agreement",
    "endDate",
    "recurringBillCycle",
    "vendor",
    "billingContact",
    "closedBy",
    "costAccountNumber",
    "customer",
    "customerCompany",
    "customerPO",
    "dateClosed",
    "freightPackingSlip",
    "item",
    "unitOfMeasure",
)


def _without_nulls(body: Body) -> Body:
    """ConnectWise leaves null fields out. Only the fields listed above can be null, so only they are checked."""
    for key in _MAY_BE_NULL:
        if key in body and body[key] is None:
            del body[key]
    return body


@dataclass
class BuiltRecords:
    """Every API body the ConnectWise sandbox serves for one demo company, before batch state is applied."""

    resources: list[tuple[str, int, Body, str | None, int | None]] = field(default_factory=list)
    """(collection, id, body, record kind, record id); the last two only for rows of the Unposted tabs."""
    gl_entries: list[tuple[int, str, int, Body]] = field(default_factory=list)
    """(entry id, record kind, record id, body)."""


class _Builder:
    def __init__(self, company: DemoCompany) -> None:
        self.company = company
        self.records = BuiltRecords()
        self.next_entry_id = FIRST_GL_ENTRY_ID
        self.customers = {customer.id: customer for customer in company.customers}
        self.vendors = {vendor.id: vendor for vendor in company.vendors}
        self.members = {member.id: member for member in company.members}
        self.locations = {location.id: location for location in company.locations}
        self.departments = {department.id: department for department in company.departments}
        self.tax_codes = {code.id: code for code in company.tax_codes}
        self.terms = {terms.id: terms for terms in company.billing_terms}
        self.contacts = {contact.id: contact for contact in company.contacts}
        self.products = {product.identifier: product for product in company.products}
        self.accounts = {account.number: account for account in company.gl_accounts}
        self.agreement_names = {agreement.id: agreement.name for agreement in company.agreements}
        self._company_refs: dict[int, Body] = {}
        self._small_refs: dict[tuple[str, int], Body] = {}

    # -- references

    def company_ref(self, company_id: int) -> Body:
        ref = self._company_refs.get(company_id)
        if ref is None:
            party: Customer | Vendor = self.customers.get(company_id) or self.vendors[company_id]
            ref = self._company_refs[company_id] = {"id": party.id, "identifier": party.identifier, "name": party.name}
        return ref

    def member_ref(self, member: Member) -> Body:
        return {"id": member.id, "identifier": member.identifier, "name": member.name}

    def location_ref(self, location_id: int) -> Body:
        key = ("location", location_id)
        if key not in self._small_refs:
            self._small_refs[key] = {"id": location_id, "name": self.locations[location_id].name}
        return self._small_refs[key]

    def item_ref(self, product: Product) -> Body:
        """The catalog item a GL entry names, shared by every entry of that product."""
        key = ("item", product.id)
        if key not in self._small_refs:
            self._small_refs[key] = {"id": product.id, "identifier": product.identifier}
        return self._small_refs[key]

    def site_ref(self, company_id: int) -> Body:
        """The company's main site (ConnectWise site ids: the company id times ten), shared by every body."""
        key = ("site", company_id)
        if key not in self._small_refs:
            self._small_refs[key] = {"id": company_id * 10, "name": "Main"}
        return self._small_refs[key]

    def department_ref(self, department_id: int) -> Body:
        key = ("department", department_id)
        if key not in self._small_refs:
            self._small_refs[key] = {"id": department_id, "name": self.departments[department_id].name}
        return self._small_refs[key]

    def terms_ref(self, terms_id: int) -> Body:
        key = ("terms", terms_id)
        if key not in self._small_refs:
            self._small_refs[key] = {"id": terms_id, "name": self.terms[terms_id].name}
        return self._small_refs[key]

    def tax_ref(self, tax_code_id: int) -> Body:
        key = ("tax", tax_code_id)
        if key not in self._small_refs:
            self._small_refs[key] = {"id": tax_code_id, "name": self.tax_codes[tax_code_id].identifier}
        return self._small_refs[key]

    def entry_id(self) -> int:
        self.next_entry_id += 1
        return self.next_entry_id - 1

    def account_fields(self, number: str | None) -> Body:
        if number is None or number not in self.accounts:
            return {}
        account = self.accounts[number]
        return {"accountNumber": number, "accountType": _ACCOUNT_TYPE_NAMES[account.type], "name": account.name}

    def add(self, collection: str, record_id: int, body: Body, record: tuple[str, int] | None = None) -> None:
        kind, target = record if record else (None, None)
        self.records.resources.append((collection, record_id, _without_nulls(body), kind, target))

    def add_entry(self, kind: str, record_id: int, body: Body, entry_id: int | None = None) -> int:
        entry = entry_id if entry_id is not None else self.entry_id()
        self.records.gl_entries.append((entry, kind, record_id, _without_nulls({"id": entry, **body})))
        return entry

    # -- reference data

    def build_reference(self) -> None:
        for location in self.company.locations:
            self.add(
                "locations",
                location.id,
                {"id": location.id, "name": location.name, "ownerLevelId": location.id, "_info": _info(self.anchor)},
            )
        for member in self.company.members:
            self.add(
                "members",
                member.id,
                {
                    "id": member.id,
                    "identifier": member.identifier,
                    "firstName": member.first_name,
                    "lastName": member.last_name,
                    "officeEmail": member.email,
                    "inactiveFlag": False,
                    "defaultLocation": self.location_ref(member.location_id),
                    "defaultDepartment": self.department_ref(10),
                    "_info": _info(self.anchor),
                },
            )
        for code in self.company.tax_codes:
            self.add(
                "tax_codes",
                code.id,
                {
                    "id": code.id,
                    "identifier": code.identifier,
                    "name": code.name,
                    "rate": code.rate,
                    "accountNumber": code.account_number,
                },
            )
        for terms in self.company.billing_terms:
            self.add("billing_terms", terms.id, {"id": terms.id, "name": terms.name, "dueDays": terms.due_days})
        for kind in self.company.agreement_types:
            self.add("agreement_types", kind.id, self.agreement_type_body(kind))
        for agreement in self.company.agreements:
            self.add("agreements", agreement.id, self.agreement_body(agreement))
        for product in self.company.products:
            self.add("catalog", product.id, self.catalog_body(product))
        for customer in self.company.customers:
            self.add("companies", customer.id, self.customer_body(customer))
        for vendor in self.company.vendors:
            self.add("companies", vendor.id, self.vendor_body(vendor))

    @property
    def anchor(self) -> date:
        return self.company.anchor

    def customer_body(self, customer: Customer) -> Body:
        contact = self.contacts.get(customer.billing_contact_id) if customer.billing_contact_id else None
        first_contact = next(c for c in self.company.contacts if c.company_id == customer.id)
        return {
            "id": customer.id,
            "identifier": customer.identifier,
            "name": customer.name,
            "status": {"id": 1, "name": "Active"},
            "addressLine1": customer.address.line1,
            "city": customer.address.city,
            "state": customer.address.state,
            "zip": customer.address.zip,
            "country": {"id": 2 if customer.address.country == "Canada" else 1, "name": customer.address.country},
            "phoneNumber": customer.phone,
            "website": f"www.{customer.identifier.lower()}.example",
            "accountNumber": customer.account_number,
            "defaultContact": {"id": first_contact.id, "name": first_contact.name},
            "billingContact": {"id": contact.id, "name": contact.name} if contact else None,
            "taxCode": self.tax_ref(customer.tax_code_id),
            "billingTerms": self.terms_ref(customer.billing_terms_id),
            "currency": currency_ref(customer.currency),
            "deletedFlag": False,
            "isVendorFlag": False,
            "types": [{"id": 1, "name": "Client"}],
            "site": self.site_ref(customer.id),
            "_info": _info(self.anchor),
        }

    def agreement_type_body(self, kind: AgreementType) -> Body:
        return {
            "id": kind.id,
            "name": kind.name,
            "prefixSuffixOption": "Prefix",
            "defaultFlag": kind.default,
            "inactiveFlag": False,
            "invoicePreSuffix": kind.invoice_prefix,
            "billingCycle": _MONTHLY,
            "invoicingCycle": "ContractYear",
            "employeeCompRate": "Actual",
            "employeeCompNotExceed": "Billing",
            "taxableFlag": kind.taxable,
            "billTime": "Billable",
            "billExpenses": "Billable",
            "billProducts": "Billable",
            "prorateFlag": True,
            "invoiceProratedAdditionsFlag": True,
            "_info": _info(self.anchor),
        }

    def agreement_body(self, agreement: Agreement) -> Body:
        customer = self.customers[agreement.company_id]
        kind = next(k for k in self.company.agreement_types if k.id == agreement.type_id)
        contact = self.contacts.get(agreement.contact_id) if agreement.contact_id else None
        # ConnectWise requires an agreement contact; without a billing contact it is the company's first one.
        contact = contact or next(c for c in self.company.contacts if c.company_id == customer.id)
        return {
            "id": agreement.id,
            "name": agreement.name,
            "type": {"id": kind.id, "name": kind.name},
            "company": self.company_ref(customer.id),
            "contact": {"id": contact.id, "name": contact.name},
            "site": self.site_ref(customer.id),
            "location": self.location_ref(agreement.location_id),
            "startDate": cw_date(agreement.start_date),
            "endDate": cw_date(agreement.end_date) if agreement.end_date else None,
            "noEndingDateFlag": agreement.end_date is None,
            "cancelledFlag": False,
            "billingCycle": _MONTHLY,
            "billingTerms": self.terms_ref(customer.billing_terms_id),
            "invoicingCycle": "ContractYear",
            "billAmount": agreement.bill_amount,
            "taxable": kind.taxable,
            "taxCode": self.tax_ref(customer.tax_code_id),
            "billTime": "Billable",
            "billExpenses": "Billable",
            "billProducts": "Billable",
            "currency": currency_ref(customer.currency),
            "agreementStatus": "Active",
            "_info": _info(self.anchor),
        }

    def catalog_body(self, product: Product) -> Body:
        return {
            "id": product.id,
            "identifier": product.identifier,
            "description": product.description,
            "customerDescription": product.description,
            "inactiveFlag": False,
            "subcategory": {"id": _CATEGORY_IDS.get(product.category, 99), "name": product.category},
            "type": {"id": 1, "name": product.product_class},
            "productClass": product.product_class,
            "unitOfMeasure": {"id": 1, "name": product.unit_of_measure},
            "price": product.price,
            "cost": product.cost,
            "taxableFlag": product.taxable,
            "vendor": self.company_ref(product.vendor_id) if product.vendor_id else None,
            "vendorSku": product.identifier,
            "recurringFlag": product.recurring,
            "recurringRevenue": product.price if product.recurring else ZERO,
            "recurringCost": product.cost if product.recurring else ZERO,
            "recurringBillCycle": _MONTHLY if product.recurring else None,
            "category": {"id": _CATEGORY_IDS.get(product.category, 99), "name": product.category},
            "billableOption": "Billable",
            "_info": _info(self.anchor),
        }

    def vendor_body(self, vendor: Vendor) -> Body:
        return {
            "id": vendor.id,
            "identifier": vendor.identifier,
            "name": vendor.name,
            "status": {"id": 1, "name": "Active"},
            "addressLine1": vendor.address.line1,
            "city": vendor.address.city,
            "state": vendor.address.state,
            "zip": vendor.address.zip,
            "country": {"id": 1, "name": vendor.address.country},
            "accountNumber": vendor.account_number,
            "billingTerms": self.terms_ref(vendor.billing_terms_id),
            "currency": currency_ref(vendor.currency),
            "deletedFlag": False,
            "isVendorFlag": True,
            "vendorIdentifier": vendor.account_number,
            "types": [{"id": 5, "name": "Vendor"}],
            "site": {"id": vendor.id * 10, "name": "Main"},
            "_info": _info(self.anchor),
        }

    # -- invoices

    def build_invoices(self, unposted_ids: Iterator[int]) -> None:
        for invoice in self.company.invoices:
            self.add("invoices", invoice.id, self.invoice_body(invoice))
            self.invoice_entries(invoice)
            if invoice.date_closed is not None:
                unposted_id = next(unposted_ids)
                self.add(
                    "unposted_invoices",
                    unposted_id,
                    self.unposted_invoice_body(unposted_id, invoice),
                    ("invoice", invoice.id),
                )

    def invoice_entries(self, invoice: Invoice) -> None:
        customer = self.customers[invoice.company_id]
        grand_total = invoice.total
        header = {
            "role": "ar",
            "glTypeId": "AR",
            "debit": grand_total if grand_total >= 0 else ZERO,
            "credit": -grand_total if grand_total < 0 else ZERO,
            "total": grand_total,
            "description": f"Invoice {invoice.number} - {customer.name}",
            **self.account_fields(catalog.AR_ACCOUNT),
        }
        self.add_entry("invoice", invoice.id, header)
        for line in invoice.lines:
            self.add_entry("invoice", invoice.id, self.line_entry(line), entry_id=line.id)
        if invoice.sales_tax != ZERO:
            code = self.tax_codes[invoice.tax_code_id]
            tax = {
                "role": "tax",
                "glTypeId": "ST",
                "debit": -invoice.sales_tax if invoice.sales_tax < 0 else ZERO,
                "credit": invoice.sales_tax if invoice.sales_tax > 0 else ZERO,
                "total": invoice.sales_tax,
                "description": f"{code.name} {code.rate * 100:.3f}%",
                "taxCode": code.identifier,
                "salesCode": code.identifier,
                **self.account_fields(code.account_number),
            }
            self.add_entry("invoice", invoice.id, tax)

    def line_entry(self, line: InvoiceLine) -> Body:
        product = self.products.get(line.item_identifier) if line.item_identifier else None
        return {
            "role": "line",
            "lineKind": line.kind.value,
            "glTypeId": GL_TYPE_OF_LINE[line.kind],
            "description": line.description,
            "quantity": line.quantity,
            "itemPrice": line.unit_price,
            "itemCost": line.unit_cost,
            "cost": line.unit_cost * line.quantity,
            "total": line.amount,
            "debit": -line.amount if line.amount < 0 else ZERO,
            "credit": line.amount if line.amount > 0 else ZERO,
            "taxable": line.taxable,
            "item": self.item_ref(product) if product else None,
            "unitOfMeasure": product.unit_of_measure if product else None,
            "costAccountNumber": product.cogs_account if product else None,
            **self.account_fields(line.account_number),
        }

    def _totals(self, invoice: Invoice) -> dict[str, Decimal]:
        totals = dict.fromkeys(_TOTAL_OF_KIND.values(), ZERO)
        for line in invoice.lines:
            key = _TOTAL_OF_KIND.get(line.kind)
            if key is not None:
                totals[key] += line.amount
        return totals

    def invoice_body(self, invoice: Invoice) -> Body:
        customer = self.customers[invoice.company_id]
        subtotal = invoice.subtotal
        grand_total = subtotal + invoice.sales_tax
        closed = invoice.date_closed is not None
        return {
            "id": invoice.id,
            "invoiceNumber": invoice.number,
            "type": invoice.type.value,
            "status": {"id": 2 if closed else 1, "name": "Closed" if closed else "New", "isClosed": closed},
            "company": self.company_ref(customer.id),
            "billToCompany": self.company_ref(customer.id),
            "shipToCompany": self.company_ref(customer.id),
            "accountNumber": customer.account_number,
            "applyToType": "Agreement" if invoice.agreement_id else "All",
            "applyToId": invoice.agreement_id,
            "billingSite": self.site_ref(customer.id),
            "billingSiteAddressLine1": customer.address.line1,
            "billingSiteCity": customer.address.city,
            "billingSiteState": customer.address.state,
            "billingSiteZip": customer.address.zip,
            "billingSiteCountry": customer.address.country,
            "billingTerms": self.terms_ref(invoice.billing_terms_id),
            "reference": invoice.description,
            "customerPO": invoice.customer_po or None,
            "date": cw_date(invoice.date),
            "locationId": invoice.location_id,
            "location": self.location_ref(invoice.location_id),
            "departmentId": invoice.department_id,
            "department": self.department_ref(invoice.department_id),
            "taxableFlag": invoice.tax_code_id != catalog.EXEMPT_TAX_CODE_ID,
            "taxCode": self.tax_ref(invoice.tax_code_id),
            "currency": currency_ref(invoice.currency),
            "dueDate": cw_date(invoice.due_date),
            **self._totals(invoice),
            "downpaymentApplied": invoice.downpayment_applied,
            "subtotal": subtotal,
            "total": grand_total,
            "salesTax": invoice.sales_tax,
            "payments": ZERO,
            "credits": ZERO,
            "balance": grand_total,
            "specialInvoiceFlag": invoice.type in (InvoiceType.MISCELLANEOUS, InvoiceType.DOWN_PAYMENT),
            "agreement": {"id": invoice.agreement_id, "name": self.agreement_name(invoice.agreement_id)}
            if invoice.agreement_id
            else None,
            "closedBy": SYSTEM_USER if closed else None,
            "_info": _info(invoice.date_closed or invoice.date),
        }

    def agreement_name(self, agreement_id: int) -> str:
        return self.agreement_names[agreement_id]

    def unposted_invoice_body(self, unposted_id: int, invoice: Invoice) -> Body:
        customer = self.customers[invoice.company_id]
        subtotal = invoice.subtotal
        code = self.tax_codes[invoice.tax_code_id]
        kinds = {line.kind for line in invoice.lines}
        taxed = invoice.sales_tax != ZERO
        return {
            "id": unposted_id,
            "billingLogId": invoice.id,
            "locationId": invoice.location_id,
            "location": self.location_ref(invoice.location_id),
            "departmentId": invoice.department_id,
            "department": self.department_ref(invoice.department_id),
            "company": self.company_ref(customer.id),
            "accountNumber": customer.account_number,
            "billToCompany": self.company_ref(customer.id),
            "billToSite": self.site_ref(customer.id),
            "shipToCompany": self.company_ref(customer.id),
            "shipToSite": self.site_ref(customer.id),
            "invoiceNumber": invoice.number,
            "invoiceDate": cw_date(invoice.date),
            "invoiceType": invoice.type.value,
            "description": invoice.description,
            "billingTerms": self.terms_ref(invoice.billing_terms_id),
            "dueDays": str(self.terms[invoice.billing_terms_id].due_days),
            "dueDate": cw_date(invoice.due_date),
            "currency": currency_ref(invoice.currency),
            "subTotal": subtotal,
            "total": subtotal + invoice.sales_tax,
            "hasTime": LineKind.SERVICE in kinds,
            "hasExpenses": LineKind.EXPENSE in kinds,
            "hasProducts": bool(kinds & {LineKind.PRODUCT, LineKind.AGREEMENT}),
            "invoiceTaxableFlag": invoice.tax_code_id != catalog.EXEMPT_TAX_CODE_ID,
            "taxCode": self.tax_ref(invoice.tax_code_id),
            "avalaraTaxFlag": False,
            "itemTaxableFlag": any(line.taxable for line in invoice.lines),
            "salesTaxAmount": invoice.sales_tax,
            "stateTaxFlag": taxed,
            "stateTaxXref": code.identifier,
            "stateTaxAmount": invoice.sales_tax,
            "createdBy": SYSTEM_USER,
            "dateClosed": cw_date(invoice.date_closed) if invoice.date_closed else None,
            "_info": _info(invoice.date_closed or invoice.date),
        }

    # -- expenses

    def build_expenses(self, unposted_ids: Iterator[int]) -> None:
        for expense in self.company.expenses:
            self.add("expense_entries", expense.id, self.expense_body(expense))
            member = self.members[expense.member_id]
            self.add_entry(
                "expense",
                expense.id,
                {
                    "role": "expense",
                    "glTypeId": _expense_gl_type(expense),
                    "description": expense.notes,
                    "total": expense.amount,
                    "debit": expense.amount,
                    "credit": ZERO,
                    "creditAccount": expense.credit_account,
                    "member": member.identifier,
                    **self.account_fields(expense.account_number),
                },
            )
            if expense.date_closed is not None:
                unposted_id = next(unposted_ids)
                self.add(
                    "unposted_expenses",
                    unposted_id,
                    self.unposted_expense_body(unposted_id, expense),
                    ("expense", expense.id),
                )

    def expense_body(self, expense: Expense) -> Body:
        member = self.members[expense.member_id]
        billable = expense.billable_amount > 0
        return {
            "id": expense.id,
            "company": self.company_ref(expense.company_id),
            "chargeToType": "ChargeCode",
            "type": {"id": _EXPENSE_TYPE_IDS[expense.expense_type], "name": expense.expense_type},
            "member": self.member_ref(member),
            "paymentMethod": {"id": _PAYMENT_METHOD_IDS[expense.payment_method], "name": expense.payment_method},
            "classification": {"id": _CLASSIFICATION_IDS[expense.classification], "name": expense.classification.value},
            "amount": expense.amount,
            "billableOption": "Billable" if billable else "DoNotBill",
            "date": cw_date(expense.date),
            "locationId": expense.location_id,
            "businessUnitId": expense.department_id,
            "notes": expense.notes,
            "invoiceAmount": expense.billable_amount,
            "currency": currency_ref(expense.currency),
            "status": "ApprovedByTierTwo" if expense.date_closed else "PendingApproval",
            "billAmount": expense.billable_amount,
            "agreementAmount": ZERO,
            "_info": _info(expense.date_closed or expense.date),
        }

    def unposted_expense_body(self, unposted_id: int, expense: Expense) -> Body:
        member = self.members[expense.member_id]
        return {
            "id": unposted_id,
            "locationId": expense.location_id,
            "departmentId": expense.department_id,
            "company": self.company_ref(expense.company_id),
            "accountNumber": expense.account_number,
            "creditAccount": expense.credit_account,
            "expenseDetailId": expense.id,
            "expenseType": {"id": _EXPENSE_TYPE_IDS[expense.expense_type], "name": expense.expense_type},
            "classification": expense.classification.value,
            "glType": _expense_gl_type(expense),
            "member": self.member_ref(member),
            "dateExpense": cw_date(expense.date),
            "chargeDescription": expense.notes,
            "inPolicy": True,
            "paymentMethod": {"id": _PAYMENT_METHOD_IDS[expense.payment_method], "name": expense.payment_method},
            "currency": currency_ref(expense.currency),
            "total": expense.amount,
            "billableAmount": expense.billable_amount,
            "nonBillableAmount": expense.non_billable_amount,
            "agreementAmountCovered": ZERO,
            "avalaraTaxFlag": False,
            "salesTaxAmount": ZERO,
            "dateClosed": cw_date(expense.date_closed) if expense.date_closed else None,
            "_info": _info(expense.date_closed or expense.date),
        }

    # -- purchase orders

    def build_purchase_orders(self, unposted_ids: Iterator[int]) -> None:
        for order in self.company.purchase_orders:
            self.add("purchase_orders", order.id, self.purchase_order_body(order))
            closed = order.date_closed is not None
            for line in order.lines:
                self.add("po_line_items", line.id, self.line_item_body(order, line))
                product = self.products[line.product_identifier]
                inventory = product.product_class == "Inventory"
                self.add_entry(
                    "po_product",
                    line.id,
                    {
                        "role": "product",
                        "glTypeId": "P",
                        "description": line.description,
                        "quantity": line.quantity,
                        "itemCost": line.unit_cost,
                        "cost": line.ext_cost,
                        "total": line.ext_cost,
                        "debit": line.ext_cost,
                        "credit": ZERO,
                        "item": self.item_ref(product),
                        "lineNumber": line.line_number,
                        "purchaseOrder": order.id,
                        "costAccountNumber": product.cogs_account,
                        **self.account_fields(catalog.INVENTORY_ACCOUNT if inventory else product.cogs_account),
                    },
                )
                if closed:
                    unposted_id = next(unposted_ids)
                    self.add(
                        "unposted_procurement",
                        unposted_id,
                        self.unposted_product_body(unposted_id, order, line),
                        ("po_product", line.id),
                    )
            if order.freight_cost != ZERO:
                self.add_entry(
                    "po_freight",
                    order.id,
                    {
                        "role": "freight",
                        "glTypeId": "PF",
                        "description": FREIGHT_DESCRIPTION,
                        "quantity": Decimal(1),
                        "cost": order.freight_cost,
                        "total": order.freight_cost,
                        "debit": order.freight_cost,
                        "credit": ZERO,
                        "lineNumber": 0,
                        "purchaseOrder": order.id,
                        **self.account_fields(catalog.FREIGHT_ACCOUNT),
                    },
                )
                if closed:
                    unposted_id = next(unposted_ids)
                    self.add(
                        "unposted_procurement",
                        unposted_id,
                        self.unposted_freight_body(unposted_id, order),
                        ("po_freight", order.id),
                    )

    def purchase_order_body(self, order: PurchaseOrder) -> Body:
        closed = order.date_closed is not None
        return {
            "id": order.id,
            "businessUnitId": order.department_id,
            "closedFlag": closed,
            "customerCompany": self.company_ref(order.customer_id) if order.customer_id else None,
            "dateClosed": cw_date(order.date_closed) if order.date_closed else None,
            "dropShipCustomerFlag": order.customer_id is not None,
            "freightCost": order.freight_cost,
            "freightPackingSlip": order.packing_slip if order.freight_cost != ZERO else None,
            "freightTaxTotal": ZERO,
            "locationId": order.location_id,
            "location": self.location_ref(order.location_id),
            "poDate": cw_date(order.date),
            "poNumber": order.number,
            "salesTax": order.sales_tax,
            "status": {"id": 3 if closed else 1, "name": "Closed" if closed else "Open"},
            "subTotal": order.subtotal,
            "taxCode": self.tax_ref(order.tax_code_id),
            "taxFreightFlag": False,
            "taxPoFlag": False,
            "terms": self.terms_ref(order.billing_terms_id),
            "total": order.total,
            "vendorCompany": self.company_ref(order.vendor_id),
            "vendorInvoiceDate": cw_date(order.vendor_invoice_date),
            "vendorInvoiceNumber": order.vendor_invoice_number,
            "currency": currency_ref(order.currency),
            "_info": _info(order.date_closed or order.date),
        }

    def line_item_body(self, order: PurchaseOrder, line: PurchaseOrderLine) -> Body:
        product = self.products[line.product_identifier]
        return {
            "id": line.id,
            "description": line.description,
            "lineNumber": line.line_number,
            "product": {"id": product.id, "identifier": product.identifier},
            "quantity": line.quantity,
            "unitOfMeasure": {"id": 1, "name": product.unit_of_measure},
            "unitCost": line.unit_cost,
            "extCost": line.ext_cost,
            "tax": ZERO,
            "receivedQuantity": int(line.quantity),
            "receivedStatus": "FullyReceived",
            "dateReceived": cw_date(line.date_received),
            "closedFlag": order.date_closed is not None,
            "canceledFlag": False,
            "purchaseOrderId": order.id,
            "purchaseOrderNumber": order.number,
            "packingSlip": order.packing_slip,
            "vendorSku": product.identifier,
            "_info": _info(order.date_closed or order.date),
        }

    def _procurement_common(self, unposted_id: int, order: PurchaseOrder) -> Body:
        vendor = self.vendors[order.vendor_id]
        return {
            "id": unposted_id,
            "locationId": order.location_id,
            "departmentId": order.department_id,
            "procurementType": "Purchase",
            "purchaseOrder": {"id": order.id, "name": order.number},
            "purchaseDate": cw_date(order.date),
            "billingTerms": self.terms_ref(order.billing_terms_id),
            "currency": currency_ref(order.currency),
            "taxCode": self.tax_ref(order.tax_code_id),
            "avalaraTaxFlag": False,
            "itemTaxableFlag": False,
            "purchaseOrderTaxableFlag": False,
            "taxTotal": ZERO,
            "customer": self.company_ref(order.customer_id) if order.customer_id else None,
            "vendor": self.company_ref(vendor.id),
            "vendorAccountNumber": vendor.account_number,
            "vendorInvoiceNumber": order.vendor_invoice_number,
            "vendorInvoiceDate": cw_date(order.vendor_invoice_date),
            "taxFreightFlag": False,
            "freightTaxTotal": ZERO,
            "dateClosed": cw_date(order.date_closed) if order.date_closed else None,
            "_info": _info(order.date_closed or order.date),
        }

    def unposted_product_body(self, unposted_id: int, order: PurchaseOrder, line: PurchaseOrderLine) -> Body:
        return {
            **self._procurement_common(unposted_id, order),
            "description": line.description,
            "unpostedProductId": str(line.id),
            "total": line.ext_cost,
            "freightCost": ZERO,
        }

    def unposted_freight_body(self, unposted_id: int, order: PurchaseOrder) -> Body:
        return {
            **self._procurement_common(unposted_id, order),
            "description": FREIGHT_DESCRIPTION,
            "unpostedProductId": f"{FREIGHT_PRODUCT_PREFIX}{order.id}",
            "total": order.freight_cost,
            "freightCost": order.freight_cost,
        }


def _expense_gl_type(expense: Expense) -> str:
    """`EE`: owed to the employee (reimbursable); `EO`: paid by the company."""
    return "EE" if expense.classification is ExpenseClassification.REIMBURSABLE else "EO"


def build_records(company: DemoCompany) -> BuiltRecords:
    """Every body the ConnectWise sandbox serves for `company` (its batches are applied by the ledger)."""
    builder = _Builder(company)
    builder.build_reference()
    builder.build_invoices(iter(range(FIRST_UNPOSTED_INVOICE_ID, 1 << 31)))
    builder.build_expenses(iter(range(FIRST_UNPOSTED_EXPENSE_ID, 1 << 31)))
    builder.build_purchase_orders(iter(range(FIRST_UNPOSTED_PROCUREMENT_ID, 1 << 31)))
    return builder.records
