"""Building QBO query statements that cannot be broken by the values in them.

String literals are single-quoted with `\\` and `'` escaped by a backslash (reference PART B3), so a customer named
O'Brien or a number with a backslash finds itself. Entity and property names are checked against a plain
identifier pattern: they come from code, never from data, and a typo should fail here rather than as a 4000 Fault.
Statements page with STARTPOSITION (1-based) and MAXRESULTS (at most 1000).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_RESULTS = 1000
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*")


def quote(value: str) -> str:
    """A query string literal for any text."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _name(identifier: str) -> str:
    if not _IDENTIFIER.fullmatch(identifier):
        raise ValueError(f"{identifier!r} is not an entity or property name")
    return identifier


def equals(prop: str, value: str) -> str:
    return f"{_name(prop)} = {quote(value)}"


def one_of(prop: str, values: Iterable[str]) -> str:
    listed = ", ".join(quote(value) for value in values)
    if not listed:
        raise ValueError(f"{prop} IN () would match nothing; leave the condition out instead")
    return f"{_name(prop)} IN ({listed})"


ACTIVE_OR_NOT = "Active IN (true, false)"
"""Name lists answer only active records unless asked about `Active`."""


def select(entity: str, *conditions: str, start: int = 1, max_results: int = MAX_RESULTS) -> str:
    """`select * from Entity [where a and b] startposition n maxresults m`."""
    if not 1 <= max_results <= MAX_RESULTS:
        raise ValueError(f"MAXRESULTS must be between 1 and {MAX_RESULTS}")
    statement = f"select * from {_name(entity)}"
    if conditions:
        statement += " where " + " and ".join(conditions)
    return f"{statement} startposition {start} maxresults {max_results}"
