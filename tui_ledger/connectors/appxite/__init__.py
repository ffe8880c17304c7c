"""AppXite Reporting API v2 connector: SAS-key access, invoice headers and rows, cost joined to revenue."""

from tui_ledger.connectors.appxite.client import APPXITE_API_URL, AppXiteSettings, open_appxite_client
from tui_ledger.connectors.appxite.source import AppXiteSource

__all__ = ["APPXITE_API_URL", "AppXiteSettings", "AppXiteSource", "open_appxite_client"]
