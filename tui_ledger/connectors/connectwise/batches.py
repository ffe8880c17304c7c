"""GL batches: create one from GL entry ids, read, list, delete, read its entries; PO unbatch and rebatch.

What the API allows (reference/connectwise_api.md §4): a batch is created from the GL entry ids of the
export preview and answers with a `GLExport`, not with the batch — so the new batch is read back by its
identifier, which ConnectWise keeps unique. That also makes creation safe to repeat after a lost answer:
if the call fails without a clear refusal, the identifier tells whether the batch exists. Deleting a
batch returns its records to unposted; only purchase orders can be unbatched and rebatched one by one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tui_ledger.connectors.connectwise.conditions import Condition, all_of, field
from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.errors import MalformedResponse, ServiceUnavailable, Unreachable, ValidationFailed
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.pagination import link_pages
from tui_ledger.domain.documents import Reference
from tui_ledger.domain.money import ZERO

BATCHES_PATH = "/finance/accounting/batches"
PURCHASE_ORDERS_PATH = "/procurement/purchaseorders"
MAX_BATCH_IDENTIFIER = 50
LIST_PAGE_SIZE = 1000

log = logging.getLogger("tui_ledger.connectors.connectwise")


class PurchaseOrderActionRefused(ValidationFailed):
    """ConnectWise answered `{"success": false}` to a PO unbatch or rebatch; its message says why."""


class BatchEntryKind(StrEnum):
    """The four kinds of record a batch holds (seed 001)."""

    INVOICE = "invoice"
    EXPENSE = "expense"
    PO_PRODUCT = "po_product"
    PO_FREIGHT = "po_freight"


@dataclass(frozen=True, slots=True)
class GlBatch:
    """An `AccountingBatch`. `closed` batches are read-only: there is no API to close or reopen one."""

    id: int
    identifier: str
    exports_invoices: bool
    exports_expenses: bool
    exports_products: bool
    closed: bool
    entered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class GlBatchEntry:
    """One GL line of a batch (`BatchEntry`) and the record it belongs to."""

    id: int
    kind: BatchEntryKind
    account_number: str | None
    account_type: str | None
    name: str | None
    debit: Decimal
    credit: Decimal
    item: str | None = None
    invoice: Reference | None = None
    expense_id: int | None = None
    purchase_order: Reference | None = None
    line_item: Reference | None = None


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_batch(data: Any, call: CallSite) -> GlBatch:
    record = RecordReader(data, "accounting batch", call)
    info = record.nested("_info") or {}
    entered = info.get("dateEntered")
    return GlBatch(
        id=record.integer("id"),
        identifier=record.text("batchIdentifier"),
        exports_invoices=record.flag("exportInvoicesFlag"),
        exports_expenses=record.flag("exportExpensesFlag"),
        exports_products=record.flag("exportProductsFlag"),
        closed=record.flag("closedFlag"),
        entered_at=_moment(entered if isinstance(entered, str) else None),
    )


def parse_batch_entry(data: Any, call: CallSite) -> GlBatchEntry:
    record = RecordReader(data, "batch entry", call)
    invoice = record.optional_reference("invoice")
    expense = record.nested("expense")
    purchase_order = record.optional_reference("purchaseOrder")
    line_item = record.optional_reference("lineItem")
    if invoice is not None:
        kind = BatchEntryKind.INVOICE
    elif expense is not None:
        kind = BatchEntryKind.EXPENSE
    elif purchase_order is not None:
        kind = BatchEntryKind.PO_PRODUCT if line_item is not None else BatchEntryKind.PO_FREIGHT
    else:
        raise record.fail("invoice", "the entry names no invoice, expense or purchase order")
    expense_id = RecordReader(expense, "batch entry expense", call).integer("id") if expense is not None else None
    return GlBatchEntry(
        id=record.integer("id"),
        kind=kind,
        account_number=record.optional_text("accountNumber"),
        account_type=record.optional_text("accountType"),
        name=record.optional_text("name"),
        debit=record.optional_money("debit", ZERO),
        credit=record.optional_money("credit", ZERO),
        item=record.optional_text("item"),
        invoice=invoice,
        expense_id=expense_id,
        purchase_order=purchase_order,
        line_item=line_item,
    )


class ConnectWiseBatches:
    """The Accounting Interface's batch calls, typed."""

    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"ConnectWiseBatches({self.client!r})"

    async def create_batch(
        self,
        identifier: str,
        gl_entry_ids: Sequence[int],
        *,
        invoices: bool = False,
        expenses: bool = False,
        products: bool = False,
        gl_interface_identifier: str | None = None,
    ) -> GlBatch:
        """Create a batch of these GL entries and return it; a lost answer is resolved by the identifier."""
        if not identifier or len(identifier) > MAX_BATCH_IDENTIFIER:
            raise ValueError(f"a batch identifier has 1 to {MAX_BATCH_IDENTIFIER} characters, not {len(identifier)}")
        if not gl_entry_ids:
            raise ValueError("a batch needs at least one GL entry id")
        body: dict[str, Any] = {
            "batchIdentifier": identifier,
            "exportInvoicesFlag": invoices,
            "exportExpensesFlag": expenses,
            "exportProductsFlag": products,
            "processedRecordIds": list(gl_entry_ids),
        }
        if gl_interface_identifier is not None:
            body["glInterfaceIdentifier"] = gl_interface_identifier
        try:
            await self.client.request("POST", BATCHES_PATH, json_body=body)
        except (Unreachable, ServiceUnavailable) as lost:
            found = await self.find_batch(identifier)
            if found is None:
                raise
            log.warning("batch %s was created although the answer was lost (%s)", identifier, type(lost).__name__)
            return found
        created = await self.find_batch(identifier)
        if created is None:
            raise MalformedResponse(
                self.client.service,
                f"the batch {identifier!r} was accepted but cannot be found by its identifier",
                method="POST",
                path=BATCHES_PATH,
            )
        return created

    async def find_batch(self, identifier: str) -> GlBatch | None:
        """The batch with this identifier (ConnectWise keeps them unique regardless of case), if any."""
        found = await self.batches(field("batchIdentifier").eq(identifier))
        return found[0] if found else None

    async def batch(self, batch_id: int) -> GlBatch:
        """One batch; `NotFound` when there is none with this id."""
        path = f"{BATCHES_PATH}/{batch_id}"
        return parse_batch(await self.client.get_json(path), self.client.call_for("GET", path))

    async def batches(self, conditions: Condition | None = None, *, closed: bool | None = None) -> list[GlBatch]:
        """Batches matching `conditions` (and open or closed only, when `closed` is given), newest id first."""
        chosen = all_of(conditions, field("closedFlag").eq(closed) if closed is not None else None)
        params: dict[str, str | int] = {"pageSize": LIST_PAGE_SIZE, "orderBy": "id desc"}
        if chosen is not None:
            params["conditions"] = str(chosen)
        call = self.client.call_for("GET", BATCHES_PATH)
        pages = link_pages(self.client, BATCHES_PATH, params)
        return [parse_batch(data, call) async for page in pages for data in page]

    async def delete_batch(self, batch_id: int) -> None:
        """Delete a batch: its records return to the Unposted tabs. A closed batch is refused (`ValidationFailed`)."""
        await self.client.request("DELETE", f"{BATCHES_PATH}/{batch_id}")

    async def batch_entries(self, batch_id: int) -> list[GlBatchEntry]:
        path = f"{BATCHES_PATH}/{batch_id}/entries"
        call = self.client.call_for("GET", path)
        params = {"pageSize": LIST_PAGE_SIZE}
        pages = link_pages(self.client, path, params)
        return [parse_batch_entry(data, call) async for page in pages for data in page]

    async def unbatch_purchase_order(self, po_id: int) -> str:
        """Take the PO's batched freight and products back to unposted; returns ConnectWise's message."""
        return await self._purchase_order_action(po_id, "unbatch")

    async def rebatch_purchase_order(self, po_id: int) -> str:
        """Put the PO's unbatched records back into their original batch; returns ConnectWise's message."""
        return await self._purchase_order_action(po_id, "rebatch")

    async def _purchase_order_action(self, po_id: int, action: str) -> str:
        path = f"{PURCHASE_ORDERS_PATH}/{po_id}/{action}"
        response = await self.client.request("POST", path)
        call = self.client.call_for("POST", path)
        outcome = RecordReader(self.client.json_of(response), "success response", call)
        message = outcome.optional_text("message") or ""
        if not outcome.flag("success"):
            raise PurchaseOrderActionRefused(
                self.client.service,
                message or f"{action} refused without a reason",
                method="POST",
                path=path,
                status=response.status_code,
            )
        return message
