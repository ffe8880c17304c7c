"""Xero's error answers as typed errors that say what to do.

Xero answers a refusal in four dialects: a 400 `ValidationException` whose `Elements` carry `ValidationErrors`,
401/403 problem JSON (`Title`, `Detail`), a plain-text 404, and an empty 429 whose headers say which limit was hit.
This mapper reads all four and words the ones a user can fix (a token Xero no longer accepts, an organisation not
connected, the day's calls used up) as an instruction, with the profile's sign-in command.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from tui_ledger.connectors.error_mapping import (
    CallSite,
    ServiceMessage,
    StatusErrorMapper,
    read_generic_error_body,
)
from tui_ledger.connectors.errors import AuthenticationFailed, ConnectorError, Forbidden

RATE_LIMIT_PROBLEM = "X-Rate-Limit-Problem"
TENANT_HEADER = "xero-tenant-id"

_LIMIT_WORDS = {
    "day": "Xero's daily limit of 5,000 calls for this organisation is used up; start the run again once it "
    "resets (documents already exported stay exported)",
    "minute": "Xero's limit of 60 calls a minute for this organisation was reached",
    "concurrent": "Xero's limit of 5 calls at once for this organisation was reached",
    "appminute": "Xero's limit of 10,000 calls a minute for this app was reached",
}


def is_day_limit(response: httpx.Response) -> bool:
    return response.status_code == 429 and response.headers.get(RATE_LIMIT_PROBLEM, "").strip().lower() == "day"


def _validation_problems(body: dict[str, Any]) -> tuple[str, ...]:
    problems: list[str] = []
    for element in body.get("Elements") or []:
        if not isinstance(element, dict):
            continue
        for error in element.get("ValidationErrors") or []:
            if isinstance(error, dict) and isinstance(error.get("Message"), str):
                problems.append(error["Message"])
    return tuple(dict.fromkeys(problems))


def read_xero_error(response: httpx.Response) -> ServiceMessage:
    if response.status_code == 429:
        problem = response.headers.get(RATE_LIMIT_PROBLEM, "").strip().lower()
        return ServiceMessage(
            _LIMIT_WORDS.get(problem, "Xero refused the call for its rate limit"), code=problem or None
        )
    try:
        body = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        body = None
    if isinstance(body, dict) and body.get("Type") == "ValidationException":
        return ServiceMessage(
            str(body.get("Message") or "A validation exception occurred"),
            _validation_problems(body),
            "ValidationException",
        )
    if isinstance(body, dict) and "Title" in body and "Detail" in body:
        return ServiceMessage(f"{body.get('Title')}: {body.get('Detail')}", code=str(body.get("Detail") or "") or None)
    return read_generic_error_body(response)


class XeroErrorMapper(StatusErrorMapper):
    """Status → typed error, with instructions for the refusals a user fixes by signing in or choosing again."""

    def __init__(self, sign_in_hint: str, tenant_hint: str) -> None:
        super().__init__(read_xero_error)
        self.sign_in_hint = sign_in_hint
        self.tenant_hint = tenant_hint

    def error_for(self, status: int, message: ServiceMessage, call: CallSite) -> ConnectorError:
        where = {"method": call.method, "path": call.path, "status": status, "code": message.code}
        if status == 401:
            return AuthenticationFailed(
                call.service,
                f"Xero did not accept the access token ({message.code or 'AuthenticationUnsuccessful'}); "
                f"{self.sign_in_hint}",
                **where,
            )
        if status == 403 and message.code == "AuthorizationUnsuccessful":
            return Forbidden(
                call.service,
                f"the Xero sign-in does not grant this (a scope is missing); {self.sign_in_hint}, "
                "and allow every access Xero asks for",
                **where,
            )
        if status == 403:
            return Forbidden(
                call.service,
                "Xero refused the organisation: it is not connected to this app, or no tenant id was sent; "
                f"{self.tenant_hint}",
                **where,
            )
        return super().error_for(status, message, call)
