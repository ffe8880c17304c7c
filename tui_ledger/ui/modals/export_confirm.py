"""The confirmation before an export (seed 004's summary → Export Now): counts, totals, target company; `y` / `n`.

Nothing is sent before the user has seen, per document type, how many documents go and their total (one per
currency), what happens to invoices without lines, and what is created first in the package — and which
company it all goes into, since a profile may export into several (seed 002). One key answers.
"""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_ledger.domain.checks import PlannedCreations
from tui_ledger.services.export_checked import SelectionSummary
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.export_keys import CONFIRM_COMMANDS
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.screens.export_results import breakdown_text, totals_text


def creations_sentence(creations: PlannedCreations, package: str) -> str:
    counted = [
        (len(creations.customers), "customer"),
        (len(creations.suppliers), "supplier"),
        (len(creations.items), "product"),
    ]
    named = [f"{count} {noun}{'s' if count != 1 else ''}" for count, noun in counted if count]
    if not named:
        return f"Nothing new is created in {package} first."
    return f"Created first in {package}: {', '.join(named)}."


class ExportConfirmScreen(ModalScreen[bool]):
    """`y` exports now, `n` or `escape` goes back with nothing sent."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "export_dialogs.tcss"
    LEDGER_COMMANDS = CONFIRM_COMMANDS
    BINDINGS = bindings_for(CONFIRM_COMMANDS)
    HELP = """\
## Export now?

What is about to be exported, per document type, into which company. `y` starts the export and shows the
Batch Status; `n` or `escape` goes back and nothing is sent.

Each document gets its own GL batch in ConnectWise (seed 000), so any one of them can be unbatched later.
"""

    def __init__(self, summary: SelectionSummary, scope: str, company: str) -> None:
        super().__init__()
        self.summary = summary
        self.scope = scope
        self.company = company

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -confirm"):
            yield Static(f"Export {self.scope} into {self.company}?", id="confirm-question", markup=False)
            yield Static(self._table(), id="confirm-table")
            yield Static(
                creations_sentence(self.summary.creations, self.summary.package)
                + "\nEach document gets its own GL batch in ConnectWise.",
                id="confirm-notes",
                markup=False,
            )
            yield Static(Text.assemble(("y", "bold"), " Export now    ", ("n", "bold"), " Cancel"), id="confirm-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Export"

    def _table(self) -> Table:
        separator = ledger_app(self).glyphs.separator
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column("type", style="bold", no_wrap=True)
        table.add_column("count", justify="right", no_wrap=True)
        table.add_column("total", justify="right", no_wrap=True)
        table.add_column("what")
        for part in self.summary.kinds:
            table.add_row(
                part.kind.plural_title,
                str(part.figures.count),
                totals_text(part.figures),
                breakdown_text(part.breakdown, separator),
            )
        return table

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_refuse(self) -> None:
        self.dismiss(False)
