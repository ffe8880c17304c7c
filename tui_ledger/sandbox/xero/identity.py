"""Xero Identity in the sandbox: authorize, token, revocation and connections, so any OAuth client can log in.

The real service spreads these over three hosts (login.xero.com `/identity/connect/authorize`,
identity.xero.com `/connect/token` and `/connect/revocation`, api.xero.com `/connections`); the sandbox serves
them from one app at the same paths. Behaviour that matters to a client, decided here:

* The authorize endpoint consents at once for the demo user and redirects (302) to the registered
  `redirect_uri` with `code`, `scope`, `state` and `session_state`, connecting every organisation the sandbox
  hosts. A test follows the redirect; a person over SSH copies the address the browser lands on.
* PKCE (`S256` or `plain`) is verified when the authorize request carried a challenge; a client without its
  secret must use it.
* Refresh tokens ROTATE: each refresh returns a new refresh token and the old one stops working at once
  (`invalid_grant`), so a client that fails to save the new one is locked out, as with the real service.
* `client_credentials` is a Custom Connection: a token for the one organisation the client is tied to, with
  no refresh token.
* Lifetimes run on the sandbox clock: access tokens 30 minutes, refresh tokens 60 days, codes 5 minutes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.xero.responses import not_found, problem
from tui_ledger.sandbox.xero.store import XeroStore

ACCESS_TOKEN_SECONDS = 1800
REFRESH_TOKEN_SECONDS = 60 * 86_400
CODE_SECONDS = 300

IDENTITY_SCOPES = frozenset({"openid", "profile", "email", "offline_access"})
ACCOUNTING_SCOPES = frozenset(
    {
        "accounting.transactions",
        "accounting.transactions.read",
        "accounting.contacts",
        "accounting.contacts.read",
        "accounting.settings",
        "accounting.settings.read",
        "accounting.invoices",
        "accounting.invoices.read",
        "accounting.payments",
        "accounting.payments.read",
        "accounting.banktransactions",
        "accounting.banktransactions.read",
        "accounting.manualjournals",
        "accounting.manualjournals.read",
        "accounting.attachments",
        "accounting.attachments.read",
        "accounting.reports.read",
        "accounting.journals.read",
        "accounting.budgets.read",
    }
)
KNOWN_SCOPES = IDENTITY_SCOPES | ACCOUNTING_SCOPES
CUSTOM_CONNECTION_SCOPES = "accounting.transactions accounting.contacts accounting.settings"


@dataclass(frozen=True, slots=True)
class Grant:
    """Who an access token speaks for: the app, what it may do, and the organisations it may reach."""

    client_id: str
    scopes: frozenset[str]
    tenant_ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class RegisteredApp:
    """An app registered with the sandbox's identity service; `custom_tenant_id` makes it a Custom Connection."""

    client_id: str
    client_secret: str | None
    name: str
    redirect_uris: tuple[str, ...]
    custom_tenant_id: str | None

    def secret_matches(self, offered: str | None) -> bool:
        return (
            offered is not None
            and self.client_secret is not None
            and secrets.compare_digest(offered, self.client_secret)
        )


@dataclass(frozen=True, slots=True)
class TokenRejected:
    """Why a bearer token was refused; `detail` is the problem JSON's `Detail`."""

    detail: str


async def _form_fields(request: Request) -> dict[str, str]:
    """The `application/x-www-form-urlencoded` body OAuth token requests carry (the last value of a repeat wins)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return dict(parse_qsl(body, keep_blank_values=True))


def _now_seconds(clock: Clock) -> float:
    return clock.now().timestamp()


def _oauth_error(error: str, description: str, status: int = 400) -> Response:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


def pkce_challenge(verifier: str, method: str) -> str:
    """The code challenge a verifier answers: BASE64URL(SHA256(verifier)) for S256, the verifier for plain."""
    if method == "plain":
        return verifier
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class IdentityService:
    """Issues and checks the sandbox's codes and tokens; state lives in the store, time on the sandbox clock."""

    def __init__(self, store: XeroStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    # -- routes

    def routes(self) -> list[Route]:
        return [
            Route("/identity/connect/authorize", self.authorize, methods=["GET"]),
            Route("/connect/token", self.token, methods=["POST"]),
            Route("/connect/revocation", self.revocation, methods=["POST"]),
            Route("/connections", self.connections, methods=["GET"]),
            Route("/connections/{connection_id}", self.disconnect, methods=["DELETE"]),
            # The official SDKs spell it `/Connections`; Xero's paths are not case-sensitive.
            Route("/Connections", self.connections, methods=["GET"]),
            Route("/Connections/{connection_id}", self.disconnect, methods=["DELETE"]),
        ]

    async def authorize(self, request: Request) -> Response:
        params = request.query_params
        client = self._client(params.get("client_id", ""))
        if client is None:
            return PlainTextResponse("Error: unauthorized_client (unknown client_id)", status_code=400)
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in client.redirect_uris:
            return PlainTextResponse("Error: invalid redirect_uri (not registered for this app)", status_code=400)
        state = params.get("state")
        if params.get("response_type") != "code":
            return self._redirect_error(redirect_uri, "unsupported_response_type", state)
        requested = params.get("scope", "").split()
        unknown = [scope for scope in requested if scope not in KNOWN_SCOPES]
        if not requested or unknown:
            return self._redirect_error(redirect_uri, "invalid_scope", state)
        method = params.get("code_challenge_method", "plain") if params.get("code_challenge") else None
        if method not in (None, "S256", "plain"):
            return self._redirect_error(redirect_uri, "invalid_request", state)
        code = secrets.token_urlsafe(32)
        auth_event_id = str(uuid.uuid4())
        self.store.execute(
            "INSERT INTO auth_codes (code, client_id, redirect_uri, scope, challenge, challenge_method,"
            " auth_event_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code,
                client.client_id,
                redirect_uri,
                " ".join(requested),
                params.get("code_challenge"),
                method,
                auth_event_id,
                _now_seconds(self.clock) + CODE_SECONDS,
            ),
        )
        self._connect_all_tenants(client.client_id, auth_event_id)
        answer = {"code": code, "scope": " ".join(requested), "session_state": secrets.token_urlsafe(16)}
        if state is not None:
            answer["state"] = state
        return RedirectResponse(f"{redirect_uri}?{urlencode(answer)}", status_code=302)

    async def token(self, request: Request) -> Response:
        fields = await _form_fields(request)
        client_id, client_secret = self._client_credentials(request, fields)
        client = self._client(client_id)
        if client is None:
            return _oauth_error("invalid_client", "unknown client")
        secret_ok = client.secret_matches(client_secret)
        if client_secret is not None and not secret_ok:
            return _oauth_error("invalid_client", "client authentication failed")
        grant_type = fields.get("grant_type")
        if grant_type == "authorization_code":
            return self._exchange_code(client.client_id, secret_ok, fields)
        if grant_type == "refresh_token":
            if not secret_ok:
                return _oauth_error("invalid_client", "client authentication failed")
            return self._refresh(client.client_id, fields.get("refresh_token", ""))
        if grant_type == "client_credentials":
            if not secret_ok:
                return _oauth_error("invalid_client", "client authentication failed")
            if client.custom_tenant_id is None:
                return _oauth_error("unauthorized_client", "this app is not a Custom Connection")
            return self._client_credentials_grant(client.client_id, client.custom_tenant_id, fields.get("scope"))
        return _oauth_error("unsupported_grant_type", f"grant_type {grant_type!r} is not supported")

    async def revocation(self, request: Request) -> Response:
        fields = await _form_fields(request)
        client_id, client_secret = self._client_credentials(request, fields)
        client = self._client(client_id)
        if client is None or not client.secret_matches(client_secret):
            return _oauth_error("invalid_client", "client authentication failed")
        rows = self.store.query(
            "SELECT grant_id FROM refresh_tokens WHERE token = ? AND client_id = ?",
            (fields.get("token", ""), client_id),
        )
        if rows:
            self.revoke_grant(rows[0][0])
        return Response(status_code=200)

    async def connections(self, request: Request) -> Response:
        grant = self.grant_for(request.headers.get("authorization"))
        if isinstance(grant, TokenRejected):
            return problem(401, grant.detail)
        rows = self.store.query(
            "SELECT c.connection_id, c.auth_event_id, c.tenant_id, t.name, c.created_ms, c.updated_ms"
            " FROM connections c JOIN tenants t ON t.tenant_id = c.tenant_id"
            " WHERE c.client_id = ? ORDER BY c.created_ms, t.name",
            (grant.client_id,),
        )
        body = [
            {
                "id": connection_id,
                "authEventId": auth_event_id,
                "tenantId": tenant_id,
                "tenantType": "ORGANISATION",
                "tenantName": name,
                "createdDateUtc": _iso(created),
                "updatedDateUtc": _iso(updated),
            }
            for connection_id, auth_event_id, tenant_id, name, created, updated in rows
            if tenant_id in grant.tenant_ids
        ]
        return JSONResponse(body)

    async def disconnect(self, request: Request) -> Response:
        grant = self.grant_for(request.headers.get("authorization"))
        if isinstance(grant, TokenRejected):
            return problem(401, grant.detail)
        changed = self.store.execute(
            "DELETE FROM connections WHERE connection_id = ? AND client_id = ?",
            (request.path_params["connection_id"], grant.client_id),
        )
        return Response(status_code=204) if changed else not_found()

    # -- checking tokens

    def grant_for(self, authorization: str | None) -> Grant | TokenRejected:
        """The grant behind an `Authorization: Bearer` header, or why it is refused."""
        if not authorization or not authorization.lower().startswith("bearer "):
            return TokenRejected("AuthenticationUnsuccessful")
        token = authorization[7:].strip()
        rows = self.store.query(
            "SELECT client_id, scope, grant_id, expires_at, revoked FROM access_tokens WHERE token = ?", (token,)
        )
        if not rows or rows[0][4]:
            return TokenRejected("AuthenticationUnsuccessful")
        client_id, scope, _grant_id, expires_at, _revoked = rows[0]
        if _now_seconds(self.clock) >= expires_at:
            stamp = datetime.fromtimestamp(expires_at, UTC).strftime("%m/%d/%Y %H:%M:%S")
            return TokenRejected(f"TokenExpired: token expired at {stamp}")
        tenants = frozenset(
            tenant_id
            for (tenant_id,) in self.store.query("SELECT tenant_id FROM connections WHERE client_id = ?", (client_id,))
        )
        return Grant(client_id=client_id, scopes=frozenset(scope.split()), tenant_ids=tenants)

    def revoke_grant(self, grant_id: str) -> None:
        """Revoke every token of one login and the connections it made, as revoking a refresh token does."""
        with self.store.transaction() as db:
            db.execute("UPDATE refresh_tokens SET state = 'revoked' WHERE grant_id = ?", (grant_id,))
            db.execute("UPDATE access_tokens SET revoked = 1 WHERE grant_id = ?", (grant_id,))
            db.execute("DELETE FROM connections WHERE auth_event_id = ?", (grant_id,))

    # -- grants

    def _exchange_code(self, client_id: str, secret_ok: bool, fields: dict[str, str]) -> Response:
        code = fields.get("code", "")
        rows = self.store.query(
            "SELECT client_id, redirect_uri, scope, challenge, challenge_method, auth_event_id, expires_at, used"
            " FROM auth_codes WHERE code = ?",
            (code,),
        )
        if not rows:
            return _oauth_error("invalid_grant", "unknown authorization code")
        owner, redirect_uri, scope, challenge, method, auth_event_id, expires_at, used = rows[0]
        if owner != client_id or used or _now_seconds(self.clock) >= expires_at:
            return _oauth_error("invalid_grant", "the authorization code is expired, used or not yours")
        if fields.get("redirect_uri") != redirect_uri:
            return _oauth_error("invalid_grant", "redirect_uri does not match the authorize request")
        verifier = fields.get("code_verifier")
        if challenge is not None:
            if not verifier or not secrets.compare_digest(pkce_challenge(verifier, method or "plain"), challenge):
                return _oauth_error("invalid_grant", "code_verifier does not match the code_challenge")
        elif not secret_ok:
            return _oauth_error("invalid_client", "client authentication failed")
        self.store.execute("UPDATE auth_codes SET used = 1 WHERE code = ?", (code,))
        return JSONResponse(
            self._issue(client_id, scope, auth_event_id, with_refresh="offline_access" in scope.split())
        )

    def _refresh(self, client_id: str, refresh_token: str) -> Response:
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT scope, grant_id, expires_at, state FROM refresh_tokens WHERE token = ? AND client_id = ?",
                (refresh_token, client_id),
            ).fetchone()
            if row is None or row[3] != "active" or _now_seconds(self.clock) >= row[2]:
                return _oauth_error("invalid_grant", "the refresh token is invalid, expired, revoked or already used")
            db.execute("UPDATE refresh_tokens SET state = 'rotated' WHERE token = ?", (refresh_token,))
            return JSONResponse(self._issue(client_id, row[0], row[1], with_refresh=True))

    def _client_credentials_grant(self, client_id: str, tenant_id: str, requested: str | None) -> Response:
        allowed = set(CUSTOM_CONNECTION_SCOPES.split())
        scopes = requested.split() if requested else sorted(allowed)
        if any(scope not in allowed for scope in scopes):
            return _oauth_error("invalid_scope", "scope not granted to this Custom Connection")
        grant_id = str(uuid.uuid4())
        now_ms = int(_now_seconds(self.clock) * 1000)
        self.store.execute(
            "INSERT OR IGNORE INTO connections (connection_id, client_id, tenant_id, auth_event_id, created_ms,"
            " updated_ms) VALUES (?, ?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), client_id, tenant_id, grant_id, now_ms, now_ms),
        )
        return JSONResponse(self._issue(client_id, " ".join(scopes), grant_id, with_refresh=False))

    def _issue(self, client_id: str, scope: str, grant_id: str, *, with_refresh: bool) -> dict[str, object]:
        now = _now_seconds(self.clock)
        access = secrets.token_urlsafe(48)
        self.store.execute(
            "INSERT INTO access_tokens (token, client_id, scope, grant_id, expires_at) VALUES (?, ?, ?, ?, ?)",
            (access, client_id, scope, grant_id, now + ACCESS_TOKEN_SECONDS),
        )
        answer: dict[str, object] = {
            "access_token": access,
            "expires_in": ACCESS_TOKEN_SECONDS,
            "token_type": "Bearer",
            "scope": scope,
        }
        if with_refresh:
            refresh = secrets.token_urlsafe(32)
            self.store.execute(
                "INSERT INTO refresh_tokens (token, client_id, scope, grant_id, expires_at, state)"
                " VALUES (?, ?, ?, ?, ?, 'active')",
                (refresh, client_id, scope, grant_id, now + REFRESH_TOKEN_SECONDS),
            )
            answer["refresh_token"] = refresh
        return answer

    # -- helpers

    def _client(self, client_id: str) -> RegisteredApp | None:
        rows = self.store.query(
            "SELECT client_id, client_secret, name, redirect_uris, custom_tenant_id FROM clients WHERE client_id = ?",
            (client_id,),
        )
        if not rows:
            return None
        found_id, secret, name, redirect_uris, custom_tenant_id = rows[0]
        return RegisteredApp(found_id, secret, name, tuple(json.loads(redirect_uris)), custom_tenant_id)

    @staticmethod
    def _client_credentials(request: Request, fields: dict[str, str]) -> tuple[str, str | None]:
        """Client id and secret from HTTP Basic (as Xero documents) or from the form (PKCE and some SDKs)."""
        header = request.headers.get("authorization", "")
        if header.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(header[6:].strip()).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                return "", None
            client_id, _, secret = decoded.partition(":")
            return client_id, secret
        return fields.get("client_id", ""), fields.get("client_secret")

    def _connect_all_tenants(self, client_id: str, auth_event_id: str) -> None:
        now_ms = int(_now_seconds(self.clock) * 1000)
        with self.store.transaction() as db:
            for (tenant_id,) in db.execute("SELECT tenant_id FROM tenants ORDER BY created_ms").fetchall():
                db.execute(
                    "INSERT INTO connections (connection_id, client_id, tenant_id, auth_event_id, created_ms,"
                    " updated_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, tenant_id)"
                    " DO UPDATE SET auth_event_id = excluded.auth_event_id, updated_ms = excluded.updated_ms",
                    (str(uuid.uuid4()), client_id, tenant_id, auth_event_id, now_ms, now_ms),
                )

    @staticmethod
    def _redirect_error(redirect_uri: str, error: str, state: str | None) -> Response:
        answer = {"error": error}
        if state is not None:
            answer["state"] = state
        return RedirectResponse(f"{redirect_uri}?{urlencode(answer)}", status_code=302)


def _iso(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def register_app(store: XeroStore, app: RegisteredApp) -> None:
    """Register (or re-register) an app with the sandbox's identity service, as a developer does with Xero."""
    store.execute(
        "INSERT OR REPLACE INTO clients (client_id, client_secret, name, redirect_uris, custom_tenant_id)"
        " VALUES (?, ?, ?, ?, ?)",
        (app.client_id, app.client_secret, app.name, json.dumps(list(app.redirect_uris)), app.custom_tenant_id),
    )
