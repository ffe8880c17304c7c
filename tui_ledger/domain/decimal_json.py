"""JSON text with Decimal amounts written as JSON numbers, exactly: the one writer for every body that carries money.

Xero and QuickBooks read amounts as JSON numbers, and the sandboxes answer them that way, as the real APIs do
(`"costTotal": 1234.50`). The standard `json` module can only write numbers from floats, and a float would already
have lost the cent tui-ledger must keep. This writer emits a Decimal's own digits, and refuses floats outright.

It lives in the domain, although it is a wire format, because it is pure and both sides need it: the connectors
write request bodies with it and the sandboxes their answers, and the sandbox may not import the connectors. So
how money is written to JSON is decided in one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from json.encoder import encode_basestring

JsonValue = Mapping[str, "JsonValue"] | Sequence["JsonValue"] | str | int | bool | Decimal | date | datetime | None
"""What the writer accepts: JSON's own types, Decimal numbers, and dates (written in ISO 8601)."""


def dumps(value: JsonValue) -> str:
    """Compact JSON text for `value`; `TypeError` for anything that is not plain JSON data (floats included)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        return "{" + ",".join(f"{encode_basestring(str(key))}:{dumps(item)}" for key, item in value.items()) + "}"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"JSON has no number for {value!r}")
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, datetime | date):
        return f'"{value.isoformat()}"'
    if isinstance(value, Mapping):
        return dumps(dict(value))
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    raise TypeError(f"not JSON data: {type(value).__name__} {value!r}")
