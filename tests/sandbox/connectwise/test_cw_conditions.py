"""The `conditions` grammar of reference §3.2: what it accepts, what it means, and what it refuses."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.sandbox.connectwise.conditions import (
    Comparison,
    ConditionError,
    Junction,
    compile_conditions,
    parse,
)

INVOICE: dict[str, Any] = {
    "id": 70001,
    "invoiceNumber": "5001",
    "invoiceDate": "2026-10-01T00:00:00Z",
    "total": Decimal("1234.50"),
    "locationId": 2,
    "hasTime": True,
    "description": "Managed Services - October",
    "company": {"id": 250, "identifier": "AcmeLogistics", "name": 'O\'Reilly "Top Notch" Landscaping'},
    "types": [{"id": 1, "name": "Client"}, {"id": 5, "name": "Vendor"}],
}


def matches(text: str, record: dict[str, Any] = INVOICE) -> bool:
    return compile_conditions(text)(record)


def quoted(text: str) -> str:
    """The connector's quoting: a backslash escapes `"` and `\\`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_the_official_example_parses_with_and_binding_tighter_than_or() -> None:
    tree = parse(
        'board/name="Integration" and summary="xyz" or board/id in (3, 2, 4) and lastUpdated > [2016-08-20T18:04:26Z]'
    )
    assert isinstance(tree, Junction)
    assert tree.operator == "or"
    assert [part.operator for part in tree.parts if isinstance(part, Junction)] == ["and", "and"]
    first = tree.parts[0]
    assert isinstance(first, Junction)
    assert first.parts[0] == Comparison(("board", "name"), "=", "Integration")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id = 70001", True),
        ("id != 70001", False),
        ("total > 1234.49", True),
        ("total >= 1234.50 and total <= 1234.50", True),
        ("total < 1000", False),
        ("locationId in (1, 2, 3)", True),
        ("locationId not in (1, 3)", True),
        ('invoiceNumber in ("5001", "5002")', True),
        ('description contains "services"', True),
        ('description not contains "Project"', True),
        ('description like "Managed*October"', True),
        ('description like "%services%"', True),
        ('description not like "Block*"', True),
        ('company/identifier = "acmelogistics"', True),
        ("hasTime = true", True),
        ("hasTime = False", False),
        ("billToCompany = null", True),
        ("company != null", True),
        ("invoiceDate <= [2026-10-31T23:59:59Z]", True),
        ("invoiceDate < [2026-10-01T00:00:00Z]", False),
        ("(locationId = 1 or locationId = 2) and total > 0", True),
        ("locationId = 1 or locationId = 2 and total < 0", False),
        ("id = 1 OR id = 70001", True),
        ("ID = 70001", False),
        ("company/name contains 'Top Notch'", True),
        ("types/id = 5", True),
        ('types/name = "Partner"', False),
    ],
)
def test_conditions_mean_what_they_say(text: str, expected: bool) -> None:
    assert matches(text) is expected


def test_a_name_with_a_double_quote_and_an_apostrophe_matches_exactly() -> None:
    assert matches(f"company/name = {quoted(INVOICE['company']['name'])}")
    assert not matches(f"company/name = {quoted('OReilly Top Notch Landscaping')}")


def test_a_value_that_looks_like_syntax_stays_a_value() -> None:
    record = {**INVOICE, "company": {"name": 'A") or (id > 0'}}
    assert matches(f"company/name = {quoted(record['company']['name'])}", record)
    assert not matches(f"company/name = {quoted(record['company']['name'])}")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_quoted_text_round_trips_through_the_parser(text: str) -> None:
    tree = parse(f"company/name = {quoted(text)}")
    assert tree == Comparison(("company", "name"), "=", text)
    assert compile_conditions(f"company/name = {quoted(text)}")({"company": {"name": text}})


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9))
def test_numbers_compare_exactly(amount: Decimal) -> None:
    record = {"total": amount}
    assert compile_conditions(f"total = {amount}")(record)
    assert not compile_conditions(f"total > {amount}")(record)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("id =", "expected a value"),
        ("id == 5", "expected a value"),
        ('name = "unterminated', "not closed"),
        ("invoiceDate > [2026-13-45]", "ISO 8601"),
        ("invoiceDate > [2026-01-01", "not closed"),
        ("id between 1 and 5", "expected an operator"),
        ("id in ()", "expected a value"),
        ("id in 1, 2", "'('"),
        ("(id = 1", "')'"),
        ("id = 1)", "'and', 'or' or the end"),
        ("id = 1 and", "a field name"),
        ("not id = 1", "a field name"),
        ("total contains 5", "quoted string"),
        ("total > null", "cannot compare"),
        ("id = 1 ; drop table", "unexpected character"),
        ("name not = 1", "after 'not'"),
    ],
)
def test_unsupported_syntax_is_refused_with_the_position(text: str, fragment: str) -> None:
    with pytest.raises(ConditionError, match=re.escape(fragment)):
        parse(text)


def test_an_unknown_field_is_refused_when_the_resource_says_so() -> None:
    with pytest.raises(ConditionError, match="unknown field 'colour'"):
        compile_conditions('colour = "red"', known=lambda path: path[0] in INVOICE)
