"""Recording line outcomes: sync history, Status in PSA, the plan row, and System Logs for errors — together.

Each outcome changes four things that must agree: the run's history entry (what undo reads), the line's Status
in PSA (what the grid shows, and the lock on a synced line; for a "create new" line also the agreement it went
to), the plan row (no longer pending), and for a failure a System Logs entry with the reason (seed 003: "the
error reason is logged on the System Logs page"). They are written in one transaction. Outcomes are written a
few dozen at a time (or every half second), because a transaction per line would cost ten thousand disk flushes
on a large sync; an outcome not yet written when the process dies stays `pending` in the plan, which undo and
the next sync resolve by key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tui_ledger.domain.clock import Clock
from tui_ledger.services.line_sync.reports import LineOutcome, LineResult
from tui_ledger.store.database import Database
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_edits import LineEditor
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_sync import LineSyncJournal
from tui_ledger.store.line_sync_agreements import NewAgreementLines
from tui_ledger.store.line_sync_history import LineSyncHistory, SyncAction
from tui_ledger.store.severity import Severity
from tui_ledger.store.system_log import SystemLog

LOG_AREA = "lines.sync"
FLUSH_EVERY = 50
FLUSH_SECONDS = 0.5

_ACTIONS = {
    LineResult.CREATED: SyncAction.CREATED,
    LineResult.UPDATED: SyncAction.UPDATED,
    LineResult.FAILED: SyncAction.FAILED,
}
_STATUS = {
    LineResult.CREATED: PsaStatus.SYNCED,
    LineResult.UPDATED: PsaStatus.SYNCED,
    LineResult.FAILED: PsaStatus.ERROR,
}


@dataclass(frozen=True, slots=True)
class RecordedOutcome:
    outcome: LineOutcome
    before: dict[str, Any] = field(default_factory=dict)
    """For an update: the Addition's content before the run wrote it (what undo restores)."""
    details: dict[str, Any] = field(default_factory=dict)
    """For a failure: what the System Logs entry adds (agreement, key, the service's own problems)."""
    new_agreement_name: str = ""
    """For a synced "create new" line: the name of the agreement it went to (the grid shows it, with the id)."""


class OutcomeRecorder:
    """Buffers outcomes of one run and writes them in small transactions."""

    def __init__(
        self,
        database: Database,
        history: LineSyncHistory,
        journal: LineSyncJournal,
        editor: LineEditor,
        system_log: SystemLog,
        clock: Clock,
        *,
        run_id: int,
        period: BillingPeriod,
        on_line: Callable[[LineOutcome], None] | None = None,
    ) -> None:
        self._database = database
        self._history = history
        self._journal = journal
        self._editor = editor
        self._new_agreement_lines = NewAgreementLines(database, editor.loaded)
        self._system_log = system_log
        self._clock = clock
        self._run_id = run_id
        self._period = period
        self._on_line = on_line
        self._pending: list[RecordedOutcome] = []
        self._last_flush = clock.monotonic()

    def add(self, recorded: RecordedOutcome) -> None:
        self._pending.append(recorded)
        if len(self._pending) >= FLUSH_EVERY or self._clock.monotonic() - self._last_flush >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write every buffered outcome in one transaction, then tell the screen."""
        written, self._pending = self._pending, []
        self._last_flush = self._clock.monotonic()
        if not written:
            return
        at = self._clock.now()
        with self._database.transaction():
            for recorded in written:
                self._write(recorded, at)
            self._journal.mark_done(self._run_id, [recorded.outcome.line_key for recorded in written])
        if self._on_line is not None:
            for recorded in written:
                self._on_line(recorded.outcome)

    def _write(self, recorded: RecordedOutcome, at: Any) -> None:
        outcome = recorded.outcome
        self._history.record(
            self._run_id,
            outcome.line_key,
            _ACTIONS[outcome.result],
            at=at,
            addition_id=outcome.addition_id,
            agreement_id=outcome.agreement_id,
            before=recorded.before,
            message=outcome.message,
        )
        self._editor.record_sync(
            outcome.key, _STATUS[outcome.result], at=at, addition_id=outcome.addition_id, message=outcome.message
        )
        if recorded.new_agreement_name and outcome.synced:
            self._new_agreement_lines.show(outcome.key, outcome.agreement_id, recorded.new_agreement_name)
        if outcome.result is LineResult.FAILED:
            platform, line_id = outcome.line_key
            self._system_log.add(
                Severity.ERROR,
                LOG_AREA,
                f"Line {line_id} was not synced to ConnectWise: {outcome.message}",
                details={
                    "period": self._period.key,
                    "run": self._run_id,
                    "platform": platform.value,
                    "agreement": outcome.agreement_id,
                    **recorded.details,
                },
                subject=f"line {line_id}",
                at=at,
            )
