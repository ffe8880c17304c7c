"""JSON in and out of the QuickBooks sandbox with money kept as Decimal.

QBO sends amounts as JSON numbers: bodies are read with `parse_float=Decimal`, and written by the shared
`tui_ledger.domain.decimal_json` writer, which puts a Decimal's digits on the wire without passing through float.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from starlette.responses import Response

from tui_ledger.domain.decimal_json import dumps

JSON_MEDIA_TYPE = "application/json;charset=UTF-8"


class QboJsonError(ValueError):
    """A body that is not JSON, or not the JSON object the endpoint expects."""


def loads(text: bytes | str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise QboJsonError(f"malformed JSON: {exc}") from None


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(body).encode("utf-8"), status_code=status, media_type=JSON_MEDIA_TYPE, headers=headers)
