"""Helpers for the Xero connector tests: a transport that records every exchange, a browser that follows the consent
redirect, and signing in like a user."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tui_ledger.connectors.oauth_tokens import TokenSink
from tui_ledger.connectors.xero import XeroConnection
from tui_ledger.connectors.xero.connector import oauth_client
from tui_ledger.connectors.xero.tokens import XeroTokens
from tui_ledger.domain.clock import Clock


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    request_body: bytes
    status: int
    response_body: bytes
    headers: httpx.Headers


class RecordingTransport(httpx.AsyncBaseTransport):
    """Passes requests to the sandbox and keeps a copy of each request and its answer."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[Exchange] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        self.exchanges.append(
            Exchange(request.method, request.url.path, body, response.status_code, content, response.headers)
        )
        return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)

    async def aclose(self) -> None:
        await self.inner.aclose()


async def follow(transport: httpx.AsyncBaseTransport, url: str) -> str:
    """Open a URL the way a browser would and return where it lands (the consent redirect)."""
    async with httpx.AsyncClient(transport=transport) as browser:
        answer = await browser.get(url)
    return answer.headers["location"]


async def sign_in(
    connection: XeroConnection, sink: TokenSink, transport: httpx.AsyncBaseTransport, redirect_uri: str, clock: Clock
) -> XeroTokens:
    """What `tui-ledger auth xero` does, with the browser step done by following the consent redirect."""
    oauth = oauth_client(connection, transport=transport, clock=clock)
    attempt = oauth.authorization_request(redirect_uri)
    tokens = await oauth.exchange(attempt, await follow(transport, attempt.url))
    sink.save(tokens.to_json())
    return tokens
