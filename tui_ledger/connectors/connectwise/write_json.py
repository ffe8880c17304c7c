"""Request bodies for ConnectWise writes, with amounts written exactly as their Decimal digits.

httpx's `json=` cannot write a Decimal, and going through float would turn a unit price of `18.7` into
whatever binary fraction is nearest. Bodies of the write path are small (one agreement, one addition, a patch
of a few operations), so they are written here by a tiny encoder that knows exactly the types they hold.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

JSON_HEADERS = {"Content-Type": "application/json"}


def encode_json(value: Any) -> bytes:
    """UTF-8 JSON text of dicts, lists, text, integers, Decimals, booleans and None."""
    return _text(value).encode()


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot send the non-finite number {value} to ConnectWise")
        return format(value, "f")
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{json.dumps(str(key))}:{_text(item)}" for key, item in value.items()) + "}"
    if isinstance(value, Sequence):
        return "[" + ",".join(_text(item) for item in value) + "]"
    raise TypeError(f"cannot write a {type(value).__name__} into a ConnectWise request body")
