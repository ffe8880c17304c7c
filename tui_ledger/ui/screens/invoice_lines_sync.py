"""What the Invoice Lines screen says around Sync to PSA, Sync Invoice Line and Undo: the questions before, the
news after.

Sync posts to ConnectWise and undo deletes or restores Additions there, so each asks first, in the words of
what will happen (how many lines, what is skipped, what happens to lines without an agreement) — seed 003
describes all of it, and a finance user should not have to remember it. A single line that cannot be synced
(already Synced, or Unmapped: seed 003 disables its button) gets a sentence saying why instead of a question.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from tui_ledger.domain.money import format_money
from tui_ledger.services.line_sync import LineOutcome, SyncReport, UndoReport
from tui_ledger.store.line_codes import MappingStatus, PsaStatus
from tui_ledger.store.line_grid import LineSummary
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord
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


def line_refusal(record: LineRecord) -> str | None:
    """Why this one line cannot be synced now, or None when it can."""
    if record.psa_status is PsaStatus.SYNCED:
        return (
            f"Line {record.platform_line_id} is already synced to ConnectWise (Addition {record.psa_addition_id}); "
            "change it there, or undo its sync run (F9)."
        )
    if record.mapping_status is MappingStatus.UNMAPPED:
        return (
            f"Line {record.platform_line_id} is Unmapped: choose its PSA organization, agreement and product "
            "(e) before syncing it."
        )
    return None


def sync_line_question(period: BillingPeriod, record: LineRecord) -> Question:
    """Seed 003's Sync Invoice Line: this one line, now."""
    agreement = (
        "a new agreement of the default Agreement Type (created if the company has none from an earlier sync)"
        if record.psa_agreement_new
        else f"agreement {record.psa_agreement_name}"
    )
    return Question(
        "Sync Invoice Line",
        f"Sync line {record.platform_line_id} of {period.label} to ConnectWise?",
        (
            f"{record.organization_name} · {record.offer_name} · {format_money(record.revenue, record.currency)}",
            f"Posted as an Addition of {record.psa_product_name} to {record.psa_company_name}, {agreement}.",
        ),
        "Sync",
    )


def line_news(line_id: str, outcomes: list[LineOutcome], report: SyncReport) -> tuple[str, SeverityLevel]:
    """(text, severity) after syncing one line: what ConnectWise now holds, or why it did not take it."""
    if not outcomes:
        reason = f": {report.stop_reason}" if report.stop_reason else ""
        return f"Line {line_id} was not sent{reason}.", "warning"
    outcome = outcomes[-1]
    if outcome.synced:
        return f"Line {line_id} synced: {outcome.message}.", "information"
    return (
        f"Line {line_id} was not synced: {outcome.message}. The reason is in System Logs (l on the line).",
        "error",
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
