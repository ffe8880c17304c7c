"""Unposted procurement: freight and product records grouped per purchase order, with their GL details.

ConnectWise lists a PO's freight and each received product as separate Unposted records (seed 001: they
are unbatched individually), but a PO becomes one bill in the accounting package, so records are grouped
by `purchaseOrder`. A record is the freight when its `freightCost` is non-zero and equals its `total` (the
API has no kind field; product records carry no freight). The preview's `purchaseTransactions[]` (one per
PO, `documentNumber` = PO number) holds a `purchaseDetail` per record — `glTypeId` "PF" for freight, "P"
for products — which is paired with its record by kind, description and amount, in order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.domain.documents import ProcurementLine, ProcurementLineKind, UnpostedPurchase
from tui_ledger.domain.money import ZERO

UNPOSTED_PROCUREMENT_PATH = "/finance/accounting/unpostedprocurement"

FREIGHT_GL_TYPES = frozenset({"PF"})
ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class PurchaseDetail:
    """One `purchaseDetail` of the preview, reduced to what a procurement line takes from it."""

    entry_id: int
    kind: ProcurementLineKind
    description: str
    amount: Decimal
    quantity: Decimal
    account_number: str | None
    item_identifier: str | None


def _list(reader: RecordReader, name: str) -> list[Any]:
    value = reader.data.get(name) or []
    if not isinstance(value, list):
        raise reader.fail(name, f"expected a list, got {type(value).__name__}")
    return value


def parse_purchase_details(export: Any, call: CallSite) -> dict[str, list[PurchaseDetail]]:
    """The preview's purchase details, by PO number, in the order the preview lists them."""
    root = RecordReader(export, "GL export", call)
    by_order: dict[str, list[PurchaseDetail]] = defaultdict(list)
    for data in _list(root, "purchaseTransactions"):
        purchase = RecordReader(data, "GL export purchase transaction", call)
        number = purchase.text("documentNumber")
        for detail_data in _list(purchase, "purchaseDetail"):
            detail = RecordReader(detail_data, "GL export purchase detail", call)
            gl_type = detail.optional_text("glTypeId")
            by_order[number].append(
                PurchaseDetail(
                    entry_id=detail.integer("id"),
                    kind=ProcurementLineKind.FREIGHT if gl_type in FREIGHT_GL_TYPES else ProcurementLineKind.PRODUCT,
                    description=detail.optional_text("description") or "",
                    amount=detail.money("total"),
                    quantity=detail.quantity("quantity", ONE),
                    account_number=detail.optional_text("accountNumber"),
                    item_identifier=detail.reference_text("item", "identifier") or detail.optional_text("glItemId"),
                )
            )
    return by_order


def product_ids_of(records: list[Any], call: CallSite) -> list[str]:
    return [RecordReader(data, "unposted procurement", call).text("unpostedProductId") for data in records]


def _line_kind(record: RecordReader, amount: Decimal) -> ProcurementLineKind:
    freight = record.optional_money("freightCost", ZERO)
    return ProcurementLineKind.FREIGHT if freight != ZERO and freight == amount else ProcurementLineKind.PRODUCT


def _take_detail(
    details: list[PurchaseDetail], kind: ProcurementLineKind, description: str, amount: Decimal
) -> PurchaseDetail | None:
    """Remove and return the detail that matches the record best: same kind, description and amount first."""
    for wanted in (
        lambda d: d.kind is kind and d.description == description and d.amount == amount,
        lambda d: d.kind is kind and d.amount == amount,
        lambda d: d.kind is kind,
    ):
        for index, detail in enumerate(details):
            if wanted(detail):
                return details.pop(index)
    return None


@dataclass(slots=True)
class _OpenPurchase:
    """A purchase being gathered: its first record supplies the header fields."""

    header: RecordReader
    po_id: int
    po_number: str
    lines: list[ProcurementLine]


def group_purchases(
    records: list[Any], call: CallSite, details: dict[str, list[PurchaseDetail]]
) -> list[UnpostedPurchase]:
    """Group unposted procurement records into purchases, in the order their first record was listed."""
    open_purchases: dict[int, _OpenPurchase] = {}
    for data in records:
        record = RecordReader(data, "unposted procurement", call)
        order = record.reference("purchaseOrder")
        if order.id is None:
            raise record.fail("purchaseOrder/id", "required field is missing")
        number = order.name or order.identifier or str(order.id)
        amount = record.money("total")
        kind = _line_kind(record, amount)
        description = record.optional_text("description") or ""
        detail = _take_detail(details.get(number, []), kind, description, amount)
        tax = record.optional_money("freightTaxTotal" if kind is ProcurementLineKind.FREIGHT else "taxTotal", ZERO)
        line = ProcurementLine(
            unposted_id=record.integer("id"),
            unposted_product_id=record.text("unpostedProductId"),
            kind=kind,
            description=description,
            amount=amount,
            tax=tax,
            quantity=detail.quantity if detail else ONE,
            account_number=detail.account_number if detail else None,
            item_identifier=detail.item_identifier if detail else None,
            tax_code=record.reference_text("taxCode", "identifier", "name"),
            gl_entry_ids=(detail.entry_id,) if detail else (),
        )
        open_purchases.setdefault(order.id, _OpenPurchase(record, order.id, number, [])).lines.append(line)
    return [_purchase(open_purchase) for open_purchase in open_purchases.values()]


def _purchase(open_purchase: _OpenPurchase) -> UnpostedPurchase:
    header = open_purchase.header
    return UnpostedPurchase(
        po_id=open_purchase.po_id,
        po_number=open_purchase.po_number,
        vendor=header.reference("vendor"),
        purchase_date=header.day("purchaseDate"),
        lines=tuple(open_purchase.lines),
        currency=header.reference_text("currency", "currencyCode", "currencyIdentifier", "name") or "USD",
        vendor_invoice_number=header.optional_text("vendorInvoiceNumber"),
        vendor_invoice_date=header.optional_day("vendorInvoiceDate"),
        location_id=header.optional_integer("locationId"),
        customer=header.optional_reference("customer"),
        date_closed=header.optional_day("dateClosed"),
    )
