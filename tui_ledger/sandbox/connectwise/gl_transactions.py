"""One invoice of the `GLExport` body (a `GLExportTransaction`), written straight to JSON text.

A preview of ten thousand invoices is eighteen megabytes of JSON. Built as dictionaries and handed to the
encoder, each transaction cost about 50 µs, most of it encoding the same key names, the same company and
currency references and a Python call per Decimal; the first Retrieve after a start paid that for every
invoice. Written from a template, with each shared reference encoded once, it is a few microseconds, so
the first preview is nearly as quick as the ones served from the cache.

The shape is the one the module `export` documents: null fields are left out, amounts are written with
exactly their Decimal digits, strings are escaped by the standard library's JSON string encoder.
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from tui_ledger.domain.money import ZERO
from tui_ledger.sandbox.connectwise.jsonout import dumps
from tui_ledger.sandbox.connectwise.ledger import INVOICE, Ledger

Body = dict[str, Any]

AR_ACCOUNT = "1200"
TAX_ACCOUNT = "2200"
_CLIENT = '{"id":1,"name":"Client"}'


def number(value: Decimal | int) -> str:
    """A JSON number with exactly the value's digits (a Decimal is never passed through a binary float)."""
    if value.__class__ is int or value.is_finite():
        return str(value)
    raise ValueError(f"cannot write the non-finite amount {value} as JSON")


def _flag(value: object) -> str:
    return "true" if value else "false"


class TransactionWriter:
    """Writes `GLExportTransaction` JSON from the ledger's invoice bodies and GL entries."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._shared = ledger.shared_json

    def _reference(self, ref: Body) -> str:
        """JSON of a reference many invoices share (company, terms, tax code, currency, site, item), encoded once."""
        found = self._shared.get(id(ref))
        if found is None:
            found = self._shared[id(ref)] = (ref, dumps(ref))
        return found[1]

    def text(self, invoice_id: int, level: str) -> str:
        ledger = self.ledger
        invoice = ledger.resources["invoices"][invoice_id]
        company = ledger.resources["companies"][int(invoice["company"]["id"])]
        terms = ledger.resources["billing_terms"][int(invoice["billingTerms"]["id"])]
        tax_code = ledger.resources["tax_codes"][int(invoice["taxCode"]["id"])]
        entry_ids = ledger.entries_of[(INVOICE, invoice_id)]
        lines = [(entry_id, entry) for entry_id in entry_ids if (entry := ledger.entries[entry_id])["role"] == "line"]
        taxable_total = sum((entry["total"] for _, entry in lines if entry.get("taxable")), ZERO)
        sales_tax: Decimal = invoice.get("salesTax", ZERO)
        document_type = "CreditMemo" if invoice["type"] == "CreditMemo" else "Invoice"
        tax_ref = self._reference(invoice["taxCode"])
        rate: Decimal = tax_code["rate"]
        state_tax_ref = encode_basestring(tax_code["identifier"])
        reference = invoice.get("reference")
        account = company.get("accountNumber")
        site = invoice.get("billingSite")
        taxable = invoice.get("taxableFlag")
        detail = ",".join(self._detail(entry, level, tax_ref, rate) for entry in summarize(lines, level, reference))
        tax_levels = (
            f'{{"taxLevel":1,"taxableAmount":{number(taxable_total)},"taxAmount":{number(sales_tax)},'
            f'"taxCodeXref":{state_tax_ref}}}'
            if sales_tax != ZERO
            else ""
        )
        return "".join(
            (
                f'{{"id":{invoice_id},"glClass":"","glTypeId":"AR","documentDate":{encode_basestring(invoice["date"])},'
                f'"documentNumber":{encode_basestring(invoice["invoiceNumber"])},"documentType":"{document_type}"',
                "" if reference is None else f',"memo":{(text := encode_basestring(reference))},"description":{text}',
                f',"company":{self._reference(invoice["company"])},"companyType":{_CLIENT}',
                "" if account is None else f',"companyAccountNumber":{encode_basestring(account)}',
                "" if site is None else f',"site":{self._reference(site)}',
                f',"billingTerms":{self._reference(invoice["billingTerms"])},'
                f'"billingTermsXref":{encode_basestring(terms["name"])},"dueDays":{number(terms["dueDays"])},'
                f'"dueDate":{encode_basestring(invoice["dueDate"])},"accountNumber":"{AR_ACCOUNT}",'
                f'"billingType":{encode_basestring(invoice["type"])},'
                f'"glEntryIds":"{",".join(str(entry_id) for entry_id in entry_ids)}",'
                f'"currency":{self._reference(invoice["currency"])},"total":{number(invoice["total"])}',
                "" if taxable is None else f',"taxable":{_flag(taxable)}',
                f',"taxableTotal":{number(taxable_total)},"taxCode":{tax_ref},"taxGroupRate":{number(rate * 100)},'
                f'"taxAccountNumber":"{TAX_ACCOUNT}","salesTax":{(tax := number(sales_tax))},"stateTax":{tax},'
                f'"stateTaxXref":{state_tax_ref},"detail":[{detail}],"taxLevels":[{tax_levels}]}}',
            )
        )

    def _detail(self, detail: Body, level: str, tax_ref: str, rate: Decimal) -> str:
        """One detail line, kept to the fields a client needs: a preview of ten thousand invoices stays small."""
        item = detail.get("item")
        taxable = bool(detail.get("taxable"))
        account = detail.get("accountNumber")
        cost = detail.get("cost")
        cost_account = detail.get("costAccountNumber")
        price = detail.get("itemPrice")
        unit = detail.get("unitOfMeasure")
        return "".join(
            (
                f'{{"id":{detail["id"]}',
                "" if account is None else f',"accountNumber":{encode_basestring(account)}',
                f',"glTypeId":{encode_basestring(detail["glTypeId"])}',
                f',"glItemId":{encode_basestring(item["identifier"])}' if item else "",
                f',"invoiceSummaryOption":"{level}"',
                "" if cost is None else f',"cost":{number(cost)}',
                f',"description":{encode_basestring(detail["description"])},"quantity":{number(detail["quantity"])},'
                f'"total":{number(detail["total"])}',
                "" if cost_account is None else f',"costAccountNumber":{encode_basestring(cost_account)}',
                f',"taxCode":{tax_ref},"taxRate":{number(rate)}' if taxable else ',"taxRate":0.00',
                f',"taxableFlag":{_flag(taxable)}',
                "" if item is None else f',"item":{self._reference(item)}',
                "" if price is None else f',"itemPrice":{number(price)}',
                f',"unitOfMeasure":{{"id":1,"name":{encode_basestring(unit)}}}}}' if unit else "}",
            )
        )


def summarize(lines: list[tuple[int, Body]], level: str, reference: str | None) -> list[Body]:
    """The invoice's lines at a summary level (see the module `export`); `reference` describes agreement lines.
    Each is a GL entry's body (which holds its `id`) or, for a group, a body made from its entries."""
    if level == "Detailed":
        return [entry for _, entry in lines]
    groups: dict[tuple[Any, ...], list[tuple[int, Body]]] = OrderedDict()
    for entry_id, entry in lines:
        if level == "Condensed":
            key: tuple[Any, ...] = (entry.get("accountNumber"), entry["glTypeId"], bool(entry.get("taxable")))
        elif entry.get("lineKind") == "agreement":
            key = ("agreement", entry.get("accountNumber"), bool(entry.get("taxable")))
        else:
            key = ("line", entry_id)
        groups.setdefault(key, []).append((entry_id, entry))
    summarized = []
    for key, members in groups.items():
        if key[0] == "line":
            summarized.append(members[0][1])
            continue
        first_id, first = members[0]
        description = first.get("name") if level == "Condensed" else reference
        summarized.append(
            {
                "id": first_id,
                "glTypeId": first["glTypeId"],
                "accountNumber": first.get("accountNumber"),
                "costAccountNumber": first.get("costAccountNumber"),
                "description": description or first["description"],
                "quantity": Decimal(1),
                "total": sum((entry["total"] for _, entry in members), ZERO),
                "cost": sum((entry.get("cost", ZERO) for _, entry in members), ZERO),
                "taxable": bool(first.get("taxable")),
            }
        )
    return summarized
