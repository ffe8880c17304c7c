"""Batch Status (seed 002): an export run, live, section by section; then a clear green or red result.

The run is an App task (it survives help, debug or the Export Log being opened over it); its events arrive as
messages, the newest per section replacing older ones in the queue, and each updates one row of the panel.
`escape` stops a running export: the runner leaves every document at the step its journal recorded, so the run
resumes (`r`) without sending anything twice. When the run ends, one line says in green that everything went,
or in red what did not and where to read why (`l`, the Export Log with the package's own messages).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from tui_ledger.domain.checks import Resolution, Verdict
from tui_ledger.services.export import (
    ExportEvent,
    ExportLocked,
    Failed,
    QuotaReported,
    Running,
    RunOutcome,
    RunStarted,
    RunTargetError,
    SelectionError,
    UnfinishedRunError,
)
from tui_ledger.services.export.journal_rows import DocumentKey
from tui_ledger.services.export.run import CANCELLED_MESSAGE
from tui_ledger.services.export_desk import ExportDesk, UnfinishedRun
from tui_ledger.services.workspace import Workspace
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.export_keys import BATCH_STATUS_COMMANDS
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.widgets.batch_status import BatchStatusPanel, quota_text, running_text
from tui_ledger.ui.widgets.header import ShellHeader


@dataclass(frozen=True, slots=True)
class NewRun:
    """Export these documents into `target` (the company's name in the profile)."""

    target: str
    company: str
    """How the company is shown: `Demo Xero (Xero)`."""
    verdicts: Sequence[Verdict]
    resolutions: Mapping[DocumentKey, Resolution]


@dataclass(frozen=True, slots=True)
class ResumeRun:
    unfinished: UnfinishedRun


RunRequest = NewRun | ResumeRun


@dataclass(frozen=True, slots=True)
class RunRefused:
    """The run could not start (another export holds the lock, an unfinished run comes first, ...)."""

    reason: str
    unfinished_first: bool = False


class ExportEventArrived(Message, bubble=False):
    """One event of the run; a newer one of the same section (or quota) replaces it in the queue."""

    def __init__(self, event: ExportEvent) -> None:
        super().__init__()
        self.event = event

    def can_replace(self, message: Message) -> bool:
        if not isinstance(message, ExportEventArrived):
            return False
        mine, theirs = self.event, message.event
        if isinstance(mine, QuotaReported):
            return isinstance(theirs, QuotaReported)
        if isinstance(mine, RunStarted) or isinstance(theirs, RunStarted | QuotaReported):
            return False
        return mine.section is theirs.section and type(mine) is type(theirs)


def outcome_sentence(outcome: RunOutcome, company: str, package: str) -> tuple[bool, str]:
    """(all went, the sentence): the result line the user reads first; `company` is where the run exports into."""
    documents = outcome.documents
    total = sum(documents.values())
    parts = [
        f"{documents.get(LogStatus.EXPORTED, 0)} exported",
        f"{documents.get(LogStatus.LINKED, 0)} linked" if documents.get(LogStatus.LINKED) else "",
        f"{documents.get(LogStatus.NOT_SENT, 0)} not sent (no lines)" if documents.get(LogStatus.NOT_SENT) else "",
        f"{documents.get(LogStatus.SKIPPED, 0)} skipped" if documents.get(LogStatus.SKIPPED) else "",
        f"{outcome.failed} failed",
    ]
    counts = ", ".join(part for part in parts if part)
    if not outcome.finished:
        return False, (
            f"The export stopped: {outcome.stopped_because}. {counts}. r resumes it; l opens the Export Log."
        )
    if outcome.failed:
        return False, (
            f"{outcome.failed} refused by {package} or ConnectWise ({total} documents: {counts}). "
            "l opens the Export Log with their messages."
        )
    return True, f"All {total} documents went to {company}: {counts}. l opens the Export Log."


class BatchStatusScreen(Screen[RunOutcome | None]):
    """Runs (or resumes) one export and shows it; dismissed with the outcome when the user goes back."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "batch_status.tcss"
    LEDGER_COMMANDS = BATCH_STATUS_COMMANDS
    BINDINGS = bindings_for(BATCH_STATUS_COMMANDS)
    AUTO_FOCUS = "BatchStatusPanel"
    HELP = BatchStatusPanel.HELP

    def __init__(self, workspace: Workspace, desk: ExportDesk, request: RunRequest) -> None:
        super().__init__()
        self.workspace = workspace
        self.desk = desk
        self.request = request
        self.run_id: int | None = request.unfinished.run.id if isinstance(request, ResumeRun) else None
        self.outcome: RunOutcome | None = None
        self.package = ""
        self._worker: Worker[RunOutcome | RunRefused] | None = None
        self._unfinished_after = False

    def compose(self) -> ComposeResult:
        yield ShellHeader("Batch Status", self.workspace)
        yield Static(self._caption_text(), id="batch-caption", markup=False)
        yield BatchStatusPanel(id="batch-panel")
        yield Static("", id="batch-detail", markup=False)
        yield Static("", id="batch-quota", markup=False)
        result = Static("", id="batch-result", markup=False)
        result.display = False
        yield result
        yield Footer()

    def on_mount(self) -> None:
        self._retitle()
        self._start(self.request)

    @property
    def panel(self) -> BatchStatusPanel:
        return self.query_one(BatchStatusPanel)

    @property
    def is_running(self) -> bool:
        return self._worker is not None and not self._worker.is_finished

    def _company(self) -> str:
        if isinstance(self.request, NewRun):
            return self.request.company
        return self.request.unfinished.target

    def _caption_text(self) -> str:
        verb = "Resuming the export" if isinstance(self.request, ResumeRun) else "Export"
        run = f" (run {self.run_id})" if self.run_id is not None else ""
        return f"{verb} into {self._company()}{run}"

    def _retitle(self) -> None:
        panel = self.panel
        separator = ledger_app(self).glyphs.separator
        parts = [
            "Sections",
            f"{panel.finished_sections} of {len(panel.statuses)} done",
        ]
        if panel.failed_sections:
            parts.append(f"{panel.failed_sections} failed")
        title = f" {separator} ".join(parts)
        panel.border_title = title + ("  (only failed)" if panel.only_failed else "")

    # -- running ----------------------------------------------------------------------------------------------

    def _start(self, request: RunRequest) -> None:
        self.request = request
        self.outcome = None
        self._unfinished_after = False
        self.query_one("#batch-result", Static).display = False
        self.panel.reset()
        self._retitle()
        self.query_one("#batch-caption", Static).update(self._caption_text())
        self._worker = ledger_app(self).run_task(
            self._work(request), name="export-run", on_success=self._finished, on_end=self._ended
        )
        self.refresh_bindings()

    async def _work(self, request: RunRequest) -> RunOutcome | RunRefused:
        try:
            if isinstance(request, NewRun):
                return await self.desk.export(request.target, request.verdicts, self._event, request.resolutions)
            return await self.desk.resume(request.unfinished.run, self._event)
        except UnfinishedRunError as first:
            return RunRefused(str(first), unfinished_first=True)
        except (ExportLocked, RunTargetError, SelectionError) as refusal:
            return RunRefused(str(refusal))

    def _event(self, event: ExportEvent) -> None:
        self.post_message(ExportEventArrived(event))

    def on_export_event_arrived(self, message: ExportEventArrived) -> None:
        event = message.event
        if isinstance(event, RunStarted):
            self.run_id = event.run_id
            self.query_one("#batch-caption", Static).update(
                self._caption_text() + f" {ledger_app(self).glyphs.separator} {event.documents} documents"
            )
        elif isinstance(event, QuotaReported):
            self.package = event.package
            self.query_one("#batch-quota", Static).update(quota_text(event.package, event.quota))
        else:
            self.panel.show(event)
            self._retitle()
            self._describe_cursor()

    def _finished(self, result: RunOutcome | RunRefused) -> None:
        if isinstance(result, RunRefused):
            self._unfinished_after = result.unfinished_first
            hint = " r resumes the unfinished run first." if result.unfinished_first else ""
            self._show_result(False, f"The export did not start: {result.reason}{hint}")
            return
        self.outcome = result
        self.run_id = result.run_id
        self._unfinished_after = not result.finished
        ok, sentence = outcome_sentence(result, self._company(), self.package or self._company())
        self._show_result(ok, sentence)

    def _ended(self, state: WorkerState) -> None:
        if state is WorkerState.CANCELLED:
            self._unfinished_after = True
            self._show_result(False, f"{CANCELLED_MESSAGE}. r resumes it; l opens the Export Log.")
        elif state is WorkerState.ERROR:
            self._unfinished_after = self.desk.unfinished() is not None
            again = " r resumes it." if self._unfinished_after else ""
            self._show_result(False, f"The export failed; the message says why.{again}")
        self.refresh_bindings()

    def _show_result(self, ok: bool, sentence: str) -> None:
        glyphs = ledger_app(self).glyphs
        result = self.query_one("#batch-result", Static)
        result.update(f"{glyphs.ready if ok else glyphs.error} {sentence}")
        result.set_class(ok, "-success")
        result.set_class(not ok, "-failure")
        result.display = True
        self._retitle()
        self.refresh_bindings()

    # -- keys ---------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.is_running
        if action == "back":
            return not self.is_running
        if action == "resume":
            return not self.is_running and self._unfinished_after
        if action == "export_log":
            return self.run_id is not None
        return True

    def action_stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def action_back(self) -> None:
        self.dismiss(self.outcome)

    def action_resume(self) -> None:
        unfinished = self.desk.unfinished()
        if unfinished is None:
            self.notify("There is no unfinished export run to resume.", title="Resume")
            self._unfinished_after = False
            self.refresh_bindings()
            return
        self.run_id = unfinished.run.id
        self._start(ResumeRun(unfinished))

    def action_toggle_only_failed(self) -> None:
        self.panel.set_only_failed(not self.panel.only_failed)
        self._retitle()

    def action_export_log(self) -> None:
        from tui_ledger.ui.screens.export_log import ExportLogScreen

        if self.run_id is not None:
            self.app.push_screen(ExportLogScreen(self.workspace, self.desk, self.run_id))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe_cursor()

    def _describe_cursor(self) -> None:
        """Under the panel: the running sections with rate and time left (the columns may be out of sight at 80
        columns), and the whole message of the highlighted section when it failed."""
        panel = self.panel
        lines = [running_text(status) for status in panel.statuses.values() if isinstance(status, Running)]
        if panel.row_count:
            key = panel.coordinate_to_cell_key(panel.cursor_coordinate).row_key.value
            status = next((status for status in panel.statuses.values() if status.section.value == key), None)
            if isinstance(status, Failed):
                lines.append(f"{status.section.value} failed: {status.message}")
        detail = self.query_one("#batch-detail", Static)
        detail.update("\n".join(lines))
        detail.set_class(any(" failed: " in line for line in lines), "-failure")
