"""The demo company's marketplace, written as AppXite Reporting API invoices (headers and rows).

The requester is the demo MSP. As on AppXite, cost and revenue arrive on two invoices (reference §1.8): for every
organization and billing month the MSP's *outgoing* invoice to the organization (provider = the MSP) carries the
customer prices, and the distributor's *incoming* invoice to the MSP (consumer = the MSP) carries the same rows
at cost, with the same invoice date so the documented join (subscription, charge type, charge dates, invoice
date) pairs them. Invoices are dated on the contract's billing day; one dated after the anchor does not exist yet.

Statuses: invoices of the previous month are Paid, those of the current month Verified; custom invoices (source
`Custom`, id 4, one row per custom charge, subscription "Default Subscription", no incoming counterpart) are
Verified in the previous month and still New Corrected (id 6, visible only with `isPreview=true`) in the current
one. Ids the articles do not give are assumed: status New 0, Issued 2, Paid 3; source "Billing" 1.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from tui_ledger.domain.money import total
from tui_ledger.sandbox.appxite.state import AppXiteState, StoredInvoice
from tui_ledger.sandbox.demo import Contract, CustomInvoice, DemoCompany, Organization
from tui_ledger.sandbox.marketplace_billing import (
    ChargeKind,
    MarketplaceBilling,
    MarketplaceCharge,
    billed_months,
    month_end,
)

DISTRIBUTOR_NAME = "AppXite Cloud Distribution"
DEFAULT_SUBSCRIPTION_NAME = "Default Subscription"
_NAMESPACE = uuid.UUID("c8a0c7a2-9f0e-4f35-8f7e-0b2d8d7b4e11")
_CHARGE_TYPES = {
    ChargeKind.CYCLE: "CycleFee",
    ChargeKind.ITEM: "ItemFee",
    ChargeKind.PURCHASE: "PurchaseFee",
    ChargeKind.ONE_TIME: "OneTimeFee",
    ChargeKind.CANCELLATION: "Correction",
    ChargeKind.SEAT_CHANGE: "Correction",
    ChargeKind.USAGE: "UsageFee",
    ChargeKind.CUSTOM: "UserCorrection",
}
_STATUSES = {"Verified": 1, "Issued": 2, "Paid": 3, "New Corrected": 6}
_SOURCE_BILLING = (1, "Billing")
_SOURCE_CUSTOM = (4, "Custom")


@dataclass(frozen=True, slots=True)
class AppXiteCredentials:
    requester_id: str
    sas_key: str


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(part) for part in parts)))


DEMO_CREDENTIALS = AppXiteCredentials(
    requester_id=_id("organization", "demo-msp"), sas_key="sandbox-only-appxite-sas-key"
)
"""The demo MSP's requester id (its AppXite organization id) and the sandbox SAS key (not secret: sandbox only)."""


def _utc(day: date) -> str:
    return datetime.combine(day, time()).isoformat() + "Z"


class _InvoiceWriter:
    def __init__(self, world: DemoCompany, requester_id: str) -> None:
        self.world = world
        self.requester_id = requester_id
        self.distributor_id = _id("organization", DISTRIBUTOR_NAME)
        self.numbers = iter(range(100001, 10**9))

    def header(
        self,
        invoice_id: str,
        invoice_date: date,
        status: str,
        source: tuple[int, str],
        provider: tuple[str, str],
        consumer: tuple[str, str],
        currency: str,
        rows: list[dict[str, Any]],
    ) -> dict[str, Any]:
        return {
            "InvoiceId": invoice_id,
            "InvoiceNumber": f"INV-{next(self.numbers)}",
            "RequesterId": self.requester_id,
            "InvoiceConsolidationId": _id("consolidation", invoice_date, provider[0]),
            "InvoiceDateUtc": _utc(invoice_date),
            "StatusId": _STATUSES[status],
            "Status": status,
            "InvoiceSourceId": source[0],
            "InvoiceSource": source[1],
            "InvoiceFrequencyId": 1 if source == _SOURCE_BILLING else None,
            "InvoiceFrequency": "Per Billing Cycle" if source == _SOURCE_BILLING else None,
            "ProviderOrganizationId": provider[0],
            "ProviderName": provider[1],
            "ConsumerOrganizationId": consumer[0],
            "ConsumerName": consumer[1],
            "Currency": currency,
            "TotalPrice": total(row["TotalPrice"] for row in rows),
        }

    def row(
        self, invoice_id: str, invoice_date: date, charge: MarketplaceCharge, contract: Contract | None, at_cost: bool
    ) -> dict[str, Any]:
        organization = charge.organization
        subscription, offer = charge.subscription, charge.offer
        body: dict[str, Any] = {
            "InvoiceId": invoice_id,
            "InvoiceDateUtc": _utc(invoice_date),
            "RequesterId": self.requester_id,
            "OrganizationId": organization.id,
            "OrganizationName": organization.name,
            "OrganizationReferenceNumber": organization.reference_number,
            "ContractId": contract.id if contract else None,
            "ContractNumber": contract.number if contract else None,
            "SubscriptionId": subscription.id if subscription else None,
            "SubscriptionName": subscription.name if subscription else DEFAULT_SUBSCRIPTION_NAME,
            "OfferId": offer.id if offer else None,
            "OfferName": offer.name if offer else None,
            "VendorName": offer.vendor_name if offer else None,
            "BillingCycle": subscription.billing_cycle if subscription else None,
            "CommitmentTerm": subscription.commitment_term if subscription else None,
            "Quantity": charge.quantity,
            "UnitPrice": charge.unit_cost if at_cost else charge.unit_price,
            "TotalPrice": charge.cost if at_cost else charge.price,
            "Currency": organization.currency,
            "ChargeType": _CHARGE_TYPES[charge.kind],
            "ChargeStartDate": _utc(charge.period_start),
            "ChargeEndDate": _utc(charge.period_end),
            "VendorInvoiceRowId": None,
        }
        if charge.custom_invoice is not None:
            body["CustomChargeDetails"] = {
                "CustomChargeId": charge.id,
                "Description": charge.description,
                "CustomInvoiceNumber": charge.custom_invoice.number,
            }
        return body

    def billing_invoices(
        self, organization: Organization, contract: Contract | None, month: date, charges: list[MarketplaceCharge]
    ) -> Iterator[StoredInvoice]:
        """The outgoing invoice of one organization's month and the distributor's incoming invoice behind it."""
        billing_day = min(contract.billing_day if contract else 1, month_end(month).day)
        invoice_date = month.replace(day=billing_day)
        if invoice_date > self.world.anchor:
            return
        status = "Paid" if month < billed_months(self.world.anchor)[1] else "Verified"
        msp = (self.requester_id, self.world.name)
        for direction, provider, consumer, at_cost in (
            ("outgoing", msp, (organization.id, organization.name), False),
            ("incoming", (self.distributor_id, DISTRIBUTOR_NAME), msp, True),
        ):
            invoice_id = _id(direction, organization.id, month)
            rows = [self.row(invoice_id, invoice_date, charge, contract, at_cost) for charge in charges]
            header = self.header(
                invoice_id, invoice_date, status, _SOURCE_BILLING, provider, consumer, organization.currency, rows
            )
            yield StoredInvoice(invoice_id, invoice_date, True, header, rows)

    def custom_invoice(self, invoice: CustomInvoice, charges: list[MarketplaceCharge]) -> StoredInvoice:
        organization = charges[0].organization
        contract = charges[0].contract
        current = invoice.date >= billed_months(self.world.anchor)[1]
        status = "New Corrected" if current else "Verified"
        rows = [self.row(invoice.id, invoice.date, charge, contract, at_cost=False) for charge in charges]
        header = self.header(
            invoice.id,
            invoice.date,
            status,
            _SOURCE_CUSTOM,
            (self.requester_id, self.world.name),
            (organization.id, organization.name),
            invoice.currency,
            rows,
        )
        return StoredInvoice(invoice.id, invoice.date, not current, header, rows)


def _invoices(world: DemoCompany, requester_id: str) -> Iterator[StoredInvoice]:
    billing = MarketplaceBilling(world)
    writer = _InvoiceWriter(world, requester_id)
    for month in billed_months(world.anchor):
        by_organization: dict[str, list[MarketplaceCharge]] = {}
        by_custom_invoice: dict[str, list[MarketplaceCharge]] = {}
        for charge in billing.charges(month):
            if charge.custom_invoice is not None:
                by_custom_invoice.setdefault(charge.custom_invoice.id, []).append(charge)
            else:
                by_organization.setdefault(charge.organization.id, []).append(charge)
        for organization_id, charges in by_organization.items():
            organization = billing.organization(organization_id)
            yield from writer.billing_invoices(organization, billing.contract_of(organization_id), month, charges)
        for charges in by_custom_invoice.values():
            custom = charges[0].custom_invoice
            if custom is not None:
                yield writer.custom_invoice(custom, charges)


def seed_appxite_state(
    state: AppXiteState, world: DemoCompany, credentials: AppXiteCredentials = DEMO_CREDENTIALS
) -> None:
    """Recreate the state from `world`: the demo SAS key and the invoices of the previous and current month."""
    state.reset()
    state.add_sas_key(credentials.sas_key, credentials.requester_id)
    state.insert(_invoices(world, credentials.requester_id))
