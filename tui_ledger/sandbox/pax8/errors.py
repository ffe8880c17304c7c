"""Pax8's error dialect: the spec's `Error` schema `{type, message, instance, status, details[]}`.

Every non-2xx answer of a partner endpoint uses it, including the 5xx and 429 the fault injection produces, so a
client parses one shape. The token endpoint speaks OAuth's own dialect instead (see `auth`).
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.responses import Response

from tui_ledger.domain import decimal_json


def error_response(status: int, message: str, instance: str = "", details: list[str] | None = None) -> Response:
    """A JSON `Error` body; `type` is the HTTP reason phrase, as Pax8's examples show it."""
    body = {
        "type": HTTPStatus(status).phrase,
        "message": message,
        "instance": instance,
        "status": status,
        "details": [{"message": detail} for detail in details or ()],
    }
    return Response(decimal_json.dumps(body), status_code=status, media_type="application/json")


def render_error(status: int) -> Response:
    """The body FaultMiddleware sends for an injected 5xx or 429 (Pax8 documents no Retry-After header)."""
    message = "Too Many Requests" if status == HTTPStatus.TOO_MANY_REQUESTS else "An unexpected error occurred"
    return error_response(status, message)
