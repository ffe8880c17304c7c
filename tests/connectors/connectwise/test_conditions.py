"""The conditions builder: whatever a value contains, the query means exactly that value.

Every built condition is parsed back with the sandbox's parser (the grammar of reference §3.2) and must
come back as the same field, operator and value — a customer called `Smith "Bob" O'Neil \\ Sons` included.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.connectors.connectwise.conditions import Condition, Value, all_of, field, quote, render_value
from tui_ledger.connectors.connectwise.unposted_filters import unposted_conditions
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.sandbox.connectwise.conditions import Comparison, ConditionError, Junction, Node, parse

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True).filter(
    lambda name: name.lower() not in {"and", "or", "not", "in", "like", "contains", "true", "false", "null"}
)
paths = st.lists(names, min_size=1, max_size=3).map("/".join)
texts = st.text(max_size=40)
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9)
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)).map(
    lambda moment: moment.replace(microsecond=0)
)
scalars = st.one_of(texts, st.integers(-(10**12), 10**12), decimals, st.booleans(), st.none(), st.dates(), moments)


def expected_parse(value: Value) -> object:
    """What the parser gives back for a value we rendered: numbers as Decimal, dates as UTC date-times."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.combine(value, time(), tzinfo=UTC)


def only_comparison(text: str) -> Comparison:
    node = parse(text)
    assert isinstance(node, Comparison)
    return node


@given(path=paths, value=texts)
def test_any_text_round_trips_through_the_parser(path: str, value: str) -> None:
    parsed = only_comparison(str(field(path).eq(value)))

    assert parsed.path == tuple(path.split("/"))
    assert parsed.operator == "="
    assert parsed.value == value


@given(path=paths, value=scalars)
def test_any_value_round_trips_with_equality(path: str, value: Value) -> None:
    parsed = only_comparison(str(field(path).ne(value)))

    assert parsed.operator == "!="
    assert parsed.value == expected_parse(value)


@given(value=st.one_of(st.integers(-(10**9), 10**9), decimals, st.dates(), moments))
def test_ordered_comparisons_round_trip(value: Value) -> None:
    for build, operator in ((field("total").lt, "<"), (field("total").ge, ">=")):
        parsed = only_comparison(str(build(value)))
        assert parsed.operator == operator
        assert parsed.value == expected_parse(value)


@given(values=st.lists(st.one_of(texts, st.integers(-(10**6), 10**6)), min_size=1, max_size=6))
def test_lists_round_trip(values: list[Value]) -> None:
    parsed = only_comparison(str(field("company/identifier").not_in(values)))

    assert parsed.operator == "in"
    assert parsed.negated
    assert parsed.value == tuple(expected_parse(value) for value in values)


@given(text=texts)
def test_contains_and_like_round_trip(text: str) -> None:
    contains = only_comparison(str(field("name").contains(text)))
    not_like = only_comparison(str(field("name").not_like(text)))

    assert (contains.operator, contains.negated, contains.value) == ("contains", False, text)
    assert (not_like.operator, not_like.negated, not_like.value) == ("like", True, text)


def shape(node: Node) -> object:
    if isinstance(node, Comparison):
        return node.value
    return (node.operator, tuple(shape(part) for part in node.parts))


@st.composite
def trees(draw: st.DrawFn, depth: int = 3) -> tuple[Condition, object]:
    """A random and/or tree of conditions with the shape the parser must see."""
    if depth == 0 or draw(st.booleans()):
        value = draw(texts)
        return field("name").eq(value), value
    left, left_shape = draw(trees(depth - 1))
    right, right_shape = draw(trees(depth - 1))
    if draw(st.booleans()):
        return left & right, ("and", (left_shape, right_shape))
    return left | right, ("or", (left_shape, right_shape))


@given(tree=trees())
def test_combined_conditions_keep_their_grouping(tree: tuple[Condition, object]) -> None:
    condition, expected = tree

    assert shape(parse(str(condition))) == expected


def test_a_name_with_quotes_cannot_widen_the_query() -> None:
    hostile = 'A" or name != "'

    parsed = only_comparison(str(field("company/name").eq(hostile)))

    assert parsed.value == hostile


def test_rendering_of_each_kind_of_value() -> None:
    assert quote('Smith "Bob" O\'Neil \\ Sons') == '"Smith \\"Bob\\" O\'Neil \\\\ Sons"'
    assert render_value(None) == "null"
    assert render_value(True) == "true"
    assert render_value(Decimal("1E+3")) == "1000"
    assert render_value(date(2026, 1, 31)) == "[2026-01-31T00:00:00Z]"
    tz = timezone(timedelta(hours=2))
    assert render_value(datetime(2026, 1, 31, 1, 30, tzinfo=tz)) == "[2026-01-30T23:30:00Z]"


def test_values_that_cannot_be_expressed_are_refused() -> None:
    with pytest.raises(TypeError, match="float"):
        render_value(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-finite"):
        render_value(Decimal("NaN"))
    with pytest.raises(ValueError, match="at least one value"):
        field("id").is_in([])
    with pytest.raises(ValueError, match="field path"):
        field("name) or (id")


def test_all_of_skips_missing_parts() -> None:
    assert all_of(None, None) is None
    assert str(all_of(field("id").gt(5), None, field("closedFlag").eq(False))) == "id > 5 and closedFlag = false"


def test_thru_date_filters_each_document_by_its_own_date_through_the_whole_day() -> None:
    chosen = UnpostedFilter(thru_date=date(2026, 1, 31), location_id=2)

    invoices = str(unposted_conditions(DocumentKind.INVOICE, chosen))
    expenses = str(unposted_conditions(DocumentKind.EXPENSE, UnpostedFilter(thru_date=date(2026, 1, 31))))

    assert invoices == "invoiceDate <= [2026-01-31T23:59:59Z] and locationId = 2"
    assert expenses == "dateExpense <= [2026-01-31T23:59:59Z]"
    assert str(unposted_conditions(DocumentKind.PROCUREMENT, chosen)).startswith("purchaseDate <= ")


def test_the_parser_refuses_what_the_builder_never_writes() -> None:
    with pytest.raises(ConditionError):
        parse('name = "unterminated')


def test_junction_type_is_what_the_parser_returns_for_and() -> None:
    assert isinstance(parse(str(field("a").eq(1) & field("b").eq(2))), Junction)
