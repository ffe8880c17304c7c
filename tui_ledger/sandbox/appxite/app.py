"""The AppXite Reporting API v2 sandbox: invoice headers and invoice rows of a requester.

What is documented and followed (reference/platform_apis.md §1): the v2 paths
`/api/v2/reporting/requesters/{requesterId}/invoices/headers|rows`, authentication by the `sasKey` query parameter
together with the `requesterId` path segment, `isPreview` (default false: only verified invoices; true: also New
and New Corrected ones), PascalCase fields with `Utc`-suffixed invoice dates, the charge types, and
`chargeStartDate`/`chargeEndDate`.

What is NOT documented anywhere available, and what this sandbox assumes (the connector is written to survive the
likely alternatives):
* Date filter: `invoiceDateFrom` / `invoiceDateTill` (`yyyy-MM-dd`, inclusive, both required), after the v2
  convention of `exchangeDateFrom` / `exchangeDateTill` on currency-rates.
* Paging: `pageNumber` (1-based, default 1) and `pageSize` (default and maximum 1000; more is a 400, never a silent
  cap); the body is a bare JSON array and the last page is the first one shorter than `pageSize`.
* Errors: ASP.NET Core problem details (`application/problem+json`, `{type, title, status, detail, traceId}`,
  validation errors under `errors`): 401 for a missing or unknown `sasKey`, 403 for a key granted to another
  requester, 400 for a bad parameter. AppXite runs on .NET; its exact texts are not published.
* Query parameter names are matched without regard to case, as ASP.NET Core model binding does.
* No rate limit is documented, so none is enforced.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import date
from http import HTTPStatus

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tui_ledger.domain import decimal_json
from tui_ledger.sandbox.appxite.state import AppXiteState, Table

MAX_PAGE_SIZE = 1000
_RFC9110 = "https://tools.ietf.org/html/rfc9110#section-"
_PROBLEM_TYPES = {
    400: _RFC9110 + "15.5.1",
    401: _RFC9110 + "15.5.2",
    403: _RFC9110 + "15.5.4",
    404: _RFC9110 + "15.5.5",
    405: _RFC9110 + "15.5.6",
    429: "https://tools.ietf.org/html/rfc6585#section-4",
    500: _RFC9110 + "15.6.1",
    502: _RFC9110 + "15.6.3",
    503: _RFC9110 + "15.6.4",
    504: _RFC9110 + "15.6.5",
}

Endpoint = Callable[[Request], Awaitable[Response]]


def problem(status: int, detail: str | None = None, errors: dict[str, list[str]] | None = None) -> Response:
    """An ASP.NET Core style problem-details response."""
    body: dict[str, object] = {
        "type": _PROBLEM_TYPES.get(status, _PROBLEM_TYPES[500]),
        "title": "One or more validation errors occurred." if errors else HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body["traceId"] = f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-00"
    return Response(decimal_json.dumps(body), status_code=status, media_type="application/problem+json")


def render_error(status: int) -> Response:
    """The body FaultMiddleware sends for an injected 5xx or 429."""
    return problem(status, "The service is temporarily unable to handle the request." if status >= 500 else None)


def _query(request: Request) -> dict[str, str]:
    return {name.lower(): value for name, value in request.query_params.items()}


def _required_date(query: dict[str, str], name: str, errors: dict[str, list[str]]) -> date | None:
    value = query.get(name.lower())
    if not value:
        errors[name] = [f"The {name} field is required."]
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = [f"The value '{value}' is not valid for {name}; expected yyyy-MM-dd."]
        return None


def _whole(query: dict[str, str], name: str, default: int, errors: dict[str, list[str]]) -> int:
    value = query.get(name.lower())
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        errors[name] = [f"The value '{value}' is not valid for {name}."]
        return default


def _flag(query: dict[str, str], name: str, errors: dict[str, list[str]]) -> bool:
    value = query.get(name.lower(), "false").lower()
    if value not in ("true", "false"):
        errors[name] = [f"The value '{value}' is not valid for {name}."]
    return value == "true"


class ReportingApi:
    def __init__(self, state: AppXiteState) -> None:
        self.state = state

    def _refusal(self, request: Request) -> Response | None:
        sas_key = _query(request).get("saskey")
        if not sas_key:
            return problem(401, "The sasKey query parameter is required.")
        granted_to = self.state.requester_of(sas_key)
        if granted_to is None:
            return problem(401, "The SAS key is invalid or has expired.")
        if granted_to != request.path_params["requester_id"]:
            return problem(403, "The SAS key does not grant access to this requester.")
        return None

    def _listing(self, table: Table) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
            query = _query(request)
            errors: dict[str, list[str]] = {}
            date_from = _required_date(query, "invoiceDateFrom", errors)
            date_till = _required_date(query, "invoiceDateTill", errors)
            preview = _flag(query, "isPreview", errors)
            number = _whole(query, "pageNumber", 1, errors)
            size = _whole(query, "pageSize", MAX_PAGE_SIZE, errors)
            if number < 1:
                errors["pageNumber"] = ["The field pageNumber must be 1 or greater."]
            if not 1 <= size <= MAX_PAGE_SIZE:
                errors["pageSize"] = [f"The field pageSize must be between 1 and {MAX_PAGE_SIZE}."]
            if errors or date_from is None or date_till is None:
                return problem(400, errors=errors)
            bodies = self.state.page(
                table,
                date_from=date_from,
                date_till=date_till,
                include_unverified=preview,
                offset=(number - 1) * size,
                limit=size,
            )
            return Response(f"[{','.join(bodies)}]", media_type="application/json")

        return endpoint

    def routes(self) -> list[Route]:
        base = "/api/v2/reporting/requesters/{requester_id}/invoices"
        return [
            Route(f"{base}/headers", self._listing(Table.HEADERS), methods=["GET"]),
            Route(f"{base}/rows", self._listing(Table.ROWS), methods=["GET"]),
        ]


async def _unknown_path(request: Request, exc: Exception) -> Response:
    return problem(getattr(exc, "status_code", 404))


def build_appxite_app(state: AppXiteState) -> Starlette:
    return Starlette(routes=ReportingApi(state).routes(), exception_handlers={404: _unknown_path, 405: _unknown_path})
