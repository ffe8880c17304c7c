"""How Xero writes dates and numbers on the wire, both ways.

Reads carry MS-JSON dates (`"/Date(1539993600000+0000)/"`) beside an ISO `DateString`; the official SDKs refuse
anything else in date fields. Writes may send `"2019-03-11"`, `"2019-03-11T00:00:00"` or MS-JSON (the SDKs send
MS-JSON), so the sandbox accepts all three. Amounts are JSON numbers written from Decimal, never through float.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from starlette.responses import Response

from tui_ledger.domain import decimal_json
from tui_ledger.domain.decimal_json import JsonValue

_MS_DATE = re.compile(r"^/Date\((?P<ms>-?\d+)(?P<offset>[+-]\d{4})?\)/$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CENT = Decimal("0.01")
UNIT_2DP = Decimal("0.01")
UNIT_4DP = Decimal("0.0001")


class WireValueError(ValueError):
    """A request value Xero would not accept; the message is what the sandbox tells the client."""


def epoch_ms(moment: datetime) -> int:
    return int((moment - _EPOCH) / timedelta(milliseconds=1))


def ms_date(day: date) -> str:
    """`/Date(1539993600000+0000)/`: a calendar date as midnight UTC, the form Xero uses on record fields."""
    return f"/Date({epoch_ms(datetime.combine(day, time(), UTC))}+0000)/"


def ms_datetime(moment: datetime, *, with_offset: bool = True) -> str:
    """A UTC instant in MS-JSON; the envelope's `DateTimeUTC` is written without the offset, as Xero does."""
    suffix = "+0000" if with_offset else ""
    return f"/Date({epoch_ms(moment.astimezone(UTC))}{suffix})/"


def date_string(day: date) -> str:
    """The ISO companion of a date field (`DateString`), in the spec examples' form."""
    return f"{day.isoformat()} 00:00:00"


def datetime_string(moment: datetime) -> str:
    """The ISO companion of `UpdatedDateUTC` (`UpdatedDateUTCString`)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00:00")


def parse_ms_instant(text: str) -> datetime | None:
    """The instant of an MS-JSON string, or None when `text` is not one."""
    match = _MS_DATE.match(text)
    if match is None:
        return None
    return _EPOCH + timedelta(milliseconds=int(match["ms"]))


def parse_request_date(value: object, field: str) -> date:
    """A date field of a request body in any form Xero accepts."""
    if not isinstance(value, str) or not value.strip():
        raise WireValueError(f"{field} must be a date such as 2026-01-31")
    text = value.strip()
    instant = parse_ms_instant(text)
    if instant is not None:
        return instant.date()
    try:
        return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)
    except ValueError:
        raise WireValueError(f"{field} '{text}' is not a valid date") from None


def parse_amount(value: object, field: str) -> Decimal:
    """A numeric request field (sent as a JSON number or a numeric string) as Decimal."""
    if isinstance(value, bool) or value is None:
        raise WireValueError(f"{field} must be a number")
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise WireValueError(f"{field} '{value}' is not a number") from None
    if not amount.is_finite():
        raise WireValueError(f"{field} '{value}' is not a number")
    return amount


def money(amount: Decimal) -> Decimal:
    """Two decimals, half away from zero, as Xero rounds line and document totals."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def json_response(body: JsonValue, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(decimal_json.dumps(body), status_code=status_code, media_type="application/json", headers=headers)
