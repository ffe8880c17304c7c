"""The Xero sandbox app: identity endpoints at the root, the Accounting API under `/api.xro/2.0` behind its gate.

`XeroSandbox` holds the parts one running app shares (store, identity, rate limiter, idempotency cache, call
log); tests and benchmarks reach it through `xero_sandbox(app)` to count calls or read state, as a person would
read the Xero UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Router
from starlette.types import ASGIApp

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.service_spec import SandboxContext
from tui_ledger.sandbox.xero.api import XeroApi
from tui_ledger.sandbox.xero.gate import API_ROOT, ApiGate, CallLog
from tui_ledger.sandbox.xero.idempotency import IdempotencyCache
from tui_ledger.sandbox.xero.identity import IdentityService
from tui_ledger.sandbox.xero.limits import RateLimiter, XeroLimits
from tui_ledger.sandbox.xero.responses import not_found
from tui_ledger.sandbox.xero.seed import SERVICE_NAME
from tui_ledger.sandbox.xero.store import XeroStore


async def _not_found(request: Request, exc: Exception) -> Response:
    return not_found()


@dataclass
class XeroSandbox:
    """The shared parts of one Xero sandbox app."""

    store: XeroStore
    clock: Clock
    limits: XeroLimits = field(default_factory=XeroLimits)
    calls: CallLog = field(default_factory=CallLog)

    def __post_init__(self) -> None:
        self.identity = IdentityService(self.store, self.clock)
        self.limiter = RateLimiter(self.limits, self.clock)
        self.idempotency = IdempotencyCache(self.clock)
        self.api = XeroApi(self.store, self.clock, self.idempotency)

    def asgi(self) -> Starlette:
        gate: ASGIApp = ApiGate(
            Router(routes=self.api.routes()),
            store=self.store,
            identity=self.identity,
            limiter=self.limiter,
            clock=self.clock,
            log=self.calls,
        )
        app = Starlette(
            routes=[*self.identity.routes(), Mount(API_ROOT, app=gate)],
            exception_handlers={404: _not_found},
        )
        app.state.xero = self
        return app


def build_app(context: SandboxContext) -> Starlette:
    """The service app the hub mounts: state in `xero.sqlite`, limits from the knobs, the hub's clock."""
    sandbox = XeroSandbox(
        store=XeroStore(context.state_file(SERVICE_NAME)),
        clock=context.clock,
        limits=XeroLimits.from_knobs(context.knobs),
    )
    return sandbox.asgi()


def xero_sandbox(app: ASGIApp) -> XeroSandbox:
    """The running sandbox behind a hub's Xero app (or the app itself), typed, for tests and benchmarks to inspect."""
    inner = getattr(app, "app", app)
    sandbox = getattr(getattr(inner, "state", None), "xero", None)
    if not isinstance(sandbox, XeroSandbox):
        raise TypeError(f"{app!r} is not the Xero sandbox app (or the hub's wrapper around it)")
    return sandbox
