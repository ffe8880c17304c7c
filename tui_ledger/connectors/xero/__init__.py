"""The Xero connector: OAuth2 that works over SSH, the Accounting API reads and paced, idempotent creates."""

from __future__ import annotations

from tui_ledger.connectors.oauth_tokens import MemoryTokenSink
from tui_ledger.connectors.xero.auth import GrantKind
from tui_ledger.connectors.xero.capabilities import XERO_CAPABILITIES
from tui_ledger.connectors.xero.connector import XeroConnection, XeroConnector, open_xero
from tui_ledger.connectors.xero.endpoints import XeroEndpoints
from tui_ledger.connectors.xero.oauth import AuthorizationRequest, XeroOAuthClient, XeroTenant
from tui_ledger.connectors.xero.tokens import XeroTokens

__all__ = [
    "XERO_CAPABILITIES",
    "AuthorizationRequest",
    "GrantKind",
    "MemoryTokenSink",
    "XeroConnection",
    "XeroConnector",
    "XeroEndpoints",
    "XeroOAuthClient",
    "XeroTenant",
    "XeroTokens",
    "open_xero",
]
