"""From an HTTP error response to a typed `ConnectorError` carrying the service's own words.

Every service words its errors differently (ConnectWise `{code, message, errors[]}`, Xero problem JSON or
plain text, QuickBooks `Fault.Error[]`), so reading the body is pluggable per service; choosing the error
type from the status is shared. A service with richer codes (QuickBooks 6140 "duplicate DocNumber")
subclasses `StatusErrorMapper` and overrides `error_for`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import httpx

from tui_ledger.connectors.errors import (
    AuthenticationFailed,
    ConnectorError,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
)
from tui_ledger.connectors.redaction import Redactor

LONGEST_QUOTED_BODY = 300
"""A non-JSON error body (an HTML error page) is quoted up to this many characters, on one line."""


@dataclass(frozen=True, slots=True)
class CallSite:
    """Which call failed: enough for a user to report it, nothing secret (no query string, no headers)."""

    service: str
    method: str
    path: str


@dataclass(frozen=True, slots=True)
class ServiceMessage:
    """What the service said about a failure: a headline, its itemised problems, and its own error code."""

    message: str
    problems: tuple[str, ...] = ()
    code: str | None = None

    def scrubbed(self, redactor: Redactor) -> ServiceMessage:
        return replace(
            self,
            message=redactor.scrub(self.message),
            problems=tuple(redactor.scrub(problem) for problem in self.problems),
        )


ErrorBodyReader = Callable[[httpx.Response], ServiceMessage]

_MESSAGE_KEYS = ("message", "Message", "detail", "Detail", "error_description", "title", "Title", "error")
_PROBLEM_LIST_KEYS = ("errors", "Errors", "Elements")


def _first_text(body: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = body.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _problem_texts(items: list[Any]) -> tuple[str, ...]:
    texts: list[str] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            texts.append(item.strip())
        elif isinstance(item, dict):
            text = _first_text(item, _MESSAGE_KEYS)
            if text:
                field = item.get("field")
                texts.append(f"{field}: {text}" if isinstance(field, str) and field and field not in text else text)
    return tuple(texts)


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LONGEST_QUOTED_BODY else flat[: LONGEST_QUOTED_BODY - 1] + "…"


def read_generic_error_body(response: httpx.Response) -> ServiceMessage:
    """Read the common shapes: `{message, errors[]}`, problem JSON, OAuth `{error, error_description}`, plain text."""
    fallback = response.reason_phrase or f"HTTP {response.status_code}"
    try:
        body = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        text = response.text.strip() if response.content else ""
        return ServiceMessage(_one_line(text) if text else fallback)
    if not isinstance(body, dict):
        return ServiceMessage(fallback)
    problems: tuple[str, ...] = ()
    for key in _PROBLEM_LIST_KEYS:
        items = body.get(key)
        if isinstance(items, list):
            problems = _problem_texts(items)
            break
    code = body.get("code") if isinstance(body.get("code"), str) else None
    return ServiceMessage(_first_text(body, _MESSAGE_KEYS) or fallback, problems, code)


class ErrorMapper(Protocol):
    """Turns an error response into the connector error a workflow can act on."""

    def read_message(self, response: httpx.Response) -> ServiceMessage: ...

    def error_for(self, status: int, message: ServiceMessage, call: CallSite) -> ConnectorError: ...


STATUS_ERRORS: dict[int, type[ConnectorError]] = {
    400: ValidationFailed,
    401: AuthenticationFailed,
    403: Forbidden,
    404: NotFound,
    405: ValidationFailed,
    409: ValidationFailed,
    422: ValidationFailed,
}


class StatusErrorMapper:
    """Chooses the error type from the status code; the body reader supplies the service's words."""

    def __init__(self, read_body: ErrorBodyReader = read_generic_error_body) -> None:
        self._read_body = read_body

    def read_message(self, response: httpx.Response) -> ServiceMessage:
        return self._read_body(response)

    def error_for(self, status: int, message: ServiceMessage, call: CallSite) -> ConnectorError:
        kind = STATUS_ERRORS.get(status)
        if kind is None:
            kind = ServiceUnavailable if status >= 500 else ConnectorError
        return kind(
            call.service,
            message.message,
            method=call.method,
            path=call.path,
            status=status,
            problems=message.problems,
            code=message.code,
        )
