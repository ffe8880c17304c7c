"""The Export screen (seed 004): the filter at the top; per document type, Ready on the left and Errors on the right.

Retrieve fetches what the filter asks for and checks every document against the chosen company's package
(`ExportDesk.check`); each type then shows its Ready pane (count, total, what happens to them) and its Errors
pane (grouped by kind of error, counted). `enter` opens either pane's details; `r` refreshes until documents
fixed elsewhere move to Ready; `x` exports all valid documents, and a details table exports the marked ones,
both through a summary confirmed with one key, then the live Batch Status. `l` opens the latest Export Log.
An export run found unfinished when the screen opens is announced, to be resumed or discarded.

Retrieve runs as an App task, so it keeps going if the user opens help or debug meanwhile, and its failure
reaches the user through the App's one error handler. Esc cancels a running retrieve; the documents shown
before stay (they still match the filter they were retrieved with, which the results title names). A profile
without an accounting company has nothing to check against: its documents are listed as retrieved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Button, Footer, Static
from textual.worker import Worker, WorkerState

from tui_ledger.connectors.ports import Location
from tui_ledger.domain.checks import Resolution, Verdict
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.services.export import DiscardRefused, ExportLocked, RunOutcome
from tui_ledger.services.export_checked import CheckedDocuments
from tui_ledger.services.export_desk import UnfinishedRun
from tui_ledger.services.progress import Progress
from tui_ledger.services.retrieve import Retrieval, retrieve_documents
from tui_ledger.services.workspace import TargetCompany, Workspace
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.export_keys import EXPORT_SCREEN_COMMANDS
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.messages import ProgressReported
from tui_ledger.ui.modals.export_confirm import ExportConfirmScreen
from tui_ledger.ui.modals.unfinished_run import UnfinishedRunScreen
from tui_ledger.ui.screens.batch_status import BatchStatusScreen, NewRun, ResumeRun
from tui_ledger.ui.screens.export_details import ExportRequest, ReadyDetailsScreen
from tui_ledger.ui.screens.export_errors import ErrorsScreen
from tui_ledger.ui.screens.export_log import ExportLogScreen
from tui_ledger.ui.screens.export_results import ErrorsPane, KindResults, ReadyPane
from tui_ledger.ui.widgets.filter_bar import FilterBar, FilterProblem, ThruDateInput
from tui_ledger.ui.widgets.header import ShellHeader
from tui_ledger.ui.widgets.progress import TaskProgress
from tui_ledger.ui.widgets.results import DocumentTable, ResultSection, ResultsPane


class ExportScreen(Screen[None]):
    """Filter, Retrieve, and per type Ready | Errors; the start of every export."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "export.tcss"
    LEDGER_COMMANDS = EXPORT_SCREEN_COMMANDS
    BINDINGS = bindings_for(EXPORT_SCREEN_COMMANDS)
    AUTO_FOCUS = "#retrieve"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    HELP = """\
## Export

The filter at the top says what to fetch from ConnectWise and which accounting company to check against;
Retrieve lists the closed, never-exported documents per type: **Ready** on the left (count, total), **with
errors** on the right, grouped by kind of error.

- `enter` on a pane opens its details: Ready documents to look at and mark, or errors with where to fix them.
- `r` refreshes (same filter and company) until fixed documents move to Ready.
- `x` exports all Ready documents after a summary you confirm with `y`; then the Batch Status shows the run.
- `l` opens the Export Log of the latest run.

`F2` goes to the filter, `F3` to the lists, `F5` retrieves, `escape` cancels a running retrieve.
"""

    def __init__(self, workspace: Workspace, today: date) -> None:
        super().__init__()
        self.workspace = workspace
        self.today = today
        self.retrieval: Retrieval | None = None
        self.checked: CheckedDocuments | None = None
        self._retrieve_worker: Worker[Retrieval] | Worker[CheckedDocuments] | None = None

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
        desk = self.workspace.exports
        if desk is not None:
            unfinished = desk.unfinished()
            if unfinished is not None:
                self._offer(unfinished)

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
        if self.workspace.exports is None:
            return (
                "Set the filter, then Retrieve: it lists the closed, never-exported invoices, expenses and purchases "
                "from ConnectWise, per type, with count and total."
            )
        return (
            "Set the filter, then Retrieve: it lists the closed, never-exported invoices, expenses and purchases "
            "from ConnectWise and checks them against the chosen company: Ready on the left, errors on the right."
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
        if action in ("refresh", "export_all_valid"):
            return self.checked is not None and not self.is_retrieving
        if action in ("export_log", "offer_unfinished"):
            return self.workspace.exports is not None
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
        company = self.query_one(FilterBar).company
        if self.workspace.exports is not None and company is not None:
            self._check(company, unposted)
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

    def _check(self, company: TargetCompany, unposted: UnpostedFilter) -> None:
        """Retrieve and check against `company`'s package (Retrieve and Refresh both come here)."""
        desk = self.workspace.exports
        assert desk is not None
        progress = self.query_one(TaskProgress)
        progress.start(f"Retrieving, checking against {company.name}", [kind.plural_title for kind in unposted.kinds])
        self._retrieve_worker = ledger_app(self).run_task(
            desk.check(company.name, unposted, self._report),
            name="retrieve",
            on_success=self._show_checked,
            on_end=self._retrieve_ended,
            retry=lambda: self._check(company, unposted),
        )
        self.refresh_bindings()

    def action_refresh(self) -> None:
        """Retrieve and check again with the filter and company of the lists shown (seed 004's refresh)."""
        if self.is_retrieving:
            return
        checked = self.checked
        if checked is None:
            self.action_retrieve()
            return
        company = self._company_named(checked.target)
        if company is None:
            self.notify(f"{checked.target} is no longer a company of this profile.", severity="warning")
            return
        self._check(company, checked.preparation.retrieval.unposted)

    def _company_named(self, name: str) -> TargetCompany | None:
        return next((company for company in self.workspace.target_companies if company.name == name), None)

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
        if state is not WorkerState.SUCCESS and self.checked is not None:
            self._tell_details(self.checked)

    async def _show_retrieval(self, retrieval: Retrieval) -> None:
        self.retrieval = retrieval
        self.checked = None
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

    # -- checked results ----------------------------------------------------------------------------------------

    async def _show_checked(self, checked: CheckedDocuments) -> None:
        before = self.checked
        if before is not None and before.target == checked.target:
            # Choices made on this screen stand until the user changes them (the journal keeps earlier ones).
            checked = replace(checked, resolutions={**checked.resolutions, **before.resolutions})
        self.checked = checked
        self.retrieval = checked.preparation.retrieval
        await self._draw_checked()
        company = self._company_named(checked.target)
        label = company.label if company else checked.target
        separator = ledger_app(self).glyphs.separator
        self._caption(f"{self._results_title(self.retrieval.unposted)} {separator} checked against {label}")
        if before is not None and before.target == checked.target:
            moved = checked.moved_to_ready(before)
            counts = f"{len(checked.ready())} ready, {len(checked.errors())} with errors"
            if moved:
                self.notify(f"{len(moved)} documents moved from Errors to Ready ({counts}).", title="Refresh")
            else:
                self.notify(f"Checked again: {counts}; none moved from Errors to Ready.", title="Refresh")
        self._tell_details(checked)

    async def _draw_checked(self) -> None:
        """The Ready and Errors panes of every type, the focus kept on the pane it was on."""
        checked = self.checked
        assert checked is not None
        results = self.query_one(ResultsPane)
        focused = self.focused
        kept = focused.id if focused is not None and focused.id and results in focused.ancestors else None
        await results.remove_children()
        if not checked.kinds:
            await results.mount(Static("Nothing to list.", id="results-hint"))
            return
        await results.mount_all(KindResults(checked, kind) for kind in checked.kinds)
        again = results.query(f"#{kept}") if kept else None
        if again:
            again.first().focus()
        else:
            self.query(ReadyPane).first().focus()

    def _tell_details(self, checked: CheckedDocuments) -> None:
        """Detail screens open over this one show the documents as they now stand."""
        for screen in self.app.screen_stack:
            if isinstance(screen, ReadyDetailsScreen | ErrorsScreen):
                screen.show_checked(checked)

    def apply_choice(self, verdict: Verdict, resolution: Resolution) -> CheckedDocuments:
        """Link / update / skip for a document already in the package; the panes follow at once."""
        assert self.checked is not None
        self.checked = self.checked.choose(verdict, resolution)
        self.run_worker(self._draw_checked(), group="draw-checked", exclusive=True)
        return self.checked

    @on(ReadyPane.ViewDetails)
    def _view_ready(self, event: ReadyPane.ViewDetails) -> None:
        if self.checked is None:
            return
        screen = ReadyDetailsScreen(self.workspace, self.checked, event.kind, self.action_refresh)
        self.app.push_screen(screen, self._details_closed)

    @on(ErrorsPane.ViewGroup)
    def _view_errors(self, event: ErrorsPane.ViewGroup) -> None:
        if self.checked is None:
            return
        screen = ErrorsScreen(
            self.workspace,
            self.checked,
            event.kind,
            group=event.group,
            refresh=self.action_refresh,
            choose=self.apply_choice,
        )
        self.app.push_screen(screen)

    def _details_closed(self, request: ExportRequest | None) -> None:
        if request is not None:
            self.begin_export(request.verdicts, request.scope)

    # -- export -------------------------------------------------------------------------------------------------

    def action_export_all_valid(self) -> None:
        if self.checked is None:
            self.notify("Retrieve first (F5): Export All Valid exports what is Ready.", title="Export")
            return
        ready = self.checked.ready()
        if not ready:
            self.notify("Nothing is Ready for export: fix the errors, then Refresh (r).", title="Export")
            return
        self.begin_export(ready, "all valid documents")

    def begin_export(self, verdicts: Sequence[Verdict], scope: str) -> None:
        """Summary → `y` → Batch Status; an unfinished run is offered first, since it must end before a new one."""
        desk = self.workspace.exports
        checked = self.checked
        if desk is None or checked is None:
            return
        unfinished = desk.unfinished()
        if unfinished is not None:
            self.notify("An earlier export did not finish: resume or discard it first.", title="Export")
            self._offer(unfinished)
            return
        company = self._company_named(checked.target)
        label = company.label if company else checked.target
        request = NewRun(checked.target, label, tuple(verdicts), checked.resolutions_for(verdicts))

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.push_screen(BatchStatusScreen(self.workspace, desk, request), self._run_closed)

        self.app.push_screen(ExportConfirmScreen(checked.summary(verdicts), scope, label), confirmed)

    def _run_closed(self, outcome: RunOutcome | None) -> None:
        """Back from Batch Status: what went is no longer unposted, so the lists are checked again."""
        if self.checked is not None:
            self.action_refresh()

    def action_export_log(self) -> None:
        desk = self.workspace.exports
        if desk is None:
            return
        run = desk.latest_run()
        if run is None:
            self.notify("No export has run in this profile yet.", title="Export Log")
            return
        self.app.push_screen(ExportLogScreen(self.workspace, desk, run.id))

    def action_offer_unfinished(self) -> None:
        desk = self.workspace.exports
        unfinished = desk.unfinished() if desk is not None else None
        if unfinished is None:
            self.notify("Every export run of this profile has finished.", title="Export")
            return
        self._offer(unfinished)

    def _offer(self, unfinished: UnfinishedRun) -> None:
        self.app.push_screen(
            UnfinishedRunScreen(unfinished), lambda choice: self._unfinished_chosen(unfinished, choice)
        )

    def _unfinished_chosen(self, unfinished: UnfinishedRun, choice: str | None) -> None:
        desk = self.workspace.exports
        if desk is None or choice is None:
            return
        if choice == "resume":
            self.app.push_screen(BatchStatusScreen(self.workspace, desk, ResumeRun(unfinished)), self._run_closed)
            return
        try:
            desk.discard(unfinished.run)
        except (DiscardRefused, ExportLocked) as refused:
            self.notify(str(refused), title="Not discarded", severity="error", timeout=10)
            return
        self.notify(
            f"Run {unfinished.run.id} is discarded: what it had not sent stays unposted for a later export.",
            title="Discarded",
        )

    # -- focus ------------------------------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one(ThruDateInput).focus()

    def action_focus_results(self) -> None:
        panes = self.query(ReadyPane)
        if panes:
            panes.first().focus()
            return
        tables = self.query(DocumentTable)
        if tables:
            tables.first().focus()
