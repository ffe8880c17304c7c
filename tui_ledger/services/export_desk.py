"""The export workflow as the desk uses it: check, export, resume, read the log — for one open profile.

The Export, Batch Status and Export Log screens need the profile's database, its ConnectWise batch calls, its
export settings and a connector per accounting company. Wiring knows how to make those; the screens must not.
`ExportDesk` is what wiring hands the UI (as `Workspace.exports`): every operation takes the accounting company
by its name in the profile and opens its connector through `open_target`, so a profile with several companies
(seed 002) exports into whichever the user chose on the filter bar.

A run started here holds the same per-profile lock as `tui-ledger export`, so the desk and a scheduled export
never export one profile at the same time (the second one is told who holds the lock and since when).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.domain.checks import Resolution, Verdict
from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.plans import ExportOptions, PlanContext
from tui_ledger.services.export import ExportEventSink, ExportRunner, RunOutcome, prepare_export
from tui_ledger.services.export.headless import PsaWithBatches
from tui_ledger.services.export.journal_rows import DocumentKey
from tui_ledger.services.export.run import RUN_KIND
from tui_ledger.services.export_checked import CHOSEN, CheckedDocuments
from tui_ledger.services.export_releases import kept_copy_updates, settle_batched
from tui_ledger.services.progress import ProgressSink, ignore_progress
from tui_ledger.store.batch_releases import BatchReleases
from tui_ledger.store.database import Database
from tui_ledger.store.journal_log import DOCUMENT_SUBJECTS, ExportLogRow, LogStatus
from tui_ledger.store.runs import Run

PURPOSE = "tui-ledger (Export screen)"
"""What the export lock file says about a run started from the desk."""

TargetOpener = Callable[[str], Awaitable[AccountingConnector]]
"""Opens (once) the connector of the accounting company with this name in the profile."""
TaxCodeMaps = Callable[[str], Mapping[str, str]]
"""The tax-code map of the accounting company with this name in the profile."""


def no_tax_codes(target: str) -> Mapping[str, str]:
    """For a profile whose companies map no tax codes: ConnectWise's codes are sent as they are."""
    return {}


@dataclass(frozen=True, slots=True)
class UnfinishedRun:
    """An interrupted run as the desk announces it: where it exports, how far it got, why it stopped."""

    run: Run
    target: str
    documents: int
    finished: int
    stopped_because: str | None


@dataclass(slots=True)
class ExportDesk:
    """Checks and exports of one profile; `open_target` gives the connector of a company by its profile name."""

    profile: str
    psa: PsaWithBatches
    database: Database
    data_dir: Path
    options: ExportOptions
    open_target: TargetOpener
    clock: Clock = field(default_factory=SystemClock)
    tax_codes: TaxCodeMaps = no_tax_codes
    """The company's ConnectWise tax code → package tax code map (`[[targets]] tax_codes`), by company name."""

    def runner(self, events: ExportEventSink | None = None) -> ExportRunner:
        if events is None:
            return ExportRunner(self.database, self.profile, self.data_dir, clock=self.clock, purpose=PURPOSE)
        return ExportRunner(
            self.database, self.profile, self.data_dir, clock=self.clock, events=events, purpose=PURPOSE
        )

    async def check(
        self, target: str, unposted: UnpostedFilter, progress: ProgressSink = ignore_progress
    ) -> CheckedDocuments:
        """Retrieve what the filter asks for and check it against `target`'s package (Retrieve and Refresh).

        Choices the user made on an earlier run's Export Log (link / update a document already in the package),
        and copies kept at unbatch time to be updated in place, are applied: such a document shows under Ready
        with what will be done to it.
        """
        connector = await self.open_target(target)
        plans = PlanContext(
            self.profile, target, connector.capabilities, self.options, tax_codes=self.tax_codes(target)
        )
        preparation = await prepare_export(self.psa, connector, unposted, plans, progress)
        earlier = self.runner().journal.chosen_resolutions()
        checked = CheckedDocuments(preparation, target, _applicable(earlier))
        kept = kept_copy_updates(checked, self._releases())
        return replace(checked, resolutions={**checked.resolutions, **kept}) if kept else checked

    async def export(
        self,
        target: str,
        selected: Iterable[Verdict],
        events: ExportEventSink,
        resolutions: Mapping[DocumentKey, Resolution] | None = None,
    ) -> RunOutcome:
        """Export the selection into `target` as a new run. Raises `UnfinishedRunError` or `ExportLocked`.

        Documents batched again close the release GL batch management opened for them (if any)."""
        connector = await self.open_target(target)
        runner = self.runner(events)
        outcome = await runner.export(
            list(selected), connector=connector, batches=self.psa.batches, target=target, resolutions=resolutions
        )
        settle_batched(runner.journal.documents(outcome.run_id), self._releases())
        return outcome

    def _releases(self) -> BatchReleases:
        """Copies kept at unbatch time to be updated in place (GL batch management's choices)."""
        return BatchReleases(self.database, self.clock)

    def unfinished(self) -> UnfinishedRun | None:
        """The run a crash or a closed terminal interrupted; it must be resumed (or discarded) before a new one."""
        runner = self.runner()
        run = runner.unfinished()
        if run is None:
            return None
        documents = runner.journal.documents(run.id)
        open_ = runner.journal.unfinished_documents(run.id)
        stopped = run.summary.get("stopped")
        return UnfinishedRun(
            run=run,
            target=run_target(run),
            documents=len(documents),
            finished=len(documents) - len(open_),
            stopped_because=stopped if isinstance(stopped, str) else None,
        )

    async def resume(self, run: Run, events: ExportEventSink) -> RunOutcome:
        """Continue `run` into the company it was exporting to, from where each of its documents stood."""
        target = run_target(run)
        connector = await self.open_target(target)
        runner = self.runner(events)
        outcome = await runner.resume(run, connector=connector, batches=self.psa.batches)
        settle_batched(runner.journal.documents(outcome.run_id), self._releases())
        return outcome

    def discard(self, run: Run) -> RunOutcome:
        """Give up what `run` has not sent yet; refused (`DiscardRefused`) while a document may be in the package."""
        return self.runner().discard(run)

    def runs(self, limit: int = 50) -> list[Run]:
        """The latest export runs of the profile, newest first (the Export Log moves between them)."""
        return self.runner().history.recent(limit, kind=RUN_KIND)

    def latest_run(self) -> Run | None:
        runs = self.runs(1)
        return runs[0] if runs else None

    def run(self, run_id: int) -> Run | None:
        return self.runner().history.get(run_id)

    def log(self, run_id: int, statuses: Iterable[LogStatus] | None = None) -> list[ExportLogRow]:
        """The Export Log of one run: customers, suppliers and products first, then the documents."""
        return self.runner().log.rows(run_id, statuses=statuses)

    def choose(self, row: ExportLogRow, resolution: Resolution) -> None:
        """Record the user's choice for a document the package already held differently; the next run applies it."""
        self.runner().journal.choose(row.journal_id, resolution)

    def choices(self, row: ExportLogRow) -> tuple[Resolution, ...]:
        """What may be chosen for a log row: link / update / skip for a conflicting document, else nothing."""
        if row.subject not in DOCUMENT_SUBJECTS or row.journal_id <= 0 or row.status is not LogStatus.FAILED:
            return ()
        return self.runner().journal.document(row.journal_id).choices


def run_target(run: Run) -> str:
    """The accounting company a run exports into, as its summary names it."""
    target = run.summary.get("target")
    if not isinstance(target, str) or not target:
        raise ValueError(f"export run {run.id} does not say which accounting company it exports into")
    return target


def _applicable(chosen: Mapping[DocumentKey, Resolution]) -> dict[DocumentKey, Resolution]:
    """Only link and update send a document; an earlier skip just leaves it under Errors."""
    return {key: resolution for key, resolution in chosen.items() if resolution in CHOSEN}
