"""What the Invoice Lines screen says around Sync to PSA and Undo: the questions before, the news after.

Sync posts to ConnectWise and undo deletes or restores Additions there, so each asks first, in the words of
what will happen (how many lines, what is skipped, what happens to lines without an agreement) — seed 003
describes all of it, and a finance user should not have to remember it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from tui_ledger.services.line_sync import SyncReport, UndoReport
from tui_ledger.store.line_grid import LineSummary
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_sync_history import SyncRun, SyncRunState


@dataclass(frozen=True, slots=True)
class Question:
    title: str
    question: str
    details: tuple[str, ...]
    yes: str


def sync_question(period: BillingPeriod, summary: LineSummary) -> Question:
    """Sync every mapped line, or only the marked ones when there are marks (seed 003)."""
    if summary.marked:
        return Question(
            "Sync to PSA",
            f"Sync the {summary.marked:,} marked lines of {period.label} to ConnectWise?",
            (
                "Each is posted as an Agreement Addition; marked lines that are unmapped are skipped and stay "
                "Not Synced.",
                "Lines with no agreement chosen go to a new agreement of the default Agreement Type.",
            ),
            "Sync",
        )
    return Question(
        "Sync to PSA",
        f"Sync every mapped line of {period.label} to ConnectWise?",
        (
            f"{summary.mapped:,} lines are mapped (those not yet synced are posted as Agreement Additions); "
            f"{summary.unmapped:,} unmapped lines are skipped and stay Not Synced.",
            "Lines with no agreement chosen go to a new agreement of the default Agreement Type.",
        ),
        "Sync",
    )


def undoable_run(runs: list[SyncRun]) -> SyncRun | None:
    """The newest run that finished (or stopped) and is not undone yet: the one Undo rolls back first."""
    return next((run for run in runs if run.undone_at is None and run.state is not SyncRunState.RUNNING), None)


def undo_question(period: BillingPeriod, run: SyncRun) -> Question:
    started = run.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    return Question(
        "Undo last sync",
        f"Undo sync run {run.id} of {period.label}?",
        (
            f"Started {started}: {run.synced:,} lines synced, {run.failed:,} failed.",
            "Additions it created are deleted (cancelled when already invoiced), those it updated get their "
            "earlier values back, agreements it created are removed, and its lines return to Not Synced.",
        ),
        "Undo",
    )


def sync_news(report: SyncReport) -> tuple[str, SeverityLevel]:
    """(text, severity) of the notification after a run."""
    text = report.summary[0].upper() + report.summary[1:] + "."
    if report.failed:
        return text + " The reasons are in System Logs (l on a line, or ctrl+o).", "warning"
    return text, "information"


def undo_news(report: UndoReport) -> tuple[str, SeverityLevel]:
    text = report.summary[0].upper() + report.summary[1:] + "."
    return text, "information" if report.complete else "warning"


class LinesChanged(Message, bubble=False):
    """Lines of the shown period changed behind the grid (a sync recorded outcomes); redraw once per burst."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, LinesChanged)
