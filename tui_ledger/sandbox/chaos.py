"""Latency and injected faults around any sandbox app, in-process or served on a port.

`FaultMiddleware` draws a fault per request. 5xx and 429 are answered in the service's own error dialect
(each app passes its renderer). Timeouts and resets cannot be expressed as a response: the middleware raises
`SimulatedDisconnect`, optionally after letting the app apply the request, and `SandboxTransport` turns that
into the httpx exception a client sees on a real network (a read timeout or a dropped connection). Served
on a port, the middleware starts a response it never finishes, so the server drops the connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from tui_ledger.sandbox.faults import Fault, FaultKind, FaultPlan

ErrorRenderer = Callable[[int], Response]
"""Builds the service's own error response for a status code (a 5xx or 429)."""

SERVED_TIMEOUT_SECONDS = 75.0


class SimulatedDisconnect(Exception):
    """The client loses the connection; `fault.after_processing` says whether the request took effect."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(f"simulated {fault.kind.value}")
        self.fault = fault


async def _discard(_: dict) -> None:
    """A `send` that swallows the response the client will never see."""


class FaultMiddleware:
    """Adds latency and draws faults for every HTTP request to the wrapped app."""

    def __init__(
        self,
        app: ASGIApp,
        plan: FaultPlan,
        render_error: ErrorRenderer,
        latency_ms: float = 0.0,
        served: bool = False,
    ) -> None:
        self.app = app
        self.plan = plan
        self.render_error = render_error
        self.latency_ms = latency_ms
        self.served = served

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.latency_ms:
            await asyncio.sleep(self.latency_ms / 1000)
        fault = self.plan.draw()
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.kind in (FaultKind.SERVER_ERROR, FaultKind.TOO_MANY_REQUESTS):
            await self.render_error(fault.status)(scope, receive, send)
            return
        if fault.after_processing:
            await self.app(scope, receive, _discard)
        if self.served:
            if fault.kind is FaultKind.TIMEOUT:
                await asyncio.sleep(SERVED_TIMEOUT_SECONDS)
            # A served app cannot close its socket; it can promise a body and then fail. The server then drops
            # the connection mid-response, which is what the client of a real reset sees. (Failing before the
            # response starts would make the server answer a tidy 500 instead.)
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]})
        raise SimulatedDisconnect(fault)


class SandboxTransport(httpx.AsyncBaseTransport):
    """httpx transport onto an in-process ASGI app, turning simulated disconnects into real httpx errors."""

    def __init__(self, app: ASGIApp) -> None:
        self._inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._inner.handle_async_request(request)
        except SimulatedDisconnect as disconnect:
            if disconnect.fault.kind is FaultKind.TIMEOUT:
                raise httpx.ReadTimeout("sandbox: simulated read timeout", request=request) from None
            if disconnect.fault.after_processing:
                raise httpx.RemoteProtocolError(
                    "sandbox: server disconnected without sending a response", request=request
                ) from None
            raise httpx.ConnectError("sandbox: connection reset by peer", request=request) from None

    async def aclose(self) -> None:
        await self._inner.aclose()
