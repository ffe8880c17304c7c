"""Pax8 OAuth2 client credentials, as an httpx auth flow.

`POST {base}/token` with JSON `{client_id, client_secret, audience: "https://api.pax8.com",
grant_type: "client_credentials"}` gives a bearer token valid for a day (specs/pax8_authentication.json). The
token is cached until shortly before it expires and shared by concurrent calls; a 401 on a partner call (a token
revoked early) fetches a new one once. A refused token request is an `AuthenticationFailed` quoting Pax8's own
`error_description` — never the secret.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator

import httpx

from tui_ledger.connectors.errors import AuthenticationFailed, MalformedResponse
from tui_ledger.domain.clock import Clock

PARTNER_AUDIENCE = "https://api.pax8.com"
EXPIRY_MARGIN_SECONDS = 300.0
"""Renew this long before the stated expiry, so a long load never sends a token that dies in flight."""

SERVICE = "Pax8"


class Pax8TokenAuth(httpx.Auth):
    def __init__(self, token_url: str, client_id: str, client_secret: str, clock: Clock) -> None:
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"Pax8TokenAuth(client_id={self._client_id!r})"

    def _token_request(self) -> httpx.Request:
        body = {
            "client_id": self._client_id,
            "client_secret": self._client_secret,
            "audience": PARTNER_AUDIENCE,
            "grant_type": "client_credentials",
        }
        return httpx.Request("POST", self._token_url, json=body)

    def _accept(self, response: httpx.Response) -> str:
        """Cache the token from a token response, or raise the typed error the user will read."""
        if response.status_code != 200:
            raise AuthenticationFailed(
                SERVICE,
                f"the token request was refused ({_oauth_reason(response)}); check the Pax8 client id and secret",
                method="POST",
                path="/token",
                status=response.status_code,
            )
        try:
            body = json.loads(response.content)
            token, lifetime = str(body["access_token"]), float(body.get("expires_in", 86400))
        except (ValueError, KeyError, TypeError):
            raise MalformedResponse(
                SERVICE, "the token response has no access_token", field="access_token", method="POST", path="/token"
            ) from None
        self._token = token
        self._expires_at = self._clock.monotonic() + max(lifetime - EXPIRY_MARGIN_SECONDS, lifetime / 2)
        return token

    def _cached(self) -> str | None:
        return self._token if self._token and self._clock.monotonic() < self._expires_at else None

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Attach a cached or fresh token; on a 401, renew once (unless a concurrent call already did) and resend.

        The token responses are read here: overriding the async flow skips httpx's own body reading. A token
        request that meets a 5xx or a 429 ends the flow with that response, so the caller's retry policy treats it
        like any other transient failure instead of reporting wrong credentials.
        """
        async with self._lock:
            token = self._cached()
            if token is None:
                response = yield self._token_request()
                await response.aread()
                if _transient(response):
                    return
                token = self._accept(response)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code != 401:
            return
        async with self._lock:
            renewed = self._cached()
            if renewed is None or renewed == token:
                response = yield self._token_request()
                await response.aread()
                if _transient(response):
                    return
                renewed = self._accept(response)
        request.headers["Authorization"] = f"Bearer {renewed}"
        yield request


def _transient(response: httpx.Response) -> bool:
    return response.status_code == 429 or response.status_code >= 500


def _oauth_reason(response: httpx.Response) -> str:
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return f"HTTP {response.status_code}"
    if isinstance(body, dict):
        parts = [str(body[key]) for key in ("error", "error_description") if body.get(key)]
        if parts:
            return ": ".join(parts)
    return f"HTTP {response.status_code}"
