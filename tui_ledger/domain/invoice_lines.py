"""The one invoice-line model every platform produces (seed 003's grid columns).

AppXite, Pax8 and a CSV export describe the same thing in three dialects: a charge a distribution platform billed
for one customer's subscription in one period. The connectors translate each dialect into `InvoiceLine`, so the
store, the grid, the mapping screen and the sync to ConnectWise never learn which platform a line came from.

The fields follow the Invoices grid of seed 003 left to right (Invoice Date … Charge Type), then the identities a
sync needs (subscription id, the platform's own line id, the source platform) and the custom-invoice flag.
Money is Decimal: a float here would be a rounding error on a customer's Addition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

CUSTOM_INVOICE_OFFER_NAME = "Offer for Default Subscription"
"""What the Offer Name column shows for a custom invoice with no underlying subscription (seed 003)."""


class InvoiceLineError(ValueError):
    """An invoice line could not be built: the message names the field and the value that is wrong."""


class ChargeType(StrEnum):
    """The platform charge types, valued as AppXite's API spells them (`ChargeType`).

    Recurring types keep one persistent ConnectWise Addition per subscription, updated on every sync; one-time
    types create an Addition per line (seed 003; AppXite "Charge-date rules"). That single distinction drives the
    sync and the default end date, so it lives here as `is_recurring`.
    """

    CYCLE_FEE = "CycleFee"
    CORRECTION = "Correction"
    USAGE_FEE = "UsageFee"
    ITEM_FEE = "ItemFee"
    PURCHASE_FEE = "PurchaseFee"
    ONE_TIME_FEE = "OneTimeFee"
    USER_CORRECTION = "UserCorrection"

    @property
    def is_recurring(self) -> bool:
        """Cycle Fee and Purchase Fee recur with the subscription; every other type is a one-time charge."""
        return self in _RECURRING

    @property
    def label(self) -> str:
        """The name the grid shows before any custom name from Configuration applies."""
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str) -> ChargeType:
        """Read an API value (`CycleFee`) or a label (`Cycle Fee`, `cycle fee`, `One-Time Fee`) into a charge type."""
        charge_type = _BY_SPELLING.get(_fold(text))
        if charge_type is not None:
            return charge_type
        known = ", ".join(charge_type.value for charge_type in cls)
        raise InvoiceLineError(f"unknown charge type {text!r}; known: {known}")


_RECURRING = frozenset({ChargeType.CYCLE_FEE, ChargeType.PURCHASE_FEE})

_LABELS = {
    ChargeType.CYCLE_FEE: "Cycle Fee",
    ChargeType.CORRECTION: "Correction",
    ChargeType.USAGE_FEE: "Usage Fee",
    ChargeType.ITEM_FEE: "Item Fee",
    ChargeType.PURCHASE_FEE: "Purchase Fee",
    ChargeType.ONE_TIME_FEE: "One Time Fee",
    ChargeType.USER_CORRECTION: "User Correction",
}


def _fold(text: str) -> str:
    """Compare charge-type spellings without case, spaces, hyphens or underscores."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_BY_SPELLING = {
    _fold(spelling): charge_type for charge_type in ChargeType for spelling in (charge_type.value, _LABELS[charge_type])
}


class SourcePlatform(StrEnum):
    """Where a line was loaded from; with `platform_line_id` it identifies the line across loads."""

    APPXITE = "appxite"
    PAX8 = "pax8"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One platform invoice line, as the Invoices grid shows it and the sync posts it.

    `organization_id` is the platform's own id of the customer organization (AppXite organization id, Pax8
    `companyId`): names change and reference numbers may be blank, so mappings key on it. `platform_line_id` is
    stable across reloads of the same period, so loading a month twice updates lines instead of duplicating them.
    Amounts are line totals (Cost: what the seller pays the distributor; Revenue: what the customer is billed).
    `description` is what the platform calls the charge (the subscription's name, or a custom charge's own text),
    for the Addition's invoice description.
    """

    source_platform: SourcePlatform
    platform_line_id: str
    invoice_id: str
    invoice_date: date
    organization_id: str
    organization_name: str
    organization_reference: str | None
    contract_id: str | None
    offer_name: str
    offer_id: str | None
    vendor_name: str | None
    billing_cycle: str | None
    commitment_term: str | None
    quantity: Decimal
    cost: Decimal
    revenue: Decimal
    charge_start_date: date | None
    charge_end_date: date | None
    charge_type: ChargeType
    subscription_id: str | None
    is_custom_invoice: bool = False
    currency: str | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        for name in ("platform_line_id", "invoice_id", "organization_id", "organization_name", "offer_name"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvoiceLineError(f"{name} must be a non-empty text, got {value!r}")
        for name in ("quantity", "cost", "revenue"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite():
                raise InvoiceLineError(f"{name} must be a finite Decimal, got {value!r}")
        if not isinstance(self.charge_type, ChargeType):
            raise InvoiceLineError(f"charge_type must be a ChargeType, got {self.charge_type!r}")
        if not isinstance(self.invoice_date, date):
            raise InvoiceLineError(f"invoice_date must be a date, got {self.invoice_date!r}")
        start, end = self.charge_start_date, self.charge_end_date
        if start is not None and end is not None and end < start:
            raise InvoiceLineError(f"charge end date {end.isoformat()} is before charge start date {start.isoformat()}")

    @property
    def key(self) -> tuple[SourcePlatform, str]:
        """The identity of the line across loads: the platform and its own line id."""
        return (self.source_platform, self.platform_line_id)

    @property
    def is_recurring(self) -> bool:
        """Recurring lines update one persistent Addition per subscription; custom invoices never recur."""
        return self.charge_type.is_recurring and not self.is_custom_invoice

    @property
    def psa_charge_type(self) -> ChargeType:
        """The charge type posted to ConnectWise: custom invoices are synchronised as Corrections (seed 003)."""
        return ChargeType.CORRECTION if self.is_custom_invoice else self.charge_type

    @property
    def margin(self) -> Decimal:
        """Revenue minus cost: what the MSP keeps on this line."""
        return self.revenue - self.cost
