"""Bearer authentication for QuickBooks Online calls, refreshing the access token when it runs out.

Ten calls may be in flight when the access token expires. With rotating refresh tokens, ten refreshes would be a
disaster: the second would present a refresh token the first had just killed. So refreshing is serialised behind
one lock, and a call that finds a newer token than the one it failed with simply uses it. The new token set is
saved through the `TokenSink` before any call uses it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import httpx

from tui_ledger.connectors.errors import AuthenticationFailed
from tui_ledger.connectors.oauth_tokens import TokenSink
from tui_ledger.connectors.quickbooks.oauth import IntuitOAuthClient
from tui_ledger.connectors.quickbooks.tokens import SERVICE, TokenSet
from tui_ledger.domain.clock import Clock

REFRESH_AHEAD_SECONDS = 120.0
"""Refresh this long before expiry, so a call never leaves with a token that dies on the way."""


class QuickBooksAuth(httpx.Auth):
    """Adds `Authorization: Bearer`; refreshes ahead of expiry and once after a 401."""

    def __init__(self, oauth: IntuitOAuthClient, sink: TokenSink, clock: Clock) -> None:
        self._oauth = oauth
        self._sink = sink
        self._clock = clock
        self._tokens: TokenSet | None = None
        self._lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        return "QuickBooksAuth(Bearer ***)"

    @property
    def sign_in_hint(self) -> str:
        return self._oauth.sign_in_hint

    def current(self) -> TokenSet:
        """The tokens in use (loaded from the sink on first use); raises when nobody has signed in."""
        if self._tokens is None:
            saved = self._sink.load()
            if not saved:
                raise AuthenticationFailed(SERVICE, f"not signed in to QuickBooks Online; {self.sign_in_hint}")
            self._tokens = TokenSet.from_json(saved, self.sign_in_hint)
        return self._tokens

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        tokens = await self.usable_tokens()
        request.headers["Authorization"] = f"Bearer {tokens.access_token}"
        response = yield request
        if response.status_code == 401:
            fresher = await self._refresh(rejected=tokens)
            request.headers["Authorization"] = f"Bearer {fresher.access_token}"
            yield request

    async def usable_tokens(self) -> TokenSet:
        tokens = self.current()
        if tokens.expires_within(self._clock.now(), REFRESH_AHEAD_SECONDS):
            return await self._refresh(rejected=tokens)
        return tokens

    async def _refresh(self, rejected: TokenSet) -> TokenSet:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            current = self.current()
            if current.access_token != rejected.access_token:
                return current
            fresh = await self._oauth.refresh(current)
            self._sink.save(fresh.to_json())
            self._tokens = fresh
            return fresh
