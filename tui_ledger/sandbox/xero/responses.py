"""Xero's error dialects, one per kind of failure, exactly as clients meet them.

* 400 `ValidationException` (`ErrorNumber` 10) echoing the failing elements with their `ValidationErrors`.
* 401 and 403: problem JSON (`Type`, `Title`, `Status`, `Detail`, `Instance`, `Extensions`); 401 adds
  `WWW-Authenticate: Bearer error="invalid_token"`.
* 404: plain text, not JSON (a known Xero quirk the spec does not describe).
* 429: an empty body; `Retry-After` and `X-Rate-Limit-Problem` say which limit and for how long.
* 5xx: plain text, as Xero's maintenance and outage pages are.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from http import HTTPStatus

from starlette.responses import PlainTextResponse, Response

from tui_ledger.domain.decimal_json import JsonValue
from tui_ledger.sandbox.xero.wire import json_response

NOT_FOUND_TEXT = "The resource you're looking for cannot be found"
CORRELATION_HEADER = "Xero-Correlation-Id"


def validation_exception(elements: Sequence[JsonValue], message: str = "A validation exception occurred") -> Response:
    body = {"ErrorNumber": 10, "Type": "ValidationException", "Message": message, "Elements": list(elements)}
    return json_response(body, status_code=400)


def single_validation_error(message: str) -> Response:
    """A request-level refusal (bad filter, bad key) in the same shape, with the message on one element."""
    return validation_exception([{"ValidationErrors": [{"Message": message}]}])


def problem(status: int, detail: str) -> Response:
    """401/403 problem JSON with a fresh correlation id, as Xero's gateway answers."""
    instance = str(uuid.uuid4())
    body = {
        "Type": None,
        "Title": HTTPStatus(status).phrase,
        "Status": status,
        "Detail": detail,
        "Instance": instance,
        "Extensions": {},
    }
    headers = {CORRELATION_HEADER: instance}
    if status == HTTPStatus.UNAUTHORIZED:
        headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return json_response(body, status_code=status, headers=headers)


def not_found() -> Response:
    return PlainTextResponse(NOT_FOUND_TEXT, status_code=404)


def too_many_requests(problem_name: str, retry_after_seconds: int) -> Response:
    headers = {"Retry-After": str(max(int(retry_after_seconds), 1)), "X-Rate-Limit-Problem": problem_name}
    return Response(b"", status_code=429, headers=headers)


def render_error(status: int) -> Response:
    """The body FaultMiddleware sends for an injected fault: Xero's own outage text, or a minute-limit 429."""
    if status == HTTPStatus.TOO_MANY_REQUESTS:
        return too_many_requests("minute", 1)
    if status == HTTPStatus.SERVICE_UNAVAILABLE:
        return PlainTextResponse("The Xero API is temporarily unavailable", status_code=status)
    return PlainTextResponse("An unhandled error occurred in the Xero API", status_code=status)
