"""Request bodies for QuickBooks Online with amounts written digit for digit.

httpx's JSON encoder goes through float for numbers it does not know, and a Decimal through float can lose a
cent. QBO reads amounts as JSON numbers, so this writer emits each Decimal's exact digits, and refuses floats.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

JSON_HEADERS = {"Content-Type": "application/json"}
TEXT_HEADERS = {"Content-Type": "application/text"}


def dumps(value: Any) -> str:
    if value is None or isinstance(value, bool | int | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot send {value} as an amount")
        return format(value, "f")
    if isinstance(value, Mapping):
        return (
            "{"
            + ",".join(f"{json.dumps(str(key), ensure_ascii=False)}:{dumps(item)}" for key, item in value.items())
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    raise TypeError(f"cannot send {type(value).__name__} {value!r} as JSON (amounts must be Decimal)")
