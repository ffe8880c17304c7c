"""System Logs (seed 003: "the error reason is logged on the System Logs page"): what went wrong or deserves
attention, newest first, filtered by severity, invoice period and line.

The filter row holds the three filters and the count; the table lists a page of entries (when, severity,
area, subject, message); the line under it shows the highlighted entry in full with its details, so a long
ConnectWise refusal can be read whole. `l` on an invoice line opens this screen filtered to that line and its
period, and `escape` goes back there.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from tui_ledger.services.invoice_lines import InvoiceLinesService
from tui_ledger.services.invoice_lines.logs import SEVERITY_CHOICES, LineLogQuery
from tui_ledger.services.workspace import Workspace
from tui_ledger.store.line_periods import RETENTION_MONTHS, BillingPeriod
from tui_ledger.store.severity import Severity
from tui_ledger.store.system_log import LogEntry
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.lines_keys import LOGS_COMMANDS
from tui_ledger.ui.screens.invoice_lines_fields import match_cursor_blink
from tui_ledger.ui.widgets.header import ShellHeader

PAGE_SIZE = 200
ALL_PERIODS = ""
SEVERITY_COLOURS = {
    Severity.CRITICAL: "status-error",
    Severity.ERROR: "status-error",
    Severity.WARNING: "status-running",
}


def details_text(details: dict[str, Any]) -> str:
    """`period 2025-01 | run 3 | agreement 800`: the entry's details on one line."""
    return " | ".join(f"{key} {value}" for key, value in details.items())


class SystemLogsScreen(Screen[None]):
    """The System Logs page (see the module docstring)."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "system_logs.tcss"
    LEDGER_COMMANDS = LOGS_COMMANDS
    BINDINGS = bindings_for(LOGS_COMMANDS)
    HELP = """\
## System Logs

Every error, warning and note of this profile, newest first: why a line did not sync, what a load brought,
what a sync run did. `F2` chooses the severities, `F3` an invoice period, `F4` one line (its platform line
id); `F5` reads the log again; `n` / `p` page to older and newer entries; `escape` goes back.
"""

    def __init__(self, workspace: Workspace, lines: InvoiceLinesService, today: date) -> None:
        super().__init__()
        self.workspace = workspace
        self.lines = lines
        self.today = today
        self.page_start = 0
        self.entries: list[LogEntry] = []
        self.back_to: str | None = None
        """The screen `escape` returns to (Invoice Lines after `l` on a line; else the Export screen)."""
        self._line_asked: tuple[BillingPeriod, str] | None = None

    def compose(self) -> ComposeResult:
        yield ShellHeader("System Logs", self.workspace)
        with Horizontal(id="logs-filter"):
            yield Static("Severity", classes="filter-label")
            yield Select[int](
                [(label, index) for index, (label, _) in enumerate(SEVERITY_CHOICES)],
                value=0,
                allow_blank=False,
                id="logs-severity",
                compact=True,
            )
            yield Static("Period", classes="filter-label")
            yield Select[str](
                [("All periods", ALL_PERIODS)], value=ALL_PERIODS, allow_blank=False, id="logs-period", compact=True
            )
            yield Static("Line", classes="filter-label")
            yield Input(placeholder="line id", id="logs-line", compact=True)
            yield Static("", id="logs-count", markup=False)
        yield DataTable(id="logs-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="logs-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        match_cursor_blink(self)
        table = self.query_one(DataTable)
        table.add_column("When", width=16, key="at")
        table.add_column("Severity", width=8, key="severity")
        table.add_column("Area", width=10, key="area")
        table.add_column("Subject", width=16, key="subject")
        table.add_column("Message", key="message")
        self._offer_periods()
        self.refresh_entries()
        table.focus()
        if self._line_asked is not None:
            self._filter_to_line(*self._line_asked)
            self._line_asked = None

    def on_screen_resume(self) -> None:
        self._offer_periods()
        self.refresh_entries()

    def _offer_periods(self) -> None:
        """Every month of the retention window, newest first: entries outlive a reload, so not only loaded ones."""
        select = self.query_one("#logs-period", Select)
        current = select.value
        newest = BillingPeriod.containing(self.today)
        periods = [newest.shifted(-months) for months in range(RETENTION_MONTHS + 1)]
        with self.prevent(Select.Changed):
            select.set_options([("All periods", ALL_PERIODS), *((period.label, period.key) for period in periods)])
            keys = {period.key for period in periods}
            select.value = current if isinstance(current, str) and current in keys else ALL_PERIODS

    # -- the query --------------------------------------------------------------------------------------------------

    def log_query(self) -> LineLogQuery:
        severity = self.query_one("#logs-severity", Select).value
        period = self.query_one("#logs-period", Select).value
        line = self.query_one("#logs-line", Input).value.strip()
        return LineLogQuery(
            severities=SEVERITY_CHOICES[severity][1] if isinstance(severity, int) else None,
            period=BillingPeriod.parse(period) if isinstance(period, str) and period else None,
            line_id=line or None,
            limit=PAGE_SIZE,
            offset=self.page_start,
        )

    def refresh_entries(self) -> None:
        chosen = self.log_query()
        log = self.lines.system_log
        total = log.count(chosen)
        if self.page_start >= total and self.page_start:
            self.page_start = max(0, (total - 1) // PAGE_SIZE * PAGE_SIZE)
            chosen = self.log_query()
        self.entries = log.query(chosen)
        table = self.query_one(DataTable)
        table.clear()
        for index, entry in enumerate(self.entries):
            table.add_row(*self._cells(entry), key=str(index))
        if not self.entries:
            counted = "No entries match."
        else:
            counted = f"{self.page_start + 1:,}-{self.page_start + len(self.entries):,} of {total:,}"
        self.query_one("#logs-count", Static).update(counted)
        self._show_detail(0)

    def _cells(self, entry: LogEntry) -> tuple[str | Text, ...]:
        colours = self.app.get_css_variables()
        colour = SEVERITY_COLOURS.get(entry.severity)
        severity = Text(entry.severity.label, style=colours.get(colour, "") if colour else "")
        when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
        return (when, severity, entry.area, entry.subject or "", entry.message)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, index: int) -> None:
        detail = self.query_one("#logs-detail", Static)
        if not 0 <= index < len(self.entries):
            detail.update("")
            return
        entry = self.entries[index]
        extra = details_text(entry.details)
        detail.update(entry.message + (f"\n{extra}" if extra else ""))

    @on(Select.Changed)
    def _filter_chosen(self) -> None:
        self.page_start = 0
        self.refresh_entries()

    @on(Input.Changed, "#logs-line")
    def _line_typed(self) -> None:
        self.page_start = 0
        self.refresh_entries()

    @on(Input.Submitted, "#logs-line")
    def _line_done(self) -> None:
        self.action_focus_entries()

    def show_line(self, period: BillingPeriod, line_id: str) -> None:
        """Filter to one line of one period (from `l` on the Invoice Lines screen)."""
        from tui_ledger.ui.screens.lines_navigation import INVOICE_LINES

        self.back_to = INVOICE_LINES
        if self.is_mounted:
            self._filter_to_line(period, line_id)
        else:
            self._line_asked = (period, line_id)

    def _filter_to_line(self, period: BillingPeriod, line_id: str) -> None:
        self._offer_periods()
        with self.prevent(Select.Changed, Input.Changed):
            self.query_one("#logs-severity", Select).value = 0
            self.query_one("#logs-period", Select).value = period.key
            self.query_one("#logs-line", Input).value = line_id
        self.page_start = 0
        self.refresh_entries()
        self.action_focus_entries()

    # -- actions ----------------------------------------------------------------------------------------------------

    def action_focus_severity(self) -> None:
        self.query_one("#logs-severity").focus()

    def action_focus_period(self) -> None:
        self.query_one("#logs-period").focus()

    def action_focus_line(self) -> None:
        self.query_one("#logs-line").focus()

    def action_focus_entries(self) -> None:
        self.query_one(DataTable).focus()

    def action_refresh(self) -> None:
        self._offer_periods()
        self.refresh_entries()

    def action_older(self) -> None:
        if self.page_start + len(self.entries) < self.lines.system_log.count(self.log_query()):
            self.page_start += PAGE_SIZE
            self.refresh_entries()

    def action_newer(self) -> None:
        if self.page_start:
            self.page_start = max(0, self.page_start - PAGE_SIZE)
            self.refresh_entries()

    def action_back(self) -> None:
        from tui_ledger.ui.screens.lines_navigation import show_export, show_lines_screen

        target, self.back_to = self.back_to, None
        if target is not None:
            show_lines_screen(ledger_app(self), target)
        else:
            show_export(ledger_app(self))
