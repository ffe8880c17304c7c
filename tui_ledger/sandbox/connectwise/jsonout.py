"""JSON bodies with amounts written from Decimal exactly, as the numbers ConnectWise sends.

The standard encoder cannot write a Decimal as a number. Here each Decimal is handed to the C encoder as a
marked string and the marks are removed afterwards, so a page of a thousand records is still encoded at C
speed and `1234.50` leaves the sandbox as `1234.50`, never as a binary float. The mark is a NUL character,
which no stored string contains: request bodies carrying control characters are refused before storage.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

_MARK = "\x00"
_OPENING = '"\\u0000'
_CLOSING = '\\u0000"'


def _mark_decimal(value: Any) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write the non-finite amount {value} as JSON")
        return f"{_MARK}{value}{_MARK}"
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


_ENCODER = json.JSONEncoder(default=_mark_decimal, separators=(",", ":"), ensure_ascii=False)
"""One encoder for every call: ten thousand rows are encoded one by one, and building an encoder per call shows."""


def dumps(value: Any) -> str:
    """Compact JSON text; Decimals become JSON numbers with exactly their digits."""
    text = _ENCODER.encode(value)
    if _OPENING not in text:
        return text
    return text.replace(_OPENING, "").replace(_CLOSING, "")


def loads(text: str | bytes) -> Any:
    """Parse a request body with non-integral numbers as Decimal."""
    return json.loads(text, parse_float=Decimal)


def has_control_characters(value: Any) -> bool:
    """True if any string in `value` holds a control character other than tab and newlines."""
    if isinstance(value, str):
        return any(ord(char) < 32 and char not in "\t\r\n" for char in value)
    if isinstance(value, dict):
        return any(has_control_characters(key) or has_control_characters(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_control_characters(item) for item in value)
    return False
