"""Request bodies for QuickBooks Online with amounts written digit for digit.

httpx's JSON encoder goes through float for numbers it does not know, and a Decimal through float can lose a
cent. QBO reads amounts as JSON numbers, so this writer emits each Decimal's exact digits, and refuses floats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

JSON_HEADERS = {"Content-Type": "application/json"}
TEXT_HEADERS = {"Content-Type": "application/text"}


def dumps(value: Any) -> str:
    """Compact JSON; Decimals written with their own digits, floats refused."""
    parts: list[str] = []
    _write(value, parts.append)
    return "".join(parts)


def _write(value: Any, out: Callable[[str], None]) -> None:
    if isinstance(value, str):
        out(encode_basestring(value))
    elif value is None or isinstance(value, bool):
        out("null" if value is None else ("true" if value else "false"))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot send {value} as an amount")
        out(format(value, "f"))
    elif isinstance(value, int):
        out(str(value))
    elif isinstance(value, Mapping):
        out("{")
        for index, (key, item) in enumerate(value.items()):
            out("," if index else "")
            out(encode_basestring(str(key)))
            out(":")
            _write(item, out)
        out("}")
    elif isinstance(value, list | tuple):
        out("[")
        for index, item in enumerate(value):
            out("," if index else "")
            _write(item, out)
        out("]")
    else:
        raise TypeError(f"cannot send {type(value).__name__} {value!r} as JSON (amounts must be Decimal)")
