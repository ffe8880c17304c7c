"""The platform invoice-line model: charge types (seed 003's list, recurring vs one-time) and line validation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from tui_ledger.domain.invoice_lines import (
    ChargeType,
    InvoiceLine,
    InvoiceLineError,
    SourcePlatform,
)


def make_line(**changes: object) -> InvoiceLine:
    line = InvoiceLine(
        source_platform=SourcePlatform.PAX8,
        platform_line_id="item-1",
        invoice_id="inv-1",
        invoice_date=date(2026, 5, 1),
        organization_id="org-1",
        organization_name="Acme Dental",
        organization_reference="A-100",
        contract_id=None,
        offer_name="Microsoft 365 Business Premium",
        offer_id="offer-1",
        vendor_name="Microsoft",
        billing_cycle="Monthly",
        commitment_term="Annual",
        quantity=Decimal(12),
        cost=Decimal("198.00"),
        revenue=Decimal("264.00"),
        charge_start_date=date(2026, 5, 1),
        charge_end_date=date(2026, 5, 31),
        charge_type=ChargeType.CYCLE_FEE,
        subscription_id="sub-1",
    )
    return replace(line, **changes)


def test_seed_003_charge_types_are_all_there() -> None:
    labels = {charge_type.label for charge_type in ChargeType}
    assert {"Cycle Fee", "Correction", "Usage Fee", "Item Fee", "Purchase Fee", "One Time Fee"} <= labels


@pytest.mark.parametrize(
    ("charge_type", "recurring"),
    [
        (ChargeType.CYCLE_FEE, True),
        (ChargeType.PURCHASE_FEE, True),
        (ChargeType.CORRECTION, False),
        (ChargeType.USAGE_FEE, False),
        (ChargeType.ITEM_FEE, False),
        (ChargeType.ONE_TIME_FEE, False),
        (ChargeType.USER_CORRECTION, False),
    ],
)
def test_only_cycle_and_purchase_fees_recur(charge_type: ChargeType, recurring: bool) -> None:
    assert charge_type.is_recurring is recurring


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CycleFee", ChargeType.CYCLE_FEE),
        ("Cycle Fee", ChargeType.CYCLE_FEE),
        ("one-time fee", ChargeType.ONE_TIME_FEE),
        ("USAGEFEE", ChargeType.USAGE_FEE),
        ("user_correction", ChargeType.USER_CORRECTION),
    ],
)
def test_charge_type_parses_api_values_and_labels(text: str, expected: ChargeType) -> None:
    assert ChargeType.parse(text) is expected


def test_unknown_charge_type_names_the_value_and_the_known_ones() -> None:
    with pytest.raises(InvoiceLineError, match=r"unknown charge type 'Setup'.*CycleFee"):
        ChargeType.parse("Setup")


def test_custom_invoice_lines_sync_as_corrections_and_never_recur() -> None:
    custom = make_line(is_custom_invoice=True, charge_type=ChargeType.CYCLE_FEE, subscription_id=None)
    assert custom.psa_charge_type is ChargeType.CORRECTION
    assert custom.is_recurring is False
    assert make_line().psa_charge_type is ChargeType.CYCLE_FEE


def test_margin_is_revenue_minus_cost() -> None:
    assert make_line().margin == Decimal("66.00")


def test_key_is_platform_and_line_id() -> None:
    assert make_line().key == (SourcePlatform.PAX8, "item-1")


def test_float_money_is_refused_with_the_field_name() -> None:
    with pytest.raises(InvoiceLineError, match="cost must be a finite Decimal"):
        make_line(cost=198.0)


def test_end_before_start_is_refused_with_both_dates() -> None:
    with pytest.raises(InvoiceLineError, match="2026-04-30 is before charge start date 2026-05-01"):
        make_line(charge_end_date=date(2026, 4, 30))


def test_blank_organization_name_is_refused() -> None:
    with pytest.raises(InvoiceLineError, match="organization_name must be a non-empty text"):
        make_line(organization_name="  ")
