"""From AppXite invoice headers and rows to the one invoice-line model (reference/platform_apis.md §4).

| grid column             | AppXite field (case-insensitive; `X` or `XUtc`)                                   |
|-------------------------|-----------------------------------------------------------------------------------|
| Invoice Date            | header `InvoiceDate(Utc)` (row's own as fallback)                                 |
| Organization Name / Ref | row `OrganizationName` / `OrganizationReferenceNumber` (else header `ConsumerName`) |
| Contract ID             | row `ContractId`                                                                  |
| Offer Name / ID         | row `OfferName` / `OfferId`                                                       |
| Vendor Name             | row `VendorName`                                                                  |
| Billing Cycle / Term    | row `BillingCycle` / `CommitmentTerm`                                             |
| Quantity                | row `Quantity`                                                                    |
| Revenue                 | `TotalPrice` of the row on the outgoing invoice (provider = the requester)        |
| Cost                    | `TotalPrice` of the matching row on the incoming invoice (consumer = the requester) |
| Charge Start / End Date | `ChargeStartDate(Utc)` / `ChargeEndDate(Utc)`                                     |
| Charge Type             | `ChargeType`, the seven AppXite values of the domain `ChargeType`                 |

Rows are matched to their cost row the documented way: by `VendorInvoiceRowId` when both carry one, else by
(subscription, charge type, charge start, charge end, invoice date). A custom invoice (`InvoiceSource` Custom,
or a row of the "Default Subscription" without a subscription) has no cost row: its lines cost 0, show "Offer for
Default Subscription", and sync as Corrections. Only the field names of the invoice-date, charge-date, charge-type,
subscription and total fields are confirmed by AppXite's articles; the others are the likeliest names (§1.5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tui_ledger.connectors.appxite.client import SERVICE
from tui_ledger.connectors.json_fields import JsonFields
from tui_ledger.domain.invoice_lines import (
    CUSTOM_INVOICE_OFFER_NAME,
    ChargeType,
    InvoiceLine,
    InvoiceLineError,
    SourcePlatform,
)

CUSTOM_SOURCE_ID = 4
DEFAULT_SUBSCRIPTION_NAME = "Default Subscription"

JoinKey = tuple[str, ...]


class Fields(JsonFields):
    """Case-insensitive access to one AppXite JSON object (`X` or `XUtc`); ids may be written as numbers."""

    numbers_as_text = True

    def __init__(self, body: Mapping[str, Any], label: str, path: str) -> None:
        super().__init__(SERVICE, {str(key).lower(): value for key, value in body.items()}, label, path)

    def raw(self, field: str) -> Any:
        key = field.lower()
        return self.body.get(key, self.body.get(f"{key}utc"))

    def whole(self, field: str) -> int | None:
        value = self.raw(field)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True)
class Header:
    invoice_id: str
    invoice_date: date
    is_outgoing: bool
    is_incoming: bool
    is_custom: bool
    consumer_id: str | None
    consumer_name: str | None
    currency: str | None


def read_header(body: Mapping[str, Any], requester_id: str, path: str) -> Header:
    fields = Fields(body, f"invoice {body.get('InvoiceId', body.get('invoiceId'))!r}", path)
    invoice_date = fields.day("InvoiceDate")
    if invoice_date is None:
        raise fields.error("InvoiceDateUtc", "a required field is missing")
    requester = requester_id.lower()
    source = fields.text("InvoiceSource")
    return Header(
        invoice_id=fields.required_text("InvoiceId"),
        invoice_date=invoice_date,
        is_outgoing=(fields.text("ProviderOrganizationId") or "").lower() == requester,
        is_incoming=(fields.text("ConsumerOrganizationId") or "").lower() == requester,
        is_custom=fields.whole("InvoiceSourceId") == CUSTOM_SOURCE_ID or (source or "").lower() == "custom",
        consumer_id=fields.text("ConsumerOrganizationId"),
        consumer_name=fields.text("ConsumerName"),
        currency=fields.text("Currency"),
    )


class Row:
    """One invoice row, read once: its invoice, its join key and its total."""

    def __init__(self, body: Mapping[str, Any], path: str) -> None:
        invoice_id = body.get("InvoiceId", body.get("invoiceId"))
        self.fields = Fields(body, f"row of invoice {invoice_id!r}", path)
        self.invoice_id = self.fields.required_text("InvoiceId")
        self.charge_type = self._charge_type()
        self.subscription_id = self.fields.text("SubscriptionId")
        self.start = self.fields.day("ChargeStartDate")
        self.end = self.fields.day("ChargeEndDate")
        self.total = self.fields.number("TotalPrice")
        self.vendor_row_id = self.fields.text("VendorInvoiceRowId")

    def _charge_type(self) -> ChargeType:
        text = self.fields.required_text("ChargeType")
        try:
            return ChargeType.parse(text)
        except InvoiceLineError as unknown:
            raise self.fields.error("ChargeType", str(unknown)) from None

    def join_key(self, invoice_date: date) -> JoinKey:
        if self.vendor_row_id:
            return ("vendor-row", self.vendor_row_id)
        return (
            (self.subscription_id or "").lower(),
            self.charge_type.value,
            str(self.start),
            str(self.end),
            str(invoice_date),
        )

    def is_custom(self, header: Header) -> bool:
        subscription_name = self.fields.text("SubscriptionName")
        return header.is_custom or (self.subscription_id is None and subscription_name == DEFAULT_SUBSCRIPTION_NAME)

    def _custom_detail(self, field: str) -> str | None:
        """A field of `CustomChargeDetails`, present on the rows of custom charges only."""
        details = self.fields.raw("CustomChargeDetails")
        if not isinstance(details, dict):
            return None
        return Fields(details, self.fields.label, self.fields.path).text(field)

    def line_id(self, header: Header) -> str:
        """Stable across reloads: the vendor row id, the custom charge id, or the documented composite key."""
        if self.vendor_row_id:
            return f"{header.invoice_id}:{self.vendor_row_id}"
        custom_id = self._custom_detail("CustomChargeId")
        if custom_id:
            return f"{header.invoice_id}:{custom_id}"
        return ":".join((header.invoice_id, *self.join_key(header.invoice_date)[:4]))

    def description(self) -> str | None:
        return self._custom_detail("Description") or self.fields.text("SubscriptionName")

    def invoice_line(self, header: Header, cost: Decimal) -> InvoiceLine:
        fields = self.fields
        custom = self.is_custom(header)
        organization_id = fields.text("OrganizationId") or header.consumer_id
        organization_name = fields.text("OrganizationName") or header.consumer_name
        if organization_id is None or organization_name is None:
            raise fields.error("OrganizationName", "no organization on the row or its invoice")
        offer_name = (
            CUSTOM_INVOICE_OFFER_NAME if custom else fields.text("OfferName") or fields.text("SubscriptionName")
        )
        if offer_name is None:
            raise fields.error("OfferName", "no offer or subscription name")
        try:
            return InvoiceLine(
                source_platform=SourcePlatform.APPXITE,
                platform_line_id=self.line_id(header),
                invoice_id=header.invoice_id,
                invoice_date=header.invoice_date,
                organization_id=organization_id,
                organization_name=organization_name,
                organization_reference=fields.text("OrganizationReferenceNumber"),
                contract_id=fields.text("ContractId"),
                offer_name=offer_name,
                offer_id=fields.text("OfferId"),
                vendor_name=fields.text("VendorName"),
                billing_cycle=fields.text("BillingCycle"),
                commitment_term=fields.text("CommitmentTerm"),
                quantity=fields.number("Quantity"),
                cost=cost,
                revenue=self.total,
                charge_start_date=self.start,
                charge_end_date=self.end,
                charge_type=self.charge_type,
                subscription_id=self.subscription_id,
                is_custom_invoice=custom,
                currency=fields.text("Currency") or header.currency,
                description=self.description(),
            )
        except InvoiceLineError as invalid:
            raise fields.error("row", str(invalid)) from None
