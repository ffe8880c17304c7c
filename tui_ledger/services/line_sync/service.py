"""Sync Invoices to PSA (seed 003) and its undo: the service the Invoice Lines screen calls.

    sync = LineSync(database, billing, system_log, options=SyncOptions(default_agreement_type="Marketplace"))
    report = await sync.sync(period, marked_only=bool(marked), stop=stop, progress=on_progress, on_line=on_line)
    one = await sync.sync(period, keys=[record.key])      # the row's own Sync Invoice Line
    runs = sync.runs(period)                 # newest first: what can be undone
    undone = await sync.undo(period, report.run_id)

Every mapped line not yet Synced is sent (or only the marked ones, or only the lines named by key); unmapped
lines are skipped and counted. A sync of one line is a run like any other: same rules, same history, same undo.
Each line ends Synced (locked), Error (reason in System Logs) or, when the run is stopped before reaching it,
Not Synced — and every one of those states is recorded, with the run, before `sync` returns.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.domain.invoice_lines import ChargeType
from tui_ledger.services.line_sync.new_agreements import NewAgreements
from tui_ledger.services.line_sync.recording import LOG_AREA, OutcomeRecorder
from tui_ledger.services.line_sync.reports import LineOutcome, SyncReport, UndoReport
from tui_ledger.services.line_sync.run import SyncRun
from tui_ledger.services.line_sync.selection import select_lines
from tui_ledger.services.line_sync.stop import StopSignal
from tui_ledger.services.line_sync.undo import RunUndo
from tui_ledger.services.progress import ProgressSink, ProgressTracker, ignore_progress
from tui_ledger.store.database import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_sync import LineSyncJournal
from tui_ledger.store.line_sync_history import SyncRun as SyncRunRecord
from tui_ledger.store.line_sync_history import SyncRunState
from tui_ledger.store.severity import Severity
from tui_ledger.store.system_log import SystemLog

SYNC_TASK = "Sync to ConnectWise"


class SyncInProgressError(RuntimeError):
    """A second sync of the same profile was started while one runs (the button is disabled meanwhile)."""


@dataclass(frozen=True, slots=True)
class SyncOptions:
    """Configuration the sync reads: the default Agreement Type's name (None: ConnectWise's default type),
    the charge-type custom names (they end up in the Additions' descriptions), and how many lines may be in
    flight at once (None: as many as the ConnectWise client allows)."""

    default_agreement_type: str | None = None
    charge_type_names: Mapping[ChargeType, str] = field(default_factory=dict)
    concurrency: int | None = None

    def __post_init__(self) -> None:
        if self.concurrency is not None and self.concurrency < 1:
            raise ValueError(f"sync concurrency must be at least 1, not {self.concurrency}")


def _final_state(stop: StopSignal, fatal: str | None) -> SyncRunState:
    if fatal is not None:
        return SyncRunState.FAILED
    return SyncRunState.STOPPED if stop.requested else SyncRunState.FINISHED


class LineSync:
    """Sync to PSA and undo, for one profile's database and one ConnectWise tenant."""

    def __init__(
        self,
        database: Database,
        billing: ConnectWiseAgreementBilling,
        system_log: SystemLog,
        *,
        clock: Clock | None = None,
        options: SyncOptions | None = None,
    ) -> None:
        self._database = database
        self._billing = billing
        self._system_log = system_log
        self._clock = clock or SystemClock()
        self.options = options or SyncOptions()
        self._store = InvoiceLineStore(database)
        self._journal = LineSyncJournal(database)
        self._active_run: int | None = None

    @property
    def concurrency(self) -> int:
        """Lines in flight at once: the configured number, never more than the client lets through."""
        allowed = self._billing.max_in_flight
        return min(self.options.concurrency or allowed, allowed)

    def runs(self, period: BillingPeriod) -> list[SyncRunRecord]:
        """The period's sync runs, newest first (the history an undo is chosen from)."""
        return self._store.sync_history.runs(period)

    async def sync(
        self,
        period: BillingPeriod,
        *,
        marked_only: bool = False,
        keys: Sequence[int] | None = None,
        stop: StopSignal | None = None,
        progress: ProgressSink = ignore_progress,
        on_line: Callable[[LineOutcome], None] | None = None,
    ) -> SyncReport:
        """Sync the period's mapped lines (or the marked ones, or the lines with these `keys`) to ConnectWise
        as Agreement Additions. Synced lines among `keys` are left alone; unmapped ones are counted as skipped."""
        if keys is not None and marked_only:
            raise ValueError("a sync takes either the marked lines or the lines named by key, not both")
        if self._active_run is not None:
            raise SyncInProgressError(f"sync run {self._active_run} is still running; wait for it or stop it")
        stop = stop or StopSignal()
        started = time.monotonic()
        cuts_before = self._billing.gate.figures.cuts if self._billing.gate is not None else 0
        names = self.options.charge_type_names
        selected = select_lines(
            self._store, self._journal, period, marked_only=marked_only, charge_type_names=names, keys=keys
        )
        history = self._store.sync_history
        run_id = history.start(period, self._clock.now())
        self._active_run = run_id
        tracker = ProgressTracker(SYNC_TASK, progress, total=len(selected.lines))
        recorder = OutcomeRecorder(
            self._database,
            history,
            self._journal,
            self._store.editor(period),
            self._system_log,
            self._clock,
            run_id=run_id,
            period=period,
            on_line=on_line,
        )
        new_agreements = NewAgreements(
            self._billing,
            self._journal,
            self._clock,
            run_id=run_id,
            start_date=period.first_day,
            configured_type=self.options.default_agreement_type,
        )
        run = SyncRun(
            self._billing,
            self._journal,
            recorder,
            new_agreements,
            tracker,
            stop,
            run_id=run_id,
            concurrency=self.concurrency,
        )
        state = SyncRunState.FAILED
        jobs_count = 0
        try:
            tracker.advance(0, "reading what the agreements already hold")
            jobs = await run.plan(selected.lines)
            jobs_count = len(jobs)
            await run.send(jobs)
            state = _final_state(stop, run.fatal)
        except asyncio.CancelledError:
            state = SyncRunState.STOPPED
            raise
        finally:
            recorder.flush()
            self._journal.close_plan(run_id)
            counts = run.counts
            history.finish(
                run_id,
                state,
                at=self._clock.now(),
                synced=counts.created + counts.updated,
                failed=counts.failed,
                skipped=selected.unmapped,
            )
            self._active_run = None
        report = SyncReport(
            run_id=run_id,
            state=state,
            selected=selected.considered,
            created=counts.created,
            updated=counts.updated,
            failed=counts.failed,
            skipped_unmapped=selected.unmapped,
            not_attempted=jobs_count - counts.attempted,
            agreements_created=tuple(new_agreements.created),
            concurrency=run.concurrency,
            seconds=time.monotonic() - started,
            stop_reason=stop.reason,
            **self._push_back(cuts_before, run.concurrency),
        )
        severity = Severity.INFO if report.failed == 0 and state is SyncRunState.FINISHED else Severity.WARNING
        self._system_log.add(
            severity,
            LOG_AREA,
            f"Sync run {run_id} of {period.label}: {report.summary}",
            details={"period": period.key, "run": run_id, "state": state.value},
            subject=f"sync run {run_id}",
        )
        return report

    def _push_back(self, cuts_before: int, concurrency: int) -> dict[str, int]:
        """How the ConnectWise client's adaptive gate slowed this run down (nothing without a gate)."""
        gate = self._billing.gate
        if gate is None:
            return {}
        figures = gate.figures
        return {"slowed_down": figures.cuts - cuts_before, "ended_in_flight": min(figures.limit, concurrency)}

    async def undo(self, period: BillingPeriod, run_id: int, *, progress: ProgressSink = ignore_progress) -> UndoReport:
        """Roll a run back in ConnectWise and reopen its lines (see `undo.RunUndo`)."""
        if self._active_run == run_id:
            raise SyncInProgressError(f"sync run {run_id} is still running; stop it before undoing it")
        undo = RunUndo(
            self._database,
            self._billing,
            self._store,
            self._journal,
            self._system_log,
            self._clock,
            concurrency=self.concurrency,
        )
        return await undo.undo(period, run_id, progress)
