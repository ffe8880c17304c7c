"""Building ConnectWise `conditions` strings that mean exactly what they say.

The grammar (reference/connectwise_api.md §3.2): `field op value`, joined with `and` / `or` and grouped in
parentheses; strings in double quotes, dates in `[ISO 8601]`, lists in `( , )`, bare numbers, booleans
and `null`. Values are never pasted in as they come: a customer called `Smith "Bob" O'Neil` or
`A) or (id > 0` must filter for that name, not break or widen the query. Inside a quoted string a
backslash escapes `"` and `\\`; everything else is literal.

    field("company/name").eq('Smith "Bob"') & field("invoiceDate").le(date(2026, 1, 31))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

Value = str | int | Decimal | bool | date | datetime | None

_FIELD_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*$")


def quote(text: str) -> str:
    """A double-quoted string literal: `\\` and `"` escaped with a backslash."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_datetime(moment: datetime) -> str:
    """`[2026-01-31T23:59:59Z]`: UTC, to the second (a naive time is taken as UTC)."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    return f"[{utc.replace(tzinfo=None, microsecond=0).isoformat()}Z]"


def render_value(value: Value) -> str:
    """One value in the grammar's syntax. Floats are refused: filters on money use Decimal, as money does."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot filter on a non-finite number {value}")
        return format(value, "f")
    if isinstance(value, datetime):
        return render_datetime(value)
    if isinstance(value, date):
        return render_datetime(datetime.combine(value, time()))
    if isinstance(value, str):
        return quote(value)
    raise TypeError(f"cannot use a {type(value).__name__} as a conditions value: {value!r}")


@dataclass(frozen=True, slots=True)
class Condition:
    """A finished condition; `&` and `|` combine two, parenthesising each side so precedence never surprises."""

    text: str
    compound: bool = False

    def __str__(self) -> str:
        return self.text

    def __and__(self, other: Condition) -> Condition:
        return Condition(f"{self._grouped()} and {other._grouped()}", compound=True)

    def __or__(self, other: Condition) -> Condition:
        return Condition(f"{self._grouped()} or {other._grouped()}", compound=True)

    def _grouped(self) -> str:
        return f"({self.text})" if self.compound else self.text


def all_of(*conditions: Condition | None) -> Condition | None:
    """Every given condition (None entries are skipped); None when there is nothing to filter on."""
    present = [condition for condition in conditions if condition is not None]
    if not present:
        return None
    combined = present[0]
    for condition in present[1:]:
        combined = combined & condition
    return combined


@dataclass(frozen=True, slots=True)
class Field:
    """A field path, e.g. `invoiceDate` or `company/identifier`, with the grammar's operators as methods."""

    path: str

    def __post_init__(self) -> None:
        if not _FIELD_PATH.match(self.path):
            raise ValueError(f"not a ConnectWise field path: {self.path!r}")

    def _compare(self, operator: str, value: Value) -> Condition:
        return Condition(f"{self.path} {operator} {render_value(value)}")

    def eq(self, value: Value) -> Condition:
        return self._compare("=", value)

    def ne(self, value: Value) -> Condition:
        return self._compare("!=", value)

    def lt(self, value: Value) -> Condition:
        return self._compare("<", value)

    def le(self, value: Value) -> Condition:
        return self._compare("<=", value)

    def gt(self, value: Value) -> Condition:
        return self._compare(">", value)

    def ge(self, value: Value) -> Condition:
        return self._compare(">=", value)

    def contains(self, text: str) -> Condition:
        return self._compare("contains", text)

    def not_contains(self, text: str) -> Condition:
        return self._compare("not contains", text)

    def like(self, pattern: str) -> Condition:
        """`*` is the wildcard ConnectWise documents for `like`."""
        return self._compare("like", pattern)

    def not_like(self, pattern: str) -> Condition:
        return self._compare("not like", pattern)

    def is_in(self, values: Iterable[Value]) -> Condition:
        return Condition(f"{self.path} in {_value_list(values)}")

    def not_in(self, values: Iterable[Value]) -> Condition:
        return Condition(f"{self.path} not in {_value_list(values)}")

    def is_null(self) -> Condition:
        return self._compare("=", None)

    def is_not_null(self) -> Condition:
        return self._compare("!=", None)


def field(path: str) -> Field:
    return Field(path)


def _value_list(values: Iterable[Value]) -> str:
    rendered = [render_value(value) for value in values]
    if not rendered:
        raise ValueError("an `in` list needs at least one value (ConnectWise rejects an empty list)")
    return "(" + ", ".join(rendered) + ")"
