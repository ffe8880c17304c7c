"""Pax8 Partner API connector: OAuth2 client credentials, paged partner lists, invoice items → invoice lines."""

from tui_ledger.connectors.pax8.client import PAX8_API_URL, Pax8Settings, open_pax8_client
from tui_ledger.connectors.pax8.source import Pax8Source

__all__ = ["PAX8_API_URL", "Pax8Settings", "Pax8Source", "open_pax8_client"]
