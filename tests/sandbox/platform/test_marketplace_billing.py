"""The monthly billing both platform sandboxes present: every charge kind, in arrears where platforms bill so."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from platform_world import ANCHOR, CURRENT_MONTH, PREVIOUS_MONTH, scenario_id

from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.marketplace_billing import ChargeKind, MarketplaceBilling, billed_months


def test_billed_months_are_previous_and_current() -> None:
    assert billed_months(ANCHOR) == (PREVIOUS_MONTH, CURRENT_MONTH)
    assert billed_months(date(2026, 1, 1)) == (date(2025, 12, 1), date(2026, 1, 1))


@pytest.mark.parametrize("month", [PREVIOUS_MONTH, CURRENT_MONTH])
def test_every_charge_kind_is_billed_in_both_months(world: DemoCompany, month: date) -> None:
    kinds = {charge.kind for charge in MarketplaceBilling(world).charges(month)}
    assert kinds == set(ChargeKind)


def test_a_purchase_is_prorated_from_its_start_to_the_end_of_that_month(world: DemoCompany) -> None:
    charges = MarketplaceBilling(world).charges(CURRENT_MONTH)
    bought = scenario_id("bought-2026-04-01")
    purchase = next(
        c for c in charges if c.kind is ChargeKind.PURCHASE and c.subscription and c.subscription.id == bought
    )
    offer = purchase.offer
    assert offer is not None
    assert (purchase.period_start, purchase.period_end) == (date(2026, 4, 10), date(2026, 4, 30))
    assert purchase.price == (offer.unit_price * 10 * Decimal(21) / Decimal(30)).quantize(Decimal("0.01"))


def test_a_cancellation_credits_the_unused_days(world: DemoCompany) -> None:
    charges = MarketplaceBilling(world).charges(CURRENT_MONTH)
    cancelled = scenario_id("cancelled-2026-04-01")
    credit = next(
        c for c in charges if c.kind is ChargeKind.CANCELLATION and c.subscription and c.subscription.id == cancelled
    )
    assert (credit.period_start, credit.period_end) == (date(2026, 4, 16), date(2026, 4, 30))
    assert credit.quantity == -10
    assert credit.price < 0
    assert credit.cost < 0


def test_usage_is_billed_for_the_month_before(world: DemoCompany) -> None:
    usage = [c for c in MarketplaceBilling(world).charges(CURRENT_MONTH) if c.kind is ChargeKind.USAGE]
    assert usage
    assert all(date(2026, 4, 1) <= c.period_start <= c.period_end <= date(2026, 4, 30) for c in usage)


def test_cycle_fees_cover_the_billing_month(world: DemoCompany) -> None:
    cycle = [c for c in MarketplaceBilling(world).charges(CURRENT_MONTH) if c.kind is ChargeKind.CYCLE]
    assert cycle
    assert {(c.period_start, c.period_end) for c in cycle} == {(date(2026, 5, 1), date(2026, 5, 31))}


def test_custom_invoices_after_the_anchor_do_not_exist_yet(world: DemoCompany) -> None:
    future = replace(world.custom_invoices[-1], id="future", date=date(2026, 5, 25))
    with_future = replace(world, custom_invoices=(*world.custom_invoices, future))
    custom = [c for c in MarketplaceBilling(with_future).charges(CURRENT_MONTH) if c.kind is ChargeKind.CUSTOM]
    assert custom
    assert all(c.custom_invoice is not None and c.custom_invoice.date <= ANCHOR for c in custom)


def test_billing_is_deterministic(world: DemoCompany) -> None:
    assert MarketplaceBilling(world).charges(CURRENT_MONTH) == MarketplaceBilling(world).charges(CURRENT_MONTH)


@pytest.mark.parametrize("seed", [1, 2026])
@pytest.mark.parametrize("anchor", [date(2026, 1, 1), date(2026, 3, 31), ANCHOR])
def test_the_plain_demo_company_bills_every_kind_in_both_months(seed: int, anchor: date) -> None:
    billing = MarketplaceBilling(DemoCompany.generate(seed=seed, anchor=anchor))
    for month in billed_months(anchor):
        assert {charge.kind for charge in billing.charges(month)} == set(ChargeKind), month
