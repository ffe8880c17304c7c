"""The Batches screen (issue 5): ConnectWise's GL batches with their records and where each is in the package.

Top to bottom: the one search box (seed 001's four places in one), the batch list (open and closed, counted in
its title, `f` to filter), the records of the highlighted batch — or what the search found — each with its copy
in the accounting package, the highlighted record in full, the running action's progress, and the last outcome.

Actions on the highlighted record or batch, each a fresh proposal, a one-key dialog, then the change: `b`
unbatch (with the choice for the package copy), `r` rebatch (original batch or a new one through the export),
`d` delete the batch (the dialog lists what returns to unposted), `c` reconcile with the package. Closed batches
are read-only and say why; Close is never offered (seed 000). Everything runs as an App task, so a failure
reaches the App's one error handler; `escape` stops a running action between two of its steps.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import WorkerState

from tui_ledger.domain.batches.records import Batch
from tui_ledger.domain.money import format_money
from tui_ledger.services.batches import ActionOutcome, BatchDesk, BatchSummary, BatchView, Located, OutcomeStatus
from tui_ledger.services.workspace import Workspace
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.screens.batches_actions import BatchActions
from tui_ledger.ui.screens.batches_activity import ActivityLine, BatchEventReported, EventRouter
from tui_ledger.ui.screens.batches_detail import RecordsView, RecordTable, record_detail
from tui_ledger.ui.screens.batches_keys import BATCHES_SCREEN_COMMANDS
from tui_ledger.ui.screens.batches_list import BatchListTable, list_title
from tui_ledger.ui.screens.batches_lookup import Lookup, SearchBox, look_up, lookup_view
from tui_ledger.ui.screens.batches_running import RunningAction
from tui_ledger.ui.widgets.header import ShellHeader
from tui_ledger.ui.widgets.progress import TaskProgress

T = TypeVar("T")

ACTION_TASK = "batches-action"
READ_ONLY = "closed: read-only (closing cannot be undone; nothing in it can be unbatched or deleted)"


def batch_view(view: BatchView, separator: str) -> RecordsView:
    """`I5009:RDCOFU7T(open)[1] · total 3,059.18`, with what has been unbatched from it."""
    batch = view.batch
    status = "closed" if batch.closed else "open"
    facts = [f"{batch.identifier}({status})[{len(batch.records)}]"]
    if batch.unbatched_records:
        facts.append(f"{len(batch.unbatched_records)} unbatched")
    facts.append(f"batched total {format_money(batch.batched_total)}")
    if batch.closed:
        facts.append("read-only")
    rows = tuple(Located(record, batch, view.package.get(record.document)) for record in batch.records)
    return RecordsView(f" {separator} ".join(facts), rows, read_only_reason=READ_ONLY if batch.closed else None)


class BatchesScreen(Screen[None]):
    """Find, unbatch, rebatch, delete and reconcile GL batches (see the module docstring)."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "batches.tcss"
    LEDGER_COMMANDS = BATCHES_SCREEN_COMMANDS
    BINDINGS = bindings_for(BATCHES_SCREEN_COMMANDS)
    AUTO_FOCUS = "#batch-list"
    HELP = BatchListTable.HELP

    def __init__(self, workspace: Workspace, target: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.target = target or (workspace.target_companies[0].name if workspace.target_companies else None)
        self.router = EventRouter()
        self.desk: BatchDesk | None = None
        self.summaries: list[BatchSummary] = []
        self.lookup: Lookup | None = None
        self.actions = BatchActions(self)
        self._views: dict[int, BatchView] = {}
        self._view_wanted = False
        self.running = RunningAction(self, ACTION_TASK)

    def compose(self) -> ComposeResult:
        yield ShellHeader("Batches", self.workspace)
        yield SearchBox(id="batch-search")
        yield BatchListTable(id="batch-list")
        yield RecordTable(id="batch-records")
        yield Static("", id="record-detail", markup=False)
        progress = TaskProgress(id="batches-progress")
        progress.display = False
        yield progress
        yield ActivityLine(id="batches-activity")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchBox).cursor_blink = ledger_app(self).cursor_blink
        self.query_one(BatchListTable).border_title = "Batches"
        self.query_one(RecordTable).border_title = "Records"
        self.open_desk()

    def on_screen_resume(self) -> None:
        """The desk's events come to the screen in front (this one, or Reconcile over it)."""
        self.router.target = self

    @property
    def separator(self) -> str:
        return ledger_app(self).glyphs.separator

    # -- the desk and the batch list ---------------------------------------------------------------------------

    def open_desk(self) -> None:
        """Open the batch desk for the chosen company (its package connector opens with it), then read the list."""
        opener = self.workspace.batches
        if opener is None:
            self.query_one(ActivityLine).note("This profile was opened without batch management.", problem=True)
            return
        ledger_app(self).run_task(
            opener(self.target, self.router),
            name="batches-open",
            on_success=self._desk_opened,
            retry=self.open_desk,
        )

    def _desk_opened(self, desk: BatchDesk) -> None:
        """A desk (for another company, after `t`) replaces the old one: what is shown is read again through it."""
        self.desk = desk
        self.refresh_bindings()
        self.load_list()
        if self.lookup is not None:
            self._find_after(self.lookup.text)

    def load_list(self) -> None:
        if self.desk is None:
            return
        self._views.clear()
        ledger_app(self).run_task(
            self.desk.batches(), name="batches-list", on_success=self._show_list, retry=self.load_list
        )

    def _show_list(self, summaries: list[BatchSummary]) -> None:
        self.summaries = summaries
        table = self.query_one(BatchListTable)
        table.show(summaries, table.filter)
        self._title_list()
        if self.lookup is None:
            self._view_highlighted_batch()

    def _title_list(self) -> None:
        table = self.query_one(BatchListTable)
        table.border_title = list_title(self.summaries, table.filter, self.separator)

    def action_next_filter(self) -> None:
        table = self.query_one(BatchListTable)
        table.show(self.summaries, table.filter.next)
        self._title_list()
        if self.lookup is None:
            self._view_highlighted_batch()

    def action_refresh(self) -> None:
        """Read the batches (and the search shown) again; the activity line keeps the last outcome."""
        self.load_list()
        if self.lookup is not None:
            self._find_after(self.lookup.text)

    def action_next_company(self) -> None:
        names = [company.name for company in self.workspace.target_companies]
        if len(names) < 2:
            self.notify("This profile has one accounting company.", title="Company")
            return
        index = names.index(self.target) if self.target in names else -1
        self.target = names[(index + 1) % len(names)]
        self.notify(f"Copies are now looked up in {self.target}.", title="Company")
        self.open_desk()

    # -- the records pane -------------------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#batch-list")
    def _batch_highlighted(self) -> None:
        if self.lookup is None:
            self._view_highlighted_batch()

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        """Going to the batch list means browsing batches again: the records follow its cursor, not the search."""
        if isinstance(event.widget, BatchListTable) and self.lookup is not None:
            self.lookup = None
            self._view_highlighted_batch()
            self.refresh_bindings()

    @on(DataTable.RowSelected, "#batch-list")
    def _batch_selected(self) -> None:
        self.query_one(RecordTable).focus()

    def _view_highlighted_batch(self) -> None:
        """Show the highlighted batch's records once the list has settled: filling the list or moving through it
        highlights many rows in a row, and only the last one is worth reading from ConnectWise."""
        if not self._view_wanted:
            self._view_wanted = True
            self.call_after_refresh(self._read_highlighted_batch)

    def _read_highlighted_batch(self) -> None:
        self._view_wanted = False
        summary = self.query_one(BatchListTable).highlighted
        if summary is None or self.desk is None:
            self._show_records(RecordsView("Records", ()))
            return
        cached = self._views.get(summary.id)
        if cached is not None:
            self._show_batch(cached)
            return
        ledger_app(self).run_task(
            self.desk.batch(summary.id),
            name="batches-view",
            on_success=self._show_batch,
            retry=self._view_highlighted_batch,
        )

    def _show_batch(self, view: BatchView) -> None:
        self._views[view.batch.id] = view
        highlighted = self.query_one(BatchListTable).highlighted
        if self.lookup is None and highlighted is not None and highlighted.id == view.batch.id:
            self._show_records(batch_view(view, self.separator))

    def _show_records(self, view: RecordsView) -> None:
        table = self.query_one(RecordTable)
        package = self.desk.context.package_name if self.desk is not None else "Package"
        table.show(view, package.removeprefix("the "), ledger_app(self).glyphs)
        table.border_title = view.title
        self._describe_highlighted()
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#batch-records")
    def _describe_highlighted(self) -> None:
        table = self.query_one(RecordTable)
        located = table.highlighted
        detail = self.query_one("#record-detail", Static)
        if located is None:
            detail.update("No records here." if table.view is not None and table.view.lookup is None else "")
            return
        text = record_detail(located, self.separator)
        if table.view is not None and table.view.read_only_reason:
            head, _, rest = text.partition("\n")
            text = f"{head}\n{table.view.read_only_reason}\n{rest}"
        detail.update(text)

    # -- the search box ----------------------------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    @on(Input.Submitted, "#batch-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._find(event.value)

    def _find(self, text: str) -> None:
        if self.desk is None:
            return
        self.run_action(f"Looking up {text.strip()!r}", look_up(self.desk, text), self._found)

    def _found(self, lookup: Lookup) -> None:
        activity = self.query_one(ActivityLine)
        if lookup.result is None:
            activity.note(lookup.problem or "Nothing to look up.", problem=True)
            return
        self.lookup = lookup
        self._show_records(lookup_view(lookup.result, self.separator))
        activity.note(lookup.result.message, problem=not lookup.result.found)
        if lookup.result.located:
            self.query_one(RecordTable).focus()

    def action_clear_lookup(self) -> None:
        self.lookup = None
        self.query_one(SearchBox).value = ""
        self._view_highlighted_batch()
        self.query_one(BatchListTable).focus()

    # -- running actions (ActionHost) -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.running.busy

    def run_action(self, title: str, work: Coroutine[Any, Any, T], done: Callable[[T], None]) -> None:
        """Run one step of an action (a proposal, a change, a search) as an App task, its events shown here."""
        self.running.start(title, work, done, self._action_ended)

    def _action_ended(self, state: WorkerState) -> None:
        title = self.running.title
        if state is WorkerState.CANCELLED:
            self.query_one(ActivityLine).note(
                f"Stopped: {title}. What was done before the stop stays done; the lists are read again.",
                problem=True,
            )
            self.action_refresh()
        elif state is WorkerState.ERROR:
            self.query_one(ActivityLine).note(f"Failed: {title}. See the message.", problem=True)

    def ask(self, dialog: Screen[T], answered: Callable[[T | None], None]) -> None:
        """A one-key dialog; the activity line waits for the answer empty, not saying "checking" any more."""
        self.query_one(ActivityLine).clear()
        self.app.push_screen(dialog, answered)

    def show_outcome(self, outcome: ActionOutcome, *, find: str | None) -> None:
        """The outcome on the activity line, where it stays until the next action; then what changed is read again
        (a refusal changed nothing)."""
        self.query_one(ActivityLine).outcome(outcome, ledger_app(self).glyphs)
        if outcome.status is OutcomeStatus.REFUSED:
            return
        self.query_one(RecordTable).marked.clear()
        self.load_list()
        if find is not None:
            self._find_after(find)
        elif self.lookup is not None:
            self._find_after(self.lookup.text)

    def _find_after(self, text: str) -> None:
        """Look the document up once the outcome is on screen, keeping the outcome line as it is."""
        if self.desk is None:
            return
        ledger_app(self).run_task(look_up(self.desk, text), name="batches-refind", on_success=self._refound)

    def _refound(self, lookup: Lookup) -> None:
        if lookup.result is not None:
            self.lookup = lookup
            self.query_one(SearchBox).value = lookup.text
            self._show_records(lookup_view(lookup.result, self.separator))

    def tell(self, text: str, *, problem: bool = False) -> None:
        self.query_one(ActivityLine).note(text, problem=problem)

    def on_batch_event_reported(self, message: BatchEventReported) -> None:
        self.running.follow(message.event)

    # -- actions on the highlighted record or batch ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.busy
        if action == "clear_lookup":
            return not self.busy and self.lookup is not None
        if action == "back":
            return not self.busy and self.lookup is None
        if action in ("unbatch", "rebatch", "delete_batch", "reconcile", "next_filter", "refresh", "next_company"):
            return self.desk is not None and not self.busy
        return True

    def _no_record(self) -> None:
        self.notify("Choose a record first: move to the records (enter) or find one (/).", title="Batches")

    def _highlighted_batch(self) -> Batch | None:
        """The batch of the highlighted record when the records have the focus, else the list's batch."""
        records = self.query_one(RecordTable)
        if records.has_focus and records.highlighted is not None:
            batch = records.highlighted.batch
            if batch is None:
                self.notify(f"{records.highlighted.record.label} is in no batch.", title="Delete batch")
            return batch
        summary = self.query_one(BatchListTable).highlighted
        if summary is None:
            self.notify("No batch is highlighted.", title="Delete batch")
            return None
        return Batch(summary.id, summary.identifier, summary.closed)

    def action_unbatch(self) -> None:
        located = self.query_one(RecordTable).highlighted
        if located is None:
            self._no_record()
            return
        self.actions.unbatch(located)

    def action_rebatch(self) -> None:
        chosen = self.query_one(RecordTable).chosen()
        if not chosen:
            self._no_record()
            return
        self.actions.rebatch(chosen)

    def action_delete_batch(self) -> None:
        batch = self._highlighted_batch()
        if batch is not None:
            self.actions.delete(batch)

    def action_reconcile(self) -> None:
        from tui_ledger.ui.screens.batches_reconcile import ReconcileScreen

        if self.desk is not None:
            self.app.push_screen(
                ReconcileScreen(self.workspace, self.desk, self.router), lambda _: self.action_refresh()
            )

    def action_stop(self) -> None:
        self.running.cancel()

    def action_back(self) -> None:
        self.app.pop_screen()
