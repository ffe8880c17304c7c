"""The ConnectWise sandbox as a Starlette app, on the real paths under `/v4_6_release/apis/3.0`.

Every list endpoint shares one implementation (filters, order, projection, paging, `Link`), configured by a
`Listing`: where the rows come from and which fields the model has. The accounting actions live in
`accounting.py`, the GLExport body in `export.py`; this module only speaks HTTP. `ConnectWiseGate` checks
credentials and the API version before any route runs and stamps every response with the headers the
real service sends (`api-current-version`, `x-cw-request-id`, `x-server-name`).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui_ledger.sandbox.connectwise import fields
from tui_ledger.sandbox.connectwise.accounting import (
    batch_to_delete,
    parse_batch_request,
    parse_export_request,
    rebatch_purchase_order,
    unbatch_purchase_order,
)
from tui_ledger.sandbox.connectwise.addition_rules import ADDITION_FIELDS
from tui_ledger.sandbox.connectwise.agreement_routes import addition_rows, agreement_rows, agreement_write_routes
from tui_ledger.sandbox.connectwise.auth import (
    CURRENT_VERSION,
    DEMO_CREDENTIALS,
    Credentials,
    check_credentials,
    content_type,
    requested_version,
)
from tui_ledger.sandbox.connectwise.batch_lookup import batch_rows_for
from tui_ledger.sandbox.connectwise.errors import (
    CwError,
    invalid,
    method_not_allowed,
    not_found,
    unknown_path,
)
from tui_ledger.sandbox.connectwise.export import ExportSelection, GLExportBuilder
from tui_ledger.sandbox.connectwise.jsonout import dumps, loads
from tui_ledger.sandbox.connectwise.ledger import Ledger
from tui_ledger.sandbox.connectwise.listing import ListQuery, filter_and_sort, paginate, parse_list_query, project
from tui_ledger.sandbox.connectwise.row_texts import rows_json
from tui_ledger.sandbox.connectwise.store import ConnectWiseStore, StateMissingError
from tui_ledger.sandbox.service_spec import SandboxContext

API_ROOT = "/v4_6_release/apis/3.0"
SERVICE_NAME = "connectwise"
SERVER_NAME = "tuiledger-sandbox-cw01"

Body = dict[str, Any]
Rows = Callable[[Ledger, Mapping[str, Any]], list[Body]]
IndexedRows = Callable[[Ledger, Mapping[str, str]], list[Body] | None]
"""The rows an index picks for a query's parameters (at least every row that can match), or None: read them all."""
Endpoint = Callable[[Request], Awaitable[Response]]


class ConnectWiseService:
    """The app's access to its state: the ledger is opened on the first request and refreshed on each."""

    def __init__(self, context: SandboxContext) -> None:
        self.context = context
        self._ledger: Ledger | None = None

    def ledger(self) -> Ledger:
        try:
            if self._ledger is None:
                self._ledger = Ledger(ConnectWiseStore(self.context.state_file(SERVICE_NAME)))
            else:
                self._ledger.refresh()
        except StateMissingError as missing:
            raise CwError(503, "ConnectWiseApi", str(missing)) from None
        return self._ledger


def respond(request: Request, text: str, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    version = getattr(request.state, "cw_version", CURRENT_VERSION)
    return Response(text, status_code=status, media_type=content_type(version), headers=dict(headers or {}))


async def read_json(request: Request, resource: str) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise invalid(resource, "The request body is not valid JSON.") from None


# ---------------------------------------------------------------- lists, counts and single records


@dataclass(frozen=True, slots=True)
class Listing:
    path: str
    resource: str
    fields: frozenset[str]
    rows: Rows
    static_rows: bool = False
    """Rows never change once seeded (the Unposted tabs): their JSON is encoded once and reused."""
    indexed: IndexedRows | None = None
    """A short cut for the queries an index answers (a batch by its identifier); the query still filters its rows."""


def _base_url(request: Request) -> str:
    return str(request.url.replace(query=""))


MAX_REMEMBERED_SELECTIONS = 16


def _selection(
    ledger: Ledger, listing: Listing, request: Request, query: ListQuery, params: dict[str, str]
) -> list[Body]:
    """The filtered, sorted rows of a listing; remembered, so paging through ten pages filters once."""
    filters = tuple(
        (key.lower(), value)
        for key, value in sorted(params.items())
        if key.lower() in ("conditions", "childconditions", "customfieldconditions", "orderby")
    )
    key = (listing.path, tuple(sorted(request.path_params.items())), filters, query.forward_only, ledger.generation)
    selected = ledger.selections.get(key)
    if selected is None:
        rows = listing.indexed(ledger, params) if listing.indexed else None
        selected = filter_and_sort(listing.rows(ledger, request.path_params) if rows is None else rows, query)
        if len(ledger.selections) >= MAX_REMEMBERED_SELECTIONS:
            ledger.selections.pop(next(iter(ledger.selections)))
        ledger.selections[key] = selected
    return selected


def list_endpoint(service: ConnectWiseService, listing: Listing) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        ledger = service.ledger()
        params = dict(request.query_params)
        query = parse_list_query(params, request.headers, listing.fields)
        page = paginate(_selection(ledger, listing, request, query, params), query, _base_url(request), params)
        if listing.static_rows:
            text = rows_json(ledger, listing.path, page.rows, query.fields)
        elif query.fields is not None:
            text = dumps([project(row, query.fields) for row in page.rows])
        else:
            text = dumps(page.rows)
        return respond(request, text, headers={"Link": page.link} if page.link else None)

    return endpoint


def count_endpoint(service: ConnectWiseService, listing: Listing) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        ledger = service.ledger()
        params = dict(request.query_params)
        query = parse_list_query(params, {}, listing.fields)
        # The selection the pages of the same conditions use: a Retrieve asks /count beside its first page.
        return respond(request, dumps({"count": len(_selection(ledger, listing, request, query, params))}))

    return endpoint


def get_endpoint(service: ConnectWiseService, listing: Listing) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        ledger = service.ledger()
        wanted = request.path_params["id"]
        row = next((row for row in listing.rows(ledger, request.path_params) if row.get("id") == wanted), None)
        if row is None:
            raise not_found(listing.resource, wanted)
        query = parse_list_query(dict(request.query_params), {}, listing.fields)
        return respond(request, dumps(project(row, query.fields) if query.fields else row))

    return endpoint


def _batch_entries(ledger: Ledger, params: Mapping[str, Any]) -> list[Body]:
    parent = int(params["parentId"])
    if parent not in ledger.batches:
        raise not_found("AccountingBatch", parent)
    return ledger.batch_entries(parent)


def _line_items(ledger: Ledger, params: Mapping[str, Any]) -> list[Body]:
    parent = int(params["parentId"])
    if parent not in ledger.resources["purchase_orders"]:
        raise not_found("PurchaseOrder", parent)
    items = ledger.resources["po_line_items"]
    return [ledger.line_item(items[line_id]) for line_id in ledger.lines_of_po.get(parent, [])]


LISTINGS: tuple[Listing, ...] = (
    Listing(
        "/finance/accounting/unpostedinvoices",
        "UnpostedInvoice",
        fields.UNPOSTED_INVOICE,
        lambda ledger, _: ledger.unposted_rows("unposted_invoices"),
        static_rows=True,
    ),
    Listing(
        "/finance/accounting/unpostedexpenses",
        "UnpostedExpense",
        fields.UNPOSTED_EXPENSE,
        lambda ledger, _: ledger.unposted_rows("unposted_expenses"),
        static_rows=True,
    ),
    Listing(
        "/finance/accounting/unpostedprocurement",
        "UnpostedProcurement",
        fields.UNPOSTED_PROCUREMENT,
        lambda ledger, _: ledger.unposted_rows("unposted_procurement"),
        static_rows=True,
    ),
    Listing(
        "/finance/accounting/batches",
        "AccountingBatch",
        fields.ACCOUNTING_BATCH,
        lambda ledger, _: [ledger.batch_body(batch) for batch in ledger.batches.values()],
        indexed=batch_rows_for,
    ),
    Listing("/finance/accounting/batches/{parentId:int}/entries", "BatchEntry", fields.BATCH_ENTRY, _batch_entries),
    Listing(
        "/finance/invoices",
        "Invoice",
        fields.INVOICE,
        lambda ledger, _: [ledger.invoice(body) for body in ledger.resources["invoices"].values()],
    ),
    Listing(
        "/expense/entries",
        "ExpenseEntry",
        fields.EXPENSE_ENTRY,
        lambda ledger, _: list(ledger.resources["expense_entries"].values()),
    ),
    Listing(
        "/procurement/purchaseorders",
        "PurchaseOrder",
        fields.PURCHASE_ORDER,
        lambda ledger, _: list(ledger.resources["purchase_orders"].values()),
    ),
    Listing(
        "/procurement/purchaseorders/{parentId:int}/lineitems",
        "PurchaseOrderLineItem",
        fields.PURCHASE_ORDER_LINE_ITEM,
        _line_items,
    ),
    Listing(
        "/company/companies",
        "Company",
        fields.COMPANY,
        lambda ledger, _: list(ledger.resources["companies"].values()),
    ),
    Listing("/finance/agreements", "Agreement", fields.AGREEMENT, agreement_rows),
    Listing("/finance/agreements/{parentId:int}/additions", "Addition", ADDITION_FIELDS, addition_rows),
    Listing(
        "/finance/agreements/types",
        "AgreementType",
        fields.AGREEMENT_TYPE,
        lambda ledger, _: list(ledger.resources["agreement_types"].values()),
    ),
    Listing(
        "/procurement/catalog",
        "CatalogItem",
        fields.CATALOG_ITEM,
        lambda ledger, _: list(ledger.resources["catalog"].values()),
    ),
    Listing("/system/members", "Member", fields.MEMBER, lambda ledger, _: list(ledger.resources["members"].values())),
    Listing(
        "/system/locations",
        "Location",
        fields.LOCATION,
        lambda ledger, _: list(ledger.resources["locations"].values()),
    ),
)


# ---------------------------------------------------------------- accounting actions


def export_endpoint(service: ConnectWiseService) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        ledger = service.ledger()
        export = parse_export_request(
            await read_json(request, "exportAccountingBatchRequest"), ledger, service.context.clock
        )
        return respond(request, GLExportBuilder(ledger).render(export.selection, export.level, export.settings))

    return endpoint


def create_batch_endpoint(service: ConnectWiseService) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        ledger = service.ledger()
        batch = parse_batch_request(
            await read_json(request, "createAccountingBatchRequest"), ledger, service.context.clock
        )
        created = ledger.create_batch(batch.row, batch.records)
        settings = {
            "batchIdentifier": created.identifier,
            "exportInvoicesFlag": created.export_invoices,
            "exportExpensesFlag": created.export_expenses,
            "exportProductsFlag": created.export_products,
            "summarizeInvoices": "Default",
        }
        text = GLExportBuilder(ledger).render(ExportSelection.of_records(batch.records), "Default", settings)
        return respond(request, text, status=201)

    return endpoint


def delete_batch_endpoint(service: ConnectWiseService) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        ledger = service.ledger()
        batch = batch_to_delete(ledger, int(request.path_params["id"]))
        ledger.delete_batch(batch.id)
        return Response(status_code=204)

    return endpoint


def batch_export_endpoint(service: ConnectWiseService) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        ledger = service.ledger()
        batch_id = int(request.path_params["id"])
        batch = ledger.batches.get(batch_id)
        if batch is None:
            raise not_found("AccountingBatch", batch_id)
        body = await read_json(request, "exportAccountingBatchRequest")
        level = body.get("summarizeInvoices", "Default") if isinstance(body, dict) else "Default"
        if level not in ("Default", "Condensed", "Detailed"):
            raise invalid(
                "exportAccountingBatchRequest",
                f"summarizeInvoices must be Default, Condensed or Detailed, not {level!r}.",
                field="summarizeInvoices",
            )
        records = [record for record in ledger.records_in_batch(batch_id) if ledger.batch_of(record) is batch]
        settings = {"batchIdentifier": batch.identifier, "summarizeInvoices": level}
        return respond(request, GLExportBuilder(ledger).render(ExportSelection.of_records(records), level, settings))

    return endpoint


def purchase_order_action(service: ConnectWiseService, unbatch: bool) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        ledger = service.ledger()
        po_id = int(request.path_params["id"])
        outcome = unbatch_purchase_order(ledger, po_id) if unbatch else rebatch_purchase_order(ledger, po_id)
        return respond(request, dumps(outcome.body()))

    return endpoint


async def system_info(request: Request) -> Response:
    return respond(
        request,
        dumps(
            {
                "version": f"v{CURRENT_VERSION}.112233",
                "isCloud": True,
                "serverTimeZone": "Eastern Standard Time",
                "licenseBits": [],
                "cloudRegion": "NA",
                "maxWorkFlowRecordsAllowed": 10000,
            }
        ),
    )


async def company_info(request: Request) -> Response:
    """`GET /login/companyinfo/{companyId}`: codebase discovery, answered without credentials."""
    company = request.path_params["companyId"]
    if company.lower() != DEMO_CREDENTIALS.company_id:
        return Response(dumps(None), media_type="application/json; charset=utf-8")
    return Response(
        dumps(
            {
                "CompanyName": company,
                "Codebase": "v4_6_release/",
                "VersionCode": f"v{CURRENT_VERSION}",
                "VersionNumber": "v4.6.112233",
                "CompanyID": company,
                "IsCloud": True,
                "SiteUrl": str(request.url.replace(query="")).split("/login/companyinfo/")[0],
            }
        ),
        media_type="application/json; charset=utf-8",
    )


# ---------------------------------------------------------------- the app


class ConnectWiseGate:
    """Credentials, API version and ConnectWise's response headers, around every API request."""

    def __init__(self, app: ASGIApp, credentials: Credentials) -> None:
        self.app = app
        self.credentials = credentials
        self._request_ids = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        root = scope.get("root_path", "")
        path = scope["path"][len(root) :] if scope["path"].startswith(root) else scope["path"]
        request_id = f"{next(self._request_ids):08d}-cw"

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"api-current-version", CURRENT_VERSION.encode()),
                    (b"x-cw-request-id", request_id.encode()),
                    (b"x-server-name", SERVER_NAME.encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        if path.startswith(API_ROOT):
            headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
            refusal = check_credentials(headers, self.credentials)
            if refusal is None:
                try:
                    scope.setdefault("state", {})["cw_version"] = requested_version(headers.get("accept", ""))
                except CwError as error:
                    refusal = error
            if refusal is not None:
                await refusal.response()(scope, receive, stamped)
                return
        await self.app(scope, receive, stamped)


async def _cw_error(_request: Request, error: Exception) -> Response:
    if not isinstance(error, CwError):
        raise error
    return error.response()


async def _http_error(request: Request, error: Exception) -> Response:
    status = getattr(error, "status_code", 500)
    if status == 405:
        return method_not_allowed(request.method).response()
    if status == 404:
        return unknown_path(request.url.path).response()
    return CwError(status, "ConnectWiseApi", str(getattr(error, "detail", "")) or "Request failed.").response()


def _routes(service: ConnectWiseService) -> list[Route]:
    routes: list[Route] = []
    for listing in LISTINGS:
        routes += [
            Route(f"{listing.path}/count", count_endpoint(service, listing), methods=["GET"]),
            Route(f"{listing.path}/{{id:int}}", get_endpoint(service, listing), methods=["GET"]),
        ]
    routes += [
        Route("/finance/accounting/export", export_endpoint(service), methods=["POST"]),
        Route("/finance/accounting/batches", create_batch_endpoint(service), methods=["POST"]),
        Route("/finance/accounting/batches/{id:int}", delete_batch_endpoint(service), methods=["DELETE"]),
        Route("/finance/accounting/batches/{id:int}/export", batch_export_endpoint(service), methods=["POST"]),
        Route("/procurement/purchaseorders/{id:int}/unbatch", purchase_order_action(service, True), methods=["POST"]),
        Route("/procurement/purchaseorders/{id:int}/rebatch", purchase_order_action(service, False), methods=["POST"]),
        Route("/system/info", system_info, methods=["GET"]),
        *agreement_write_routes(service),
    ]
    routes += [Route(listing.path, list_endpoint(service, listing), methods=["GET"]) for listing in LISTINGS]
    return _merge_methods(routes)


def _merge_methods(routes: list[Route]) -> list[Route]:
    """One Route per path, dispatching on method, so a wrong method is a 405 rather than a 404."""
    by_path: dict[str, dict[str, Endpoint]] = {}
    for route in routes:
        for method in route.methods or ():
            if method != "HEAD":
                by_path.setdefault(route.path, {})[method] = route.endpoint  # type: ignore[assignment]
    merged = []
    for path, endpoints in by_path.items():

        async def dispatch(request: Request, endpoints: dict[str, Endpoint] = endpoints) -> Response:
            endpoint = endpoints.get(request.method)
            if endpoint is None:
                raise HTTPException(405)
            return await endpoint(request)

        merged.append(Route(path, dispatch, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]))
    return merged


def build_app(context: SandboxContext) -> ASGIApp:
    service = ConnectWiseService(context)
    app = Starlette(
        routes=[
            Mount(API_ROOT, routes=_routes(service)),
            Route("/login/companyinfo/{companyId}", company_info, methods=["GET"]),
        ],
        exception_handlers={CwError: _cw_error, HTTPException: _http_error},
    )
    return ConnectWiseGate(app, DEMO_CREDENTIALS)
