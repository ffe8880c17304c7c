"""Xero's wire formats as the connector reads and writes them.

Reads: MS-JSON dates (`/Date(1539993600000+0000)/`) and amounts as JSON numbers, parsed to Decimal by the base
client. Writes: ISO dates, and amounts written from Decimal digits, never through float, by the shared
`tui_ledger.domain.decimal_json` writer (`json.dumps` cannot do that).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from tui_ledger.connectors.errors import MalformedResponse

SERVICE = "Xero"
_MS_DATE = re.compile(r"^/Date\((?P<ms>-?\d+)(?P<offset>[+-]\d{4})?\)/$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def instant(value: object, field: str, record: str) -> datetime | None:
    """An MS-JSON timestamp as an aware UTC datetime; None when absent; `MalformedResponse` when unreadable."""
    if value in (None, ""):
        return None
    match = _MS_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        raise MalformedResponse(SERVICE, f"expected an MS-JSON date, got {value!r}", field=field, record=record)
    return _EPOCH + timedelta(milliseconds=int(match["ms"]))


def day(value: object, field: str, record: str) -> date | None:
    """The calendar date of an MS-JSON date field (Xero writes dates as midnight UTC)."""
    moment = instant(value, field, record)
    return moment.date() if moment else None


def amount(value: object, field: str, record: str, *, default: Decimal | None = None) -> Decimal:
    """A money or quantity field as Decimal; absent → `default` (or an error when there is none)."""
    if value is None:
        if default is not None:
            return default
        raise MalformedResponse(SERVICE, "the amount is missing", field=field, record=record)
    if isinstance(value, (bool, float)):
        raise MalformedResponse(SERVICE, f"expected an exact number, got {value!r}", field=field, record=record)
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise MalformedResponse(SERVICE, f"expected a number, got {value!r}", field=field, record=record) from None


def text(record: Mapping[str, Any], field: str, where: str, *, required: bool = False) -> str | None:
    value = record.get(field)
    if value is None or value == "":
        if required:
            raise MalformedResponse(SERVICE, "a required field is missing", field=field, record=where)
        return None
    if not isinstance(value, str):
        raise MalformedResponse(SERVICE, f"expected text, got {type(value).__name__}", field=field, record=where)
    return value


def records(body: Any, key: str, where: str) -> list[dict[str, Any]]:
    """The list under `key` of a response envelope (`{"Invoices": [...]}`), checked to be a list of objects."""
    if not isinstance(body, dict):
        raise MalformedResponse(SERVICE, f"expected a JSON object holding {key}", record=where)
    items = body.get(key)
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise MalformedResponse(SERVICE, f"expected a list of objects under {key}", field=key, record=where)
    return items
