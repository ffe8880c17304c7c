"""Money is Decimal, rounded half-up to the cent, and floats are refused at the door."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.domain.money import MoneyError, format_money, to_money, total


def test_amounts_round_half_up_to_the_cent() -> None:
    assert to_money("2.675") == Decimal("2.68")
    assert to_money("-2.675") == Decimal("-2.68")
    assert to_money(3) == Decimal("3.00")
    assert to_money(None) == Decimal("0.00")


@pytest.mark.parametrize("bad", [0.1, True, "abc", "NaN", "Infinity"])
def test_non_amounts_are_refused_with_the_value_named(bad) -> None:
    with pytest.raises(MoneyError, match=repr(bad)[:3]):
        to_money(bad)


@given(st.lists(st.decimals(min_value=-(10**9), max_value=10**9, places=2), max_size=50))
def test_total_is_exact_for_amounts_in_cents(amounts: list[Decimal]) -> None:
    assert total(amounts) == sum(amounts, Decimal(0))


def test_format_money_groups_thousands() -> None:
    assert format_money(Decimal("-1234.5"), "USD") == "-1,234.50 USD"
    assert format_money(Decimal("0")) == "0.00"
