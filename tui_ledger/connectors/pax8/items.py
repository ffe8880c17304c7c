"""From a Pax8 invoice item to the one invoice-line model (reference/platform_apis.md §4).

| grid column             | Pax8 field                                                            |
|-------------------------|-----------------------------------------------------------------------|
| Invoice Date            | `Invoice.invoiceDate` (items carry no date)                           |
| Organization Name / Ref | item `companyName` / `externalId` (company looked up when missing)    |
| Contract ID             | none: Pax8 has no invoice contracts, so the column stays empty        |
| Offer Name / ID         | `productName` (else `description`) / `productId` (else `sku`)         |
| Vendor Name             | `vendorName` (added late 2025; the product's vendor for older items)  |
| Billing Cycle           | item `term` ("One-time" spelled "One-Time" as everywhere else)        |
| Commitment Term         | `Subscription.commitmentTerm.term` via `subscriptionId`               |
| Quantity, Cost, Revenue | `quantity`, `costTotal`, `subTotal` (customer price before sales tax) |
| Charge Start / End Date | `startPeriod` / `endPeriod`                                           |
| Charge Type             | `type` (NOT `chargeType`, which is only flat/per), normalised below   |

Charge type: `subscription` → Cycle Fee (Usage Fee when billed in `Arrears`); `prorate` → Purchase Fee when it
covers the subscription's first period (it starts on the subscription's `billingStart`), else Correction;
`one-time` and `service-charge` → One Time Fee; `rebate` and the credits → Correction.
A custom charge — an item with neither a product nor a subscription, i.e. a charge or credit the partner
raised by hand — is a custom invoice line: Offer Name "Offer for Default Subscription", charge type User
Correction (as AppXite names manual lines), synced as a Correction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tui_ledger.connectors.json_fields import JsonFields
from tui_ledger.connectors.pax8.auth import SERVICE
from tui_ledger.domain.invoice_lines import (
    CUSTOM_INVOICE_OFFER_NAME,
    ChargeType,
    InvoiceLine,
    InvoiceLineError,
    SourcePlatform,
)

_CREDIT_TYPES = frozenset({"rebate", "service-credit", "invoice-credit", "payment-credit"})
_ONE_TIME_TYPES = frozenset({"one-time", "service-charge"})
ITEM_TYPES = frozenset({"subscription", "prorate"}) | _CREDIT_TYPES | _ONE_TIME_TYPES


@dataclass(frozen=True, slots=True)
class InvoiceHeader:
    id: str
    invoice_date: date
    currency: str | None


@dataclass(frozen=True, slots=True)
class SubscriptionFacts:
    """What an item needs from its subscription: the commitment term and the first billing day."""

    commitment_term: str | None
    billing_start: date | None


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    name: str
    external_id: str | None


def invoice_header(body: Mapping[str, Any]) -> InvoiceHeader:
    record = JsonFields(SERVICE, body, f"invoice {body.get('id')!r}", "/invoices")
    invoice_date = record.day("invoiceDate")
    if invoice_date is None:
        raise record.error("invoiceDate", "a required field is missing")
    return InvoiceHeader(id=record.required_text("id"), invoice_date=invoice_date, currency=record.text("currencyCode"))


def subscription_facts(body: Mapping[str, Any]) -> SubscriptionFacts:
    record = JsonFields(SERVICE, body, f"subscription {body.get('id')!r}", "/subscriptions")
    commitment = body.get("commitmentTerm")
    term = (
        JsonFields(SERVICE, commitment, record.label, record.path).text("term")
        if isinstance(commitment, dict)
        else None
    )
    return SubscriptionFacts(commitment_term=term, billing_start=record.day("billingStart"))


def charge_type_of(
    item_type: str, term: str | None, start: date | None, subscription: SubscriptionFacts | None
) -> ChargeType:
    if item_type == "subscription":
        return ChargeType.USAGE_FEE if term == "Arrears" else ChargeType.CYCLE_FEE
    if item_type == "prorate":
        first_period = subscription is not None and start is not None and start == subscription.billing_start
        return ChargeType.PURCHASE_FEE if first_period else ChargeType.CORRECTION
    if item_type in _ONE_TIME_TYPES:
        return ChargeType.ONE_TIME_FEE
    return ChargeType.CORRECTION


def _billing_cycle(term: str | None) -> str | None:
    return "One-Time" if term == "One-time" else term


def invoice_line(
    item: Mapping[str, Any],
    invoice: InvoiceHeader,
    *,
    subscription: SubscriptionFacts | None,
    company: CompanyFacts | None,
    product_vendor: str | None,
) -> InvoiceLine:
    """Map one item; `company` and `product_vendor` fill what older items lack (name, vendor)."""
    record = JsonFields(SERVICE, item, f"invoice {invoice.id} item {item.get('id')!r}", f"/invoices/{invoice.id}/items")
    item_type = record.required_text("type")
    if item_type not in ITEM_TYPES:
        raise record.error("type", f"unknown item type {item_type!r}")
    company_id = record.required_text("companyId")
    company_name = record.text("companyName") or (company.name if company else None)
    if company_name is None:
        raise record.error("companyName", "no company name on the item or its company")
    term = record.text("term")
    start, end = record.day("startPeriod"), record.day("endPeriod")
    product_id, subscription_id = record.text("productId"), record.text("subscriptionId")
    is_custom = product_id is None and subscription_id is None
    description = record.text("description") or record.text("productName")
    offer_name = CUSTOM_INVOICE_OFFER_NAME if is_custom else record.text("productName") or description
    if offer_name is None:
        raise record.error("productName", "no product name or description")
    try:
        return InvoiceLine(
            source_platform=SourcePlatform.PAX8,
            platform_line_id=record.required_text("id"),
            invoice_id=invoice.id,
            invoice_date=invoice.invoice_date,
            organization_id=company_id,
            organization_name=company_name,
            organization_reference=record.text("externalId") or (company.external_id if company else None),
            contract_id=None,
            offer_name=offer_name,
            offer_id=product_id or record.text("sku"),
            vendor_name=record.text("vendorName") or product_vendor,
            billing_cycle=_billing_cycle(term),
            commitment_term=subscription.commitment_term if subscription else None,
            quantity=record.number("quantity"),
            cost=record.number("costTotal"),
            revenue=record.number("subTotal"),
            charge_start_date=start,
            charge_end_date=end,
            charge_type=ChargeType.USER_CORRECTION
            if is_custom
            else charge_type_of(item_type, term, start, subscription),
            subscription_id=subscription_id,
            is_custom_invoice=is_custom,
            currency=record.text("currencyCode") or invoice.currency,
            description=description,
        )
    except InvoiceLineError as invalid:
        raise record.error("item", str(invalid)) from None
