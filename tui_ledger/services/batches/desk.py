"""The Batches screen's one object: everything it shows and does, each a thin call into the batch services.

    desk = BatchDesk(BatchContext(psa=..., database=..., profile=..., package=..., target=..., events=sink))
    await desk.batches(closed=None)                  # the list: open and closed, newest first
    view = await desk.batch(batch_id)                # a batch with its records and their package copies
    found = await desk.find("po 984 freight")        # the one search box
    proposal = await desk.propose_unbatch(record)    # the confirmation: plan or refusal, package choices
    outcome = await desk.unbatch(record, PackageAction.VOID)
    report = await desk.reconcile(ReconcileScope())
    await desk.fix(report.discrepancies[0], Fix.LINK)
    desk.save_report(report, Path("reconcile.csv"))

Long work emits `Step` and `Progress` events through the context's sink; a screen runs each call in a worker and
cancels it with Esc (every call leaves ConnectWise, the package and the store consistent when cancelled between
steps: see copies.py for the order of steps).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tui_ledger.connectors.connectwise.batches import GlBatch
from tui_ledger.domain.batches.package import PackageAction, PackageSide
from tui_ledger.domain.batches.reconcile import Finding, Fix, ReconcileReport
from tui_ledger.domain.batches.reconcile_export import report_csv, report_json
from tui_ledger.domain.batches.records import Batch, BatchRecord, DocumentRef
from tui_ledger.domain.batches.refusals import closed_batch_refusal
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.delete import DeleteProposal, delete_batch, propose_delete
from tui_ledger.services.batches.find import FindResult, find
from tui_ledger.services.batches.fixes import apply_fix
from tui_ledger.services.batches.loading import BatchLoader
from tui_ledger.services.batches.outcome import ActionOutcome
from tui_ledger.services.batches.package_lookup import package_sides
from tui_ledger.services.batches.rebatch import RebatchMode, RebatchProposal, propose_rebatch, rebatch
from tui_ledger.services.batches.reconcile import ReconcileScope, reconcile_batches
from tui_ledger.services.batches.unbatch import UnbatchProposal, propose_unbatch, unbatch
from tui_ledger.store.system_log import LogEntry, LogQuery, SystemLog


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """A row of the batch list, without its records (read when the row is opened)."""

    id: int
    identifier: str
    closed: bool
    entered_at: datetime | None
    one_document: DocumentRef | None
    """The document a seed-000 identifier names (tui-ledger's one batch per document), else None."""

    @property
    def read_only_reason(self) -> str | None:
        """Why the screen offers no action on a closed batch (seed 000)."""
        if not self.closed:
            return None
        return closed_batch_refusal(Batch(self.id, self.identifier, True)).reason


@dataclass(frozen=True, slots=True)
class BatchView:
    batch: Batch
    package: Mapping[DocumentRef, PackageSide]


def _summary(batch: GlBatch) -> BatchSummary:
    view = Batch(batch.id, batch.identifier, batch.closed)
    return BatchSummary(batch.id, batch.identifier, batch.closed, batch.entered_at, view.labelled_document)


class BatchDesk:
    def __init__(self, context: BatchContext) -> None:
        self.context = context

    def __repr__(self) -> str:
        return f"BatchDesk({self.context.profile!r}, target={self.context.target!r})"

    async def batches(self, *, closed: bool | None = None, since: date | None = None) -> list[BatchSummary]:
        listed = await self.context.batches.batches(closed=closed)
        if since is not None:
            listed = [batch for batch in listed if batch.entered_at is None or batch.entered_at.date() >= since]
        return [_summary(batch) for batch in listed]

    async def batch(self, batch_id: int) -> BatchView:
        batch = await BatchLoader(self.context).by_id(batch_id)
        return BatchView(batch, await package_sides(self.context, batch.documents))

    async def find(self, text: str) -> FindResult:
        return await find(self.context, text)

    async def propose_unbatch(self, record: BatchRecord) -> UnbatchProposal:
        return await propose_unbatch(self.context, record)

    async def unbatch(self, record: BatchRecord, action: PackageAction) -> ActionOutcome:
        return await unbatch(self.context, record, action)

    async def propose_rebatch(self, records: Sequence[BatchRecord]) -> RebatchProposal:
        return await propose_rebatch(self.context, records)

    async def rebatch(self, records: Sequence[BatchRecord], mode: RebatchMode) -> ActionOutcome:
        return await rebatch(self.context, records, mode)

    async def propose_delete(self, batch_id: int) -> DeleteProposal:
        return await propose_delete(self.context, batch_id)

    async def delete(
        self,
        batch_id: int,
        choice: PackageAction,
        overrides: Mapping[DocumentRef, PackageAction] | None = None,
    ) -> ActionOutcome:
        return await delete_batch(self.context, batch_id, choice, overrides)

    async def reconcile(self, scope: ReconcileScope | None = None) -> ReconcileReport:
        return await reconcile_batches(self.context, scope)

    async def fix(self, finding: Finding, fix: Fix) -> ActionOutcome:
        return await apply_fix(self.context, finding, fix)

    def save_report(self, report: ReconcileReport, path: Path) -> Path:
        """Write the summary as CSV, or JSON when the file name ends in `.json`; returns the path written."""
        text = json.dumps(report_json(report), indent=2) if path.suffix.lower() == ".json" else report_csv(report)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def history(self, subject: str, limit: int = 100) -> list[LogEntry]:
        """What tui-ledger did to a document or batch ("invoice 508", "batch I508:…"), newest first."""
        return SystemLog(self.context.database, self.context.clock).query(LogQuery(subject=subject, limit=limit))
