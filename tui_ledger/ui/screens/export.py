"""The Export screen (seed 004): the filter at the top, the retrieved documents per type below.

Retrieve runs as an App task, so it keeps going if the user opens help or debug meanwhile, and its failure
reaches the user through the App's one error handler. Esc cancels a running retrieve; the documents shown
before stay (they still match the filter they were retrieved with, which the results title names).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Button, Footer, Static
from textual.worker import Worker, WorkerState

from tui_ledger.connectors.ports import Location
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.services.progress import Progress
from tui_ledger.services.retrieve import Retrieval, retrieve_documents
from tui_ledger.services.workspace import Workspace
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import EXPORT_COMMANDS, bindings_for
from tui_ledger.ui.messages import ProgressReported
from tui_ledger.ui.widgets.filter_bar import FilterBar, FilterProblem, ThruDateInput
from tui_ledger.ui.widgets.header import ShellHeader
from tui_ledger.ui.widgets.progress import TaskProgress
from tui_ledger.ui.widgets.results import DocumentTable, ResultSection, ResultsPane


class ExportScreen(Screen[None]):
    """Filter, Retrieve, and the raw list of unposted documents per type."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "export.tcss"
    LEDGER_COMMANDS = EXPORT_COMMANDS
    BINDINGS = bindings_for(EXPORT_COMMANDS)
    AUTO_FOCUS = "#retrieve"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    HELP = """\
## Export

The filter at the top says what to fetch from ConnectWise; Retrieve lists the closed, never-exported
documents per type below it, each type with its count and total (one total per currency).

`F2` goes to the filter, `F3` to the lists, `F5` retrieves, `escape` cancels a running retrieve.
"""

    def __init__(self, workspace: Workspace, today: date) -> None:
        super().__init__()
        self.workspace = workspace
        self.today = today
        self.retrieval: Retrieval | None = None
        self._retrieve_worker: Worker[Retrieval] | None = None

    def compose(self) -> ComposeResult:
        yield ShellHeader("Export", self.workspace)
        yield FilterBar(self.today, self.workspace.target_companies)
        progress = TaskProgress(id="retrieve-progress")
        progress.display = False
        yield progress
        yield Static("", id="results-caption", markup=False)
        with ResultsPane(id="results"):
            yield Static(self._hint(), id="results-hint")
        yield Footer()

    def on_mount(self) -> None:
        self._load_locations()

    def _load_locations(self) -> None:
        """The Location choices come from ConnectWise; this is also the first call that proves the keys work."""
        ledger_app(self).run_task(
            self.workspace.psa.locations(),
            name="locations",
            on_success=self._show_locations,
            retry=self._load_locations,
        )

    def _show_locations(self, locations: list[Location]) -> None:
        self.query_one(FilterBar).show_locations(locations)

    def _hint(self) -> str:
        return (
            "Set the filter, then Retrieve: it lists the closed, never-exported invoices, expenses and purchases "
            "from ConnectWise, per type, with count and total."
        )

    # -- retrieve -------------------------------------------------------------------------------------------

    @property
    def is_retrieving(self) -> bool:
        return self._retrieve_worker is not None and not self._retrieve_worker.is_finished

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_retrieve":
            return self.is_retrieving
        if action == "retrieve":
            return not self.is_retrieving
        return True

    @on(Button.Pressed, "#retrieve")
    def _retrieve_pressed(self) -> None:
        self.action_retrieve()

    def action_retrieve(self) -> None:
        if self.is_retrieving:
            return
        try:
            unposted = self.query_one(FilterBar).read_filter()
        except FilterProblem as problem:
            self.notify(str(problem), title="Filter", severity="warning")
            return
        progress = self.query_one(TaskProgress)
        progress.start("Retrieving", [kind.plural_title for kind in unposted.kinds])
        self._retrieve_worker = ledger_app(self).run_task(
            retrieve_documents(self.workspace.psa, unposted, self._report),
            name="retrieve",
            on_success=self._show_retrieval,
            on_end=self._retrieve_ended,
            retry=self.action_retrieve,
        )
        self.refresh_bindings()

    def _report(self, progress: Progress) -> None:
        self.post_message(ProgressReported(progress))

    def on_progress_reported(self, message: ProgressReported) -> None:
        if self.is_retrieving:
            self.query_one(TaskProgress).report(message.progress)

    def action_cancel_retrieve(self) -> None:
        if self._retrieve_worker is not None:
            self._retrieve_worker.cancel()

    def _retrieve_ended(self, state: WorkerState) -> None:
        self.query_one(TaskProgress).stop()
        self.refresh_bindings()
        if state is WorkerState.CANCELLED:
            kept = "the list below is from the previous Retrieve" if self.retrieval else "nothing was listed"
            self.notify(f"Retrieve cancelled; {kept}.", title="Retrieve")

    async def _show_retrieval(self, retrieval: Retrieval) -> None:
        self.retrieval = retrieval
        results = self.query_one(ResultsPane)
        await results.remove_children()
        if not retrieval.by_kind:
            await results.mount(Static("Nothing to list.", id="results-hint"))
        else:
            await results.mount_all(ResultSection(retrieved) for retrieved in retrieval.by_kind.values())
        self._caption(self._results_title(retrieval.unposted))
        first_table = results.query(DocumentTable).first() if retrieval.by_kind else None
        if first_table is not None:
            first_table.focus()

    def _results_title(self, unposted: UnpostedFilter) -> str:
        bar = self.query_one(FilterBar)
        separator = ledger_app(self).glyphs.separator
        parts = (
            f"Documents thru {unposted.thru_date.isoformat()}",
            bar.location_name(unposted.location_id),
            f"{unposted.summary_level.value} summary",
        )
        return f" {separator} ".join(parts)

    def _caption(self, text: str, *, stale: bool = False) -> None:
        caption = self.query_one("#results-caption", Static)
        caption.update(text)
        caption.set_class(stale, "-stale")

    @on(FilterBar.Changed)
    def _filter_changed(self) -> None:
        if self.retrieval is not None:
            title = self._results_title(self.retrieval.unposted)
            self._caption(f"{title}   (filter changed: Retrieve to refresh)", stale=True)

    # -- focus ------------------------------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one(ThruDateInput).focus()

    def action_focus_results(self) -> None:
        tables = self.query(DocumentTable)
        if tables:
            tables.first().focus()
