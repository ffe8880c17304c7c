"""OAuth2 client credentials as Pax8 runs them (specs/pax8_authentication.json).

`POST /v1/token` with JSON `{client_id, client_secret, audience, grant_type: "client_credentials"}` answers
`{access_token, expires_in: 86400, token_type: "Bearer"}`; wrong credentials answer 401
`{"error": "access_denied", "error_description": "Unauthorized"}` (the spec's example). Partner endpoints then
require `Authorization: Bearer <token>` issued for the audience `https://api.pax8.com`; anything else is a 401 in
the partner `Error` dialect. Expiry is measured on the shared sandbox clock, so tests can outlive a token.
"""

from __future__ import annotations

import json
import secrets
from decimal import Decimal

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.pax8.errors import error_response
from tui_ledger.sandbox.pax8.state import Pax8State

PARTNER_AUDIENCE = "https://api.pax8.com"
KNOWN_AUDIENCES = (PARTNER_AUDIENCE, "api://p8p.client", "api://provisioning", "api://usage")
TOKEN_TTL_SECONDS = 86400


def _oauth_error(status: int, error: str, description: str) -> Response:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


class TokenAuthority:
    """Issues access tokens and checks the bearer token of every partner request."""

    def __init__(self, state: Pax8State, clock: Clock) -> None:
        self._state = state
        self._clock = clock

    async def token_endpoint(self, request: Request) -> Response:
        try:
            body = json.loads(await request.body(), parse_float=Decimal)
        except (ValueError, UnicodeDecodeError):
            return _oauth_error(400, "invalid_request", "The request body must be a JSON object")
        if not isinstance(body, dict):
            return _oauth_error(400, "invalid_request", "The request body must be a JSON object")
        missing = [name for name in ("client_id", "client_secret", "audience", "grant_type") if not body.get(name)]
        if missing:
            return _oauth_error(400, "invalid_request", f"Missing required parameter: {', '.join(missing)}")
        if body["grant_type"] != "client_credentials":
            return _oauth_error(403, "unsupported_grant_type", f"Unsupported grant type: {body['grant_type']}")
        if body["audience"] not in KNOWN_AUDIENCES:
            return _oauth_error(403, "access_denied", f"Service not found: {body['audience']}")
        expected_secret = self._state.client_secret(str(body["client_id"]))
        if expected_secret is None or not secrets.compare_digest(expected_secret, str(body["client_secret"])):
            return _oauth_error(401, "access_denied", "Unauthorized")
        token = secrets.token_urlsafe(32)
        expires_at = self._clock.now().timestamp() + TOKEN_TTL_SECONDS
        self._state.save_token(token, str(body["client_id"]), str(body["audience"]), expires_at)
        return JSONResponse({"access_token": token, "expires_in": TOKEN_TTL_SECONDS, "token_type": "Bearer"})

    def refusal(self, request: Request) -> Response | None:
        """None when the request carries a valid partner token, else the 401 the API answers."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return error_response(401, "Full authentication is required to access this resource", request.url.path)
        grant = self._state.token_grant(token.strip())
        if grant is None:
            return error_response(401, "Invalid access token", request.url.path)
        audience, expires_at = grant
        if expires_at <= self._clock.now().timestamp():
            return error_response(401, "Access token expired", request.url.path)
        if audience != PARTNER_AUDIENCE:
            return error_response(
                401, f"Access token audience {audience} does not grant partner access", request.url.path
            )
        return None
