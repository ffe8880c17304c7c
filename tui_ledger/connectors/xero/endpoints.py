"""Where Xero lives: the Accounting API, the identity service, the login page and the connections list.

The real service spreads them over four hosts; the sandbox serves them from one root at the same paths. Both are
described by one `XeroEndpoints`, so nothing else in the connector knows which it is talking to.
"""

from __future__ import annotations

from dataclasses import dataclass

PRODUCTION_API = "https://api.xero.com/api.xro/2.0"
PRODUCTION_IDENTITY = "https://identity.xero.com"
PRODUCTION_LOGIN = "https://login.xero.com"
PRODUCTION_CONNECTIONS = "https://api.xero.com/connections"
API_PATH = "/api.xro/2.0"


@dataclass(frozen=True, slots=True)
class XeroEndpoints:
    api_base: str
    identity_base: str
    login_base: str
    connections_url: str

    @classmethod
    def production(cls) -> XeroEndpoints:
        return cls(PRODUCTION_API, PRODUCTION_IDENTITY, PRODUCTION_LOGIN, PRODUCTION_CONNECTIONS)

    @classmethod
    def under(cls, root: str) -> XeroEndpoints:
        """Every endpoint under one root, as the sandbox serves them (`http://127.0.0.1:8765/xero`)."""
        root = root.rstrip("/")
        return cls(root + API_PATH, root, root, root + "/connections")

    @classmethod
    def for_api_base(cls, api_base: str | None) -> XeroEndpoints:
        """From a profile's `base_url`: the real service when absent, else the root above `/api.xro/2.0`."""
        if not api_base:
            return cls.production()
        base = api_base.rstrip("/")
        if base == PRODUCTION_API:
            return cls.production()
        root = base[: -len(API_PATH)] if base.endswith(API_PATH) else base
        return cls.under(root)

    @property
    def token_url(self) -> str:
        return self.identity_base + "/connect/token"

    @property
    def revocation_url(self) -> str:
        return self.identity_base + "/connect/revocation"

    @property
    def authorize_url(self) -> str:
        return self.login_base + "/identity/connect/authorize"
