"""JSON in and out of the QuickBooks sandbox with money kept as Decimal.

QBO sends amounts as JSON numbers. The standard encoder cannot write a Decimal as a number without passing through
float, which would turn 0.1 into 0.1000000000000000055...; this small encoder writes Decimals digit for digit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from starlette.responses import Response

JSON_MEDIA_TYPE = "application/json;charset=UTF-8"


class QboJsonError(ValueError):
    """A body that is not JSON, or not the JSON object the endpoint expects."""


def loads(text: bytes | str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise QboJsonError(f"malformed JSON: {exc}") from None


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
            raise ValueError(f"cannot write {value} as a JSON number")
        out(format(value, "f"))
    elif isinstance(value, int):
        out(str(value))
    elif isinstance(value, dict):
        out("{")
        first = True
        for key, item in value.items():
            if not first:
                out(",")
            first = False
            out(encode_basestring(str(key)))
            out(":")
            _write(item, out)
        out("}")
    elif isinstance(value, list | tuple):
        out("[")
        for index, item in enumerate(value):
            if index:
                out(",")
            _write(item, out)
        out("]")
    else:
        raise TypeError(f"refusing to write {type(value).__name__} {value!r}: amounts are Decimal, never float")


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(body).encode("utf-8"), status_code=status, media_type=JSON_MEDIA_TYPE, headers=headers)
