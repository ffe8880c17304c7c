"""The QuickBooks Online sandbox app: `/v3/company/{realmId}/...` plus Intuit's OAuth endpoints.

Every API call goes through the same gate, in the order the real service applies them: the bearer token (401
AuthenticationFault; a token for another company is 403), the throttles (429, XML, no Retry-After), then the
`requestid` replay (the same id answers the same response without doing the work twice; Intuit documents no
replay window, so the sandbox remembers until it is reset; the same id on another operation is 600), then the
operation.
`minorversion` is accepted on every call; since August 2025 anything below 75 is served as 75, which is all the
sandbox speaks, so the value changes nothing here.

Each call also spends simulated service time on the sandbox clock (a little per call, more per batch item), so
that "10 requests in flight" is a limit a fast client can actually reach in process.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from tui_ledger.domain.clock import Clock
from tui_ledger.domain.decimal_json import dumps
from tui_ledger.sandbox.quickbooks.batch import batch_items, run_batch
from tui_ledger.sandbox.quickbooks.currencies import HOME_CURRENCY
from tui_ledger.sandbox.quickbooks.faults import (
    QboFault,
    authorization_failed,
    duplicate_request_id,
    invalid_request_id,
    object_not_found,
    qbo_time,
    throttled_response,
    unsupported_operation,
    unsupported_property,
)
from tui_ledger.sandbox.quickbooks.kinds import BY_ENDPOINT
from tui_ledger.sandbox.quickbooks.ledger import Ledger, presented
from tui_ledger.sandbox.quickbooks.limits import QboThrottle
from tui_ledger.sandbox.quickbooks.oauth import IntuitOAuth
from tui_ledger.sandbox.quickbooks.qbo_json import JSON_MEDIA_TYPE, QboJsonError, loads
from tui_ledger.sandbox.quickbooks.rules import RuleContext
from tui_ledger.sandbox.quickbooks.store import QboStore
from tui_ledger.sandbox.service_spec import SandboxContext

API_ROOT = "/v3"
REQUEST_ID_MAX = 50
BATCH_REQUEST_ID_MAX = 36
BATCH_ID_MAX_WITH_REQUEST_ID = 10
SERVICE_SECONDS_PER_CALL = 0.1
SERVICE_SECONDS_PER_BATCH_ITEM = 0.02

Operation = Callable[[Ledger, bytes], dict[str, Any]]


@dataclass
class QboState:
    """What the app opens on its first request (apps get no lifespan events in process)."""

    store: QboStore
    throttle: QboThrottle


class QboSandboxApp:
    """The routes and the per-call gate; `state` is exposed for benchmarks that count refused calls."""

    def __init__(self, context: SandboxContext) -> None:
        self.context = context
        self.clock: Clock = context.clock
        self._state: QboState | None = None
        self._transaction_ids = itertools.count(1)
        self.oauth = IntuitOAuth(lambda: self.state.store, self.clock)

    @property
    def state(self) -> QboState:
        if self._state is None:
            self._state = QboState(
                store=QboStore(self.context.state_file("quickbooks")),
                throttle=QboThrottle(self.clock, enabled=self.context.knobs.rate_limits),
            )
        return self._state

    def starlette(self) -> Starlette:
        company = API_ROOT + "/company/{realm}"
        routes = [
            Route(company + "/query", self.query, methods=["GET", "POST"]),
            Route(company + "/batch", self.batch, methods=["POST"]),
            Route(company + "/companyinfo/{entity_id}", self.company_info, methods=["GET"]),
            Route(company + "/preferences", self.preferences, methods=["GET"]),
            Route(company + "/{entity}/{entity_id}", self.read, methods=["GET"]),
            Route(company + "/{entity}", self.write, methods=["POST"]),
            *self.oauth.routes(),
        ]
        app = Starlette(routes=routes)
        app.state.qbo = self
        return app

    # Endpoints --------------------------------------------------------------------------------------------

    async def write(self, request: Request) -> Response:
        endpoint = request.path_params["entity"]
        operation = request.query_params.get("operation", "create")

        def handle(ledger: Ledger, body: bytes) -> dict[str, Any]:
            kind = BY_ENDPOINT.get(endpoint)
            if kind is None:
                raise unsupported_operation(operation, endpoint)
            return {kind.name: ledger.perform(kind, operation, _json(body))}

        return await self._serve(request, f"POST {endpoint} {operation}", handle)

    async def read(self, request: Request) -> Response:
        endpoint = request.path_params["entity"]
        entity_id = request.path_params["entity_id"]

        def handle(ledger: Ledger, _: bytes) -> dict[str, Any]:
            kind = BY_ENDPOINT.get(endpoint)
            if kind is None:
                raise unsupported_operation("read", endpoint)
            return {kind.name: ledger.read(kind, entity_id)}

        return await self._serve(request, f"GET {endpoint}", handle)

    async def query(self, request: Request) -> Response:
        def handle(ledger: Ledger, body: bytes) -> dict[str, Any]:
            text = request.query_params.get("query")
            if text is None:
                text = body.decode("utf-8", "replace")
            return {"QueryResponse": ledger.query(text)}

        return await self._serve(request, "query", handle)

    async def batch(self, request: Request) -> Response:
        request_id = request.query_params.get("requestid")

        def handle(ledger: Ledger, body: bytes) -> dict[str, Any]:
            items = batch_items(_json(body))
            if request_id is not None:
                for item in items:
                    batch_id = str(item.get("bId", "")) if isinstance(item, dict) else ""
                    if len(batch_id) > BATCH_ID_MAX_WITH_REQUEST_ID:
                        raise invalid_request_id(
                            f"bId {batch_id!r} is longer than {BATCH_ID_MAX_WITH_REQUEST_ID} characters; "
                            "a batch sent with a requestid needs short bIds"
                        )
            return {"BatchItemResponse": run_batch(ledger, items)}

        return await self._serve(request, "batch", handle, is_batch=True)

    async def company_info(self, request: Request) -> Response:
        def handle(ledger: Ledger, _: bytes) -> dict[str, Any]:
            realm = ledger.ctx.realm
            if request.path_params["entity_id"] != realm.realm_id:
                raise object_not_found("Id")
            return {
                "CompanyInfo": presented(
                    {
                        "Id": "1",
                        "SyncToken": "0",
                        "CompanyName": realm.company_name,
                        "LegalName": realm.company_name,
                        "Country": "US",
                        "FiscalYearStartMonth": "January",
                        "SupportedLanguages": "en",
                        "MetaData": {"CreateTime": "2024-01-02T09:00:00-08:00"},
                    }
                )
            }

        return await self._serve(request, "GET companyinfo", handle)

    async def preferences(self, request: Request) -> Response:
        """The settings a client needs: home currency, custom transaction numbers, account numbers."""

        def handle(ledger: Ledger, _: bytes) -> dict[str, Any]:
            return {
                "Preferences": presented(
                    {
                        "Id": "1",
                        "SyncToken": "0",
                        "AccountingInfoPrefs": {"UseAccountNumbers": True, "TrackDepartments": False},
                        "SalesFormsPrefs": {"CustomTxnNumbers": ledger.ctx.realm.reject_duplicate_doc_numbers},
                        "CurrencyPrefs": {"MultiCurrencyEnabled": True, "HomeCurrency": {"value": HOME_CURRENCY}},
                    }
                )
            }

        return await self._serve(request, "GET preferences", handle)

    # The gate ---------------------------------------------------------------------------------------------

    async def _serve(self, request: Request, operation: str, handle: Operation, is_batch: bool = False) -> Response:
        state = self.state
        realm_id = request.path_params["realm"]
        now = self.clock.now()
        try:
            grant = self.oauth.grant_for(request.headers.get("authorization"))
            if grant.realm_id != realm_id:
                raise authorization_failed()
        except QboFault as fault:
            return fault.response(now)
        if not state.throttle.admit(realm_id, is_batch):
            return throttled_response(now)
        try:
            body = await request.body()
            items = body.count(b'"bId"') if is_batch else 0
            await self.clock.sleep(SERVICE_SECONDS_PER_CALL + SERVICE_SECONDS_PER_BATCH_ITEM * items)
            status, text = self._answer(state, realm_id, request, operation, handle, body, is_batch)
        finally:
            state.throttle.release(realm_id)
        headers = {"intuit_tid": f"1-{next(self._transaction_ids):012x}-sandbox"}
        return Response(text.encode("utf-8"), status_code=status, media_type=JSON_MEDIA_TYPE, headers=headers)

    def _answer(
        self,
        state: QboState,
        realm_id: str,
        request: Request,
        operation: str,
        handle: Operation,
        body: bytes,
        is_batch: bool,
    ) -> tuple[int, str]:
        """Status and body text: replayed for a known `requestid`, else computed (and remembered)."""
        request_id = request.query_params.get("requestid")
        now = self.clock.now()
        try:
            if request_id is not None:
                replayed = self._replay(state, realm_id, request_id, operation, is_batch)
                if replayed is not None:
                    return replayed
            realm = state.store.realm(realm_id)
            if realm is None:
                raise authorization_failed()
            ledger = Ledger(RuleContext(state.store, realm, self.clock))
            status, payload = 200, {**handle(ledger, body), "time": qbo_time(now)}
        except QboFault as fault:
            if fault.status != 400:
                return fault.status, dumps({"Fault": fault.as_json(), "time": qbo_time(now)})
            status, payload = fault.status, {"Fault": fault.as_json(), "time": qbo_time(now)}
        text = dumps(payload)
        if request_id:
            state.store.remember(realm_id, request_id, operation, status, text)
        return status, text

    @staticmethod
    def _replay(
        state: QboState, realm_id: str, request_id: str, operation: str, is_batch: bool
    ) -> tuple[int, str] | None:
        limit = BATCH_REQUEST_ID_MAX if is_batch else REQUEST_ID_MAX
        if not request_id or len(request_id) > limit:
            raise invalid_request_id(f"requestid must be 1 to {limit} characters, got {len(request_id)}")
        replay = state.store.replay(realm_id, request_id)
        if replay is None:
            return None
        remembered_operation, status, text = replay
        if remembered_operation != operation:
            raise duplicate_request_id(request_id)
        return status, text


def _json(body: bytes) -> Any:
    try:
        return loads(body)
    except QboJsonError as exc:
        raise unsupported_property(str(exc), "body") from None


def build_app(context: SandboxContext) -> Starlette:
    """The sandbox's QuickBooks Online app (ServiceSpec.build_app)."""
    return QboSandboxApp(context).starlette()


def refused_requests(app: ASGIApp) -> int:
    """How many calls the app answered 429 for its own limits (not injected faults): benchmarks report it."""
    inner = getattr(app, "app", app)
    sandbox = getattr(getattr(inner, "state", None), "qbo", None)
    if not isinstance(sandbox, QboSandboxApp):
        raise TypeError(f"{app!r} is not the QuickBooks sandbox app (or the hub's wrapper around it)")
    return sandbox.state.throttle.refused
