"""Undo a sync run: ConnectWise back as it was before the run, and the run's lines Not Synced again.

What the run did is read from its record, never guessed:
- an Addition it updated gets back the content recorded before the update (entries are undone newest first,
  so two updates of one Addition unwind to the state before the first);
- an Addition it created is deleted — or, when ConnectWise refuses (it was invoiced meanwhile), cancelled as
  of today, which stops it billing and is reported;
- a line whose outcome was never recorded (the process died mid-call) is resolved by its key: what holds the
  key is deleted, or restored to what the plan found there;
- an agreement it created is deleted once its additions are gone — or cancelled, when something else was
  added to it since; "create new" lines stop showing it and wait for a new agreement again.
Undo refuses when a later run (not undone) wrote the same Additions or into those agreements: undoing out of
order would overwrite that run's work. A step ConnectWise refuses is reported (System Logs) and the run stays
undoable: every step can be repeated safely (restores write fixed values, deletes accept "already gone").
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from typing import Any

from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.errors import ConnectorError, NotFound, ValidationFailed
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.line_sync import AdditionContent, LineSyncRuleError
from tui_ledger.services.line_sync.recording import LOG_AREA
from tui_ledger.services.line_sync.reports import UndoReport
from tui_ledger.services.progress import ProgressSink, ProgressTracker
from tui_ledger.store.database import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore, PeriodNotLoadedError
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_sync import AgreementState, LineSyncJournal, PlannedLine, PlanState
from tui_ledger.store.line_sync_agreements import NewAgreementLines
from tui_ledger.store.line_sync_history import SyncAction, SyncEntry, SyncRunState
from tui_ledger.store.severity import Severity
from tui_ledger.store.system_log import SystemLog

UNDO_TASK = "Undo sync run"


class UndoRefusedError(RuntimeError):
    """The run cannot be undone now; the message says why and what to do first."""


@dataclass(slots=True)
class UndoCounts:
    deleted: int = 0
    cancelled: int = 0
    restored: int = 0
    agreements_deleted: int = 0
    agreements_cancelled: int = 0


class RunUndo:
    """Undoes one recorded run (see the module docstring)."""

    def __init__(
        self,
        database: Database,
        billing: ConnectWiseAgreementBilling,
        store: InvoiceLineStore,
        journal: LineSyncJournal,
        system_log: SystemLog,
        clock: Clock,
        *,
        concurrency: int,
    ) -> None:
        self._database = database
        self._billing = billing
        self._store = store
        self._journal = journal
        self._system_log = system_log
        self._clock = clock
        self._concurrency = max(concurrency, 1)
        self._counts = UndoCounts()
        self._problems: list[str] = []

    async def undo(self, period: BillingPeriod, run_id: int, progress: ProgressSink) -> UndoReport:
        history = self._store.sync_history
        run = next((run for run in history.runs(period) if run.id == run_id), None)
        if run is None:
            raise UndoRefusedError(f"there is no sync run {run_id} for {period.label}")
        if run.undone_at is not None:
            raise UndoRefusedError(f"sync run {run_id} was already undone")
        entries = [entry for entry in history.entries(run_id) if entry.action is not SyncAction.UNDONE]
        written = [entry for entry in entries if entry.action in (SyncAction.CREATED, SyncAction.UPDATED)]
        pending = self._journal.planned(run_id, PlanState.PENDING)
        agreements = [
            agreement
            for agreement in self._journal.created_agreements(run_id)
            if agreement.state is AgreementState.CREATED
        ]
        later = self._journal.runs_touching(
            [entry.addition_id for entry in written], [agreement.agreement_id for agreement in agreements], run_id
        )
        if later:
            listed = ", ".join(str(number) for number in later)
            raise UndoRefusedError(
                f"sync run {listed} changed the same Additions or agreements after run {run_id}; undo it first"
            )
        tracker = ProgressTracker(UNDO_TASK, progress, total=len(written) + len(pending) + len(agreements))
        await self._undo_additions(written, tracker)
        new_agreement_of = {agreement.company_id: agreement.agreement_id for agreement in agreements}
        await self._gathered(self._resolve(line, new_agreement_of, tracker) for line in pending)
        for agreement in agreements:
            await self._remove_agreement(run_id, agreement.agreement_id, agreement.name)
            tracker.advance(1, f"agreement {agreement.agreement_id}")
        reopened = self._reopen_lines(period, run_id, entries, pending, complete=not self._problems)
        if not self._problems:
            history.mark_undone(run_id, self._clock.now())
            if run.state is SyncRunState.RUNNING:
                history.finish(run_id, SyncRunState.STOPPED, at=self._clock.now(), synced=0, failed=0, skipped=0)
        report = UndoReport(
            run_id=run_id,
            additions_deleted=self._counts.deleted,
            additions_cancelled=self._counts.cancelled,
            additions_restored=self._counts.restored,
            agreements_deleted=self._counts.agreements_deleted,
            agreements_cancelled=self._counts.agreements_cancelled,
            lines_reopened=reopened,
            problems=tuple(self._problems),
        )
        self._system_log.add(
            Severity.INFO if report.complete else Severity.WARNING,
            LOG_AREA,
            report.summary,
            details={"period": period.key, "run": run_id, "problems": list(report.problems)},
            subject=f"sync run {run_id}",
        )
        return report

    # -- additions the run wrote

    async def _undo_additions(self, written: list[SyncEntry], tracker: ProgressTracker) -> None:
        """Newest first per Addition; different Additions at once."""
        by_addition: dict[tuple[int, int], list[SyncEntry]] = defaultdict(list)
        for entry in written:
            by_addition[(entry.agreement_id, entry.addition_id)].append(entry)

        async def unwind(chain: list[SyncEntry]) -> None:
            for entry in sorted(chain, key=lambda item: item.seq, reverse=True):
                if entry.action is SyncAction.CREATED:
                    await self._delete_addition(entry.agreement_id, entry.addition_id)
                else:
                    await self._restore(entry.agreement_id, entry.addition_id, entry.before)
                tracker.advance(1, f"Addition {entry.addition_id}")

        await self._gathered(unwind(chain) for chain in by_addition.values())

    async def _delete_addition(self, agreement_id: int, addition_id: int) -> None:
        try:
            await self._billing.additions.delete(agreement_id, addition_id)
            self._counts.deleted += 1
        except ValidationFailed as refused:
            await self._cancel_addition(agreement_id, addition_id, refused)
        except ConnectorError as error:
            self._problem(f"Addition {addition_id} on agreement {agreement_id} was not deleted: {error}")

    async def _cancel_addition(self, agreement_id: int, addition_id: int, refused: ConnectorError) -> None:
        try:
            await self._billing.additions.cancel(agreement_id, addition_id, self._clock.now().date())
            self._counts.cancelled += 1
        except ConnectorError as error:
            self._problem(
                f"Addition {addition_id} on agreement {agreement_id} could be neither deleted ({refused}) "
                f"nor cancelled ({error})"
            )

    async def _restore(self, agreement_id: int, addition_id: int, before: dict[str, object]) -> None:
        try:
            content = AdditionContent.from_record(before)
            await self._billing.additions.update(agreement_id, addition_id, content)
            self._counts.restored += 1
        except NotFound:
            self._problem(f"Addition {addition_id} on agreement {agreement_id} no longer exists; nothing to restore")
        except (ConnectorError, LineSyncRuleError) as error:
            self._problem(f"Addition {addition_id} on agreement {agreement_id} was not restored: {error}")

    # -- lines whose outcome was never recorded

    async def _resolve(self, line: PlannedLine, new_agreement_of: dict[int, int], tracker: ProgressTracker) -> None:
        agreement_id = line.agreement_id or new_agreement_of.get(line.company_id, 0)
        if agreement_id:
            if line.found_addition_id:
                await self._restore(agreement_id, line.found_addition_id, line.found)
            else:
                try:
                    found = await self._billing.additions.find(agreement_id, line.addition_key)
                except ConnectorError as error:
                    self._problem(f"line {line.platform_line_id}: could not look up {line.addition_key}: {error}")
                    found = None
                if found is not None:
                    await self._delete_addition(agreement_id, found.id)
        tracker.advance(1, f"line {line.platform_line_id}")

    # -- agreements the run created

    async def _remove_agreement(self, run_id: int, agreement_id: int, name: str) -> None:
        try:
            await self._billing.agreements.delete_agreement(agreement_id)
            self._journal.set_agreement_state(run_id, agreement_id, AgreementState.DELETED)
            self._counts.agreements_deleted += 1
            return
        except ValidationFailed as refused:
            reason = refused
        except ConnectorError as error:
            self._problem(f"agreement {agreement_id} ({name}) was not deleted: {error}")
            return
        try:
            await self._billing.agreements.cancel_agreement(agreement_id, self._clock.now().date())
            self._journal.set_agreement_state(run_id, agreement_id, AgreementState.CANCELLED)
            self._counts.agreements_cancelled += 1
        except ConnectorError as error:
            self._problem(
                f"agreement {agreement_id} ({name}) could be neither deleted ({reason}) nor cancelled ({error})"
            )

    # -- the lines

    def _reopen_lines(
        self,
        period: BillingPeriod,
        run_id: int,
        entries: list[SyncEntry],
        pending: list[PlannedLine],
        *,
        complete: bool,
    ) -> int:
        """Status in PSA back to Not Synced for every line the run touched (when the undo is complete)."""
        if not complete:
            return 0
        line_keys = {(entry.source_platform, entry.platform_line_id) for entry in entries}
        line_keys |= {line.line_key for line in pending}
        try:
            editor = self._store.editor(period)
            where = self._journal.current_keys(self._store.loaded(period), line_keys)
        except PeriodNotLoadedError:
            return 0
        at = self._clock.now()
        history = self._store.sync_history
        with self._database.transaction():
            for line_key, key in where.items():
                editor.record_sync(key, PsaStatus.NOT_SYNCED, at=at, message=f"sync run {run_id} undone")
                history.record(run_id, line_key, SyncAction.UNDONE, at=at, message="undone")
            NewAgreementLines(self._database, editor.loaded).forget(where.values())
        return len(where)

    # -- helpers

    async def _gathered(self, work: Iterable[Coroutine[Any, Any, None]]) -> None:
        """Run the steps, at most `concurrency` at once."""
        gate = asyncio.Semaphore(self._concurrency)

        async def bounded(step: Coroutine[Any, Any, None]) -> None:
            async with gate:
                await step

        await asyncio.gather(*(bounded(step) for step in work))

    def _problem(self, text: str) -> None:
        self._problems.append(text)
