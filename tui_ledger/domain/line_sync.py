"""Which ConnectWise Addition an invoice line becomes: seed 003's sync rules, as pure functions.

The rules, each decided here and nowhere else:

- A line is synced only when it is mapped: PSA company, PSA product, and an agreement or "create a new one".
  Unmapped lines are skipped (and counted by the caller); they stay Not Synced.
- Recurring charge types (Cycle Fee, Purchase Fee) keep ONE persistent Addition per subscription: the first
  sync creates it, later months update its quantity, prices, description and end — its Effective Date stays
  the day it started. Cycle Fee and Purchase Fee keep one each: a Purchase Fee is billed once per subscription
  (its prorated first period), so writing it into the Cycle Fee's Addition would overwrite an amount.
  One-time types (Correction, Usage Fee, Item Fee, One Time Fee, User Correction) create one Addition per line.
- Each Addition carries a stable key in `serialNumber` (≤ 50 characters): the subscription for recurring
  lines, the platform line for one-time lines. The key is how a later month finds the persistent Addition, how
  a re-sync of a failed line updates instead of duplicating, and how an unknown outcome is resolved.
- Effective Date = Charge Start Date (the invoice date when the platform gives none).
- Cancelled Date (the Addition's end): a Configuration rule or a person's edit wins; otherwise non-recurring
  lines end on the last day of the start month and recurring lines have no end (the Charge End Date tooltip
  of seed 003). A custom invoice is a Correction, and its platform Charge End Date is the Cancellation Date.
- Invoice description = the subscription's (or custom charge's) name + the charge type name (AppXite).
- Amounts stay exact: quantity x unit price must give the line's revenue (and cost) to the cent. When the
  unit amount is not exact to four places (a prorated charge of 3 seats), the Addition is quantity 1 at the
  line's totals and the description keeps the seat count.
- No agreement chosen → an agreement from the default Agreement Type, one per company, named so a later sync
  finds and reuses it rather than creating another.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from tui_ledger.domain.invoice_lines import ChargeType, SourcePlatform

MAX_SERIAL_NUMBER = 50
"""ConnectWise's `Addition.serialNumber` limit."""
MAX_INVOICE_DESCRIPTION = 6000
MAX_AGREEMENT_NAME = 100
UNIT_PLACES = 4
"""Unit prices are written with at most this many decimals; more would not survive ConnectWise's arithmetic."""
BILLABLE = "Billable"

_RECURRING_CODES = {ChargeType.CYCLE_FEE: "CF", ChargeType.PURCHASE_FEE: "PF"}
_UNIT = Decimal(1).scaleb(-UNIT_PLACES)


class LineSyncRuleError(ValueError):
    """A mapped line cannot become an Addition as it stands; the message says what to fix in the grid."""


@dataclass(frozen=True, slots=True)
class LineForSync:
    """What the sync needs to know about one invoice line, as the grid shows it now (edits applied).

    `end_date_set` is True when a Configuration rule or a person set the Charge End Date (System Updated or
    User Updated badge): then `charge_end_date` is used as it is, even when empty. `charge_type_name` is the
    name shown for the charge type posted to ConnectWise (a custom name from Configuration, or the label).
    """

    source_platform: SourcePlatform
    platform_line_id: str
    subscription_id: str | None
    charge_type: ChargeType
    is_custom_invoice: bool
    description: str | None
    offer_name: str
    quantity: Decimal
    cost: Decimal
    revenue: Decimal
    invoice_date: date
    charge_start_date: date | None
    charge_end_date: date | None
    end_date_set: bool
    company_id: int | None
    agreement_id: int | None
    create_agreement: bool
    product_id: int | None
    charge_type_name: str = ""

    @property
    def line_key(self) -> tuple[SourcePlatform, str]:
        return (self.source_platform, self.platform_line_id)

    @property
    def is_mapped(self) -> bool:
        """Seed 003's Mapping Status: company, product, and an agreement or the "create new" choice."""
        has_agreement = self.agreement_id is not None or self.create_agreement
        return self.company_id is not None and self.product_id is not None and has_agreement

    @property
    def is_recurring(self) -> bool:
        return self.charge_type.is_recurring and not self.is_custom_invoice and bool(self.subscription_id)

    @property
    def psa_charge_type(self) -> ChargeType:
        """Custom invoices are synchronised as Corrections (seed 003)."""
        return ChargeType.CORRECTION if self.is_custom_invoice else self.charge_type


@dataclass(frozen=True, slots=True)
class AdditionContent:
    """The part of a ConnectWise Addition the sync owns: what it writes, and what undo restores.

    `serial_number` is the stable key (see the module docstring). Fields it does not own (billed quantity,
    sequence, custom fields...) are never written by an update, so a person's changes to them survive.
    """

    product_id: int
    quantity: Decimal
    unit_price: Decimal
    unit_cost: Decimal
    effective_date: date | None
    cancelled_date: date | None
    invoice_description: str | None
    serial_number: str | None

    def to_record(self) -> dict[str, Any]:
        """Plain JSON for the sync history (amounts as exact text)."""
        return {
            "product_id": self.product_id,
            "quantity": str(self.quantity),
            "unit_price": str(self.unit_price),
            "unit_cost": str(self.unit_cost),
            "effective_date": _iso(self.effective_date),
            "cancelled_date": _iso(self.cancelled_date),
            "invoice_description": self.invoice_description,
            "serial_number": self.serial_number,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> AdditionContent:
        try:
            return cls(
                product_id=int(record["product_id"]),
                quantity=Decimal(record["quantity"]),
                unit_price=Decimal(record["unit_price"]),
                unit_cost=Decimal(record["unit_cost"]),
                effective_date=_day(record.get("effective_date")),
                cancelled_date=_day(record.get("cancelled_date")),
                invoice_description=record.get("invoice_description"),
                serial_number=record.get("serial_number"),
            )
        except (KeyError, TypeError, ValueError, ArithmeticError) as error:
            raise LineSyncRuleError(f"a recorded addition state is unreadable ({error!r}): {record!r}") from None


@dataclass(frozen=True, slots=True)
class AgreementTarget:
    """Where a line's Addition goes: an existing agreement, or the company's agreement of the default type."""

    company_id: int
    agreement_id: int | None = None

    @property
    def is_new(self) -> bool:
        return self.agreement_id is None


@dataclass(frozen=True, slots=True)
class AdditionPlan:
    """What to write for one line: the target agreement, the Addition's content, and how to update one found."""

    line_key: tuple[SourcePlatform, str]
    target: AgreementTarget
    content: AdditionContent
    persistent: bool
    """A recurring line's Addition: when found, later months keep its Effective Date."""
    notes: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return self.content.serial_number or ""

    def update_of(self, current: AdditionContent) -> AdditionContent:
        """The content to write over `current`, the Addition already holding this key."""
        if self.persistent:
            return replace(self.content, effective_date=current.effective_date)
        return self.content


def plan_line(line: LineForSync) -> AdditionPlan:
    """The Addition a mapped line becomes; `LineSyncRuleError` when its dates or mapping make that impossible."""
    if not line.is_mapped or line.company_id is None or line.product_id is None:
        raise LineSyncRuleError("the line is unmapped: choose its PSA organization, agreement and product")
    effective = effective_date(line)
    cancelled = cancelled_date(line)
    if cancelled is not None and cancelled < effective:
        raise LineSyncRuleError(
            f"Charge End Date {cancelled.isoformat()} is before Charge Start Date {effective.isoformat()}; "
            "correct either date"
        )
    quantity, unit_price, unit_cost, exact = unit_amounts(line.quantity, line.revenue, line.cost)
    description = invoice_description(line, None if exact else line.quantity)
    content = AdditionContent(
        product_id=line.product_id,
        quantity=quantity,
        unit_price=unit_price,
        unit_cost=unit_cost,
        effective_date=effective,
        cancelled_date=cancelled,
        invoice_description=description,
        serial_number=addition_key(line),
    )
    target = AgreementTarget(line.company_id, None if line.create_agreement else line.agreement_id)
    notes = () if exact else (f"quantity {line.quantity} posted as 1 at the line total (unit price not exact)",)
    return AdditionPlan(line.line_key, target, content, line.is_recurring, notes)


def addition_key(line: LineForSync) -> str:
    """The Addition's `serialNumber`: per subscription and recurring type, or per line for one-time charges."""
    platform = line.source_platform.value
    if line.is_recurring and line.subscription_id:
        return _bounded(f"{platform}:{_RECURRING_CODES[line.charge_type]}:", line.subscription_id)
    return _bounded(f"{platform}:L:", line.platform_line_id)


def _bounded(prefix: str, identity: str) -> str:
    """`prefix + identity`, or `prefix + #digest` when that would not fit in a serial number."""
    text = prefix + identity
    if len(text) <= MAX_SERIAL_NUMBER:
        return text
    digest = hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()
    return (prefix + "#" + digest)[:MAX_SERIAL_NUMBER]


def effective_date(line: LineForSync) -> date:
    """Charge Start Date becomes the Addition's Effective Date; without one, the invoice date."""
    return line.charge_start_date or line.invoice_date


def cancelled_date(line: LineForSync) -> date | None:
    """The Addition's Cancelled Date, by the rules of the module docstring."""
    if line.end_date_set:
        return line.charge_end_date
    if line.is_custom_invoice:
        return line.charge_end_date or last_day_of_month(effective_date(line))
    if line.is_recurring:
        return None
    return last_day_of_month(effective_date(line))


def last_day_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def unit_amounts(quantity: Decimal, revenue: Decimal, cost: Decimal) -> tuple[Decimal, Decimal, Decimal, bool]:
    """(quantity, unit price, unit cost, exact): exact when quantity x unit gives both totals back to the cent."""
    if quantity != 0:
        unit_price = (revenue / quantity).quantize(_UNIT)
        unit_cost = (cost / quantity).quantize(_UNIT)
        if unit_price * quantity == revenue and unit_cost * quantity == cost:
            return quantity, _trimmed(unit_price), _trimmed(unit_cost), True
    return Decimal(1), revenue, cost, quantity == 1


def _trimmed(amount: Decimal) -> Decimal:
    """`22.5000` → `22.5`, `22.0000` → `22` (never `2.2E+1`): the shortest exact text of a unit amount."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()


def invoice_description(line: LineForSync, inexact_quantity: Decimal | None = None) -> str:
    """Subscription (or custom charge) name + charge type name, as the customer's invoice shows it."""
    name = (line.description or line.offer_name).strip()
    charge = line.charge_type_name or line.psa_charge_type.label
    text = f"{name} - {charge}"
    if inexact_quantity is not None:
        text += f" (quantity {inexact_quantity})"
    return text[:MAX_INVOICE_DESCRIPTION]


def new_agreement_name(type_name: str, company_name: str) -> str:
    """The agreement made for a company's lines with no agreement chosen: found again by this name next time."""
    return f"{type_name} (marketplace) - {company_name}"[:MAX_AGREEMENT_NAME]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(text: Any) -> date | None:
    return date.fromisoformat(text) if text else None
