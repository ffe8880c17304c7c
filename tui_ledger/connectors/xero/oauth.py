"""Signing in to Xero in a way that works over SSH, and keeping the sign-in alive.

Over SSH there is no browser on the machine running tui-ledger and no port the user's browser can reach. So the
authorization-code flow with PKCE is split: tui-ledger prints the authorize URL; the user opens it on any machine,
signs in, and the browser lands on the registered redirect URI (which need not load); the user pastes that
address back, and tui-ledger checks its `state` and exchanges the `code`. Custom Connections skip all that with
client credentials.

Identity calls go through the shared service client, so a 429 (with its `Retry-After`), a 5xx or a dropped
connection is retried like any other call, and when the retries run out it surfaces as `RateLimited`,
`ServiceUnavailable` or `Unreachable`: temporary, so an export run waits instead of asking for new credentials.
Only a refusal (4xx: `invalid_grant`, `invalid_client`…) becomes an `AuthenticationFailed` that says what to do
next, with the profile's sign-in command.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from tui_ledger.connectors.errors import AuthenticationFailed, MalformedResponse
from tui_ledger.connectors.http import ServiceClient, ServiceSpec, open_service_client
from tui_ledger.connectors.redaction import Redactor
from tui_ledger.connectors.retry import RetryPolicy
from tui_ledger.connectors.xero.endpoints import XeroEndpoints
from tui_ledger.connectors.xero.tokens import XeroTokens
from tui_ledger.connectors.xero.wire import SERVICE
from tui_ledger.domain.clock import Clock, SystemClock

LEGACY_SCOPES = "openid profile email offline_access accounting.transactions accounting.contacts accounting.settings"
"""The scopes of apps created before 2 March 2026 (and the ones the spec lists)."""
GRANULAR_SCOPES = "openid profile email offline_access accounting.invoices accounting.contacts accounting.settings"
"""The scopes apps created on or after 2 March 2026 must ask for."""
TIMEOUT = httpx.Timeout(30.0)
REFUSAL_STATUSES = frozenset(range(400, 500)) - {429}
"""What Xero Identity answers when it will not sign in (bad grant, bad client): read here, never retried. A 429
is not among them: it is a rate limit, retried by the service client like a 5xx."""


class RedirectNotUnderstood(AuthenticationFailed):
    """The pasted address is not the redirect of this sign-in attempt; the user can paste again."""


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """One sign-in attempt: the URL to open, and the secrets to check its answer with."""

    url: str
    redirect_uri: str
    state: str = field(repr=False)
    verifier: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class XeroTenant:
    """An organisation the signed-in user connected to this app (`GET /connections`)."""

    connection_id: str
    tenant_id: str
    name: str
    tenant_type: str


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def code_from_redirect(pasted: str, request: AuthorizationRequest) -> str:
    """The `code` of a pasted redirect address (or just its query string), after checking its `state`."""
    text = pasted.strip()
    query = urlsplit(text).query if "?" in text or "://" in text else text.lstrip("?")
    params = {name: values[-1] for name, values in parse_qs(query, keep_blank_values=True).items()}
    if "error" in params:
        raise RedirectNotUnderstood(
            SERVICE, f"Xero did not complete the sign-in ({params['error']}); open the address again and allow access"
        )
    if params.get("state") != request.state:
        raise RedirectNotUnderstood(
            SERVICE,
            "the pasted address does not belong to this sign-in (its state does not match); "
            "paste the address the browser showed after you allowed access",
        )
    code = params.get("code")
    if not code:
        raise RedirectNotUnderstood(SERVICE, "the pasted address carries no code; paste the whole address")
    return code


class XeroOAuthClient:
    """Talks to Xero Identity for one app registration. `sign_in_hint` tells the user how to sign in again."""

    def __init__(
        self,
        endpoints: XeroEndpoints,
        client_id: str,
        client_secret: str | None,
        *,
        sign_in_hint: str,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.endpoints = endpoints
        self.client_id = client_id
        self._client_secret = client_secret
        self.sign_in_hint = sign_in_hint
        self._transport = transport
        self._clock = clock or SystemClock()
        self._retry = retry or RetryPolicy()
        self.redactor = Redactor([client_secret])

    def __repr__(self) -> str:
        return f"XeroOAuthClient({self.client_id!r}, {self.endpoints.identity_base!r})"

    def authorization_request(self, redirect_uri: str, scopes: str = LEGACY_SCOPES) -> AuthorizationRequest:
        verifier = secrets.token_urlsafe(64)
        state = secrets.token_urlsafe(24)
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": scopes,
                "state": state,
                "code_challenge": pkce_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        return AuthorizationRequest(f"{self.endpoints.authorize_url}?{query}", redirect_uri, state, verifier)

    async def exchange(self, request: AuthorizationRequest, pasted_redirect: str) -> XeroTokens:
        code = code_from_redirect(pasted_redirect, request)
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": request.redirect_uri,
            "code_verifier": request.verifier,
        }
        return await self._token(form, previous=None)

    async def refresh(self, tokens: XeroTokens) -> XeroTokens:
        if not tokens.refresh_token:
            raise AuthenticationFailed(
                SERVICE, f"the saved Xero sign-in cannot be renewed (no refresh token); {self.sign_in_hint}"
            )
        return await self._token(
            {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}, previous=tokens
        )

    async def client_credentials(self, previous: XeroTokens | None = None) -> XeroTokens:
        """A Custom Connection token: one organisation, no refresh token; asked for again when it runs out."""
        return await self._token({"grant_type": "client_credentials"}, previous=previous)

    async def revoke(self, refresh_token: str) -> None:
        await self._post(self.endpoints.revocation_url, {"token": refresh_token})

    async def connections(self, access_token: str) -> list[XeroTenant]:
        async with self._identity() as identity:
            response = await identity.request(
                "GET",
                self.endpoints.connections_url,
                headers={"Authorization": f"Bearer {access_token}"},
                allow_statuses=REFUSAL_STATUSES,
            )
        if response.status_code == 401:
            raise AuthenticationFailed(
                SERVICE, f"Xero did not accept the access token; {self.sign_in_hint}", status=401
            )
        if not response.is_success:
            raise AuthenticationFailed(
                SERVICE,
                f"Xero could not list the connected organisations (HTTP {response.status_code})",
                status=response.status_code,
            )
        body = self._json(response, "/connections")
        if not isinstance(body, list):
            raise MalformedResponse(SERVICE, "expected a list of connections", path="/connections")
        return [
            XeroTenant(
                connection_id=str(entry.get("id", "")),
                tenant_id=str(entry["tenantId"]),
                name=str(entry.get("tenantName") or entry["tenantId"]),
                tenant_type=str(entry.get("tenantType") or ""),
            )
            for entry in body
            if isinstance(entry, dict) and entry.get("tenantId")
        ]

    async def _token(self, form: dict[str, str], previous: XeroTokens | None) -> XeroTokens:
        response = await self._post(self.endpoints.token_url, form)
        grant = "client_credentials" if form["grant_type"] == "client_credentials" else None
        return XeroTokens.from_token_response(
            self._json(response, "/connect/token"), self._clock.now(), previous, self.sign_in_hint, grant
        )

    async def _post(self, url: str, form: dict[str, str]) -> httpx.Response:
        """POST a form to Xero Identity; the answer when it succeeded, else the refusal as `AuthenticationFailed`.

        Every token and revocation request may be resent (`idempotent=True`): if a lost answer means the first
        attempt already used the code or refresh token, the retry is refused with invalid_grant, which is what
        giving up would have led to anyway; otherwise the retry gets the tokens the run needs.
        """
        auth = httpx.BasicAuth(self.client_id, self._client_secret) if self._client_secret else None
        data = form if auth else {**form, "client_id": self.client_id}
        async with self._identity(auth) as identity:
            response = await identity.request(
                "POST",
                url,
                content=urlencode(data).encode("ascii"),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                idempotent=True,
                allow_statuses=REFUSAL_STATUSES,
            )
        if response.is_success:
            return response
        raise self._refusal(response, form.get("grant_type", "revocation"), urlsplit(url).path)

    def _refusal(self, response: httpx.Response, grant: str, path: str) -> AuthenticationFailed:
        try:
            body = response.json()
        except ValueError:
            body = None
        error = str(body.get("error") or "") if isinstance(body, dict) else ""
        status = response.status_code
        if error == "invalid_client":
            message = (
                "Xero did not accept the app's client id or secret (invalid_client); check client_id and "
                "client_secret of the profile's Xero target against your app at developer.xero.com"
            )
        elif error == "invalid_grant" and grant == "refresh_token":
            message = (
                "Xero refused the saved sign-in (invalid_grant): it was revoked, went unused for 60 days, or was "
                f"replaced by a newer sign-in elsewhere; {self.sign_in_hint}"
            )
        elif error == "invalid_grant":
            message = (
                "Xero refused the sign-in code (invalid_grant: expired, used or from another attempt); "
                f"{self.sign_in_hint}"
            )
        elif error == "unauthorized_client" and grant == "client_credentials":
            message = (
                "this Xero app is not a Custom Connection, so it cannot use client credentials; "
                "sign in with the authorization code instead"
            )
        else:
            message = f"Xero Identity refused the request ({error or f'HTTP {status}'}); {self.sign_in_hint}"
        return AuthenticationFailed(
            SERVICE, self.redactor.scrub(message), method="POST", path=path, status=status, code=error or None
        )

    @staticmethod
    def _json(response: httpx.Response, path: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise MalformedResponse(
                SERVICE, "expected JSON from Xero Identity", path=path, status=response.status_code
            ) from None

    def _identity(self, auth: httpx.Auth | None = None) -> ServiceClient:
        """A client for one exchange with Xero Identity, with the shared retry policy and the secret scrubbed."""
        spec = ServiceSpec(
            service=SERVICE,
            base_url=self.endpoints.identity_base + "/",
            headers={"Accept": "application/json"},
            auth=auth,
            timeout=TIMEOUT,
            retry=self._retry,
            secrets=tuple(secret for secret in (self._client_secret,) if secret),
            logger_name="xero.identity",
        )
        return open_service_client(spec, clock=self._clock, transport=self._transport)
