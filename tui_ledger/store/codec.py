"""How values are written to SQLite text columns: timestamps and JSON documents.

Timestamps are UTC ISO-8601 text with microseconds, always the same width, so ordering and range queries by
plain string comparison are correct and a human reading the file with `sqlite3` sees real dates.
JSON is read with `parse_float=Decimal` and Decimals are written as strings: money never passes through a float.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any


def timestamp_text(moment: datetime) -> str:
    """`2026-05-31T23:59:59.000000+00:00`; a naive datetime is refused (its zone would be a guess)."""
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {moment.isoformat()}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def timestamp_from_text(text: str) -> datetime:
    return datetime.fromisoformat(text)


def json_text(value: object) -> str:
    """Compact JSON; Decimals, dates and enums become strings, anything else unknown is a TypeError."""
    plain = dict(value) if isinstance(value, Mapping) else value
    return json.dumps(plain, default=_to_json, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def json_from_text(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def json_object_from_text(text: str) -> dict[str, Any]:
    value = json_from_text(text)
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, found {type(value).__name__}")
    return value


def _to_json(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return timestamp_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} cannot be stored as JSON")
