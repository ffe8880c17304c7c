"""A demo world whose marketplace events are pinned down, for the platform sandbox and connector tests.

The demo company already bills every charge kind in both months; `complete_marketplace` adds known ones on top —
for the two months before the anchor's month a purchase, a cancellation and a one-time buy, and a custom invoice
in each billed month — on an organization AppXite has already invoiced this month (its billing day is on or before
the anchor's), so tests can find them by `scenario_id` and every charge type shows in both months on both platforms.
The sandbox tests and the connector tests seed the same world into the same two sandboxes, with `seeded_platform_hub`.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from tui_ledger.sandbox.appxite.service import SERVICE as APPXITE
from tui_ledger.sandbox.demo import CustomInvoice, CustomInvoiceLine, DemoCompany, Offer, Subscription
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.pax8.service import SERVICE as PAX8

ANCHOR = date(2026, 5, 18)
WORLD_SEED = 11
PREVIOUS_MONTH = date(2026, 4, 1)
CURRENT_MONTH = date(2026, 5, 1)
_NAMESPACE = uuid.UUID("5b1f3f57-0d55-4d8e-8c8e-4f0f2a9d7c01")


def scenario_id(text: str) -> str:
    """The id of something `complete_marketplace` adds, e.g. `scenario_id("bought-2026-04-01")`."""
    return str(uuid.uuid5(_NAMESPACE, text))


def platform_world() -> DemoCompany:
    """The demo company both platform suites seed: seed 11 at `ANCHOR`, with the pinned marketplace events."""
    return complete_marketplace(DemoCompany.generate(seed=WORLD_SEED, anchor=ANCHOR))


def seeded_platform_hub(folder: Path, world: DemoCompany) -> SandboxHub:
    """The AppXite and Pax8 sandboxes in `folder`, seeded with `world`, with the default knobs."""
    hub = SandboxHub(folder, SandboxKnobs(), services=[APPXITE, PAX8])
    hub.seed(world)
    return hub


def complete_marketplace(world: DemoCompany) -> DemoCompany:
    # An organization billed on or before the anchor's day, so its current-month invoice already exists on AppXite.
    contract = next(contract for contract in world.contracts if contract.billing_day <= ANCHOR.day)
    organization = next(
        organization for organization in world.organizations if organization.id == contract.organization_id
    )
    license_offer = next(offer for offer in world.offers if offer.vendor_name == "Microsoft" and offer.product_id)
    one_time = Offer(
        id=scenario_id("one-time-offer"),
        name="Office LTSC Standard 2024",
        sku="DG7GMGF0D7FX",
        vendor_name="Microsoft",
        billing_cycle="One-Time",
        commitment_term="One-Time",
        unit_price=Decimal("450.00"),
        unit_cost=Decimal("382.50"),
        product_id=None,
    )

    def subscription(key: str, offer: Offer, start: date, end: date | None = None) -> Subscription:
        return Subscription(
            id=scenario_id(key),
            organization_id=organization.id,
            offer_id=offer.id,
            contract_id=contract.id,
            name=f"{offer.name} ({offer.commitment_term})",
            quantity=10,
            start_date=start,
            end_date=end,
            billing_cycle=offer.billing_cycle,
            commitment_term=offer.commitment_term,
        )

    extra: list[Subscription] = []
    custom: list[CustomInvoice] = []
    for month in (date(2026, 3, 1), date(2026, 4, 1)):
        extra.append(subscription(f"bought-{month}", license_offer, month + timedelta(days=9)))
        extra.append(
            subscription(f"cancelled-{month}", license_offer, month - timedelta(days=200), month + timedelta(days=14))
        )
        extra.append(subscription(f"one-time-{month}", one_time, month + timedelta(days=3)))
    for day in (date(2026, 4, 20), date(2026, 5, 11)):
        custom.append(
            CustomInvoice(
                id=scenario_id(f"custom-{day}"),
                organization_id=organization.id,
                number=f"CI-TEST-{day:%m%d}",
                date=day,
                currency=organization.currency,
                lines=(
                    CustomInvoiceLine(
                        id=scenario_id(f"charge-{day}"),
                        description="Tenant migration service",
                        quantity=1,
                        unit_price=Decimal("350.00"),
                    ),
                    CustomInvoiceLine(
                        id=scenario_id(f"credit-{day}"),
                        description="Goodwill credit",
                        quantity=1,
                        unit_price=Decimal("-45.00"),
                    ),
                ),
            )
        )
    return replace(
        world,
        offers=(*world.offers, one_time),
        subscriptions=(*world.subscriptions, *extra),
        custom_invoices=(*world.custom_invoices, *custom),
    )


class SteppingClock:
    """A clock tests move by hand: token expiry and rate-limit windows without waiting."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return datetime(2026, 5, 18, 9, 0, tzinfo=UTC) + timedelta(seconds=self.seconds)

    async def sleep(self, seconds: float) -> None:
        self.seconds += max(seconds, 0.0)
