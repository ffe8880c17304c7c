"""Signing in to QuickBooks Online over SSH: print a URL, open it anywhere, paste back where the browser landed.

Intuit's authorization-code flow needs a browser, and the browser is rarely on the jump host running tui-ledger.
So nothing listens for the redirect: the user opens the printed address on any machine, approves, and copies the
address the browser was sent to (it may show "cannot connect"; the address is all we need). That address carries
`code`, `state` and `realmId`, the company the user picked. `state` guards against pasting an old or foreign
redirect. Then the code is exchanged for tokens at the token endpoint, with the app's client id and secret.

Refresh answers a NEW refresh token every time; the caller saves it before using it (see tokens.py). A refresh
whose answer is lost cannot be repeated safely (the old token may already be dead), so a refresh is retried only
when the request provably never left this machine.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from tui_ledger.connectors.errors import AuthenticationFailed, MalformedResponse, Unreachable
from tui_ledger.connectors.quickbooks.tokens import SERVICE, TokenSet
from tui_ledger.connectors.redaction import Redactor
from tui_ledger.connectors.retry import NEVER_SENT_ERRORS
from tui_ledger.domain.clock import Clock

ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting"
AUTHORIZE_PATH = "/connect/oauth2"
TOKEN_PATH = "/oauth2/v1/tokens/bearer"
REVOKE_PATH = "/oauth2/v1/tokens/revoke"
TOKEN_TIMEOUT = httpx.Timeout(30.0)


@dataclass(frozen=True, slots=True)
class IntuitEndpoints:
    """Where Intuit's OAuth lives; `at(root)` puts all three on one server (the sandbox, served or in process)."""

    authorize_url: str = "https://appcenter.intuit.com/connect/oauth2"
    token_url: str = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
    revoke_url: str = "https://developer.api.intuit.com/v2/oauth2/tokens/revoke"

    @classmethod
    def at(cls, root: str) -> IntuitEndpoints:
        root = root.rstrip("/")
        return cls(root + AUTHORIZE_PATH, root + TOKEN_PATH, root + REVOKE_PATH)


@dataclass(frozen=True)
class AppRegistration:
    """The Intuit developer app the user registered: its keys and the redirect URI listed on its keys tab."""

    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str


@dataclass(frozen=True, slots=True)
class AuthorizationGrant:
    """What the pasted redirect address carries."""

    code: str = field(repr=False)
    realm_id: str


def new_state() -> str:
    return secrets.token_urlsafe(16)


class IntuitOAuthClient:
    """The three OAuth calls tui-ledger makes: authorize (a URL), exchange a code, refresh; plus revoke."""

    def __init__(
        self,
        app: AppRegistration,
        endpoints: IntuitEndpoints,
        *,
        clock: Clock,
        sign_in_hint: str,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.app = app
        self.endpoints = endpoints
        self.sign_in_hint = sign_in_hint
        self._clock = clock
        self._transport = transport
        self.redactor = Redactor((app.client_secret,))

    def __repr__(self) -> str:
        return f"IntuitOAuthClient(client_id={self.app.client_id!r}, token_url={self.endpoints.token_url!r})"

    def authorization_url(self, state: str) -> str:
        query = urlencode(
            {
                "client_id": self.app.client_id,
                "response_type": "code",
                "scope": ACCOUNTING_SCOPE,
                "redirect_uri": self.app.redirect_uri,
                "state": state,
            }
        )
        return f"{self.endpoints.authorize_url}?{query}"

    def read_redirect(self, pasted: str, state: str) -> AuthorizationGrant:
        """The code and realm from the address the browser landed on, or an error saying what to do."""
        query = parse_qs(urlsplit(pasted.strip()).query)

        def first(name: str) -> str | None:
            values = query.get(name)
            return values[0] if values else None

        error = first("error")
        if error:
            raise AuthenticationFailed(
                SERVICE,
                f"Intuit refused the sign-in ({error}); open the link again and approve access to the company",
            )
        if first("state") != state:
            raise AuthenticationFailed(
                SERVICE,
                "the pasted address is not the answer to this sign-in (its state does not match); "
                "paste the address from the browser tab you opened with the link printed above",
            )
        code, realm_id = first("code"), first("realmId")
        if not code:
            raise AuthenticationFailed(SERVICE, "the pasted address carries no code; copy the whole address bar")
        if not realm_id:
            raise AuthenticationFailed(
                SERVICE,
                "the pasted address carries no realmId (the company); sign in again and pick a QuickBooks company",
            )
        return AuthorizationGrant(code=code, realm_id=realm_id)

    async def consent_without_a_person(self, state: str) -> str | None:
        """Open the authorization link as a browser would; the redirect address if the page consented by itself.

        Only an authorize page that needs nobody (the sandbox's) answers with a redirect at once; Intuit's real
        page answers with a sign-in form, and this returns None.
        """
        async with httpx.AsyncClient(
            transport=self._transport, timeout=TOKEN_TIMEOUT, follow_redirects=False
        ) as browser:
            try:
                response = await browser.get(self.authorization_url(state))
            except httpx.TransportError as exc:
                raise self._unreachable(exc, self.endpoints.authorize_url) from None
        return response.headers.get("location") if response.is_redirect else None

    async def exchange(self, grant: AuthorizationGrant) -> TokenSet:
        data = await self._token_call(
            {"grant_type": "authorization_code", "code": grant.code, "redirect_uri": self.app.redirect_uri}
        )
        return TokenSet.from_token_response(data, self._clock.now(), grant.realm_id)

    async def refresh(self, tokens: TokenSet) -> TokenSet:
        data = await self._token_call({"grant_type": "refresh_token", "refresh_token": tokens.refresh_token})
        return TokenSet.from_token_response(data, self._clock.now(), tokens.realm_id)

    async def revoke(self, tokens: TokenSet) -> None:
        """Sign out at Intuit: the refresh token and every access token of this grant stop working."""
        async with self._client() as client:
            try:
                response = await client.post(self.endpoints.revoke_url, json={"token": tokens.refresh_token})
            except httpx.TransportError as exc:
                raise self._unreachable(exc, self.endpoints.revoke_url) from None
        if response.status_code >= 400:
            raise AuthenticationFailed(
                SERVICE, f"Intuit did not revoke the sign-in (HTTP {response.status_code})", status=response.status_code
            )

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=self._transport,
            timeout=TOKEN_TIMEOUT,
            auth=httpx.BasicAuth(self.app.client_id, self.app.client_secret),
            headers={"Accept": "application/json"},
            follow_redirects=False,
        )

    async def _token_call(self, form: Mapping[str, str]) -> dict[str, Any]:
        url = self.endpoints.token_url
        async with self._client() as client:
            for attempt in (1, 2):
                try:
                    response = await client.post(url, data=dict(form))
                    break
                except NEVER_SENT_ERRORS as exc:
                    if attempt == 2:
                        raise self._unreachable(exc, url) from None
                except httpx.TransportError as exc:
                    raise self._unreachable(exc, url) from None
        return self._read_token_answer(response)

    def _read_token_answer(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code == 200 and isinstance(data, dict):
            return data
        error = data.get("error") if isinstance(data, dict) else None
        if error == "invalid_grant":
            raise AuthenticationFailed(
                SERVICE,
                f"the saved sign-in was revoked, has expired or was already used (invalid_grant); {self.sign_in_hint}",
                status=response.status_code,
                code="invalid_grant",
            )
        if error == "invalid_client" or response.status_code == 401:
            raise AuthenticationFailed(
                SERVICE,
                "Intuit refused the app's client id or secret (invalid_client); check client_id and client_secret "
                "of this QuickBooks target in config.toml against the keys tab of your Intuit app",
                status=response.status_code,
                code="invalid_client",
            )
        if response.status_code == 200:
            raise MalformedResponse(SERVICE, "the token endpoint answered 200 without a JSON object", path=TOKEN_PATH)
        raise AuthenticationFailed(
            SERVICE,
            f"the token endpoint answered HTTP {response.status_code} ({error or 'no error code'}); "
            f"{self.sign_in_hint}",
            status=response.status_code,
        )

    def _unreachable(self, exc: Exception, url: str) -> Unreachable:
        return Unreachable(SERVICE, f"no answer from {self.redactor.url(url)}: {type(exc).__name__}")
