"""What every Accounting API call passes before a handler sees it, in the order Xero checks.

1. The bearer token (401 problem JSON: `AuthenticationUnsuccessful`, or `TokenExpired: …`).
2. The `xero-tenant-id` header: missing, unknown or not connected to this app → 403 problem JSON.
3. The scope the token was granted for this endpoint and method → 403 `AuthorizationUnsuccessful`.
4. The rate limits of the connection → 429 with `Retry-After` and `X-Rate-Limit-Problem`.

Every answer from step 4 on carries the three quota headers. The gate also keeps a log of calls (method,
path, status, elements, sandbox time) that tests and the benchmark read to count calls and 429s.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.xero.identity import IdentityService, TokenRejected
from tui_ledger.sandbox.xero.limits import RateLimiter
from tui_ledger.sandbox.xero.responses import problem, too_many_requests
from tui_ledger.sandbox.xero.store import XeroStore

TENANT_HEADER = "xero-tenant-id"
API_ROOT = "/api.xro/2.0"

_SCOPES_BY_COLLECTION: dict[str, tuple[str, ...]] = {
    "Invoices": ("accounting.transactions", "accounting.invoices"),
    "CreditNotes": ("accounting.transactions", "accounting.invoices"),
    "Contacts": ("accounting.contacts",),
    "Items": ("accounting.settings", "accounting.invoices"),
    "Accounts": ("accounting.settings",),
    "TaxRates": ("accounting.settings",),
    "TrackingCategories": ("accounting.settings",),
    "Organisation": ("accounting.settings",),
    "Currencies": ("accounting.settings",),
}


def scope_allows(granted: frozenset[str], collection: str, method: str) -> bool:
    """Reads need the scope or its `.read` form; writes need the scope itself."""
    bases = _SCOPES_BY_COLLECTION.get(collection)
    if bases is None:
        return True
    if method in ("GET", "HEAD"):
        return any(base in granted or f"{base}.read" in granted for base in bases)
    return any(base in granted for base in bases)


def collection_of(path: str) -> str:
    """`Invoices` for `/api.xro/2.0/Invoices/123` (or for `/Invoices/123` inside the mount)."""
    _, marker, rest = path.rpartition(API_ROOT)
    relative = rest if marker else path
    return relative.lstrip("/").split("/", 1)[0]


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One answered call; `started` and `at` are its arrival and answer on the sandbox clock."""

    method: str
    path: str
    status: int
    tenant_id: str | None
    elements: int | None
    at: float
    problem: str | None = None
    started: float | None = None


@dataclass
class CallLog:
    """Every API call the sandbox answered, in order (thread-safe; `sandbox serve` may use threads)."""

    records: list[CallRecord] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: CallRecord) -> None:
        with self._lock:
            self.records.append(record)

    def snapshot(self) -> list[CallRecord]:
        with self._lock:
            return list(self.records)

    def clear(self) -> None:
        with self._lock:
            self.records.clear()


class ApiGate:
    """ASGI middleware in front of the Accounting API router."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        store: XeroStore,
        identity: IdentityService,
        limiter: RateLimiter,
        clock: Clock,
        log: CallLog,
    ) -> None:
        self.app = app
        self.store = store
        self.identity = identity
        self.limiter = limiter
        self.clock = clock
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        path: str = scope.get("path", "")
        arrived = self.clock.monotonic()
        headers = Headers(scope=scope)
        grant = self.identity.grant_for(headers.get("authorization"))
        tenant_id = headers.get(TENANT_HEADER, "").strip() or None
        if isinstance(grant, TokenRejected):
            await self._refuse(problem(401, grant.detail), scope, receive, send, tenant_id)
            return
        if tenant_id is None or tenant_id.lower() not in {tenant.lower() for tenant in grant.tenant_ids}:
            await self._refuse(problem(403, "AuthenticationUnsuccessful"), scope, receive, send, tenant_id)
            return
        tenant_id = next(tenant for tenant in grant.tenant_ids if tenant.lower() == tenant_id.lower())
        collection = collection_of(path)
        if not scope_allows(grant.scopes, collection, method):
            await self._refuse(problem(403, "AuthorizationUnsuccessful"), scope, receive, send, tenant_id)
            return
        refusal = self.limiter.admit(grant.client_id, tenant_id)
        quota = self.limiter.headers(grant.client_id, tenant_id)
        if refusal is not None:
            response = too_many_requests(refusal.problem, refusal.retry_after_seconds)
            response.headers.update(quota)
            await response(scope, receive, send)
            self.log.add(
                CallRecord(method, path, 429, tenant_id, None, self.clock.monotonic(), refusal.problem, arrived)
            )
            return
        state = scope.setdefault("state", {})
        state.update(
            xero_tenant_id=tenant_id,
            xero_client_id=grant.client_id,
            xero_app_name=self._app_name(grant.client_id),
        )
        status = 500

        async def send_with_quota(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = MutableHeaders(scope=message)
                for name, value in self.limiter.headers(grant.client_id, tenant_id).items():
                    response_headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_quota)
        finally:
            self.limiter.leave(grant.client_id, tenant_id)
            self.log.add(
                CallRecord(
                    method, path, status, tenant_id, state.get("xero_elements"), self.clock.monotonic(), None, arrived
                )
            )

    async def _refuse(
        self, response: Response, scope: Scope, receive: Receive, send: Send, tenant_id: str | None
    ) -> None:
        await response(scope, receive, send)
        at = self.clock.monotonic()
        self.log.add(CallRecord(scope["method"], scope.get("path", ""), response.status_code, tenant_id, None, at))

    def _app_name(self, client_id: str) -> str:
        rows = self.store.query("SELECT name FROM clients WHERE client_id = ?", (client_id,))
        return rows[0][0] if rows else "Xero sandbox app"
