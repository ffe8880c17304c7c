"""GL batch management (issue 5): find, unbatch, rebatch, delete and reconcile, the accounting package kept in step.

    desk = BatchDesk(BatchContext(psa=runtime.psa, database=runtime.database, profile=runtime.name,
                                  clock=runtime.clock, package=connector, target="Demo Xero",
                                  options=runtime.profile.export, data_dir=runtime.paths.data_dir, events=sink))

`BatchDesk` (desk.py) is the API the Batches screen and `tui-ledger batches` (headless.py) call; each of its
methods is one module here: find, unbatch, rebatch (send.py for "through the export"), delete, reconcile and
fixes. Loading batches (loading.py), package look-ups (package_lookup.py), the order of package steps
(copies.py) and System Logs entries (audit.py) are shared by all of them.
"""

from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.delete import DeleteProposal
from tui_ledger.services.batches.desk import BatchDesk, BatchSummary, BatchView
from tui_ledger.services.batches.events import BatchEvent, BatchEventSink, Step, StepState
from tui_ledger.services.batches.find import FindResult, Located
from tui_ledger.services.batches.outcome import ActionOutcome, OutcomeStatus
from tui_ledger.services.batches.rebatch import RebatchMode, RebatchProposal
from tui_ledger.services.batches.reconcile import ReconcileScope
from tui_ledger.services.batches.unbatch import UnbatchProposal

__all__ = [
    "ActionOutcome",
    "BatchContext",
    "BatchDesk",
    "BatchEvent",
    "BatchEventSink",
    "BatchSummary",
    "BatchView",
    "DeleteProposal",
    "FindResult",
    "Located",
    "OutcomeStatus",
    "RebatchMode",
    "RebatchProposal",
    "ReconcileScope",
    "Step",
    "StepState",
    "UnbatchProposal",
]
