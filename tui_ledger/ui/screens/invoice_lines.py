"""The Invoice Lines screen (seed 003's Invoices tab): load a month of platform lines, map and edit them in the
grid, bulk-update the marked ones, and sync them to ConnectWise as Agreement Additions.

Top row: Show invoices (the periods loaded before, up to 15 months back) at the left; Load Invoices, Bulk
Update (N) and Sync to PSA at the right. Under it the search field, the grid (every column of the seed, a fixed
header, horizontal scrolling, marks, badges), a note on the cursor's column, the seed's two summary lines, and
the pager (items per page, the current range, page input, previous / next).

Loading, syncing and undoing run as App tasks (they survive opening help or another screen, and fail through
the App's one handler); Esc stops a load (the month keeps what it held) or a sync (lines in flight finish, every
outcome is recorded). Synced lines can be neither marked nor edited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Select, Static
from textual.worker import Worker, WorkerState

from tui_ledger.domain.bulk_update import BulkUpdatePlan
from tui_ledger.services.invoice_lines import InvoiceLinesService, LineChanges, LineEditError
from tui_ledger.services.line_sync import SYNC_TASK, UNDO_TASK, LineOutcome, StopSignal, SyncReport, UndoReport
from tui_ledger.services.progress import Progress
from tui_ledger.services.workspace import Workspace
from tui_ledger.store.line_edits import LockedLineError
from tui_ledger.store.line_grid import LineGrid
from tui_ledger.store.line_loader import LoadedPeriod
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.lines_keys import BULK_UPDATE_AFTER_G, LINES_COMMANDS
from tui_ledger.ui.messages import ProgressReported
from tui_ledger.ui.modals.bulk_update import BulkUpdateScreen
from tui_ledger.ui.modals.lines_confirm import AskScreen
from tui_ledger.ui.modals.load_invoices import LoadInvoicesScreen, LoadRequest
from tui_ledger.ui.screens.invoice_lines_edit import LineEditScreen
from tui_ledger.ui.screens.invoice_lines_fields import match_cursor_blink
from tui_ledger.ui.screens.invoice_lines_grid import CHARGE_END_TOOLTIP, InvoiceGrid, column_note
from tui_ledger.ui.screens.invoice_lines_pager import LinePager
from tui_ledger.ui.screens.invoice_lines_search import SearchField
from tui_ledger.ui.screens.invoice_lines_sync import (
    LinesChanged,
    Question,
    line_news,
    line_refusal,
    sync_line_question,
    sync_news,
    sync_question,
    undo_news,
    undo_question,
    undoable_run,
)
from tui_ledger.ui.widgets.header import ShellHeader
from tui_ledger.ui.widgets.progress import TaskProgress
from tui_ledger.ui.widgets.virtual_table import VirtualTable


class InvoiceLinesScreen(Screen[None]):
    """Seed 003's Invoices tab (see the module docstring)."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "invoice_lines.tcss"
    LEDGER_COMMANDS = LINES_COMMANDS
    BINDINGS = bindings_for(LINES_COMMANDS)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    HELP = f"""\
## Invoice Lines

`F5` Load Invoices fetches the current and/or previous month from the platform; `F6` Show invoices switches
between the months loaded before (up to 15 months back). In the grid: `space` marks a line (`g` then `s`
marks every line shown, `"` shows only marked lines), `[` / `]` sort by the cursor's column, `/` or `F2`
searches Organization Name, Reference #, Offer Name, Billing Cycle and Commitment Term. `e` edits the line
(PSA organization, agreement, product, charge dates), `F7` (or `g` then `e`) Bulk Update sets values on the
marked lines, `F8` Sync to PSA posts the mapped lines (or the marked ones), `ctrl+u` Sync Invoice Line posts
just the line under the cursor, `F9` undoes the latest sync (a single line's too), `escape` stops a load or a
sync. `n` / `p` page forward and back, `ctrl+g` types a page number, `l` shows a line's System Logs,
`i` explains the cursor's column. Synced lines are locked.

Charge End Date: {CHARGE_END_TOOLTIP}
"""

    def __init__(self, workspace: Workspace, lines: InvoiceLinesService, today: date) -> None:
        super().__init__()
        self.workspace = workspace
        self.lines = lines
        self.today = today
        self.period: BillingPeriod | None = None
        self.source: LineGrid | None = None
        self.busy: str | None = None
        self._stop: StopSignal | None = None
        self._load_worker: Worker[list[LoadedPeriod]] | None = None
        self._lines_shown: dict[str, str] = {}
        self._grid: InvoiceGrid | None = None
        self._pager = LinePager(id="lines-pager")

    # -- layout -----------------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ShellHeader("Invoice Lines", self.workspace)
        with Horizontal(id="lines-toolbar"):
            yield Static("Show invoices", id="show-label")
            yield Select[str]([], prompt="(none loaded)", id="show-invoices", compact=True)
            yield Static("", id="toolbar-gap")
            yield Button("Load Invoices", id="load", compact=True)
            yield Button("Bulk Update", id="bulk", compact=True, disabled=True)
            yield Button("Sync to PSA", id="sync", variant="primary", compact=True)
        yield SearchField(
            placeholder="Search organization, reference #, offer, billing cycle, commitment term",
            id="lines-search",
            compact=True,
        )
        progress = TaskProgress(id="lines-progress")
        progress.display = False
        yield progress
        yield Static(
            "No invoice lines are loaded yet. Press F5 (Load Invoices) to fetch the current or previous month "
            "from the platform.",
            id="lines-empty",
        )
        yield Static("", id="column-note", markup=False)
        yield Static("", id="lines-showing", markup=False)
        yield Static("", id="lines-totals", markup=False)
        yield self._pager
        yield Footer()

    def on_mount(self) -> None:
        match_cursor_blink(self)
        loaded = self._offer_periods()
        if loaded:
            self.query_one("#show-invoices", Select).value = loaded[0].period.key
        else:
            self._update_counts()
            self.query_one("#load", Button).focus()

    def on_screen_resume(self) -> None:
        """Back from Mapping or System Logs: mappings may have filled lines, another load may have happened."""
        self._lines_changed()

    @property
    def grid(self) -> InvoiceGrid | None:
        """The grid, once a period is shown. Kept, not queried: every key asks for it, and a DOM query walks the
        screen's forty widgets (about a millisecond each time)."""
        return self._grid

    # -- periods ----------------------------------------------------------------------------------------------------

    def _offer_periods(self) -> list[LoadedPeriod]:
        """Fill Show invoices with the loaded periods, newest first, each with its line count."""
        loaded = self.lines.periods(self.today)
        select = self.query_one("#show-invoices", Select)
        select.set_options([(item.period.label, item.period.key) for item in loaded])
        if self.period is not None and any(item.period == self.period for item in loaded):
            select.value = self.period.key
        return loaded

    @on(Select.Changed, "#show-invoices")
    def _period_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.show_period(BillingPeriod.parse(event.value))

    def show_period(self, period: BillingPeriod) -> None:
        """Put `period` in the grid, keeping the sort, search and marked-only view of the one shown before."""
        self.period = period
        self.source = self.lines.grid(period)
        grid = self.grid
        if grid is None:
            grid = self._grid = InvoiceGrid(self.source, id="lines-grid")
            self.query_one("#lines-empty").display = False
            self.mount(grid, after="#lines-empty")
            grid.focus()
        else:
            grid.set_source(self.source)
        self._show_note(grid.column_key)
        self.refresh_bindings()

    # -- counts, marks, pager ---------------------------------------------------------------------------------------

    @on(VirtualTable.ViewChanged)
    @on(VirtualTable.MarksChanged)
    def _grid_changed(self) -> None:
        self._update_counts()

    @on(VirtualTable.CursorMoved)
    @on(LinePager.PerPageChanged)
    def _page_moved(self) -> None:
        """A cursor move changes only the page shown: no counting (the period may hold a million lines)."""
        grid = self.grid
        if grid is not None:
            self.pager.show(self.pager.paging(grid.row_count, grid.cursor_row, counting=grid.count_pending))

    @property
    def pager(self) -> LinePager:
        return self._pager

    def _update_counts(self) -> None:
        """The seed's summary lines, the Bulk Update (N) label and the pager; only what changed is redrawn."""
        source, grid = self.source, self.grid
        if source is None or grid is None:
            self._set_line("#lines-showing", "Showing 0 of 0 invoice lines")
            self._set_line("#lines-totals", "Total invoice lines: 0 | Mapped: 0 | Unmapped: 0")
            self._set_bulk(0)
            self.pager.show(self.pager.paging(0, 0))
            return
        summary = source.summary()
        marked = f"   {summary.marked:,} marked" if summary.marked else ""
        self._set_line("#lines-showing", summary.showing_text + marked)
        self._set_line("#lines-totals", summary.totals_text)
        self._set_bulk(summary.marked)
        self.pager.show(self.pager.paging(grid.row_count, grid.cursor_row, counting=grid.count_pending))

    def _set_line(self, selector: str, text: str) -> None:
        """Redraw a one-line text only when it changed, without a new layout (the lines have a fixed size)."""
        if self._lines_shown.get(selector) != text:
            self._lines_shown[selector] = text
            self.query_one(selector, Static).update(text, layout=False)

    def _set_bulk(self, marked: int) -> None:
        """`Bulk Update (N)`, enabled only with marks (seed 003); the footer follows when that changes."""
        bulk = self.query_one("#bulk", Button)
        label = f"Bulk Update ({marked:,})" if marked else "Bulk Update"
        if str(bulk.label) != label:
            bulk.label = label
        disabled = not marked or self.busy is not None
        if bulk.disabled != disabled:
            bulk.disabled = disabled
            self.refresh_bindings()

    @on(LinePager.PageRequested)
    def _page_requested(self, event: LinePager.PageRequested) -> None:
        grid = self.grid
        if grid is None:
            return
        grid.show_page_at(
            self.pager.paging(grid.row_count, grid.cursor_row, counting=grid.count_pending).first_of(event.page)
        )
        self._page_moved()
        grid.focus()

    def action_next_page(self) -> None:
        self.pager.next_page()

    def action_previous_page(self) -> None:
        self.pager.previous_page()

    def action_go_to_page(self) -> None:
        self.pager.focus_page_input()

    # -- search and column notes ------------------------------------------------------------------------------------

    @on(Input.Changed, "#lines-search")
    def _search_typed(self, event: Input.Changed) -> None:
        grid = self.grid
        if grid is not None:
            grid.apply_search(event.value.strip())

    @on(Input.Submitted, "#lines-search")
    def _search_done(self) -> None:
        self.action_focus_grid()

    @on(InvoiceGrid.ColumnChanged)
    def _column_changed(self, event: InvoiceGrid.ColumnChanged) -> None:
        self._show_note(event.key)

    def _show_note(self, key: str) -> None:
        note = column_note(key)
        self._set_line("#column-note", note)
        grid = self.grid
        if grid is not None:
            grid.tooltip = note

    def action_column_info(self) -> None:
        grid = self.grid
        if grid is not None:
            self.notify(column_note(grid.column_key), title="About this column", timeout=12)

    # -- focus ------------------------------------------------------------------------------------------------------

    def action_focus_periods(self) -> None:
        self.query_one("#show-invoices").focus()

    def action_focus_search(self) -> None:
        self.query_one("#lines-search").focus()

    def action_focus_grid(self) -> None:
        grid = self.grid
        if grid is not None:
            grid.focus()

    # -- what can run now -------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        shown = self.source is not None and self.grid is not None
        if action == "stop":
            return self.busy is not None
        if action == "load_invoices":
            return self.busy is None
        if action in ("sync", "sync_line", "undo_sync"):
            return shown and self.busy is None
        if action == "bulk_update":
            return shown and self.busy is None and self.source is not None and self.source.marked_count() > 0
        if action in ("edit_line", "line_log", "column_info", "next_page", "previous_page", "go_to_page"):
            return shown
        return True

    def _set_busy(self, busy: str | None) -> None:
        self.busy = busy
        for button in ("#load", "#sync"):
            self.query_one(button, Button).disabled = busy is not None
        sync = self.query_one("#sync", Button)
        sync.label = "In progress" if busy == "sync" else "Sync to PSA"
        self._update_counts()

    def _report(self, progress: Progress) -> None:
        self.post_message(ProgressReported(progress))

    def on_progress_reported(self, message: ProgressReported) -> None:
        if self.busy is not None:
            self.query_one(TaskProgress).report(message.progress)

    def action_stop(self) -> None:
        """Esc: a sync stops between lines (every outcome recorded); a load is cancelled before storing."""
        if self.busy == "sync" and self._stop is not None:
            self._stop.request()
            self.notify("Stopping: lines in flight finish and are recorded; no new line is sent.", title="Sync")
        elif self.busy == "load" and self._load_worker is not None:
            self._load_worker.cancel()

    # -- Load Invoices ----------------------------------------------------------------------------------------------

    @on(Button.Pressed, "#load")
    def action_load_invoices(self) -> None:
        if self.busy is not None:
            return
        modal = LoadInvoicesScreen(self.today, asks_for_file=self.lines.loads_files)
        self.app.push_screen(modal, self._start_load)

    def _start_load(self, request: LoadRequest | None) -> None:
        if request is None:
            return
        periods = request.choice.periods(self.today)
        self.query_one(TaskProgress).start("Loading", [period.label for period in periods])
        self._set_busy("load")
        self._load_worker = ledger_app(self).run_task(
            self.lines.load(request.choice, self.today, csv_file=request.csv_file, progress=self._report),
            name="lines-load",
            on_success=self._loaded,
            on_end=self._load_ended,
            retry=lambda: self._start_load(request),
        )

    def _loaded(self, loaded: list[LoadedPeriod]) -> None:
        described = " and ".join(f"{item.line_count:,} lines of {item.period.label}" for item in loaded)
        self.notify(f"Loaded {described}.", title="Load Invoices")
        self._offer_periods()
        if loaded:
            self.query_one("#show-invoices", Select).value = loaded[0].period.key
            if loaded[0].period == self.period:
                self.show_period(loaded[0].period)

    def _load_ended(self, state: WorkerState) -> None:
        self._load_worker = None
        self.query_one(TaskProgress).stop()
        self._set_busy(None)
        if state is WorkerState.CANCELLED:
            self._offer_periods()
            self.notify("Load stopped; a month not fully read keeps what it held before.", title="Load Invoices")

    # -- Edit -------------------------------------------------------------------------------------------------------

    def action_edit_line(self) -> None:
        grid = self.grid
        record = grid.current_row if grid is not None else None
        if grid is None or record is None or self.period is None:
            return
        if not record.markable:
            self.notify("This line is synced to ConnectWise; change it there.", title="Edit", severity="warning")
            return
        period, key = self.period, record.key

        def save(changes: LineChanges | None) -> None:
            if changes is None or changes.is_empty:
                return
            try:
                self.lines.edits.save(period, key, changes)
            except (LineEditError, LockedLineError) as problem:
                self.notify(str(problem), title="Edit", severity="error")
                return
            self._lines_changed()

        self.app.push_screen(LineEditScreen(self.lines, record, grid.column_key), save)

    # -- Bulk Update ------------------------------------------------------------------------------------------------

    @on(VirtualTable.PrefixedKey)
    def _prefixed_key(self, event: VirtualTable.PrefixedKey) -> None:
        """`g` then `e`: Bulk Update of the marked lines (VisiData's `ge`); other keys after `g` mean nothing here."""
        if event.key == BULK_UPDATE_AFTER_G:
            self.action_bulk_update()

    @on(Button.Pressed, "#bulk")
    def action_bulk_update(self) -> None:
        source, period = self.source, self.period
        if source is None or period is None or self.busy is not None:
            return
        marked = source.marked_count()
        if not marked:
            self.notify("Mark the lines to update first (space, or g then s).", title="Bulk Update")
            return

        def apply(plan: BulkUpdatePlan | None) -> None:
            if plan is None:
                return
            try:
                applied = self.lines.bulk.apply(period, plan.request)
            except (ValueError, LockedLineError) as problem:
                self.notify(str(problem), title="Bulk Update", severity="error")
                return
            fields = ", ".join(change.field.value for change in applied.changes)
            self.notify(f"Updated {applied.selected:,} lines: {fields}.", title="Bulk Update")
            self._lines_changed()

        self.app.push_screen(BulkUpdateScreen(self.lines, period, marked), apply)

    # -- Sync and Undo ----------------------------------------------------------------------------------------------

    def _ask(self, question: Question, then: Callable[[], None]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(AskScreen(question.title, question.question, question.details, yes=question.yes), answered)

    @on(Button.Pressed, "#sync")
    def action_sync(self) -> None:
        source, period = self.source, self.period
        if source is None or period is None or self.busy is not None:
            return
        summary = source.summary()
        self._ask(sync_question(period, summary), lambda: self._start_sync(period, bool(summary.marked)))

    def _start_sync(self, period: BillingPeriod, marked_only: bool) -> None:
        self._stop = StopSignal()
        self.query_one(TaskProgress).start("Syncing", [SYNC_TASK])
        self._set_busy("sync")
        ledger_app(self).run_task(
            self.lines.sync.sync(
                period,
                marked_only=marked_only,
                stop=self._stop,
                progress=self._report,
                on_line=lambda _: self.post_message(LinesChanged()),
            ),
            name="lines-sync",
            on_success=self._synced,
            on_end=self._task_ended,
        )

    def _synced(self, report: SyncReport) -> None:
        text, severity = sync_news(report)
        self.notify(text, title="Sync to PSA", severity=severity, timeout=12)

    def action_sync_line(self) -> None:
        """Seed 003's Sync Invoice Line: the line under the cursor only, as a run of its own (undoable)."""
        grid, period = self.grid, self.period
        record = grid.current_row if grid is not None else None
        if record is None or period is None or self.busy is not None:
            return
        refusal = line_refusal(record)
        if refusal is not None:
            self.notify(refusal, title="Sync Invoice Line", severity="warning")
            return
        self._ask(sync_line_question(period, record), lambda: self._start_line_sync(period, record))

    def _start_line_sync(self, period: BillingPeriod, record: LineRecord) -> None:
        self._stop = StopSignal()
        outcomes: list[LineOutcome] = []

        def reached(outcome: LineOutcome) -> None:
            outcomes.append(outcome)
            self.post_message(LinesChanged())

        def synced(report: SyncReport) -> None:
            text, severity = line_news(record.platform_line_id, outcomes, report)
            self.notify(text, title="Sync Invoice Line", severity=severity, timeout=12)

        self.query_one(TaskProgress).start("Syncing", [SYNC_TASK])
        self._set_busy("sync")
        ledger_app(self).run_task(
            self.lines.sync.sync(period, keys=[record.key], stop=self._stop, progress=self._report, on_line=reached),
            name="lines-sync-line",
            on_success=synced,
            on_end=self._task_ended,
        )

    def action_undo_sync(self) -> None:
        period = self.period
        if period is None or self.busy is not None:
            return
        run = undoable_run(self.lines.sync.runs(period))
        if run is None:
            self.notify(f"No sync run of {period.label} is left to undo.", title="Undo last sync")
            return
        self._ask(undo_question(period, run), lambda: self._start_undo(period, run.id))

    def _start_undo(self, period: BillingPeriod, run_id: int) -> None:
        self.query_one(TaskProgress).start("Undoing", [UNDO_TASK])
        self._set_busy("undo")
        ledger_app(self).run_task(
            self.lines.sync.undo(period, run_id, progress=self._report),
            name="lines-undo",
            on_success=self._undone,
            on_end=self._task_ended,
        )

    def _undone(self, report: UndoReport) -> None:
        text, severity = undo_news(report)
        self.notify(text, title="Undo last sync", severity=severity, timeout=12)

    def _task_ended(self, state: WorkerState) -> None:
        self.query_one(TaskProgress).stop()
        self._stop = None
        self._set_busy(None)
        self._lines_changed()

    def on_lines_changed(self, message: LinesChanged) -> None:
        self._lines_changed()

    def _lines_changed(self) -> None:
        """Re-read the shown lines after they changed behind the grid (edit, bulk update, sync, undo, mapping)."""
        source, grid = self.source, self.grid
        if source is None or grid is None:
            self._offer_periods()
            return
        self._offer_periods()
        source.refresh()
        grid.reload()

    # -- System Logs ------------------------------------------------------------------------------------------------

    def action_line_log(self) -> None:
        from tui_ledger.ui.screens.lines_navigation import show_line_log

        grid = self.grid
        record = grid.current_row if grid is not None else None
        if record is not None and self.period is not None:
            show_line_log(ledger_app(self), self.period, record.platform_line_id)
