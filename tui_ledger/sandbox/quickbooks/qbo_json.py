"""JSON in and out of the QuickBooks sandbox with money kept as Decimal.

QBO sends amounts as JSON numbers. The standard encoder cannot write a Decimal as a number without passing through
float, which would turn 0.1 into 0.1000000000000000055...; this small encoder writes Decimals digit for digit.
"""

from __future__ import annotations

import json
from decimal import Decimal
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
    return "".join(_encode(value))


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            if index:
                yield ","
            yield json.dumps(str(key), ensure_ascii=False)
            yield ":"
            yield from _encode(item)
        yield "}"
    elif isinstance(value, list | tuple):
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ","
            yield from _encode(item)
        yield "]"
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} as a JSON number")
        yield format(value, "f")
    elif isinstance(value, float):
        raise TypeError(f"refusing to write float {value!r}: amounts are Decimal")
    else:
        yield json.dumps(value, ensure_ascii=False)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(body).encode("utf-8"), status_code=status, media_type=JSON_MEDIA_TYPE, headers=headers)
