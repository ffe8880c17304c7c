"""QuickBooks Online: OAuth 2.0 over SSH, the v3 Accounting API behind the package-neutral AccountingConnector.

Module map: connector (the AccountingConnector, pacing, batch and requestid), oauth (sign-in flow and token calls),
auth (bearer tokens that refresh and rotate safely), tokens (token sets; the sinks that keep them are shared with
Xero in connectors/oauth_tokens.py), book (codes ↔ Ids), payloads (drafts → QBO JSON), records (QBO JSON →
records), query (safe query statements), faults (Fault bodies → typed errors and problems), capabilities. Bodies
are written by tui_ledger.domain.decimal_json, so amounts keep their exact digits.
"""

from __future__ import annotations

from tui_ledger.connectors.oauth_tokens import MemoryTokenSink
from tui_ledger.connectors.quickbooks.connector import (
    QuickBooksConnector,
    QuickBooksSettings,
    open_quickbooks,
)
from tui_ledger.connectors.quickbooks.oauth import AppRegistration, IntuitEndpoints, IntuitOAuthClient
from tui_ledger.connectors.quickbooks.tokens import TokenSet

__all__ = [
    "AppRegistration",
    "IntuitEndpoints",
    "IntuitOAuthClient",
    "MemoryTokenSink",
    "QuickBooksConnector",
    "QuickBooksSettings",
    "TokenSet",
    "open_quickbooks",
]
