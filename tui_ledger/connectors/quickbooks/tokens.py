"""QuickBooks Online OAuth tokens and where they are kept.

Intuit rotates refresh tokens: a refresh answers a new one and the old one stops working. So every token set the
connector obtains is handed to a `TokenSink` (tui_ledger/connectors/oauth_tokens.py) before it is used; if saving
fails, the refresh fails loudly rather than leaving the user with a token on disk that no longer works. The wiring
adapts the config's TokenStore (a 0600 file written atomically) to that protocol.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tui_ledger.connectors.errors import AuthenticationFailed

SERVICE = "QuickBooks Online"


@dataclass(frozen=True)
class TokenSet:
    """An access token with its refresh token, their expiry, and the company (realm) they were granted for."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime
    refresh_expires_at: datetime | None = None
    realm_id: str | None = None

    @classmethod
    def from_token_response(cls, data: Mapping[str, Any], now: datetime, realm_id: str | None) -> TokenSet:
        """Read Intuit's token endpoint answer; `MalformedResponse`-worthy gaps become a clear sign-in error."""
        access = data.get("access_token")
        refresh = data.get("refresh_token")
        if not isinstance(access, str) or not isinstance(refresh, str) or not access or not refresh:
            raise AuthenticationFailed(SERVICE, "the token endpoint answered without an access and a refresh token")
        expires_in = _seconds(data.get("expires_in"), 3600)
        refresh_in = data.get("x_refresh_token_expires_in")
        return cls(
            access_token=access,
            refresh_token=refresh,
            expires_at=now + timedelta(seconds=expires_in),
            refresh_expires_at=now + timedelta(seconds=_seconds(refresh_in, 0)) if refresh_in is not None else None,
            realm_id=realm_id,
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.isoformat(),
            "realm_id": self.realm_id,
        }
        if self.refresh_expires_at is not None:
            data["refresh_token_expires_at"] = self.refresh_expires_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any], sign_in_hint: str) -> TokenSet:
        """Tokens as saved by `to_json`; a damaged record says how to get new ones."""
        try:
            refresh_expires = data.get("refresh_token_expires_at")
            return cls(
                access_token=str(data["access_token"]),
                refresh_token=str(data["refresh_token"]),
                expires_at=datetime.fromisoformat(str(data["expires_at"])),
                refresh_expires_at=datetime.fromisoformat(str(refresh_expires)) if refresh_expires else None,
                realm_id=str(data["realm_id"]) if data.get("realm_id") else None,
            )
        except (KeyError, ValueError) as exc:
            raise AuthenticationFailed(
                SERVICE, f"the saved QuickBooks sign-in is incomplete ({type(exc).__name__}: {exc}); {sign_in_hint}"
            ) from None

    def expires_within(self, now: datetime, seconds: float) -> bool:
        return self.expires_at <= now + timedelta(seconds=seconds)


def _seconds(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
