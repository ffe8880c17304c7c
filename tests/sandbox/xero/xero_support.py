"""Helpers for the Xero sandbox tests: a hand-driven clock, the login flow, API headers."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import httpx

ROOT = "http://xero.sandbox.invalid"
API = "/api.xro/2.0"
ANCHOR = date(2026, 1, 15)
FULL_SCOPES = "openid profile email offline_access accounting.transactions accounting.contacts accounting.settings"


class ManualClock:
    """Sandbox time that moves only when a test says so (or when something sleeps on it)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.seconds = 0.0
        self.start = start or datetime(2026, 1, 20, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)

    async def sleep(self, seconds: float) -> None:
        self.seconds += max(seconds, 0.0)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str | None
    scope: str


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


async def authorization_code(
    client: httpx.AsyncClient, credentials: Mapping[str, str], challenge: str, scope: str = FULL_SCOPES
) -> str:
    """Ask the authorize endpoint for a code, following the sandbox's consent redirect like a browser would."""
    answer = await client.get(
        "/identity/connect/authorize",
        params={
            "response_type": "code",
            "client_id": credentials["client_id"],
            "redirect_uri": credentials["redirect_uri"],
            "scope": scope,
            "state": "s-1",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    assert answer.status_code == 302, answer.text
    query = parse_qs(urlparse(answer.headers["location"]).query)
    assert query["state"] == ["s-1"]
    return query["code"][0]


async def log_in(client: httpx.AsyncClient, credentials: Mapping[str, str], scope: str = FULL_SCOPES) -> Tokens:
    """The authorization-code flow with PKCE: a code for the challenge, exchanged with its verifier."""
    verifier, challenge = pkce_pair()
    code = await authorization_code(client, credentials, challenge, scope)
    token = await client.post(
        "/connect/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": credentials["redirect_uri"],
            "code_verifier": verifier,
        },
        auth=(credentials["client_id"], credentials["client_secret"]),
    )
    assert token.status_code == 200, token.text
    body = token.json()
    return Tokens(body["access_token"], body.get("refresh_token"), body["scope"])


def headers(tokens: Tokens, tenant_id: str, **extra: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {tokens.access_token}",
        "xero-tenant-id": tenant_id,
        "Accept": "application/json",
        **extra,
    }
