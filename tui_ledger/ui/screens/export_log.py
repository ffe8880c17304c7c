"""The Export Log (seed 004): what a run did with every invoice, purchase, expense, customer, supplier and product.

Each row has its status, the package's (or ConnectWise's) own message, and the package's id and number, so a
refused document can be corrected with the words the package used. `f` narrows the log to one status at a time
(Failed first), `a` shows all again, `w` saves the rows shown as CSV, `p` / `n` move to older and newer runs. A
document the package already held with other content takes a choice here too (`c`: link, update or skip),
which the next export applies.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui_ledger.domain.checks import Resolution
from tui_ledger.domain.money import format_money
from tui_ledger.services.export_desk import ExportDesk, run_target
from tui_ledger.services.export_log_csv import resolve_log_path, write_export_log
from tui_ledger.services.workspace import Workspace
from tui_ledger.store.errors import StoreError
from tui_ledger.store.journal_log import ExportLogRow, LogStatus
from tui_ledger.store.runs import Run
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.export_keys import EXPORT_LOG_COMMANDS
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.modals.export_choice import ResolutionChoiceScreen
from tui_ledger.ui.modals.export_log_save import SaveLogScreen
from tui_ledger.ui.widgets.header import ShellHeader

FILTER_ORDER = (
    LogStatus.FAILED,
    LogStatus.UNFINISHED,
    LogStatus.EXPORTED,
    LogStatus.LINKED,
    LogStatus.NOT_SENT,
    LogStatus.CREATED,
    LogStatus.EXISTING,
    LogStatus.SKIPPED,
)
"""The order `f` steps through the statuses a log holds: what needs attention first."""

TONES = {
    LogStatus.EXPORTED: "ready",
    LogStatus.LINKED: "ready",
    LogStatus.CREATED: "ready",
    LogStatus.EXISTING: "ready",
    LogStatus.NOT_SENT: "muted",
    LogStatus.SKIPPED: "muted",
    LogStatus.FAILED: "error",
    LogStatus.UNFINISHED: "running",
}
MESSAGE_WIDTH = 48
COLUMN_TITLES = ("What", "Status", "Package #", "Message", "Counterparty", "Total", "Package id")
"""What and how it ended first, so both show at 80 columns; the whole message is under the table."""
STATUS_COLUMN = COLUMN_TITLES.index("Status")


class ExportLogTable(DataTable[Text]):
    COMPONENT_CLASSES = {"export-log--ready", "export-log--error", "export-log--running", "export-log--muted"}
    DEFAULT_CSS = """
    ExportLogTable > .export-log--ready { color: $status-ready; }
    ExportLogTable > .export-log--error { color: $status-error; text-style: bold; }
    ExportLogTable > .export-log--running { color: $status-running; }
    ExportLogTable > .export-log--muted { color: $text-muted; }
    """
    HELP = """\
## Export Log

Every invoice, purchase, expense, customer, supplier and product of the run: its status, the message of the
accounting package (or ConnectWise) in its own words, and the id and number it got there.

- `f` shows only one status, stepping through Failed, Not finished, Exported, ...; `a` shows all again.
- The line under the table shows the whole message of the highlighted row.
- `c` on a failed document the package already held with other content: link, update or skip it next time.
- `w` saves the rows shown as CSV; `p` / `n` show the log of an older / newer run.
"""


def log_cells(row: ExportLogRow) -> tuple[Text, ...]:
    """The cells of one log row; the message is cut to the column, the line below the table shows all of it."""
    message = row.message if len(row.message) <= MESSAGE_WIDTH else row.message[: MESSAGE_WIDTH - 3] + "..."
    total = "" if row.total is None else format_money(row.total)
    return (
        Text(row.label),
        Text(row.status.value),
        Text(row.target_number or ""),
        Text(message),
        Text(row.counterparty),
        Text(total, justify="right"),
        Text(row.target_id or ""),
    )


class ExportLogScreen(Screen[None]):
    """The log of one run; `p` / `n` move between runs."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "export_log.tcss"
    LEDGER_COMMANDS = EXPORT_LOG_COMMANDS
    BINDINGS = bindings_for(EXPORT_LOG_COMMANDS)
    AUTO_FOCUS = "ExportLogTable"
    HELP = ExportLogTable.HELP

    def __init__(self, workspace: Workspace, desk: ExportDesk, run_id: int) -> None:
        super().__init__()
        self.workspace = workspace
        self.desk = desk
        self.run_id = run_id
        self.rows: list[ExportLogRow] = []
        self.shown: list[ExportLogRow] = []
        self.status_filter: LogStatus | None = None

    def compose(self) -> ComposeResult:
        yield ShellHeader("Export Log", self.workspace)
        yield Static("", id="log-caption", markup=False)
        table = ExportLogTable(cursor_type="row", zebra_stripes=True, id="log-table")
        for title in COLUMN_TITLES:
            table.add_column(title, key=title, width=MESSAGE_WIDTH if title == "Message" else None)
        yield table
        yield Static("", id="log-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @property
    def table(self) -> ExportLogTable:
        return self.query_one(ExportLogTable)

    @property
    def run(self) -> Run | None:
        return self.desk.run(self.run_id)

    def _load(self) -> None:
        self.rows = self.desk.log(self.run_id)
        if self.status_filter is not None and not any(row.status is self.status_filter for row in self.rows):
            self.status_filter = None
        self._show()

    def _show(self) -> None:
        wanted = self.status_filter
        self.shown = [row for row in self.rows if wanted is None or row.status is wanted]
        table = self.table
        table.clear()
        for index, row in enumerate(self.shown):
            cells = list(log_cells(row))
            tone = table.get_component_rich_style(f"export-log--{TONES[row.status]}")
            cells[STATUS_COLUMN] = Text(row.status.value, style=tone)
            table.add_row(*cells, key=str(index))
        self._caption()
        self._describe(0)

    def _caption(self) -> None:
        separator = ledger_app(self).glyphs.separator
        run = self.run
        parts = [f"Run {self.run_id}"]
        if run is not None:
            parts.append(f"into {_target_of(run)}")
            parts.append(f"{run.started:%Y-%m-%d %H:%M} UTC")
            parts.append(run.status.value.replace("_", " "))
        parts.append(f"{len(self.rows)} rows")
        failed = sum(1 for row in self.rows if row.status is LogStatus.FAILED)
        if failed:
            parts.append(f"{failed} failed")
        text = f" {separator} ".join(parts)
        if self.status_filter is not None:
            text += f"   [{self.status_filter.value}: {len(self.shown)}]"
        self.query_one("#log-caption", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    def _describe(self, position: int) -> None:
        detail = self.query_one("#log-detail", Static)
        if not self.shown or position >= len(self.shown):
            detail.update("No rows." if not self.rows else "")
            return
        row = self.shown[position]
        lines = [f"{row.label}: {row.status.value}"]
        if row.message:
            lines.append(row.message)
        if row.batch_identifier:
            lines.append(f"GL batch in ConnectWise: {row.batch_identifier}")
        if self.desk.choices(row):
            lines.append("c: link to the copy in the package, update it, or skip it on the next export.")
        detail.update("\n".join(lines))

    def _current(self) -> ExportLogRow | None:
        position = self.table.cursor_row
        return self.shown[position] if 0 <= position < len(self.shown) else None

    # -- actions --------------------------------------------------------------------------------------------

    def action_next_filter(self) -> None:
        present = [status for status in FILTER_ORDER if any(row.status is status for row in self.rows)]
        if not present:
            return
        if self.status_filter not in present:
            self.status_filter = present[0]
        else:
            position = present.index(self.status_filter) + 1
            self.status_filter = present[position] if position < len(present) else None
        self._show()

    def action_show_all(self) -> None:
        self.status_filter = None
        self._show()

    def action_other_run(self, step: int) -> None:
        """`p` older, `n` newer: runs are listed newest first."""
        runs = [run.id for run in self.desk.runs()]
        if self.run_id not in runs:
            return
        position = runs.index(self.run_id) - step
        if not 0 <= position < len(runs):
            which = "older" if step < 0 else "newer"
            self.notify(f"There is no {which} export run.", title="Export Log")
            return
        self.run_id = runs[position]
        self._load()

    def action_save_csv(self) -> None:
        suggested = f"export-log-run-{self.run_id}" + (
            f"-{self.status_filter.value.lower().replace(' ', '-')}" if self.status_filter else ""
        )
        self.app.push_screen(
            SaveLogScreen(f"{suggested}.csv", self._save, len(self.shown)),
            self._saved,
        )

    def _save(self, typed: str) -> str:
        path = resolve_log_path(typed, Path.cwd())
        count = write_export_log(self.shown, path)
        shown = f" ({self.status_filter.value} only)" if self.status_filter else ""
        return f"Saved {count} rows{shown} of run {self.run_id} to {path}"

    def _saved(self, said: str | None) -> None:
        if said:
            self.notify(said, title="Export Log saved", timeout=8)

    def action_choose(self) -> None:
        row = self._current()
        if row is None or not self.desk.choices(row):
            self.notify(
                "Only a failed document the package already held with other content takes a choice.",
                title="Link / update / skip",
                severity="warning",
            )
            return
        package = self.run.summary.get("package", "the package") if self.run else "the package"
        self.app.push_screen(
            ResolutionChoiceScreen(row.label, row.message, str(package)), lambda c: self._chosen(row, c)
        )

    def _chosen(self, row: ExportLogRow, choice: Resolution | None) -> None:
        if choice is None:
            return
        try:
            self.desk.choose(row, choice)
        except StoreError as error:
            self.notify(str(error), title="Not recorded", severity="error")
            return
        self.notify(
            f"{row.label}: {choice.value} is recorded; Refresh the Export screen, and export it again.",
            title="Chosen",
        )

    def action_close(self) -> None:
        self.dismiss(None)


def _target_of(run: Run) -> str:
    try:
        target = run_target(run)
    except ValueError:
        return "?"
    package = run.summary.get("package")
    return f"{target} ({package})" if package else target
