"""Platform invoice lines for the screens: load periods, edit and bulk-update lines, map organizations and offers,
suggest mappings, read System Logs — over the lines store, the platform source and the ConnectWise tenant.

`InvoiceLinesService` (service.py) is the one object the screens receive; the modules hold one workflow each.
"""

from tui_ledger.services.invoice_lines.edits import KEEP, LineChanges, LineEditError
from tui_ledger.services.invoice_lines.loading import LoadChoice
from tui_ledger.services.invoice_lines.options import ChargeDateRule, EndRule, LinesOptions, StartRule
from tui_ledger.services.invoice_lines.service import InvoiceLinesService, PlatformOpener

__all__ = [
    "KEEP",
    "ChargeDateRule",
    "EndRule",
    "InvoiceLinesService",
    "LineChanges",
    "LineEditError",
    "LinesOptions",
    "LoadChoice",
    "PlatformOpener",
    "StartRule",
]
