"""Intuit OAuth 2.0 in the sandbox: discovery, authorize, token, revoke and userinfo, so any OAuth client logs in.

The real service spreads these over several hosts (appcenter.intuit.com `/connect/oauth2`,
oauth.platform.intuit.com `/oauth2/v1/tokens/bearer`, developer.api.intuit.com `/v2/oauth2/tokens/revoke`); the
sandbox serves them from one app at their real paths, and publishes them in a discovery document at
`/.well-known/openid_configuration`, which is what intuit-oauth's `AuthClient(environment=<discovery URL>)` reads.

Behaviour that matters to a client, decided here:

* The authorize endpoint consents at once for the demo user and redirects (302) to the registered `redirect_uri`
  with `code`, `state` and `realmId` (the company), exactly the three things a client reads from the redirect. A
  test follows the redirect; a person over SSH copies the address the browser lands on.
* Refresh tokens ROTATE: every refresh answers a new refresh token and the old one stops working at once
  (`invalid_grant`), so a client that does not save each new token is locked out, the failure to guard against.
* A revoked grant (revoke endpoint, or a user disconnecting the app) fails with `invalid_grant` on refresh and
  401 AuthenticationFault on API calls.
* Lifetimes run on the sandbox clock: access tokens 3600 s, refresh tokens 101 days, codes 5 minutes.
Tokens are stored hashed: the state file never holds a usable credential.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.quickbooks.faults import QboFault, authentication_failed
from tui_ledger.sandbox.quickbooks.store import Grant, QboStore, TokenRecord

ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting"
KNOWN_SCOPES = frozenset({ACCOUNTING_SCOPE, "com.intuit.quickbooks.payment", "openid", "profile", "email"})
ACCESS_TOKEN_SECONDS = 3600
REFRESH_TOKEN_SECONDS = 8_726_400
CODE_SECONDS = 300

AUTHORIZE_PATH = "/connect/oauth2"
TOKEN_PATH = "/oauth2/v1/tokens/bearer"
REVOKE_PATH = "/oauth2/v1/tokens/revoke"
USERINFO_PATH = "/v1/openid_connect/userinfo"
JWKS_PATH = "/op/v1/jwks"
DISCOVERY_PATHS = ("/.well-known/openid_configuration", "/.well-known/openid_sandbox_configuration")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _oauth_error(error: str, status: int = 400, description: str | None = None) -> Response:
    body = {"error": error} if description is None else {"error": error, "error_description": description}
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


class IntuitOAuth:
    """The token side of the sandbox; `grant_for` is what the API endpoints call to check a bearer token."""

    def __init__(self, store: Callable[[], QboStore], clock: Clock) -> None:
        self._open_store = store
        self._clock = clock

    @property
    def _store(self) -> QboStore:
        """Opened on first use: the app has no lifespan events to open it at start-up."""
        return self._open_store()

    def routes(self) -> list[Route]:
        return [
            *(Route(path, self.discovery, methods=["GET"]) for path in DISCOVERY_PATHS),
            Route(AUTHORIZE_PATH, self.authorize, methods=["GET"]),
            Route(TOKEN_PATH, self.token, methods=["POST"]),
            Route(REVOKE_PATH, self.revoke, methods=["POST"]),
            Route(USERINFO_PATH, self.userinfo, methods=["GET"]),
            Route(JWKS_PATH, self.jwks, methods=["GET"]),
        ]

    def _now(self) -> float:
        return self._clock.now().timestamp()

    # Endpoints --------------------------------------------------------------------------------------------

    async def discovery(self, request: Request) -> Response:
        base = _service_root(request)
        return JSONResponse(
            {
                "issuer": "https://oauth.platform.intuit.com/op/v1",
                "authorization_endpoint": base + AUTHORIZE_PATH,
                "token_endpoint": base + TOKEN_PATH,
                "userinfo_endpoint": base + USERINFO_PATH,
                "revocation_endpoint": base + REVOKE_PATH,
                "jwks_uri": base + JWKS_PATH,
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": sorted(KNOWN_SCOPES),
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
                "claims_supported": ["aud", "exp", "iat", "iss", "realmid", "sub"],
            }
        )

    async def authorize(self, request: Request) -> Response:
        params = request.query_params
        client_id = params.get("client_id", "")
        redirect_uri = params.get("redirect_uri", "")
        client = self._store.client(client_id)
        if client is None:
            return PlainTextResponse(f"invalid_client: no app with client_id {client_id!r}", status_code=400)
        if redirect_uri not in client[1]:
            return PlainTextResponse(
                "The redirect_uri query parameter value is invalid. Make sure it is listed in the Redirect URIs "
                "section on your app's keys tab and matches it exactly.",
                status_code=400,
            )
        state = params.get("state")
        if params.get("response_type") != "code":
            return _redirect(redirect_uri, {"error": "unsupported_response_type", "state": state})
        scopes = set(params.get("scope", "").split())
        if not scopes or not scopes <= KNOWN_SCOPES:
            return _redirect(redirect_uri, {"error": "invalid_scope", "state": state})
        realm = self._store.first_realm()
        if realm is None:
            return _redirect(redirect_uri, {"error": "access_denied", "state": state})
        grant_id = self._store.add_grant(client_id, realm.realm_id, " ".join(sorted(scopes)))
        code = "AB" + secrets.token_urlsafe(32)
        self._store.add_token(token_hash(code), grant_id, "code", self._now() + CODE_SECONDS, redirect_uri)
        return _redirect(redirect_uri, {"code": code, "state": state, "realmId": realm.realm_id})

    async def token(self, request: Request) -> Response:
        fields = dict(parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True))
        client_id, client_secret = _client_credentials(request.headers.get("authorization"), fields)
        if not self._known_client(client_id, client_secret):
            return _oauth_error("invalid_client", 401)
        grant_type = fields.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(client_id or "", fields)
        if grant_type == "refresh_token":
            return self._refresh(client_id or "", fields.get("refresh_token", ""))
        return _oauth_error("unsupported_grant_type")

    async def revoke(self, request: Request) -> Response:
        client_id, client_secret = _client_credentials(request.headers.get("authorization"), {})
        if not self._known_client(client_id, client_secret):
            return _oauth_error("invalid_client", 401)
        body = await request.body()
        try:
            token = str(json.loads(body or b"{}").get("token", ""))
        except (ValueError, AttributeError):
            token = dict(parse_qsl(body.decode("utf-8", "replace"))).get("token", "")
        record = self._store.token(token_hash(token)) if token else None
        if record is not None and record.grant.client_id == client_id:
            self._store.revoke_grant(record.grant.grant_id)
        return Response(status_code=200)

    async def userinfo(self, request: Request) -> Response:
        try:
            grant = self.grant_for(request.headers.get("authorization"))
        except QboFault:
            return _oauth_error("invalid_token", 401)
        return JSONResponse(
            {
                "sub": f"demo-user-{grant.realm_id}",
                "givenName": "Demo",
                "familyName": "Accountant",
                "email": "accountant@bluepeak.example",
                "emailVerified": True,
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": []})

    # Checks used by the API -------------------------------------------------------------------------------

    def grant_for(self, authorization: str | None) -> Grant:
        """The grant behind a `Bearer` access token, or the 401 AuthenticationFault QBO answers."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise authentication_failed()
        record = self._live(token_hash(token.strip()), "access")
        if record is None:
            raise authentication_failed()
        return record.grant

    def _known_client(self, client_id: str | None, client_secret: str | None) -> bool:
        """Whether the app authenticated with its registered id and secret (compared in constant time)."""
        client = self._store.client(client_id or "")
        return client is not None and secrets.compare_digest(client[0], client_secret or "")

    def _live(self, hashed: str, kind: str) -> TokenRecord | None:
        """The token of this hash if it is of `kind`, not revoked and not expired; None otherwise."""
        record = self._store.token(hashed)
        if record is None or record.kind != kind or record.revoked or record.expires_at <= self._now():
            return None
        return record

    # Grants -----------------------------------------------------------------------------------------------

    def _exchange_code(self, client_id: str, fields: dict[str, str]) -> Response:
        code_hash = token_hash(fields.get("code", ""))
        record = self._live(code_hash, "code")
        if record is None or record.redirect_uri != fields.get("redirect_uri"):
            return _oauth_error("invalid_grant")
        return self._trade(code_hash, record, client_id)

    def _refresh(self, client_id: str, refresh_token: str) -> Response:
        refresh_hash = token_hash(refresh_token)
        record = self._live(refresh_hash, "refresh")
        if record is None:
            return _oauth_error("invalid_grant")
        return self._trade(refresh_hash, record, client_id)

    def _trade(self, hashed: str, record: TokenRecord, client_id: str) -> Response:
        """Spend a live code or refresh token of `client_id` (it works once) for a new token set of its grant."""
        if record.grant.client_id != client_id:
            return _oauth_error("invalid_grant")
        self._store.revoke_token(hashed)
        return JSONResponse(self.issue(record.grant.grant_id), headers={"Cache-Control": "no-store"})

    def issue(self, grant_id: int, refresh_token: str | None = None) -> dict[str, object]:
        """New access and refresh tokens for a grant (a seeded refresh token may be given, for the demo app)."""
        access = "eyJ" + secrets.token_urlsafe(48)
        refresh = refresh_token or "RT1-" + secrets.token_urlsafe(32)
        now = self._now()
        self._store.add_token(token_hash(access), grant_id, "access", now + ACCESS_TOKEN_SECONDS)
        self._store.add_token(token_hash(refresh), grant_id, "refresh", now + REFRESH_TOKEN_SECONDS)
        return {
            "token_type": "bearer",
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": ACCESS_TOKEN_SECONDS,
            "x_refresh_token_expires_in": REFRESH_TOKEN_SECONDS,
        }


def _service_root(request: Request) -> str:
    """This app's own address, including the mount it is served under (`/quickbooks` with `sandbox serve`)."""
    base = str(request.base_url).rstrip("/")
    mount = str(request.scope.get("root_path", "")).rstrip("/")
    return base if base.endswith(mount) else base + mount


def _redirect(redirect_uri: str, params: dict[str, str | None]) -> Response:
    query = urlencode({name: value for name, value in params.items() if value is not None})
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{query}", status_code=302)


def _client_credentials(authorization: str | None, fields: dict[str, str]) -> tuple[str | None, str | None]:
    """HTTP Basic (what Intuit documents and intuit-oauth sends) or `client_id`/`client_secret` form fields."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() == "basic" and encoded:
        try:
            client_id, _, client_secret = base64.b64decode(encoded.strip()).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        return client_id, client_secret
    return fields.get("client_id"), fields.get("client_secret")
