"""Seed 003's sync rules: which Addition a line becomes, its key, its dates, its amounts, its agreement."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.domain.invoice_lines import ChargeType, SourcePlatform
from tui_ledger.domain.line_sync import (
    MAX_SERIAL_NUMBER,
    AdditionContent,
    LineForSync,
    LineSyncRuleError,
    addition_key,
    cancelled_date,
    new_agreement_name,
    plan_line,
    unit_amounts,
)

SUBSCRIPTION = "d84a6d2b-832d-467c-aa4f-632f68937484"


def line(**changes: object) -> LineForSync:
    base = LineForSync(
        source_platform=SourcePlatform.APPXITE,
        platform_line_id="row-1",
        subscription_id=SUBSCRIPTION,
        charge_type=ChargeType.CYCLE_FEE,
        is_custom_invoice=False,
        description="Microsoft 365 Business Premium (Annual)",
        offer_name="Microsoft 365 Business Premium",
        quantity=Decimal(12),
        cost=Decimal("224.40"),
        revenue=Decimal("264.00"),
        invoice_date=date(2026, 5, 3),
        charge_start_date=date(2026, 5, 1),
        charge_end_date=date(2026, 5, 31),
        end_date_set=False,
        company_id=250,
        agreement_id=801,
        create_agreement=False,
        product_id=600,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


ONE_TIME_TYPES = [ChargeType.CORRECTION, ChargeType.USAGE_FEE, ChargeType.ITEM_FEE, ChargeType.ONE_TIME_FEE]


# -- one persistent Addition per subscription, one per one-time line


@pytest.mark.parametrize("charge_type", [ChargeType.CYCLE_FEE, ChargeType.PURCHASE_FEE])
def test_recurring_lines_of_one_subscription_share_a_key_across_months(charge_type: ChargeType) -> None:
    may = line(charge_type=charge_type, platform_line_id="may-row")
    june = line(charge_type=charge_type, platform_line_id="june-row", quantity=Decimal(15))
    assert addition_key(may) == addition_key(june)
    assert plan_line(may).persistent


def test_cycle_and_purchase_fees_keep_separate_additions() -> None:
    cycle = line(charge_type=ChargeType.CYCLE_FEE)
    purchase = line(charge_type=ChargeType.PURCHASE_FEE)
    assert addition_key(cycle) != addition_key(purchase)
    assert addition_key(cycle) == f"appxite:CF:{SUBSCRIPTION}"


@pytest.mark.parametrize("charge_type", ONE_TIME_TYPES)
def test_one_time_lines_get_an_addition_each(charge_type: ChargeType) -> None:
    first = line(charge_type=charge_type, platform_line_id="row-1")
    second = line(charge_type=charge_type, platform_line_id="row-2")
    assert addition_key(first) != addition_key(second)
    assert addition_key(first) == "appxite:L:row-1"
    assert not plan_line(first).persistent


def test_a_recurring_type_without_a_subscription_is_keyed_by_its_line() -> None:
    assert addition_key(line(subscription_id=None)) == "appxite:L:row-1"


def test_keys_always_fit_a_serial_number_and_stay_distinct() -> None:
    long_a = line(charge_type=ChargeType.USAGE_FEE, platform_line_id="x" * 80 + "a")
    long_b = line(charge_type=ChargeType.USAGE_FEE, platform_line_id="x" * 80 + "b")
    keys = {addition_key(long_a), addition_key(long_b)}
    assert len(keys) == 2
    assert all(len(key) <= MAX_SERIAL_NUMBER and key.startswith("appxite:L:#") for key in keys)


def test_a_persistent_addition_keeps_its_first_effective_date_when_updated() -> None:
    june = plan_line(line(charge_start_date=date(2026, 6, 1), quantity=Decimal(15), revenue=Decimal("330.00")))
    may = replace(june.content, effective_date=date(2026, 5, 1), quantity=Decimal(12))
    updated = june.update_of(may)
    assert (updated.effective_date, updated.quantity, updated.unit_price) == (date(2026, 5, 1), 15, Decimal(22))


def test_a_one_time_re_sync_writes_its_own_dates() -> None:
    plan = plan_line(line(charge_type=ChargeType.USAGE_FEE))
    earlier = replace(plan.content, effective_date=date(2026, 4, 1))
    assert plan.update_of(earlier) == plan.content


# -- end dates


@pytest.mark.parametrize("charge_type", ONE_TIME_TYPES)
def test_non_recurring_lines_end_on_the_last_day_of_the_start_month(charge_type: ChargeType) -> None:
    synced = line(charge_type=charge_type, charge_start_date=date(2028, 2, 10), charge_end_date=date(2028, 2, 12))
    assert cancelled_date(synced) == date(2028, 2, 29)


@pytest.mark.parametrize("charge_type", [ChargeType.CYCLE_FEE, ChargeType.PURCHASE_FEE])
def test_recurring_lines_have_no_end_date(charge_type: ChargeType) -> None:
    assert cancelled_date(line(charge_type=charge_type)) is None


@pytest.mark.parametrize("charge_type", [ChargeType.CYCLE_FEE, ChargeType.USAGE_FEE])
def test_a_rule_or_an_edit_wins_over_the_defaults(charge_type: ChargeType) -> None:
    edited = line(charge_type=charge_type, charge_end_date=date(2026, 5, 20), end_date_set=True)
    assert cancelled_date(edited) == date(2026, 5, 20)
    cleared = line(charge_type=ChargeType.USAGE_FEE, charge_end_date=None, end_date_set=True)
    assert cancelled_date(cleared) is None


def test_without_a_charge_start_date_the_invoice_date_starts_the_addition() -> None:
    plan = plan_line(line(charge_type=ChargeType.ITEM_FEE, charge_start_date=None, invoice_date=date(2026, 5, 3)))
    assert (plan.content.effective_date, plan.content.cancelled_date) == (date(2026, 5, 3), date(2026, 5, 31))


def test_an_end_before_the_start_is_a_rule_error_naming_both_dates() -> None:
    broken = line(charge_start_date=date(2026, 5, 10), charge_end_date=date(2026, 5, 2), end_date_set=True)
    with pytest.raises(LineSyncRuleError, match="2026-05-02 is before Charge Start Date 2026-05-10"):
        plan_line(broken)


# -- custom invoices


def custom(**changes: object) -> LineForSync:
    values: dict[str, object] = {
        "is_custom_invoice": True,
        "charge_type": ChargeType.USER_CORRECTION,
        "subscription_id": None,
        "offer_name": "Offer for Default Subscription",
        "description": "Setup fee - new tenant",
        "quantity": Decimal(1),
        "cost": Decimal(0),
        "revenue": Decimal("95.00"),
        "charge_start_date": date(2026, 5, 1),
        "charge_end_date": date(2026, 5, 15),
    }
    return line(**{**values, **changes})


def test_a_custom_invoice_is_a_correction_ending_on_its_platform_end_date() -> None:
    plan = plan_line(custom())
    assert plan.content.invoice_description == "Setup fee - new tenant - Correction"
    assert plan.content.cancelled_date == date(2026, 5, 15)
    assert not plan.persistent
    assert plan.content.serial_number == "appxite:L:row-1"


def test_a_custom_invoice_without_an_end_date_ends_with_its_start_month() -> None:
    assert plan_line(custom(charge_end_date=None)).content.cancelled_date == date(2026, 5, 31)


def test_a_custom_cycle_fee_is_still_a_one_time_correction() -> None:
    plan = plan_line(custom(charge_type=ChargeType.CYCLE_FEE, subscription_id=SUBSCRIPTION))
    assert not plan.persistent
    assert plan.content.invoice_description.endswith(" - Correction")


def test_the_description_uses_the_configured_charge_type_name() -> None:
    plan = plan_line(line(charge_type_name="Monthly licence"))
    assert plan.content.invoice_description == "Microsoft 365 Business Premium (Annual) - Monthly licence"
    assert plan_line(line(description=None)).content.invoice_description == "Microsoft 365 Business Premium - Cycle Fee"


# -- agreements and mapping


def test_a_line_without_an_agreement_targets_a_new_one_of_its_company() -> None:
    plan = plan_line(line(agreement_id=None, create_agreement=True))
    assert (plan.target.company_id, plan.target.is_new) == (250, True)
    assert not plan_line(line()).target.is_new


@pytest.mark.parametrize(
    "changes",
    [{"company_id": None}, {"product_id": None}, {"agreement_id": None}],
)
def test_an_unmapped_line_is_not_planned(changes: dict[str, object]) -> None:
    unmapped = line(**changes)
    assert not unmapped.is_mapped
    with pytest.raises(LineSyncRuleError, match="unmapped"):
        plan_line(unmapped)


def test_a_new_agreement_name_is_stable_and_fits() -> None:
    assert new_agreement_name("Managed Services", "Acme Logistics") == "Managed Services (marketplace) - Acme Logistics"
    assert len(new_agreement_name("T" * 50, "C" * 100)) == 100


# -- amounts


def test_exact_unit_amounts_keep_the_seat_count() -> None:
    assert unit_amounts(Decimal(12), Decimal("264.00"), Decimal("224.40")) == (
        Decimal(12),
        Decimal(22),
        Decimal("18.7"),
        True,
    )


def test_an_inexact_unit_price_posts_the_line_total_and_says_so() -> None:
    plan = plan_line(line(quantity=Decimal(3), revenue=Decimal("10.00"), cost=Decimal("8.50")))
    assert (plan.content.quantity, plan.content.unit_price, plan.content.unit_cost) == (
        1,
        Decimal("10.00"),
        Decimal("8.50"),
    )
    assert plan.content.invoice_description.endswith("(quantity 3)")
    assert plan.notes


@given(
    quantity=st.decimals(min_value=-500, max_value=5000, places=2),
    revenue=st.decimals(min_value=-100_000, max_value=100_000, places=2),
    cost=st.decimals(min_value=-100_000, max_value=100_000, places=2),
)
def test_quantity_times_unit_gives_the_line_totals_exactly(quantity: Decimal, revenue: Decimal, cost: Decimal) -> None:
    posted_quantity, unit_price, unit_cost, _exact = unit_amounts(quantity, revenue, cost)
    assert posted_quantity * unit_price == revenue
    assert posted_quantity * unit_cost == cost
    assert "E" not in str(unit_price)
    assert "E" not in str(unit_cost)


def test_content_survives_the_sync_history_record() -> None:
    content = plan_line(line()).content
    assert AdditionContent.from_record(content.to_record()) == content
    with pytest.raises(LineSyncRuleError, match="unreadable"):
        AdditionContent.from_record({"product_id": "x"})
