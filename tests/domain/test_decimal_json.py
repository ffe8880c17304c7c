"""The JSON writer of request bodies and sandbox answers keeps every digit of a Decimal and refuses floats."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.domain.decimal_json import dumps


def test_amounts_keep_their_digits_and_texts_are_escaped() -> None:
    text = dumps({"total": Decimal("1234.50"), "credit": Decimal("-0.10"), "name": 'Smith "Bob" Ö', "n": None})
    assert text == '{"total":1234.50,"credit":-0.10,"name":"Smith \\"Bob\\" Ö","n":null}'


def test_dates_are_iso_text_and_lists_nest() -> None:
    assert dumps([date(2026, 5, 1), datetime(2026, 5, 1, 8, 30), [True, False, 3]]) == (
        '["2026-05-01","2026-05-01T08:30:00",[true,false,3]]'
    )


@pytest.mark.parametrize("value", [1.5, Decimal("NaN"), Decimal("Infinity"), {1, 2}])
def test_what_json_cannot_say_exactly_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        dumps({"amount": value})


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**12), max_value=10**12))
def test_a_decimal_reads_back_equal(amount: Decimal) -> None:
    assert json.loads(dumps({"amount": amount}), parse_float=Decimal, parse_int=Decimal)["amount"] == amount
