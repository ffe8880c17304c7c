"""The reads GL batch management needs beyond the Unposted tabs: records that are (or were) in a batch.

Seed 001 names four places a record's GL batch shows in ConnectWise; through the API they are:
- invoices: `GET /finance/invoices` carries `glBatch` and, after a UI unbatch, `unbatchedBatch`;
- PO product lines: `GET /procurement/purchaseorders/{id}/lineitems` carries `batchedFlag` and `unbatchedRecId`;
- expenses and PO freight carry nothing: they are found through a batch's entries
  (`GET /finance/accounting/batches/{id}/entries`, in `ConnectWiseBatches`) or its seed-000 label.
Amounts come from the records themselves (invoice `total`, expense `amount`, PO `total`, line `extCost` + `tax`).

To put a record into a batch again, its current GL entry ids come from the export preview of exactly that record
(`includedInvoiceIds` / `includedExpenseIds` / `includedProductIds`), as the Export screen gets them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tui_ledger.connectors.connectwise.conditions import Condition, field
from tui_ledger.connectors.connectwise.expenses import UNPOSTED_EXPENSES_PATH, parse_expense_entries
from tui_ledger.connectors.connectwise.gl_export import EXPORT_PATH, export_request
from tui_ledger.connectors.connectwise.invoices import UNPOSTED_INVOICES_PATH, parse_invoice_transactions
from tui_ledger.connectors.connectwise.procurement import (
    UNPOSTED_PROCUREMENT_PATH,
    group_purchases,
    parse_purchase_details,
    product_ids_of,
)
from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.pagination import link_pages
from tui_ledger.domain.documents import ProcurementLine, Reference
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.money import ZERO

INVOICES_PATH = "/finance/invoices"
EXPENSE_ENTRIES_PATH = "/expense/entries"
PURCHASE_ORDERS_PATH = "/procurement/purchaseorders"
PAGE_SIZE = 1000
IDS_PER_CONDITION = 200
"""Ids per `in (...)` condition: keeps a request line well under the length proxies accept."""

INVOICE_FIELDS = (
    "id,invoiceNumber,type,total,date,currency/currencyCode,company/id,company/identifier,company/name,"
    "glBatch/id,glBatch/name,unbatchedBatch/id,unbatchedBatch/name"
)
EXPENSE_FIELDS = "id,amount,date,currency/currencyCode,member/id,member/identifier,member/name,company/name"
PURCHASE_ORDER_FIELDS = (
    "id,poNumber,total,freightCost,freightTaxTotal,poDate,closedFlag,currency/currencyCode,"
    "vendorCompany/id,vendorCompany/identifier,vendorCompany/name"
)


@dataclass(frozen=True, slots=True)
class BatchRef:
    """`{id, name}`: a batch as a record references it (`name` is the batch identifier)."""

    id: int
    identifier: str | None


@dataclass(frozen=True, slots=True)
class PsaInvoice:
    id: int
    number: str
    total: Decimal
    currency: str | None
    customer: Reference
    batch: BatchRef | None
    unbatched_from: BatchRef | None
    invoice_type: str | None = None
    invoice_date: date | None = None


@dataclass(frozen=True, slots=True)
class PsaExpense:
    id: int
    member: Reference
    amount: Decimal
    currency: str | None
    expense_date: date | None = None

    @property
    def document_number(self) -> str:
        """`4351bbastine`: the expense's number in its batch label and in the package."""
        return f"{self.id}{self.member.identifier or ''}"


@dataclass(frozen=True, slots=True)
class PsaPurchaseOrder:
    id: int
    number: str
    total: Decimal
    freight: Decimal
    freight_tax: Decimal
    currency: str | None
    vendor: Reference
    closed: bool


@dataclass(frozen=True, slots=True)
class UnpostedProcurementRecord:
    """One record of Unposted Procurement. A product's `unposted_product_id` is its PO line item id."""

    purchase_order_id: int
    unposted_product_id: str
    is_freight: bool
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PsaLineItem:
    id: int
    purchase_order_id: int
    line_number: int | None
    item: str | None
    description: str
    amount: Decimal
    """Extended cost plus tax: what the line adds to the bill."""
    batched: bool
    unbatched_from_batch_id: int | None


def _batch_ref(record: RecordReader, name: str) -> BatchRef | None:
    reference = record.optional_reference(name)
    if reference is None or reference.id is None:
        return None
    return BatchRef(reference.id, reference.name or reference.identifier)


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), IDS_PER_CONDITION):
        yield values[start : start + IDS_PER_CONDITION]


class BatchedRecords:
    """Record reads for the batch screens, on the ConnectWise reader's client (same auth, pacing and limits)."""

    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"BatchedRecords({self.client!r})"

    async def _list(self, path: str, conditions: Condition, fields: str | None = None) -> list[Any]:
        params: dict[str, str | int] = {"pageSize": PAGE_SIZE, "conditions": str(conditions), "orderBy": "id asc"}
        if fields is not None:
            params["fields"] = fields
        return [data async for page in link_pages(self.client, path, params) for data in page]

    async def _list_in(self, path: str, name: str, values: Sequence[Any], fields: str | None = None) -> list[Any]:
        found: list[Any] = []
        for chunk in _chunks(list(dict.fromkeys(values))):
            found += await self._list(path, field(name).is_in(chunk), fields)
        return found

    # -- invoices

    def _invoice(self, data: Any) -> PsaInvoice:
        record = RecordReader(data, "invoice", self.client.call_for("GET", INVOICES_PATH))
        return PsaInvoice(
            id=record.integer("id"),
            number=record.text("invoiceNumber"),
            total=record.money("total"),
            currency=record.reference_text("currency", "currencyCode"),
            customer=record.optional_reference("company") or Reference(),
            batch=_batch_ref(record, "glBatch"),
            unbatched_from=_batch_ref(record, "unbatchedBatch"),
            invoice_type=record.optional_text("type"),
            invoice_date=record.optional_day("date"),
        )

    async def invoices_by_number(self, numbers: Sequence[str]) -> list[PsaInvoice]:
        found = await self._list_in(INVOICES_PATH, "invoiceNumber", numbers, INVOICE_FIELDS)
        return [self._invoice(data) for data in found]

    async def invoices(self, invoice_ids: Sequence[int]) -> list[PsaInvoice]:
        return [self._invoice(data) for data in await self._list_in(INVOICES_PATH, "id", invoice_ids, INVOICE_FIELDS)]

    async def invoices_in_batches(self, batch_ids: Sequence[int]) -> list[PsaInvoice]:
        found = await self._list_in(INVOICES_PATH, "glBatch/id", batch_ids, INVOICE_FIELDS)
        return [self._invoice(data) for data in found]

    async def invoices_unbatched_from(self, batch_ids: Sequence[int]) -> list[PsaInvoice]:
        """Invoices taken out of these batches in ConnectWise's UI (MORE > Unbatch), now on Unposted Invoices."""
        found = await self._list_in(INVOICES_PATH, "unbatchedBatch/id", batch_ids, INVOICE_FIELDS)
        return [self._invoice(data) for data in found]

    # -- expenses

    async def expenses(self, expense_ids: Sequence[int]) -> list[PsaExpense]:
        call = self.client.call_for("GET", EXPENSE_ENTRIES_PATH)
        found = []
        for data in await self._list_in(EXPENSE_ENTRIES_PATH, "id", expense_ids, EXPENSE_FIELDS):
            record = RecordReader(data, "expense entry", call)
            member = record.reference("member")
            found.append(
                PsaExpense(
                    id=record.integer("id"),
                    member=member,
                    amount=record.money("amount"),
                    currency=record.reference_text("currency", "currencyCode"),
                    expense_date=record.optional_day("date"),
                )
            )
        return found

    # -- purchase orders

    def _purchase_order(self, data: Any) -> PsaPurchaseOrder:
        record = RecordReader(data, "purchase order", self.client.call_for("GET", PURCHASE_ORDERS_PATH))
        return PsaPurchaseOrder(
            id=record.integer("id"),
            number=record.text("poNumber"),
            total=record.money("total"),
            freight=record.optional_money("freightCost", ZERO),
            freight_tax=record.optional_money("freightTaxTotal", ZERO),
            currency=record.reference_text("currency", "currencyCode"),
            vendor=record.optional_reference("vendorCompany") or Reference(),
            closed=record.flag("closedFlag"),
        )

    async def purchase_orders_by_number(self, numbers: Sequence[str]) -> list[PsaPurchaseOrder]:
        found = await self._list_in(PURCHASE_ORDERS_PATH, "poNumber", numbers, PURCHASE_ORDER_FIELDS)
        return [self._purchase_order(data) for data in found]

    async def purchase_orders(self, po_ids: Sequence[int]) -> list[PsaPurchaseOrder]:
        found = await self._list_in(PURCHASE_ORDERS_PATH, "id", po_ids, PURCHASE_ORDER_FIELDS)
        return [self._purchase_order(data) for data in found]

    async def line_items(self, po_id: int) -> list[PsaLineItem]:
        """The PO's product lines with their batch state (the Products tab's GL Batch column)."""
        path = f"{PURCHASE_ORDERS_PATH}/{po_id}/lineitems"
        call = self.client.call_for("GET", path)
        items = []
        async for page in link_pages(self.client, path, {"pageSize": PAGE_SIZE}):
            for data in page:
                record = RecordReader(data, "purchase order line item", call)
                product = record.optional_reference("product")
                items.append(
                    PsaLineItem(
                        id=record.integer("id"),
                        purchase_order_id=record.optional_integer("purchaseOrderId") or po_id,
                        line_number=record.optional_integer("lineNumber"),
                        item=product.identifier if product else None,
                        description=record.optional_text("description") or "",
                        amount=record.optional_money("extCost", ZERO) + record.optional_money("tax", ZERO),
                        batched=record.flag("batchedFlag"),
                        unbatched_from_batch_id=record.optional_integer("unbatchedRecId"),
                    )
                )
        return items

    # -- what is on the Unposted tabs, and the GL entries a batch is made of

    async def unposted_invoice_ids(self) -> set[int]:
        found = await self._all(UNPOSTED_INVOICES_PATH, "billingLogId")
        return {
            RecordReader(data, "unposted invoice", self._call(UNPOSTED_INVOICES_PATH)).integer("billingLogId")
            for data in found
        }

    async def unposted_expense_ids(self) -> set[int]:
        found = await self._all(UNPOSTED_EXPENSES_PATH, "expenseDetailId")
        call = self._call(UNPOSTED_EXPENSES_PATH)
        return {RecordReader(data, "unposted expense", call).integer("expenseDetailId") for data in found}

    async def unposted_procurement(self) -> list[UnpostedProcurementRecord]:
        """Every record on Unposted Procurement: which PO, and whether it is the freight or a product line."""
        found = await self._all(UNPOSTED_PROCUREMENT_PATH, "id,unpostedProductId,purchaseOrder/id,freightCost,total")
        call = self._call(UNPOSTED_PROCUREMENT_PATH)
        records = []
        for data in found:
            record = RecordReader(data, "unposted procurement", call)
            order = record.reference("purchaseOrder")
            if order.id is None:
                raise record.fail("purchaseOrder/id", "required field is missing")
            freight = record.optional_money("freightCost", ZERO)
            amount = record.money("total")
            records.append(
                UnpostedProcurementRecord(
                    purchase_order_id=order.id,
                    unposted_product_id=record.text("unpostedProductId"),
                    is_freight=freight != ZERO and freight == amount,
                    amount=amount,
                )
            )
        return records

    def _call(self, path: str) -> Any:
        return self.client.call_for("GET", path)

    async def _all(self, path: str, fields: str) -> list[Any]:
        params: dict[str, str | int] = {"pageSize": PAGE_SIZE, "fields": fields, "orderBy": "id asc"}
        return [data async for page in link_pages(self.client, path, params) for data in page]

    async def _preview(self, body: dict[str, Any]) -> Any:
        response = await self.client.request("POST", EXPORT_PATH, json_body=body, idempotent=True)
        return self.client.json_of(response)

    async def invoice_gl_entries(self, invoice_ids: Sequence[int], thru: date) -> dict[int, tuple[int, ...]]:
        """GL entry ids of unposted invoices, by invoice id; an invoice that is not unposted is absent."""
        if not invoice_ids:
            return {}
        export = await self._preview(export_request(UnpostedFilter(thru_date=thru), invoice_ids=invoice_ids))
        found = parse_invoice_transactions(export, self.client.call_for("POST", EXPORT_PATH))
        return {invoice_id: gl.gl_entry_ids for invoice_id, gl in found.items() if gl.gl_entry_ids}

    async def expense_gl_entries(self, expense_ids: Sequence[int], thru: date) -> dict[int, tuple[int, ...]]:
        if not expense_ids:
            return {}
        export = await self._preview(export_request(UnpostedFilter(thru_date=thru), expense_ids=expense_ids))
        found = parse_expense_entries(export, self.client.call_for("POST", EXPORT_PATH))
        return {expense_id: ids for expense_id, ids in found.items() if ids}

    async def unposted_purchase_lines(self, po_id: int, thru: date) -> list[ProcurementLine]:
        """The PO's records on Unposted Procurement, each with its GL entry ids."""
        records = await self._list(UNPOSTED_PROCUREMENT_PATH, field("purchaseOrder/id").eq(po_id))
        if not records:
            return []
        call = self._call(UNPOSTED_PROCUREMENT_PATH)
        export = await self._preview(
            export_request(UnpostedFilter(thru_date=thru), product_ids=product_ids_of(records, call))
        )
        details = parse_purchase_details(export, self.client.call_for("POST", EXPORT_PATH))
        purchases = group_purchases(records, call, details)
        return [line for purchase in purchases if purchase.po_id == po_id for line in purchase.lines]
