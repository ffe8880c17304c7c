"""A Xero token set and how it is kept: access token, rotating refresh token, expiry, and the chosen organisation.

The organisation (tenant) chosen at sign-in is kept with the tokens, so a profile works without the user copying a
tenant id into the config; a `tenant_id` in the config still wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from tui_ledger.connectors.errors import AuthenticationFailed
from tui_ledger.connectors.xero.wire import SERVICE


@dataclass(frozen=True)
class XeroTokens:
    access_token: str = field(repr=False)
    expires_at: datetime
    refresh_token: str | None = field(default=None, repr=False)
    scope: str = ""
    tenant_id: str | None = None
    tenant_name: str | None = None
    grant: str = "authorization_code"
    """How the tokens were obtained: `authorization_code` (a user signed in) or `client_credentials`."""

    def expires_within(self, now: datetime, seconds: float) -> bool:
        return now + timedelta(seconds=seconds) >= self.expires_at

    def with_tenant(self, tenant_id: str, tenant_name: str | None) -> XeroTokens:
        return replace(self, tenant_id=tenant_id, tenant_name=tenant_name)

    @classmethod
    def from_token_response(
        cls, data: Mapping[str, Any], now: datetime, previous: XeroTokens | None, hint: str, grant: str | None = None
    ) -> XeroTokens:
        """Read the token endpoint's answer, keeping the organisation chosen before a refresh."""
        access = data.get("access_token")
        expires_in = data.get("expires_in")
        if not isinstance(access, str) or not access or not isinstance(expires_in, int | float):
            raise AuthenticationFailed(SERVICE, f"the Xero token endpoint answered without a usable token; {hint}")
        refresh = data.get("refresh_token")
        return cls(
            access_token=access,
            expires_at=now + timedelta(seconds=float(expires_in)),
            refresh_token=refresh if isinstance(refresh, str) and refresh else None,
            scope=str(data.get("scope") or (previous.scope if previous else "")),
            tenant_id=previous.tenant_id if previous else None,
            tenant_name=previous.tenant_name if previous else None,
            grant=grant or (previous.grant if previous else "authorization_code"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.isoformat(),
            "scope": self.scope,
            "tenant_id": self.tenant_id,
            "tenant_name": self.tenant_name,
            "grant": self.grant,
        }

    @classmethod
    def from_json(cls, saved: Mapping[str, Any], hint: str) -> XeroTokens:
        try:
            return cls(
                access_token=str(saved["access_token"]),
                expires_at=datetime.fromisoformat(str(saved["expires_at"])),
                refresh_token=saved.get("refresh_token") or None,
                scope=str(saved.get("scope") or ""),
                tenant_id=saved.get("tenant_id") or None,
                tenant_name=saved.get("tenant_name") or None,
                grant=str(saved.get("grant") or "authorization_code"),
            )
        except (KeyError, ValueError, TypeError):
            raise AuthenticationFailed(SERVICE, f"the saved Xero sign-in is damaged; {hint}") from None
