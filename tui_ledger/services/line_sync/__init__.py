"""Sync to PSA (seed 003): invoice lines → ConnectWise Agreement Additions, with live progress, a safe stop,
per-line status and System Logs — and undo of a whole run.

    from tui_ledger.services.line_sync import LineSync, StopSignal, SyncOptions

    sync = LineSync(database, billing, system_log, clock=clock, options=SyncOptions(default_agreement_type=name))
    stop = StopSignal()                       # Esc → stop.request()
    report = await sync.sync(period, marked_only=has_marks, stop=stop, progress=sink, on_line=refresh_row)
    one = await sync.sync(period, keys=[record.key])      # Sync Invoice Line: just this line, a run of its own
    undo = await sync.undo(period, report.run_id)

`billing` is a `ConnectWiseAgreementBilling` (tui_ledger/connectors/connectwise/agreement_billing.py).
"""

from tui_ledger.services.line_sync.reports import LineOutcome, LineResult, SyncReport, UndoReport
from tui_ledger.services.line_sync.service import SYNC_TASK, LineSync, SyncInProgressError, SyncOptions
from tui_ledger.services.line_sync.stop import StopSignal
from tui_ledger.services.line_sync.undo import UNDO_TASK, UndoRefusedError

__all__ = [
    "SYNC_TASK",
    "UNDO_TASK",
    "LineOutcome",
    "LineResult",
    "LineSync",
    "StopSignal",
    "SyncInProgressError",
    "SyncOptions",
    "SyncReport",
    "UndoRefusedError",
    "UndoReport",
]
