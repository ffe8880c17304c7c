"""The demo company's marketplace, written as Pax8 documents (specs/pax8_partner.json schemas).

Organizations become companies (`externalId` = the organization reference number), offers become products,
subscriptions keep their ids, and each billing month of `marketplace_billing` becomes one partner invoice per
currency, dated the 1st (Pax8 invoices on the 1st of the month; due on the 15th). The charges become invoice
items in Pax8's vocabulary:

| charge                                | item `type`      | `term`            |
|---------------------------------------|------------------|-------------------|
| cycle fee, per-item fee               | `subscription`   | the billing cycle |
| consumption (Azure)                   | `subscription`   | `Arrears`         |
| first period, seat change, cancel     | `prorate`        | the billing cycle |
| one-time buy                          | `one-time`       | `One-Time`        |
| custom charge / custom credit         | `service-charge` / `service-credit`, no product, no subscription |

Items dated before Pax8 added `vendorName` to invoice items (late 2025) carry none, as real ones do. Fields the
spec types as strings are omitted rather than null (the spec has no nullable), and `rateType` is omitted because
the spec's enum spells it as sentences ("single (Single price …)") where real responses send `single`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from tui_ledger.domain.money import total
from tui_ledger.sandbox.demo import DemoCompany, Offer, Organization, Subscription
from tui_ledger.sandbox.marketplace_billing import (
    ChargeKind,
    MarketplaceBilling,
    MarketplaceCharge,
    OfferModel,
    billed_months,
)
from tui_ledger.sandbox.pax8.state import Pax8State, Resource

VENDOR_NAME_ON_ITEMS_SINCE = date(2025, 11, 1)
_NAMESPACE = uuid.UUID("0b4d7c59-6c1e-4a8f-9a57-5a0f3c8e2d61")
_COMMITMENT_TERMS = {"Annual": "1-Year", "Monthly": "Monthly", "One-Time": "One-Time"}
_BILLING_TERMS = {"Monthly": "Monthly", "Annual": "Annual", "One-Time": "One-Time"}
_ITEM_TYPES = {
    ChargeKind.CYCLE: "subscription",
    ChargeKind.ITEM: "subscription",
    ChargeKind.USAGE: "subscription",
    ChargeKind.PURCHASE: "prorate",
    ChargeKind.SEAT_CHANGE: "prorate",
    ChargeKind.CANCELLATION: "prorate",
    ChargeKind.ONE_TIME: "one-time",
}


@dataclass(frozen=True, slots=True)
class Pax8Credentials:
    client_id: str
    client_secret: str


DEMO_CREDENTIALS = Pax8Credentials(client_id="bluepeak-sandbox", client_secret="sandbox-only-pax8-secret")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(part) for part in parts)))


def _instant(day: date) -> str:
    return datetime.combine(day, time(8, 30)).isoformat() + "Z"


def _company(world: DemoCompany, organization: Organization) -> dict[str, Any]:
    customer = next((c for c in world.customers if c.id == organization.customer_id), None)
    slug = "".join(ch for ch in organization.name.lower() if ch.isalnum())[:24]
    address = (
        {
            "street": customer.address.line1,
            "city": customer.address.city,
            "stateOrProvince": customer.address.state,
            "postalCode": customer.address.zip,
            "country": organization.country,
        }
        if customer
        else {
            "street": "1 Market Sq",
            "city": "Boston",
            "stateOrProvince": "MA",
            "postalCode": "02109",
            "country": "US",
        }
    )
    return {
        "id": organization.id,
        "name": organization.name,
        "address": address,
        "phone": customer.phone if customer else "617-555-0100",
        "website": f"https://www.{slug}.example",
        "externalId": organization.reference_number,
        "billOnBehalfOfEnabled": False,
        "selfServiceAllowed": False,
        "orderApprovalRequired": False,
        "status": "Active",
        "updatedDate": _instant(world.anchor),
    }


def _product(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "name": offer.name,
        "vendorName": offer.vendor_name,
        "shortDescription": f"{offer.name} ({offer.commitment_term} commitment)",
        "sku": offer.sku,
        "vendorSku": offer.sku,
        "requiresCommitment": offer.commitment_term != "Monthly",
    }


def _subscription(subscription: Subscription, offer: Offer, organization: Organization, anchor: date) -> dict:
    ended = subscription.end_date is not None and subscription.end_date <= anchor
    body: dict[str, Any] = {
        "id": subscription.id,
        "companyId": subscription.organization_id,
        "productId": subscription.offer_id,
        "vendorSubscriptionId": _id("vendor-subscription", subscription.id),
        "quantity": subscription.quantity,
        "startDate": _instant(subscription.start_date),
        "createdDate": _instant(subscription.start_date - timedelta(days=1)),
        "updatedDate": _instant(subscription.end_date if ended and subscription.end_date else subscription.start_date),
        "billingStart": subscription.start_date.isoformat(),
        "status": "Cancelled" if ended else "Active",
        "price": offer.unit_price,
        "partnerCost": offer.unit_cost,
        "currencyCode": organization.currency,
        "productName": offer.name,
        "billingTerm": _BILLING_TERMS.get(subscription.billing_cycle, "Monthly"),
        "commitmentTerm": {
            "id": _id("commitment", subscription.id),
            "term": _COMMITMENT_TERMS.get(subscription.commitment_term, subscription.commitment_term),
            "endDate": _instant(subscription.start_date + timedelta(days=365)),
        },
    }
    if subscription.end_date is not None:
        body["endDate"] = _instant(subscription.end_date)
    return body


def _item(charge: MarketplaceCharge, invoice_date: date, billing: MarketplaceBilling) -> dict[str, Any]:
    organization = charge.organization
    body: dict[str, Any] = {
        "id": charge.id,
        "companyId": organization.id,
        "externalId": organization.reference_number,
        "companyName": organization.name,
        "startPeriod": charge.period_start.isoformat(),
        "endPeriod": charge.period_end.isoformat(),
        "quantity": charge.quantity,
        "unitOfMeasure": "Each",
        "description": charge.description,
        "chargeType": "per",
        "price": charge.unit_price,
        "subTotal": charge.price,
        "cost": charge.unit_cost,
        "costTotal": charge.cost,
        "offeredBy": "Pax8",
        "billedByPax8": False,
        "total": charge.price,
        "billingFee": Decimal("0.00"),
        "billingFeeRate": Decimal("0.00"),
        "amountDue": charge.price,
        "currencyCode": organization.currency,
        "salesTax": Decimal("0.00"),
    }
    if charge.kind is ChargeKind.CUSTOM or charge.offer is None or charge.subscription is None:
        body["type"] = "service-charge" if charge.price >= 0 else "service-credit"
        body["term"] = "One-Time"
        return body
    offer = charge.offer
    model = billing.offer_model(offer.id)
    body["type"] = _ITEM_TYPES[charge.kind]
    body["term"] = (
        "Arrears" if model is OfferModel.USAGE else "One-Time" if model is OfferModel.ONE_TIME else offer.billing_cycle
    )
    body["unitOfMeasure"] = "Each" if model is OfferModel.USAGE else "User"
    body["sku"] = offer.sku
    body["productId"] = offer.id
    body["productName"] = offer.name
    body["subscriptionId"] = charge.subscription.id
    if invoice_date >= VENDOR_NAME_ON_ITEMS_SINCE:
        body["vendorName"] = offer.vendor_name
    return body


def _invoices(world: DemoCompany, billing: MarketplaceBilling) -> Iterator[tuple[dict[str, Any], list[dict]]]:
    """One partner invoice per billed month and currency, with its items."""
    previous, current = billed_months(world.anchor)
    for month in (previous, current):
        by_currency: dict[str, list[MarketplaceCharge]] = {}
        for charge in billing.charges(month):
            by_currency.setdefault(charge.organization.currency, []).append(charge)
        for currency, charges in sorted(by_currency.items()):
            items = [_item(charge, month, billing) for charge in charges]
            invoice_total = total(charge.price for charge in charges)
            paid = month < current
            yield (
                {
                    "id": _id("invoice", world.seed, month, currency),
                    "invoiceDate": month.isoformat(),
                    "dueDate": (month + timedelta(days=14)).isoformat(),
                    "balance": Decimal("0.00") if paid else invoice_total,
                    "carriedBalance": Decimal("0.00"),
                    "total": invoice_total,
                    "currencyCode": currency,
                    "partnerName": world.name,
                    "status": "Paid" if paid else "Unpaid",
                },
                items,
            )


def seed_pax8_state(state: Pax8State, world: DemoCompany, credentials: Pax8Credentials = DEMO_CREDENTIALS) -> None:
    """Recreate the state from `world`: the demo API client, companies, products, subscriptions, invoices."""
    billing = MarketplaceBilling(world)
    organizations = {organization.id: organization for organization in world.organizations}
    offers = {offer.id: offer for offer in world.offers}
    state.reset()
    state.add_client(credentials.client_id, credentials.client_secret)
    state.insert(Resource.COMPANIES, ((org.id, None, _company(world, org)) for org in world.organizations))
    state.insert(Resource.PRODUCTS, ((offer.id, None, _product(offer)) for offer in world.offers))
    state.insert(
        Resource.SUBSCRIPTIONS,
        (
            (sub.id, None, _subscription(sub, offers[sub.offer_id], organizations[sub.organization_id], world.anchor))
            for sub in world.subscriptions
            if sub.start_date <= world.anchor
        ),
    )
    for invoice, items in _invoices(world, billing):
        state.insert(Resource.INVOICES, [(invoice["id"], None, invoice)])
        state.insert(Resource.INVOICE_ITEMS, ((item["id"], invoice["id"], item) for item in items))
