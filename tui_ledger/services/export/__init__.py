"""The export workflow: Retrieve + check (prepare), then the exactly-once run (DESIGN.md §5, issue 4 parts 4 and 7).

    preparation = await prepare_export(psa, connector, unposted_filter, plan_context)   # Ready / Errors per kind
    runner = ExportRunner(database, profile, data_dir, events=sink)
    outcome = await runner.export(preparation.sendable(), connector=connector, batches=psa.batches, target=name)

Module map: prepare (retrieve + snapshot + checks), journal_rows (selection → journal rows), run (the runner),
entities / documents / batching (the sections), matching (found in the package?), events and sections (what the
Batch Status panel receives), lock (one export per profile), interruptions (refused / unknown / stop), command
(`tui-ledger export`).
"""

from tui_ledger.services.export.events import (
    SECTIONS,
    CompletedSuccessfully,
    CompletedWithErrors,
    ExportEvent,
    ExportEventSink,
    Failed,
    NotYetStarted,
    QuotaReported,
    Running,
    RunStarted,
    Section,
    SectionStatus,
    ignore_events,
)
from tui_ledger.services.export.interruptions import RunStopped
from tui_ledger.services.export.journal_rows import DocumentKey, SelectionError, document_key
from tui_ledger.services.export.lock import ExportLock, ExportLocked, LockHolder
from tui_ledger.services.export.prepare import ExportPreparation, PaneSummary, prepare_export, resolvable
from tui_ledger.services.export.run import (
    DiscardRefused,
    ExportRunner,
    RunOutcome,
    RunTargetError,
    UnfinishedRunError,
)
from tui_ledger.services.export.snapshot import read_package_snapshot

__all__ = [
    "SECTIONS",
    "CompletedSuccessfully",
    "CompletedWithErrors",
    "DiscardRefused",
    "DocumentKey",
    "ExportEvent",
    "ExportEventSink",
    "ExportLock",
    "ExportLocked",
    "ExportPreparation",
    "ExportRunner",
    "Failed",
    "LockHolder",
    "NotYetStarted",
    "PaneSummary",
    "QuotaReported",
    "RunOutcome",
    "RunStarted",
    "RunStopped",
    "RunTargetError",
    "Running",
    "Section",
    "SectionStatus",
    "SelectionError",
    "UnfinishedRunError",
    "document_key",
    "ignore_events",
    "prepare_export",
    "read_package_snapshot",
    "resolvable",
]
