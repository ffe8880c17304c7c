"""The Invoices grid's columns (seed 003, left to right) for the virtual table, over the store's line records.

The Selector column is the table's own mark column. Charge dates, Charge Type and the PSA fields carry
their System Updated / User Updated badge as a short tag; Status in PSA and Mapping Status are coloured by
the semantic status colours of the theme. Column keys are the store's `LineColumn` ids, so `[`/`]` on a
column sorts the store by that column.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from tui_ledger.domain.money import format_money
from tui_ledger.ui.widgets.virtual_source import Badge, VirtualCell, VirtualColumn

if TYPE_CHECKING:
    from tui_ledger.store.line_records import LineRecord

NOT_MAPPED = "(not mapped)"
NEW_AGREEMENT = "New (default type)"

_BADGES = {"SYSTEM": Badge.SYSTEM, "USER": Badge.USER}
_PSA_TONES = {"SYNCED": "posted", "ERROR": "error", "NOT_SYNCED": "muted"}


def _badge(value: object) -> Badge | None:
    return _BADGES.get(getattr(value, "name", ""))


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _quantity(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _text(attribute: str) -> Callable[[LineRecord], VirtualCell]:
    def cell(record: LineRecord) -> VirtualCell:
        return VirtualCell(str(getattr(record, attribute)))

    return cell


def _psa_id(attribute: str) -> Callable[[LineRecord], VirtualCell]:
    def cell(record: LineRecord) -> VirtualCell:
        value = getattr(record, attribute)
        return VirtualCell("" if value is None else str(value))

    return cell


def _charge_start(record: LineRecord) -> VirtualCell:
    return VirtualCell(_day(record.charge_start_date), badge=_badge(record.charge_start_badge))


def _charge_end(record: LineRecord) -> VirtualCell:
    return VirtualCell(_day(record.charge_end_date), badge=_badge(record.charge_end_badge))


def _charge_type(record: LineRecord) -> VirtualCell:
    return VirtualCell(record.charge_type_name, badge=_badge(record.charge_type_badge))


def _company(record: LineRecord) -> VirtualCell:
    if not record.psa_company_name:
        return VirtualCell(NOT_MAPPED, tone="muted")
    return VirtualCell(record.psa_company_name, badge=_badge(record.psa_company_badge))


def _agreement(record: LineRecord) -> VirtualCell:
    """The agreement chosen; for "create new", the agreement the sync made, id first (its name is long and the
    column narrow), or "New (default type)" until a sync has made one."""
    if not record.psa_agreement_new:
        return VirtualCell(record.psa_agreement_name, badge=_badge(record.psa_agreement_badge))
    if record.psa_agreement_id:
        text = f"#{record.psa_agreement_id} {record.psa_agreement_name}"
        return VirtualCell(text, badge=_badge(record.psa_agreement_badge))
    return VirtualCell(NEW_AGREEMENT, badge=_badge(record.psa_agreement_badge))


def _product(record: LineRecord) -> VirtualCell:
    if not record.psa_product_name:
        return VirtualCell(NOT_MAPPED, tone="muted")
    return VirtualCell(record.psa_product_name, badge=_badge(record.psa_product_badge))


def _mapping(record: LineRecord) -> VirtualCell:
    mapped = record.mapping_status.name == "MAPPED"
    return VirtualCell(record.mapping_status.label, tone="ready" if mapped else "running")


def _psa_status(record: LineRecord) -> VirtualCell:
    return VirtualCell(record.psa_status.label, tone=_PSA_TONES.get(record.psa_status.name))


INVOICE_LINE_COLUMNS: tuple[VirtualColumn[LineRecord], ...] = (
    VirtualColumn("invoice_date", "Invoice Date", 12, lambda r: VirtualCell(_day(r.invoice_date))),
    VirtualColumn("organization_name", "Organization Name", 28, _text("organization_name")),
    VirtualColumn("organization_reference", "Organization Ref #", 12, _text("organization_reference")),
    VirtualColumn("contract_id", "Contract ID", 14, _text("contract_id")),
    VirtualColumn("offer_name", "Offer Name", 32, _text("offer_name")),
    VirtualColumn("offer_id", "Offer ID", 12, _text("offer_id")),
    VirtualColumn("vendor_name", "Vendor Name", 14, _text("vendor_name")),
    VirtualColumn("billing_cycle", "Billing Cycle", 13, _text("billing_cycle")),
    VirtualColumn("commitment_term", "Commitment Term", 15, _text("commitment_term")),
    VirtualColumn("quantity", "Quantity", 9, lambda r: VirtualCell(_quantity(r.quantity)), align="right"),
    VirtualColumn("cost", "Cost", 13, lambda r: VirtualCell(format_money(r.cost)), align="right"),
    VirtualColumn("revenue", "Revenue", 13, lambda r: VirtualCell(format_money(r.revenue)), align="right"),
    VirtualColumn("charge_start_date", "Charge Start Date", 17, _charge_start),
    VirtualColumn("charge_end_date", "Charge End Date", 17, _charge_end),
    VirtualColumn("charge_type", "Charge Type", 20, _charge_type),
    VirtualColumn("psa_company_name", "PSA Organization Name", 26, _company),
    VirtualColumn("psa_company_id", "PSA Org ID", 10, _psa_id("psa_company_id"), align="right"),
    VirtualColumn("psa_agreement_name", "PSA Agreement Name", 24, _agreement),
    VirtualColumn("psa_product_name", "PSA Product Name", 26, _product),
    VirtualColumn("psa_product_id", "PSA Product ID", 14, _psa_id("psa_product_id"), align="right"),
    VirtualColumn("mapping_status", "Mapping Status", 14, _mapping),
    VirtualColumn("psa_status", "Status in PSA", 13, _psa_status),
)
"""Seed 003's grid columns after the Selector, each keyed by the store's sort column id."""
