"""What a sync run and an undo tell the screen: per-line outcomes as they happen, totals at the end."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui_ledger.domain.invoice_lines import SourcePlatform
from tui_ledger.store.line_sync_history import SyncRunState


class LineResult(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class LineOutcome:
    """One line's result, handed to `on_line` the moment it is known (the grid refreshes that row)."""

    key: int
    """The line's key in the period's current generation (what the grid and marks use)."""
    line_key: tuple[SourcePlatform, str]
    result: LineResult
    agreement_id: int
    addition_id: int
    message: str

    @property
    def synced(self) -> bool:
        return self.result is not LineResult.FAILED


@dataclass(frozen=True, slots=True)
class SyncReport:
    """The totals of one run. `selected` = lines considered; each of them is in exactly one other count."""

    run_id: int
    state: SyncRunState
    selected: int
    created: int
    updated: int
    failed: int
    skipped_unmapped: int
    not_attempted: int
    agreements_created: tuple[int, ...]
    concurrency: int
    seconds: float
    stop_reason: str | None = None
    slowed_down: int = 0
    """How often ConnectWise pushed back (429/503) and the sync halved its calls in flight."""
    ended_in_flight: int = 0
    """Calls in flight allowed when the run ended (below `concurrency` after push-back)."""

    @property
    def synced(self) -> int:
        return self.created + self.updated

    @property
    def lines_per_second(self) -> float:
        return self.synced / self.seconds if self.seconds > 0 else 0.0

    @property
    def summary(self) -> str:
        """One sentence for the status line and the System Logs."""
        text = (
            f"{self.synced:,} of {self.selected:,} lines synced ({self.created:,} Additions created, "
            f"{self.updated:,} updated), {self.failed:,} failed, {self.skipped_unmapped:,} unmapped skipped"
        )
        if self.not_attempted:
            text += f", {self.not_attempted:,} not sent"
        if self.slowed_down:
            times = "once" if self.slowed_down == 1 else f"{self.slowed_down:,} times"
            text += (
                f"; ConnectWise asked to slow down {times} (calls at once {self.concurrency} → "
                f"{self.ended_in_flight} at the end)"
            )
        if self.stop_reason:
            text += f" — {self.stop_reason}"
        return text


@dataclass(frozen=True, slots=True)
class UndoReport:
    """What undoing a run did in ConnectWise and to the lines."""

    run_id: int
    additions_deleted: int
    additions_cancelled: int
    additions_restored: int
    agreements_deleted: int
    agreements_cancelled: int
    lines_reopened: int
    problems: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        text = (
            f"run {self.run_id} undone: {self.additions_deleted} Additions deleted, "
            f"{self.additions_cancelled} cancelled, {self.additions_restored} restored, "
            f"{self.agreements_deleted + self.agreements_cancelled} agreements removed, "
            f"{self.lines_reopened} lines back to Not Synced"
        )
        if self.problems:
            text += f"; {len(self.problems)} could not be undone (see System Logs)"
        return text
