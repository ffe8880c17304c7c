"""The `GLExport` body: what `POST /finance/accounting/export` previews and a new batch answers with.

Shape (the 2025.8 `GLExport` model, null fields left out):
- `transactions`: one `GLExportTransaction` per invoice; `id` is the invoice id (`billingLogId`),
  `glEntryIds` lists every GL entry of the invoice ("AR entry,line entries,tax entry"), `detail` holds the
  lines at the requested `summarizeInvoices` level:
  `Detailed` one detail per invoice line; `Default` the same, except that an agreement invoice's
  agreement lines become one line per GL account described by the agreement; `Condensed` one detail per
  GL account (and GL type), described by the account name, without items. A detail's `id` is the GL entry
  id of its (first) line. Down-payment lines carry `glTypeId` "RD" and no item.
- `customers`: one `GLExportCustomer` per invoiced company.
- `expenseBills`: one per reimbursable expense (owed to the member): `id` and `documentNumber` the expense
  id, `detail[0].id` the expense's GL entry id in a list; `expenses`: one `GLExportExpense` per company-paid
  expense: `id` the expense id, `offset.id` its GL entry id.
- `purchaseTransactions`: one per purchase order with included records; `purchaseDetail` holds one detail
  per product line (`glTypeId` "P") and one for the freight (`glTypeId` "PF", description "Freight",
  `lineNumber` 0), each `id` the GL entry id; `freightAmount` is the included freight.
- `vendors`: the PO vendors, and the members owed an expense bill.

Per-invoice transactions (written from a template, `gl_transactions`) and per-company customers are
encoded once and cached as JSON text, because a preview of ten thousand invoices must be quick; nothing in
them changes when batches change.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui_ledger.domain.collector import collection_paused
from tui_ledger.domain.money import ZERO
from tui_ledger.sandbox.connectwise.gl_transactions import TransactionWriter
from tui_ledger.sandbox.connectwise.jsonout import dumps
from tui_ledger.sandbox.connectwise.ledger import (
    EXPENSE,
    INVOICE,
    PO_FREIGHT,
    PO_PRODUCT,
    Ledger,
    RecordKey,
)

Body = dict[str, Any]

SUMMARY_LEVELS = ("Default", "Condensed", "Detailed")
_AP_ACCOUNT = "2000"


@dataclass(frozen=True, slots=True)
class ExportSelection:
    """The records an export covers, in the order the Unposted tabs list them."""

    invoices: tuple[int, ...] = ()
    expenses: tuple[int, ...] = ()
    procurement: tuple[RecordKey, ...] = ()

    @classmethod
    def of_records(cls, records: Iterable[RecordKey]) -> ExportSelection:
        ordered = sorted(records)
        return cls(
            invoices=tuple(rid for kind, rid in ordered if kind == INVOICE),
            expenses=tuple(rid for kind, rid in ordered if kind == EXPENSE),
            procurement=tuple(record for record in ordered if record[0] in (PO_PRODUCT, PO_FREIGHT)),
        )

    @property
    def records(self) -> list[RecordKey]:
        return [
            *((INVOICE, rid) for rid in self.invoices),
            *((EXPENSE, rid) for rid in self.expenses),
            *self.procurement,
        ]


def _drop_nulls(body: Body) -> Body:
    return {key: value for key, value in body.items() if value is not None}


class GLExportBuilder:
    """Builds GLExport JSON text from the ledger, reusing the cached per-invoice and per-company parts."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.cache = ledger.cache
        self.transactions = TransactionWriter(ledger)

    def render(self, selection: ExportSelection, level: str, settings: Body) -> str:
        with collection_paused():
            return self._render(selection, level, settings)

    def _render(self, selection: ExportSelection, level: str, settings: Body) -> str:
        transactions = [self._transaction_text(invoice_id, level) for invoice_id in selection.invoices]
        company_ids = list(
            OrderedDict.fromkeys(
                int(self.ledger.resources["invoices"][invoice_id]["company"]["id"]) for invoice_id in selection.invoices
            )
        )
        customers = [self._customer_text(company_id) for company_id in company_ids]
        expenses, bills, members = self._expenses(selection.expenses)
        purchases, vendor_ids = self._purchases(selection.procurement)
        vendors = [self._vendor(vendor_id) for vendor_id in vendor_ids] + [self._member_vendor(m) for m in members]
        return (
            '{"exportSettings":'
            + dumps(settings)
            + ',"vendors":'
            + dumps(vendors)
            + ',"customers":['
            + ",".join(customers)
            + '],"transactions":['
            + ",".join(transactions)
            + '],"expenses":'
            + dumps(expenses)
            + ',"expenseBills":'
            + dumps(bills)
            + ',"purchaseTransactions":'
            + dumps(purchases)
            + ',"adjustmentTransactions":[],"inventoryTransfers":[]}'
        )

    # -- invoices

    def _transaction_text(self, invoice_id: int, level: str) -> str:
        key = ("transaction", invoice_id, level)
        text = self.cache.get(key)
        if text is None:
            text = self.transactions.text(invoice_id, level)
            self.cache[key] = text
        return text

    def _customer_text(self, company_id: int) -> str:
        key = ("customer", company_id)
        text = self.cache.get(key)
        if text is None:
            company = self.ledger.resources["companies"][company_id]
            terms = self.ledger.resources["billing_terms"][int(company["billingTerms"]["id"])]
            tax_code = self.ledger.resources["tax_codes"][int(company["taxCode"]["id"])]
            text = dumps(
                _drop_nulls(
                    {
                        "company": {"id": company_id, "identifier": company["identifier"], "name": company["name"]},
                        "companyType": {"id": 1, "name": "Client"},
                        "contact": company.get("billingContact"),
                        "site": company.get("site"),
                        "accountNumber": company.get("accountNumber"),
                        "billingTerms": company["billingTerms"],
                        "billingTermsXref": terms["name"],
                        "dueDays": terms["dueDays"],
                        "taxable": tax_code["rate"] != ZERO,
                        "taxCode": company["taxCode"],
                        "currency": company["currency"],
                        "stateTaxXref": tax_code["identifier"],
                        "stateTaxRate": tax_code["rate"] * 100,
                        "taxGroupRate": tax_code["rate"] * 100,
                    }
                )
            )
            self.cache[key] = text
        return text

    # -- expenses

    def _expenses(self, expense_ids: tuple[int, ...]) -> tuple[list[Body], list[Body], list[Body]]:
        ledger = self.ledger
        expenses: list[Body] = []
        bills: list[Body] = []
        members: dict[int, Body] = {}
        for expense_id in expense_ids:
            entry_id = ledger.entries_of[(EXPENSE, expense_id)][0]
            entry = ledger.entries[entry_id]
            expense = ledger.resources["expense_entries"][expense_id]
            company = ledger.resources["companies"][int(expense["company"]["id"])]
            member = expense["member"]
            reimbursable = expense["classification"]["name"] == "Reimbursable"
            common = {
                "documentDate": expense["date"],
                "memo": expense.get("notes"),
                "currency": expense["currency"],
                "total": expense["amount"],
            }
            if reimbursable:
                members[int(member["id"])] = member
                bills.append(
                    _drop_nulls(
                        {
                            "id": expense_id,
                            **common,
                            "documentType": "ExpenseBill",
                            "documentNumber": str(expense_id),
                            "glClass": "",
                            "apAccountNumber": entry.get("creditAccount"),
                            "member": member,
                            "vendorNumber": member["identifier"],
                            "detail": [
                                _drop_nulls(
                                    {
                                        "id": [entry_id],
                                        **common,
                                        "glTypeId": entry["glTypeId"],
                                        "company": expense["company"],
                                        "accountNumber": entry.get("accountNumber"),
                                        "expenseClass": expense["classification"],
                                        "billable": expense.get("billableOption") == "Billable",
                                        "reimbursable": True,
                                        "companyAdvance": False,
                                    }
                                )
                            ],
                        }
                    )
                )
            else:
                expenses.append(
                    _drop_nulls(
                        {
                            "id": expense_id,
                            **common,
                            "documentType": "Expense",
                            "apAccountNumber": entry.get("creditAccount"),
                            "apClass": "",
                            "accountNumber": entry.get("accountNumber"),
                            "glClass": "",
                            "glTypeId": entry["glTypeId"],
                            "description": expense.get("notes"),
                            "member": member,
                            "vendorNumber": member["identifier"],
                            "company": expense["company"],
                            "companyAccountNumber": company.get("accountNumber"),
                            "offset": {
                                "id": entry_id,
                                "documentDate": expense["date"],
                                "documentType": "Expense",
                                "accountNumber": entry.get("creditAccount"),
                                "glTypeId": entry["glTypeId"],
                                "glClass": "",
                                "member": member,
                                "memo": expense.get("notes"),
                                "total": -expense["amount"],
                            },
                        }
                    )
                )
        return expenses, bills, list(members.values())

    def _member_vendor(self, member: Body) -> Body:
        return {"member": member, "vendorNumber": member["identifier"], "accountNumber": "2150"}

    # -- procurement

    def _purchases(self, records: tuple[RecordKey, ...]) -> tuple[list[Body], list[int]]:
        ledger = self.ledger
        by_order: dict[int, list[RecordKey]] = OrderedDict()
        for record in records:
            entry = ledger.entries[ledger.entries_of[record][0]]
            by_order.setdefault(int(entry["purchaseOrder"]), []).append(record)
        purchases = []
        vendor_ids: dict[int, None] = OrderedDict()
        for order_id, order_records in by_order.items():
            order = ledger.resources["purchase_orders"][order_id]
            vendor_id = int(order["vendorCompany"]["id"])
            vendor_ids[vendor_id] = None
            vendor = ledger.resources["companies"][vendor_id]
            terms = ledger.resources["billing_terms"][int(order["terms"]["id"])]
            details = []
            freight = ZERO
            for record in order_records:
                entry_id = ledger.entries_of[record][0]
                entry = ledger.entries[entry_id]
                if record[0] == PO_FREIGHT:
                    freight += entry["total"]
                details.append(
                    _drop_nulls(
                        {
                            "id": entry_id,
                            "documentDate": order["poDate"],
                            "glClass": "",
                            "glTypeId": entry["glTypeId"],
                            "glItemId": (entry.get("item") or {}).get("identifier"),
                            "description": entry["description"],
                            "cost": entry["cost"],
                            "memo": entry["description"],
                            "vendorNumber": vendor.get("accountNumber"),
                            "accountNumber": entry.get("accountNumber"),
                            "costAccountNumber": entry.get("costAccountNumber"),
                            "vendorAccountNumber": vendor.get("accountNumber"),
                            "item": entry.get("item"),
                            "itemDescription": entry["description"] if entry.get("item") else None,
                            "taxable": False,
                            "itemCost": entry.get("itemCost"),
                            "quantity": entry["quantity"],
                            "total": entry["total"],
                            "currency": order["currency"],
                            "lineNumber": entry["lineNumber"],
                            "taxRate": ZERO,
                        }
                    )
                )
            total = sum((detail["total"] for detail in details), ZERO)
            purchases.append(
                _drop_nulls(
                    {
                        "id": f"PO #{order['poNumber']}, Packing Slip: {order.get('freightPackingSlip') or ''}",
                        "documentDate": order["poDate"],
                        "documentNumber": order["poNumber"],
                        "description": f"Purchase order {order['poNumber']}",
                        "memo": order.get("vendorInvoiceNumber"),
                        "apAccountNumber": _AP_ACCOUNT,
                        "purchaseDate": order["poDate"],
                        "company": order["vendorCompany"],
                        "companyType": {"id": 5, "name": "Vendor"},
                        "site": vendor.get("site"),
                        "purchaseClass": "",
                        "freightAmount": freight,
                        "freightPackingSlip": order.get("freightPackingSlip"),
                        "packingSlip": order.get("freightPackingSlip"),
                        "dropshipFlag": order.get("dropShipCustomerFlag"),
                        "currency": order["currency"],
                        "total": total,
                        "billingTerms": order["terms"],
                        "billingTermsXref": terms["name"],
                        "dueDays": terms["dueDays"],
                        "vendorNumber": vendor.get("accountNumber"),
                        "vendorAccountNumber": vendor.get("accountNumber"),
                        "vendorInvoiceDate": order.get("vendorInvoiceDate"),
                        "vendorInvoiceNumber": order.get("vendorInvoiceNumber"),
                        "shipToCompany": order.get("customerCompany"),
                        "taxCode": order.get("taxCode"),
                        "purchaseHeaderTaxableFlag": False,
                        "purchaseHeaderFreightTaxableFlag": False,
                        "taxLevels": [],
                        "purchaseDetail": details,
                        "purchaseDetailTax": [],
                    }
                )
            )
        return purchases, list(vendor_ids)

    def _vendor(self, vendor_id: int) -> Body:
        vendor = self.ledger.resources["companies"][vendor_id]
        terms = self.ledger.resources["billing_terms"][int(vendor["billingTerms"]["id"])]
        return _drop_nulls(
            {
                "vendor": {"id": vendor_id, "identifier": vendor["identifier"], "name": vendor["name"]},
                "vendorNumber": vendor.get("accountNumber"),
                "company": {"id": vendor_id, "identifier": vendor["identifier"], "name": vendor["name"]},
                "accountNumber": _AP_ACCOUNT,
                "billingTerms": vendor["billingTerms"],
                "dueDays": terms["dueDays"],
                "site": vendor.get("site"),
            }
        )
