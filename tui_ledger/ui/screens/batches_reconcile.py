"""Reconcile (issue 5 part 6): do ConnectWise's batches and the accounting package agree? Each difference with its
one-key fixes, and a summary the user can save.

The comparison runs when the screen opens (progress as it reads the batches); the table lists the differences —
batched but missing in the package, unposted but already there, amounts that differ, numbers taken by another
document, duplicates — with the fixes each allows (`f` shows every document compared instead). `enter` opens the
fix dialog (link, re-send, mark, accept: one key each); a fixed row says what it became. `w` saves the summary as
CSV or JSON to a typed path; `F5` compares again; `escape` stops a running comparison or fix, else goes back.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import WorkerState

from tui_ledger.domain.batches.reconcile import Finding, Fix, ReconcileReport
from tui_ledger.domain.money import format_money
from tui_ledger.services.batches import ActionOutcome, BatchDesk, OutcomeStatus
from tui_ledger.services.workspace import Workspace
from tui_ledger.ui.commands import current_key_display
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.modals.batch_fix import FIX_KEYS, FixChoiceScreen
from tui_ledger.ui.modals.batch_save import SaveSummaryScreen
from tui_ledger.ui.screens.batches_activity import ActivityLine, BatchEventReported, EventRouter
from tui_ledger.ui.screens.batches_keys import RECONCILE_COMMANDS
from tui_ledger.ui.screens.batches_running import RunningAction
from tui_ledger.ui.widgets.header import ShellHeader
from tui_ledger.ui.widgets.progress import TaskProgress

T = TypeVar("T")

COLUMNS = ("Document", "Fixes", "Difference", "ConnectWise", "Package", "What")
"""The fix keys right after the document, so they show at 80 columns; the whole story is under the table."""
TASK = "batches-reconcile"


def finding_cells(finding: Finding, fixes: str, fixed: str | None) -> tuple[Text, ...]:
    ledger = finding.ledger
    package = finding.package_amount
    difference = finding.kind.value if finding.kind is not None else finding.standing.value
    if fixed is not None:
        difference, fixes = f"fixed: {fixed}", ""
    style = "bold" if finding.is_discrepancy and fixed is None else ""
    return (
        Text(finding.document.title),
        Text(fixes, style="bold"),
        Text(difference, style=style),
        Text(f"{ledger.state.value} {format_money(ledger.amount, ledger.currency)}"),
        Text("none" if package is None else format_money(package), justify="right"),
        Text(finding.message),
    )


def reconcile_title(report: ReconcileReport, differences_only: bool, separator: str) -> str:
    """`Reconcile(differences)[5] · 61 compared · Xero`."""
    shown = len(report.discrepancies) if differences_only else len(report.findings)
    which = "differences" if differences_only else "all"
    return f"Reconcile({which})[{shown}] {separator} {len(report.findings)} compared {separator} {report.package}"


class FindingsTable(DataTable[Text]):
    HELP = """\
## Reconcile

ConnectWise's batches compared with the accounting package, one row per document. The differences:

- **batched but missing in the package**: fix by re-sending it, or accept;
- **unposted but already in the package**: fix by linking (batch it without sending);
- **amounts differ**: re-send (the copy updated in place) or accept when batched; mark when unposted;
- **number taken** / **duplicated in the package**: fix those in the package itself.

`x` (or `enter`) chooses a fix for the highlighted row, one key each; `f` shows every document or only the differences;
`w` saves the summary (.csv or .json), `F5` compares again, `escape` goes back.
"""


class ReconcileScreen(Screen[None]):
    CSS_PATH = Path(__file__).parent.parent / "styles" / "batches.tcss"
    LEDGER_COMMANDS = RECONCILE_COMMANDS
    BINDINGS = bindings_for(RECONCILE_COMMANDS)
    AUTO_FOCUS = "#findings"
    HELP = FindingsTable.HELP

    def __init__(self, workspace: Workspace, desk: BatchDesk, router: EventRouter) -> None:
        super().__init__()
        self.workspace = workspace
        self.desk = desk
        self.router = router
        self.report: ReconcileReport | None = None
        self.differences_only = True
        self.fixed: dict[str, str] = {}
        """Document label -> what a fix made of it (its standing afterwards)."""
        self.running = RunningAction(self, TASK)

    def compose(self) -> ComposeResult:
        yield ShellHeader("Reconcile", self.workspace)
        progress = TaskProgress(id="batches-progress")
        progress.display = False
        yield progress
        yield FindingsTable(cursor_type="row", zebra_stripes=True, id="findings")
        yield Static("", id="record-detail", markup=False)
        yield ActivityLine(id="batches-activity")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(FindingsTable)
        for title in COLUMNS:
            table.add_column(title)
        table.border_title = f"Reconcile with {self.desk.context.package_name}"
        self.action_run_again()

    def on_screen_resume(self) -> None:
        self.router.target = self

    @property
    def busy(self) -> bool:
        return self.running.busy

    def _run(self, title: str, work: Coroutine[Any, Any, T], done: Callable[[T], None]) -> None:
        self.running.start(title, work, done, self._ended)

    def _ended(self, state: WorkerState) -> None:
        if state is WorkerState.CANCELLED:
            self.query_one(ActivityLine).note(f"Stopped: {self.running.title}. F5 compares again.", problem=True)

    def on_batch_event_reported(self, message: BatchEventReported) -> None:
        self.running.follow(message.event)

    # -- the comparison ---------------------------------------------------------------------------------------------

    def action_run_again(self) -> None:
        self._run(f"Comparing ConnectWise with {self.desk.context.package_name}", self.desk.reconcile(), self._show)

    def _show(self, report: ReconcileReport) -> None:
        self.report = report
        self.fixed = {}
        if not report.discrepancies:
            self.differences_only = False
        self._draw()
        self.query_one(ActivityLine).note(report.summary, problem=bool(report.discrepancies))

    @property
    def shown(self) -> list[Finding]:
        if self.report is None:
            return []
        return list(self.report.discrepancies if self.differences_only else self.report.findings)

    def _fix_keys(self, finding: Finding) -> str:
        return " ".join(current_key_display(self.app, FIX_KEYS[fix]) for fix in finding.fixes)

    def _draw(self) -> None:
        table = self.query_one(FindingsTable)
        row = table.cursor_row
        table.clear()
        for finding in self.shown:
            label = finding.document.label
            table.add_row(*finding_cells(finding, self._fix_keys(finding), self.fixed.get(label)), key=label)
        if self.report is not None:
            table.border_title = reconcile_title(self.report, self.differences_only, ledger_app(self).glyphs.separator)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._describe()

    @on(DataTable.RowHighlighted, "#findings")
    def _describe(self) -> None:
        finding = self.highlighted
        detail = self.query_one("#record-detail", Static)
        if finding is None:
            detail.update("")
            return
        batches = ", ".join(finding.ledger.batches) or "no batch"
        detail.update(f"{finding.document.title} ({batches}): {finding.message}\nCopy: {finding.package.summary}")

    @property
    def highlighted(self) -> Finding | None:
        shown = self.shown
        row = self.query_one(FindingsTable).cursor_row
        return shown[row] if shown and 0 <= row < len(shown) else None

    def action_toggle_filter(self) -> None:
        self.differences_only = not self.differences_only
        self._draw()

    # -- fixes and the summary --------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.busy
        if action == "back":
            return not self.busy
        if action in ("choose_fix", "save_summary", "toggle_filter"):
            return self.report is not None and not self.busy
        if action == "run_again":
            return not self.busy
        return True

    @on(DataTable.RowSelected, "#findings")
    def _finding_selected(self) -> None:
        """`enter` on the table (which selects the row) chooses a fix, as the screen's `reconcile.fix` key does."""
        self.action_choose_fix()

    def action_choose_fix(self) -> None:
        finding = self.highlighted
        if finding is None:
            return
        if finding.document.label in self.fixed:
            self.notify("Fixed already: F5 compares again.", title="Reconcile")
            return
        self.app.push_screen(FixChoiceScreen(finding), lambda fix: self._fix_chosen(finding, fix))

    def _fix_chosen(self, finding: Finding, fix: Fix | None) -> None:
        if fix is None:
            return
        self._run(
            f"{fix.value.capitalize()}: {finding.document.title}",
            self.desk.fix(finding, fix),
            lambda outcome: self._fixed(finding, outcome),
        )

    def _fixed(self, finding: Finding, outcome: ActionOutcome) -> None:
        self.query_one(ActivityLine).outcome(outcome, ledger_app(self).glyphs)
        if outcome.status is not OutcomeStatus.REFUSED:
            standing = outcome.after.get("standing")
            self.fixed[finding.document.label] = str(standing) if standing else outcome.status.value
            self._draw()

    def action_save_summary(self) -> None:
        report = self.report
        if report is None:
            return
        suggested = f"reconcile-{ledger_app(self).today().isoformat()}.csv"
        dialog = SaveSummaryScreen(suggested, lambda path: self.desk.save_report(report, path), len(report.findings))
        self.app.push_screen(dialog, self._saved)

    def _saved(self, path: Path | None) -> None:
        if path is not None:
            self.query_one(ActivityLine).note(f"Saved the summary to {path}.")

    def action_stop(self) -> None:
        self.running.cancel()

    def action_back(self) -> None:
        self.dismiss()
