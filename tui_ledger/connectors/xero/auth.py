"""Bearer authentication for Accounting API calls, renewing the access token when it runs out.

Five calls may be in flight when the 30-minute access token expires. With rotating refresh tokens five refreshes
would lock the user out: the second would present a refresh token the first had just killed. So renewal is
serialised behind one lock, a call that finds a newer token than the one it failed with just uses it, and the new
token set is saved through the `TokenSink` before any call uses it. A Custom Connection renews by asking for a
new client-credentials token instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from enum import StrEnum

import httpx

from tui_ledger.connectors.errors import AuthenticationFailed
from tui_ledger.connectors.oauth_tokens import TokenSink
from tui_ledger.connectors.xero.oauth import XeroOAuthClient
from tui_ledger.connectors.xero.tokens import XeroTokens
from tui_ledger.connectors.xero.wire import SERVICE
from tui_ledger.domain.clock import Clock

RENEW_AHEAD_SECONDS = 120.0
"""Renew this long before expiry, so a call never leaves with a token that dies on the way."""


class GrantKind(StrEnum):
    AUTHORIZATION_CODE = "authorization_code"
    """A signed-in user: renewed with the rotating refresh token."""
    CUSTOM_CONNECTION = "client_credentials"
    """A Custom Connection: renewed by asking for a new client-credentials token."""


class XeroAuth(httpx.Auth):
    """Adds `Authorization: Bearer`; renews ahead of expiry and once after a 401."""

    def __init__(self, oauth: XeroOAuthClient, sink: TokenSink, clock: Clock, grant: GrantKind) -> None:
        self._oauth = oauth
        self._sink = sink
        self._clock = clock
        self.grant = grant
        self._tokens: XeroTokens | None = None
        self._lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        return f"XeroAuth({self.grant.value}, Bearer ***)"

    @property
    def sign_in_hint(self) -> str:
        return self._oauth.sign_in_hint

    @property
    def sink(self) -> TokenSink:
        """Where the tokens are kept (the sign-in command saves a new sign-in there)."""
        return self._sink

    def saved(self) -> XeroTokens | None:
        """The tokens in use, loaded from the sink on first use; None when nobody has signed in yet."""
        if self._tokens is None:
            stored = self._sink.load()
            if stored:
                self._tokens = XeroTokens.from_json(stored, self.sign_in_hint)
        return self._tokens

    async def tokens(self) -> XeroTokens:
        """Usable tokens: loaded, renewed when (nearly) expired, or fetched for a Custom Connection."""
        tokens = self.saved()
        if tokens is None:
            if self.grant is GrantKind.CUSTOM_CONNECTION:
                return await self._renew(rejected=None)
            raise AuthenticationFailed(SERVICE, f"not signed in to Xero; {self.sign_in_hint}")
        if tokens.expires_within(self._clock.now(), RENEW_AHEAD_SECONDS):
            return await self._renew(rejected=tokens)
        return tokens

    async def remember_tenant(self, tenant_id: str, tenant_name: str | None) -> None:
        """Keep the organisation chosen for this profile with its tokens."""
        tokens = await self.tokens()
        chosen = tokens.with_tenant(tenant_id, tenant_name)
        self._sink.save(chosen.to_json())
        self._tokens = chosen

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        tokens = await self.tokens()
        request.headers["Authorization"] = f"Bearer {tokens.access_token}"
        response = yield request
        if response.status_code != 401:
            return
        await response.aread()
        if _token_expired(response):
            fresher = await self._renew(rejected=tokens)
            request.headers["Authorization"] = f"Bearer {fresher.access_token}"
            yield request

    async def _renew(self, rejected: XeroTokens | None) -> XeroTokens:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            current = self.saved()
            renewed_meanwhile = current is not None and (
                rejected is None or current.access_token != rejected.access_token
            )
            if renewed_meanwhile and not current.expires_within(self._clock.now(), RENEW_AHEAD_SECONDS):
                return current
            if self.grant is GrantKind.CUSTOM_CONNECTION:
                fresh = await self._oauth.client_credentials(previous=current)
            else:
                if current is None:
                    raise AuthenticationFailed(SERVICE, f"not signed in to Xero; {self.sign_in_hint}")
                fresh = await self._oauth.refresh(current)
            self._sink.save(fresh.to_json())
            self._tokens = fresh
            return fresh


def _token_expired(response: httpx.Response) -> bool:
    """Xero says `TokenExpired` in the problem's Detail; any other 401 is a token that will never work."""
    try:
        detail = response.json().get("Detail", "")
    except (ValueError, AttributeError):
        return False
    return isinstance(detail, str) and detail.startswith("TokenExpired")
