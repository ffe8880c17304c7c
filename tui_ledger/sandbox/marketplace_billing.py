"""What a distribution platform bills the demo MSP each month, derived from the demo company's marketplace.

The AppXite and Pax8 sandboxes present the same world in two dialects, so they bill it from one derivation:
the demo company says who subscribes to what since when (organizations, offers, subscriptions, contracts, custom
invoices); this module says which charges each billing month carries. Both sandboxes then write those charges as
their own invoices and rows, and a connector reading either one must arrive at the same lines.

Billing follows the platforms' habit: the invoice of month M bills the month ahead and settles the month behind.
* cycle fees of M for every subscription running on the 1st of M (Item Fees for non-Microsoft offers billed per
  item, e.g. SentinelOne, Acronis);
* the changes of M-1: the prorated first period of a subscription bought in M-1 (Purchase Fee), a one-time buy in
  M-1 (One Time Fee), a credit for the unused days of a subscription cancelled in M-1, and seat changes during
  M-1 (one subscription in five, chosen by a hash so the choice never depends on order);
* the consumption of M-1 for usage offers (Azure consumption), billed in arrears (Usage Fee);
* custom invoices the MSP raised by hand, dated in M, each as its own invoice (no subscription, no cost).
Amounts are line totals, rounded to the cent; credits are negative.
"""

from __future__ import annotations

import calendar
import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.money import to_money
from tui_ledger.sandbox.demo import Contract, CustomInvoice, DemoCompany, Offer, Organization, Subscription

USAGE_PRODUCT_IDENTIFIER = "AZ-CONSUMPTION"
LICENSE_VENDOR = "Microsoft"
ONE_TIME_CYCLE = "One-Time"
SEAT_CHANGE_SHARE = 5
"""One running subscription in this many changes its seat count during a month."""

_NAMESPACE = uuid.UUID("6f1c2f43-3c39-4b55-9d1e-2f6b0b1f9a10")


class ChargeKind(StrEnum):
    CYCLE = "cycle"
    ITEM = "item"
    PURCHASE = "purchase"
    ONE_TIME = "one_time"
    CANCELLATION = "cancellation"
    SEAT_CHANGE = "seat_change"
    USAGE = "usage"
    CUSTOM = "custom"


class OfferModel(StrEnum):
    """How an offer is billed, which decides the kinds of its charges."""

    LICENSE = "license"
    ITEM = "item"
    USAGE = "usage"
    ONE_TIME = "one_time"


@dataclass(frozen=True, slots=True)
class MarketplaceCharge:
    """One charge of one billing month; `subscription`/`offer` are None only for custom invoice lines."""

    id: str
    kind: ChargeKind
    billing_month: date
    organization: Organization
    contract: Contract | None
    subscription: Subscription | None
    offer: Offer | None
    period_start: date
    period_end: date
    quantity: Decimal
    cost: Decimal
    price: Decimal
    description: str
    custom_invoice: CustomInvoice | None = None

    @property
    def unit_cost(self) -> Decimal:
        return to_money(self.cost / self.quantity) if self.quantity else self.cost

    @property
    def unit_price(self) -> Decimal:
        return to_money(self.price / self.quantity) if self.quantity else self.price


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(first: date) -> date:
    return month_start(first - timedelta(days=1))


def billed_months(anchor: date) -> tuple[date, date]:
    """The previous and the current month of `anchor` (their first days): what Load Invoices offers."""
    current = month_start(anchor)
    return previous_month(current), current


def _digest(*parts: object) -> int:
    text = "|".join(str(part) for part in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _charge_id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(part) for part in parts)))


def _share(days: int, month: date) -> Decimal:
    return Decimal(days) / Decimal(calendar.monthrange(month.year, month.month)[1])


class MarketplaceBilling:
    """Charges per billing month for one demo company; the offer models are decided once."""

    def __init__(self, world: DemoCompany) -> None:
        self.world = world
        self._organizations = {organization.id: organization for organization in world.organizations}
        self._offers = {offer.id: offer for offer in world.offers}
        self._contracts = {contract.organization_id: contract for contract in world.contracts}
        usage_products = {product.id for product in world.products if product.identifier == USAGE_PRODUCT_IDENTIFIER}
        self._models = {offer.id: self._model(offer, usage_products) for offer in world.offers}

    @staticmethod
    def _model(offer: Offer, usage_products: set[int]) -> OfferModel:
        if offer.billing_cycle == ONE_TIME_CYCLE:
            return OfferModel.ONE_TIME
        if offer.product_id in usage_products:
            return OfferModel.USAGE
        return OfferModel.LICENSE if offer.vendor_name == LICENSE_VENDOR else OfferModel.ITEM

    def organization(self, organization_id: str) -> Organization:
        return self._organizations[organization_id]

    def contract_of(self, organization_id: str) -> Contract | None:
        return self._contracts.get(organization_id)

    def offer_model(self, offer_id: str) -> OfferModel:
        return self._models[offer_id]

    def charges(self, billing_month: date) -> list[MarketplaceCharge]:
        """Every charge the invoices dated in `billing_month` carry, subscriptions first, then custom invoices."""
        first = month_start(billing_month)
        charges: list[MarketplaceCharge] = []
        for subscription in self.world.subscriptions:
            charges.extend(self._subscription_charges(subscription, first))
        for invoice in self.world.custom_invoices:
            if month_start(invoice.date) == first and invoice.date <= self.world.anchor:
                charges.extend(self._custom_charges(invoice, first))
        return charges

    def _charge(
        self,
        kind: ChargeKind,
        subscription: Subscription,
        billing_month: date,
        start: date,
        end: date,
        quantity: Decimal,
        share: Decimal = Decimal(1),
    ) -> MarketplaceCharge:
        offer = self._offers[subscription.offer_id]
        return MarketplaceCharge(
            id=_charge_id(kind, subscription.id, billing_month, start),
            kind=kind,
            billing_month=billing_month,
            organization=self._organizations[subscription.organization_id],
            contract=self._contracts.get(subscription.organization_id),
            subscription=subscription,
            offer=offer,
            period_start=start,
            period_end=end,
            quantity=quantity,
            cost=to_money(offer.unit_cost * quantity * share),
            price=to_money(offer.unit_price * quantity * share),
            description=subscription.name,
        )

    def _subscription_charges(self, subscription: Subscription, first: date) -> list[MarketplaceCharge]:
        model = self._models[subscription.offer_id]
        last = month_end(first)
        before = previous_month(first)
        before_end = month_end(before)
        start, end = subscription.start_date, subscription.end_date
        quantity = Decimal(subscription.quantity)
        charges: list[MarketplaceCharge] = []
        if model is OfferModel.ONE_TIME:
            if month_start(start) == before:
                charges.append(
                    self._charge(ChargeKind.ONE_TIME, subscription, first, start, month_end(start), quantity)
                )
            return charges
        if model is OfferModel.USAGE:
            if start <= before_end and (end is None or end >= before):
                consumed = Decimal(60 + _digest(subscription.id, before) % 81) / 100
                usage_start, usage_end = max(start, before), min(end or before_end, before_end)
                charges.append(
                    self._charge(ChargeKind.USAGE, subscription, first, usage_start, usage_end, Decimal(1), consumed)
                )
            return charges
        if start < first and (end is None or end >= first):
            kind = ChargeKind.CYCLE if model is OfferModel.LICENSE else ChargeKind.ITEM
            charges.append(self._charge(kind, subscription, first, first, last, quantity))
        if month_start(start) == before:
            days = (before_end - start).days + 1
            charges.append(
                self._charge(
                    ChargeKind.PURCHASE, subscription, first, start, before_end, quantity, _share(days, before)
                )
            )
        if end is not None and month_start(end) == before and end < before_end:
            unused_from = end + timedelta(days=1)
            days = (before_end - unused_from).days + 1
            charges.append(
                self._charge(
                    ChargeKind.CANCELLATION,
                    subscription,
                    first,
                    unused_from,
                    before_end,
                    -quantity,
                    _share(days, before),
                )
            )
        running_through_before = start < before and (end is None or end > before_end)
        if running_through_before and _digest(subscription.id, "seats", before) % SEAT_CHANGE_SHARE == 0:
            change_day = before + timedelta(days=_digest(subscription.id, "day", before) % 20 + 5)
            delta = Decimal(_digest(subscription.id, "delta", before) % 5 + 1)
            if _digest(subscription.id, "sign", before) % 3 == 0 and delta < quantity:
                delta = -delta
            days = (before_end - change_day).days + 1
            charges.append(
                self._charge(
                    ChargeKind.SEAT_CHANGE, subscription, first, change_day, before_end, delta, _share(days, before)
                )
            )
        return charges

    def _custom_charges(self, invoice: CustomInvoice, first: date) -> list[MarketplaceCharge]:
        organization = self._organizations[invoice.organization_id]
        return [
            MarketplaceCharge(
                id=line.id,
                kind=ChargeKind.CUSTOM,
                billing_month=first,
                organization=organization,
                contract=self._contracts.get(invoice.organization_id),
                subscription=None,
                offer=None,
                period_start=invoice.date,
                period_end=month_end(invoice.date),
                quantity=Decimal(line.quantity),
                cost=Decimal("0.00"),
                price=line.amount,
                description=line.description,
                custom_invoice=invoice,
            )
            for line in invoice.lines
        ]
