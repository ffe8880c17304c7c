"""ConnectWise JSON in and out of the sandbox: bodies parsed with exact amounts, answers written by the one writer.

Answers are written by `tui_ledger.domain.decimal_json.dumps`, the writer every sandbox and connector shares, so
`1234.50` leaves the sandbox as `1234.50`, never as a binary float, and how money is written to JSON is decided in
one place. Request bodies are parsed with non-integral numbers as Decimal, and a body carrying control characters
is refused before storage (`has_control_characters`), as ConnectWise refuses it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tui_ledger.domain.decimal_json import dumps

__all__ = ["dumps", "has_control_characters", "loads"]


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
