"""Unposted invoices: the list record joined with its lines from the GL export preview.

`GET /finance/accounting/unpostedinvoices` gives the header (customer, number, dates, totals); the
preview's `transactions[]` (one per invoice, keyed by the invoice id = `billingLogId`) gives the lines
(`detail[]`) at the chosen summary level and the GL entry ids a batch is later created from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.domain.documents import InvoiceLine, UnpostedInvoice
from tui_ledger.domain.money import ZERO

UNPOSTED_INVOICES_PATH = "/finance/accounting/unpostedinvoices"

UNPOSTED_INVOICE_FIELDS = ",".join(
    (
        "id",
        "billingLogId",
        "invoiceNumber",
        "invoiceType",
        "invoiceDate",
        "company/id",
        "company/identifier",
        "company/name",
        "billToCompany/id",
        "billToCompany/identifier",
        "billToCompany/name",
        "total",
        "subTotal",
        "salesTaxAmount",
        "currency/currencyCode",
        "dueDate",
        "locationId",
        "location/name",
        "accountNumber",
        "taxCode/name",
        "billingTerms/name",
        "description",
        "dateClosed",
    )
)
"""The fields `parse_unposted_invoice` reads: asking for only these halves what is sent and parsed."""

DOWN_PAYMENT_GL_TYPES = frozenset({"RD"})
"""GL type of deferred-revenue (down payment) lines ("revenue, down payment"); seed 002 sends them with the
GL mapping's product, default "Down Payment"."""

ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class InvoiceGl:
    """What the preview says about one invoice: its lines and the GL entries behind them."""

    lines: tuple[InvoiceLine, ...]
    gl_entry_ids: tuple[int, ...]


NO_GL = InvoiceGl(lines=(), gl_entry_ids=())


def parse_invoice_line(data: Any, call: CallSite) -> InvoiceLine:
    line = RecordReader(data, "GL export invoice line", call)
    gl_type = line.optional_text("glTypeId")
    item = line.reference_text("item", "identifier", "name") or line.reference_text("product", "identifier")
    return InvoiceLine(
        line_id=line.integer("id"),
        description=line.optional_text("description") or line.optional_text("memo") or "",
        amount=line.money("total"),
        quantity=line.quantity("quantity", ONE),
        account_number=line.optional_text("accountNumber"),
        item_identifier=item or line.optional_text("glItemId"),
        tax_code=line.reference_text("taxCode", "identifier", "name") or line.optional_text("taxCodeXref"),
        taxable=line.flag("taxableFlag"),
        gl_type=gl_type,
        is_down_payment=gl_type in DOWN_PAYMENT_GL_TYPES,
    )


def parse_invoice_transactions(export: Any, call: CallSite) -> dict[int, InvoiceGl]:
    """Lines and GL entry ids of every invoice in a GL export preview, by invoice id."""
    root = RecordReader(export, "GL export", call)
    transactions = root.data.get("transactions") or []
    if not isinstance(transactions, list):
        raise root.fail("transactions", f"expected a list, got {type(transactions).__name__}")
    by_invoice: dict[int, InvoiceGl] = {}
    for data in transactions:
        transaction = RecordReader(data, "GL export transaction", call)
        details = transaction.data.get("detail") or []
        if not isinstance(details, list):
            raise transaction.fail("detail", f"expected a list, got {type(details).__name__}")
        by_invoice[transaction.integer("id")] = InvoiceGl(
            lines=tuple(parse_invoice_line(detail, call) for detail in details),
            gl_entry_ids=transaction.id_list("glEntryIds"),
        )
    return by_invoice


def parse_unposted_invoice(data: Any, call: CallSite, gl: dict[int, InvoiceGl]) -> UnpostedInvoice:
    """One `UnpostedInvoice` record; its lines and GL entry ids come from `gl`.

    An invoice the preview leaves out (batched by someone else between the two calls) keeps no lines and
    no GL entry ids, which the export checks report as missing GL entries — never as a zero-line invoice
    that could be marked batched without being sent.
    """
    record = RecordReader(data, "unposted invoice", call)
    invoice_id = record.integer("billingLogId")
    found = gl.get(invoice_id, NO_GL)
    location = record.nested("location")
    return UnpostedInvoice(
        unposted_id=record.integer("id"),
        invoice_id=invoice_id,
        number=record.text("invoiceNumber"),
        invoice_type=record.optional_text("invoiceType") or "Standard",
        invoice_date=record.day("invoiceDate"),
        customer=record.reference("company"),
        total=record.money("total"),
        subtotal=record.optional_money("subTotal", ZERO),
        sales_tax=record.optional_money("salesTaxAmount", ZERO),
        currency=record.reference_text("currency", "currencyCode", "currencyIdentifier", "name") or "USD",
        due_date=record.optional_day("dueDate"),
        location_id=record.optional_integer("locationId"),
        location_name=location.get("name") if location and isinstance(location.get("name"), str) else None,
        bill_to=record.optional_reference("billToCompany"),
        account_number=record.optional_text("accountNumber"),
        tax_code=record.reference_text("taxCode", "identifier", "name"),
        billing_terms=record.reference_text("billingTerms", "name", "identifier"),
        description=record.optional_text("description"),
        date_closed=record.optional_day("dateClosed"),
        lines=found.lines,
        gl_entry_ids=found.gl_entry_ids,
    )


def invoice_ids_of(records: list[Any], call: CallSite) -> list[int]:
    """The invoice ids (`billingLogId`) of a page of unposted records, to preview exactly those."""
    return [RecordReader(data, "unposted invoice", call).integer("billingLogId") for data in records]
