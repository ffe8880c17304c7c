"""View Details of a Ready pane (seed 004): every document with its check box, numbers in the package, lines.

Columns as the seed lists them: customer, number, date, total, the package's invoice number (prefix and suffix
applied) and its credit note number for negative invoices, plus what export will do with each (send, link,
update, not sent). `enter` expands a document to the lines the package will receive. Marks follow VisiData's
row grammar (`space`, `s`, `u`, `g` then `s`/`u`, `"` marked only, `/` search, `[` `]` sort), and `x` exports
the marked documents through the same confirmation as Export All Valid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui_ledger.domain.checks import Verdict
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.export.journal_rows import document_key
from tui_ledger.services.export_checked import CheckedDocuments, PaneFigures
from tui_ledger.services.workspace import Workspace
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.export_keys import DETAILS_COMMANDS
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.screens.export_detail_rows import DetailRow, DetailsSource, document_columns
from tui_ledger.ui.screens.export_results import totals_text
from tui_ledger.ui.widgets.header import ShellHeader
from tui_ledger.ui.widgets.virtual_keys import GRID_COMMANDS
from tui_ledger.ui.widgets.virtual_table import VirtualTable


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """Documents the user asked to export, and how the confirmation names them ("the 3 marked invoices")."""

    verdicts: tuple[Verdict, ...]
    scope: str


def short_package_name(package: str) -> str:
    """`Xero`, `QuickBooks`: the package's name short enough for a column title."""
    return package.split()[0] if package else "Package"


class DetailsTable(VirtualTable[DetailRow]):
    """The virtual table of a details screen (its keys are the grid's row grammar)."""

    LEDGER_COMMANDS = GRID_COMMANDS
    HELP = """\
## Documents ready for export

Every document of this type that can be exported, with its number in the package (prefix and suffix applied)
and, for a negative invoice, its credit note number.

- `space` marks or unmarks the document under the cursor; `s` / `u` mark / unmark and move down.
- `g` then `s` marks every document shown, `g` then `u` unmarks them; `"` shows only the marked ones.
- `/` searches as you type (customer, numbers), `[` / `]` sort by the cursor's column.
- `enter` shows or hides the document's lines: description, product, account, amount and tax code as the
  package will receive them. An invoice without lines says it will not be sent (seed 002).
- `x` exports the marked documents, after a summary to confirm.
"""


class ReadyDetailsScreen(Screen[ExportRequest | None]):
    """The Ready documents of one type, to look at and to mark for Export Selected."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "export_details.tcss"
    LEDGER_COMMANDS = DETAILS_COMMANDS
    BINDINGS = bindings_for(DETAILS_COMMANDS)
    AUTO_FOCUS = "DetailsTable"
    HELP = DetailsTable.HELP

    def __init__(
        self, workspace: Workspace, checked: CheckedDocuments, kind: DocumentKind, refresh: Callable[[], None]
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.checked = checked
        self.kind = kind
        self._refresh = refresh
        self.source = self._source(checked, keep=None)

    def _source(self, checked: CheckedDocuments, keep: DetailsSource | None) -> DetailsSource:
        """A source over the Ready documents; marks of documents still ready carry over from `keep`."""
        source = DetailsSource(checked.ready(self.kind), checked.resolution_of)
        if keep is not None:
            still_marked = {document_key(verdict.document) for verdict in keep.marked_verdicts()}
            for index, verdict in enumerate(source.verdicts):
                if document_key(verdict.document) in still_marked:
                    source.set_marked(index, True)
        return source

    def compose(self) -> ComposeResult:
        yield ShellHeader(f"{self.kind.plural_title} ready", self.workspace)
        yield Static("", id="details-caption", markup=False)
        capabilities = self.checked.preparation.plans.capabilities
        columns = document_columns(
            self.kind,
            short_package_name(self.checked.package),
            capabilities.sales_credit_name,
            lambda: ledger_app(self).glyphs.arrow,
        )
        yield DetailsTable(self.source, columns, id="details-table")
        yield Static(self._legend(), id="details-legend", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._caption()

    def _legend(self) -> str:
        return "Lines show: description, product, account, amount and tax code as the package will receive them."

    @property
    def table(self) -> DetailsTable:
        return self.query_one(DetailsTable)

    def _caption(self) -> None:
        """`Invoices ready · 89 · 3 marked · 176,851.50 USD   [marked only] [/acme]` — counts and filters in view."""
        separator = ledger_app(self).glyphs.separator
        figures = PaneFigures.of(self.source.verdicts)
        parts = [
            f"{self.kind.plural_title} ready for {self.checked.target} ({self.checked.package})",
            str(figures.count),
            f"{self.source.marked_count()} marked",
            totals_text(figures),
        ]
        text = f" {separator} ".join(parts)
        table = self.table
        filters = []
        if table.marked_only:
            filters.append("[marked only]")
        if table.search_text:
            filters.append(f"[/{table.search_text}]")
        if filters:
            text += "   " + " ".join(filters)
        self.query_one("#details-caption", Static).update(text)

    @on(VirtualTable.ViewChanged)
    def _view_changed(self) -> None:
        self._caption()

    @on(VirtualTable.MarksChanged)
    def _marks_changed(self) -> None:
        # A line shows its document's mark: re-read the rows on screen so all of them agree.
        self.table.reload()
        self._caption()

    # -- actions --------------------------------------------------------------------------------------------

    def action_toggle_lines(self) -> None:
        table = self.table
        row = table.current_row
        if row is None:
            return
        self.source.toggle_lines(row.key)
        table.reload()
        table.move_cursor(self.source.position_of_document(row.key))

    def action_export_selected(self) -> None:
        marked = self.source.marked_verdicts()
        if not marked:
            self.notify(
                "Mark documents first: space marks the one under the cursor, g then s marks all shown.",
                title="Export selected",
                severity="warning",
            )
            return
        noun = self.kind.plural_title.lower() if len(marked) != 1 else self.kind.plural_title.lower().rstrip("s")
        self.dismiss(ExportRequest(marked, f"the {len(marked)} marked {noun}"))

    def action_refresh(self) -> None:
        self._caption_busy()
        self._refresh()

    def _caption_busy(self) -> None:
        caption = self.query_one("#details-caption", Static)
        caption.update(f"{ledger_app(self).glyphs.running} Retrieving and checking again...")

    def action_close(self) -> None:
        self.dismiss(None)

    def show_checked(self, checked: CheckedDocuments) -> None:
        """After a Refresh: the documents ready now, marks kept on those still ready."""
        self.checked = checked
        self.source = self._source(checked, keep=self.source)
        self.table.set_source(self.source)
        self._caption()
