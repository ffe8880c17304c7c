"""The Pax8 Partner API sandbox: the read endpoints an MSP tool loads a month of invoice lines from.

Paths, query parameters, enums, the page envelope and the `Error` body follow specs/pax8_partner.json; the contract
tests validate every response the connector relies on against it. Routes live under `/v1` as on
`https://api.pax8.com/v1`, the token endpoint included. Behaviour the spec leaves open, decided here:

* 401 (partner `Error` body) for a missing, unknown, expired or wrong-audience bearer token.
* 429 beyond 1000 calls a minute (the third-party figure the reference cites), with no Retry-After header, as
  Pax8 documents none.
* Unknown `companyId`/`productId` in a list filter → 404 "Invalid companyId or productId"; an unknown or malformed
  id in a path → 404; an enum or date parameter outside the spec → 400.
* `/invoices?companyId=` lists the partner invoices holding items of that company (partner invoices name their
  customer per item, not per invoice).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from http import HTTPStatus

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.pax8.auth import TokenAuthority
from tui_ledger.sandbox.pax8.errors import error_response
from tui_ledger.sandbox.pax8.paging import BadQuery, enum_value, page_envelope, page_request, sort_order
from tui_ledger.sandbox.pax8.state import (
    Condition,
    Pax8State,
    Resource,
    child_of,
    field_at_least,
    field_at_most,
    field_equals,
)
from tui_ledger.sandbox.ratelimit import SlidingWindow

CALLS_PER_MINUTE = 1000

COMPANY_STATUSES = ("Active", "Inactive", "Deleted")
SUBSCRIPTION_STATUSES = (
    "Active",
    "Cancelled",
    "PendingManual",
    "PendingAutomated",
    "PendingCancel",
    "WaitingForDetails",
    "Trial",
    "Converted",
    "PendingActivation",
    "Activated",
)
BILLING_TERMS = ("Monthly", "Annual", "2-Year", "3-Year", "One-Time", "Trial", "Activation")
INVOICE_STATUSES = ("Unpaid", "Paid", "Void", "Carried", "Nothing Due", "Credited")

COMPANY_SORTS = {
    "name": "$.name",
    "city": "$.address.city",
    "country": "$.address.country",
    "stateOrProvince": "$.address.stateOrProvince",
    "postalCode": "$.address.postalCode",
}
PRODUCT_SORTS = {"name": "$.name", "vendor": "$.vendorName"}
SUBSCRIPTION_SORTS = {
    name: f"$.{name}" for name in ("quantity", "startDate", "endDate", "createdDate", "billingStart", "price")
}
INVOICE_SORTS = {
    name: f"$.{name}"
    for name in ("invoiceDate", "dueDate", "status", "partnerName", "total", "balance", "carriedBalance")
}

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

Handler = Callable[[Request], Awaitable[Response]]


def _json(text: str) -> Response:
    return Response(text, media_type="application/json")


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _iso_date(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadQuery(f"Invalid date '{value}' for parameter '{name}'; expected yyyy-MM-dd") from None


def _boolean(request: Request, name: str) -> bool | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    if value.lower() not in ("true", "false"):
        raise BadQuery(f"Invalid boolean '{value}' for parameter '{name}'")
    return value.lower() == "true"


def _number_equals(request: Request, name: str) -> Condition | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    if not _NUMBER.match(value):
        raise BadQuery(f"Invalid number '{value}' for parameter '{name}'")
    return Condition("json_extract(body, ?) = CAST(? AS REAL)", (f"$.{name}", value))


class Pax8Api:
    """The partner endpoints over one state file; every endpoint checks the token and the rate limit first."""

    def __init__(
        self, state: Pax8State, clock: Clock, rate_limits: bool = True, calls_per_minute: int = CALLS_PER_MINUTE
    ) -> None:
        self.state = state
        self.tokens = TokenAuthority(state, clock)
        self._window = SlidingWindow(calls_per_minute, 60.0, clock) if rate_limits else None

    def guarded(self, handler: Handler) -> Handler:
        """Authenticate, count against the rate limit, and turn a BadQuery into the API's 400."""

        async def endpoint(request: Request) -> Response:
            refusal = self.tokens.refusal(request)
            if refusal is not None:
                return refusal
            if self._window is not None and not self._window.try_acquire():
                return error_response(429, "Too Many Requests", request.url.path)
            try:
                return await handler(request)
            except BadQuery as bad:
                return error_response(400, str(bad), request.url.path)

        return endpoint

    def _one(self, resource: Resource, doc_id: str, what: str, request: Request) -> Response:
        body = self.state.get(resource, doc_id) if _is_uuid(doc_id) else None
        if body is None:
            return error_response(404, f"{what} not found: {doc_id}", request.url.path)
        return _json(body)

    def _known_ids(self, request: Request, *names_and_resources: tuple[str, Resource]) -> Response | None:
        """404 for a filter naming a company or product this partner does not have."""
        for name, resource in names_and_resources:
            value = request.query_params.get(name)
            if value is not None and not (_is_uuid(value) and self.state.exists(resource, value)):
                return error_response(404, "Invalid companyId or productId", request.url.path)
        return None

    def _page(
        self, request: Request, resource: Resource, conditions: list[Condition | None], sorts: dict[str, str]
    ) -> Response:
        paging = page_request(request.query_params)
        found = self.state.page(
            resource,
            conditions=[condition for condition in conditions if condition is not None],
            sort=sort_order(request.query_params, sorts) if sorts else None,
            page=paging.page,
            size=paging.size,
        )
        return _json(page_envelope(found, paging))

    async def companies(self, request: Request) -> Response:
        query = request.query_params
        conditions: list[Condition | None] = [
            field_equals(f"$.address.{name}", query[name])
            for name in ("city", "country", "stateOrProvince", "postalCode")
            if name in query
        ]
        for name in ("selfServiceAllowed", "billOnBehalfOfEnabled", "orderApprovalRequired"):
            flag = _boolean(request, name)
            conditions.append(None if flag is None else field_equals(f"$.{name}", flag))
        status = enum_value(query, "status", COMPANY_STATUSES)
        conditions.append(None if status is None else field_equals("$.status", status))
        return self._page(request, Resource.COMPANIES, conditions, COMPANY_SORTS)

    async def company(self, request: Request) -> Response:
        return self._one(Resource.COMPANIES, request.path_params["company_id"], "Company", request)

    async def products(self, request: Request) -> Response:
        query = request.query_params
        conditions: list[Condition | None] = []
        if "vendorName" in query:
            conditions.append(field_equals("$.vendorName", query["vendorName"]))
        if query.get("search"):
            pattern = f"%{query['search'].lower()}%"
            conditions.append(
                Condition(
                    "(lower(json_extract(body, '$.name')) LIKE ? OR lower(json_extract(body, '$.vendorName')) LIKE ?"
                    " OR lower(json_extract(body, '$.sku')) LIKE ? OR lower(id) LIKE ?)",
                    (pattern, pattern, pattern, pattern),
                )
            )
        return self._page(request, Resource.PRODUCTS, conditions, PRODUCT_SORTS)

    async def product(self, request: Request) -> Response:
        return self._one(Resource.PRODUCTS, request.path_params["product_id"], "Product", request)

    async def subscriptions(self, request: Request) -> Response:
        unknown = self._known_ids(request, ("companyId", Resource.COMPANIES), ("productId", Resource.PRODUCTS))
        if unknown is not None:
            return unknown
        query = request.query_params
        status = enum_value(query, "status", SUBSCRIPTION_STATUSES)
        term = enum_value(query, "billingTerm", BILLING_TERMS)
        conditions = [
            None if status is None else field_equals("$.status", status),
            None if term is None else field_equals("$.billingTerm", term),
            field_equals("$.companyId", query["companyId"]) if "companyId" in query else None,
            field_equals("$.productId", query["productId"]) if "productId" in query else None,
        ]
        return self._page(request, Resource.SUBSCRIPTIONS, conditions, SUBSCRIPTION_SORTS)

    async def subscription(self, request: Request) -> Response:
        return self._one(Resource.SUBSCRIPTIONS, request.path_params["subscription_id"], "Subscription", request)

    async def invoices(self, request: Request) -> Response:
        unknown = self._known_ids(request, ("companyId", Resource.COMPANIES))
        if unknown is not None:
            return unknown
        query = request.query_params
        status = enum_value(query, "status", INVOICE_STATUSES)
        invoice_date = _iso_date(request, "invoiceDate")
        range_start = _iso_date(request, "invoiceDateRangeStart")
        range_end = _iso_date(request, "invoiceDateRangeEnd")
        due_date = _iso_date(request, "dueDate")
        conditions = [
            None if status is None else field_equals("$.status", status),
            None if invoice_date is None else field_equals("$.invoiceDate", invoice_date),
            None if range_start is None else field_at_least("$.invoiceDate", range_start),
            None if range_end is None else field_at_most("$.invoiceDate", range_end),
            None if due_date is None else field_equals("$.dueDate", due_date),
            _number_equals(request, "total"),
            _number_equals(request, "balance"),
            _number_equals(request, "carriedBalance"),
        ]
        if "companyId" in query:
            conditions.append(
                Condition(
                    "id IN (SELECT parent_id FROM invoice_items WHERE json_extract(body, '$.companyId') = ?)",
                    (query["companyId"],),
                )
            )
        return self._page(request, Resource.INVOICES, conditions, INVOICE_SORTS)

    async def invoice(self, request: Request) -> Response:
        return self._one(Resource.INVOICES, request.path_params["invoice_id"], "Invoice", request)

    async def invoice_items(self, request: Request) -> Response:
        invoice_id = request.path_params["invoice_id"]
        if not (_is_uuid(invoice_id) and self.state.exists(Resource.INVOICES, invoice_id)):
            return error_response(404, f"Invoice not found: {invoice_id}", request.url.path)
        return self._page(request, Resource.INVOICE_ITEMS, [child_of(invoice_id)], {})

    def routes(self) -> list[Route]:
        guarded = self.guarded
        return [
            Route("/v1/token", self.tokens.token_endpoint, methods=["POST"]),
            Route("/v1/companies", guarded(self.companies), methods=["GET"]),
            Route("/v1/companies/{company_id}", guarded(self.company), methods=["GET"]),
            Route("/v1/products", guarded(self.products), methods=["GET"]),
            Route("/v1/products/{product_id}", guarded(self.product), methods=["GET"]),
            Route("/v1/subscriptions", guarded(self.subscriptions), methods=["GET"]),
            Route("/v1/subscriptions/{subscription_id}", guarded(self.subscription), methods=["GET"]),
            Route("/v1/invoices", guarded(self.invoices), methods=["GET"]),
            Route("/v1/invoices/{invoice_id}", guarded(self.invoice), methods=["GET"]),
            Route("/v1/invoices/{invoice_id}/items", guarded(self.invoice_items), methods=["GET"]),
        ]


async def _unknown_path(request: Request, exc: Exception) -> Response:
    """Unknown paths and methods answer in the partner `Error` dialect too, not in Starlette's plain text."""
    status = getattr(exc, "status_code", 404)
    return error_response(status, HTTPStatus(status).phrase, request.url.path)


def build_pax8_app(
    state: Pax8State, clock: Clock, rate_limits: bool = True, calls_per_minute: int = CALLS_PER_MINUTE
) -> Starlette:
    return Starlette(
        routes=Pax8Api(state, clock, rate_limits, calls_per_minute).routes(),
        exception_handlers={404: _unknown_path, 405: _unknown_path},
    )
