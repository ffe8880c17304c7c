"""Load Invoice Lines (seed 003): which months to fetch from the platform — Current Month, Previous Month, or both.

The modal carries the seed's title and subtitle word for word. Each option names its month and the Invoice
Date range it covers, so nobody has to work out what "previous" means on the first of January. For a CSV
profile a field asks for the export file. Load stays disabled until a month (and a file, where one is needed)
is chosen; Cancel loads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Static

from tui_ledger.services.invoice_lines import LoadChoice
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.lines_keys import LOAD_COMMANDS
from tui_ledger.ui.screens.invoice_lines_fields import match_cursor_blink
from tui_ledger.ui.widgets.checkbox import GlyphCheckbox

TITLE = "Load Invoice Lines"
SUBTITLE = "Select which periods to load invoice lines for."


@dataclass(frozen=True, slots=True)
class LoadRequest:
    """What the user asked for: the months, and the CSV file for a CSV profile."""

    choice: LoadChoice
    csv_file: Path | None = None


def option_label(name: str, period: BillingPeriod) -> str:
    """`Current Month (January 2025: 2025-01-01 to 2025-01-31)`, the Invoice Date range it loads."""
    return f"{name} ({period.label}: {period.first_day.isoformat()} to {period.last_day.isoformat()})"


class LoadInvoicesScreen(ModalScreen[LoadRequest | None]):
    """The Load Invoice Lines modal; dismisses with a `LoadRequest`, or None on Cancel."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "lines_dialogs.tcss"
    LEDGER_COMMANDS = LOAD_COMMANDS
    BINDINGS = bindings_for(LOAD_COMMANDS)
    HELP = """\
## Load Invoice Lines

Fetches fresh invoice lines from the platform for the month in progress, the month before, or both, by
Invoice Date. A month loaded before is replaced; your edits, marks and sync states on its lines are kept.
`up` / `down` (or `tab`) move between the months, `space` ticks one, `ctrl+s` (or the Load button) loads,
`escape` cancels.
"""

    def __init__(self, today: date, *, asks_for_file: bool = False) -> None:
        super().__init__()
        self.current = BillingPeriod.containing(today)
        self.asks_for_file = asks_for_file

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -card"):
            yield Static(SUBTITLE, id="load-subtitle")
            yield GlyphCheckbox(option_label("Current Month", self.current), True, id="load-current")
            yield GlyphCheckbox(option_label("Previous Month", self.current.previous()), False, id="load-previous")
            if self.asks_for_file:
                yield Static("CSV file (docs/csv-import.md describes the columns)", classes="card-label")
                yield Input(placeholder="path/to/invoice-lines.csv", id="load-file", compact=True)
            with Horizontal(classes="card-buttons"):
                yield Button("Load", id="load-load", variant="primary", compact=True)
                yield Button("Cancel", id="load-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        match_cursor_blink(self)
        self.query_one("#dialog").border_title = TITLE
        self.query_one("#load-current").focus()
        self._update_load_button()

    def _request(self) -> LoadRequest | None:
        choice = LoadChoice(
            current_month=self.query_one("#load-current", Checkbox).value,
            previous_month=self.query_one("#load-previous", Checkbox).value,
        )
        if choice.is_empty:
            return None
        if not self.asks_for_file:
            return LoadRequest(choice)
        path = self.query_one("#load-file", Input).value.strip()
        return LoadRequest(choice, Path(path).expanduser()) if path else None

    @on(Checkbox.Changed)
    @on(Input.Changed)
    def _update_load_button(self) -> None:
        self.query_one("#load-load", Button).disabled = self._request() is None

    @on(Button.Pressed, "#load-load")
    def action_load(self) -> None:
        request = self._request()
        if request is not None:
            self.dismiss(request)
            return
        missing = "the CSV file's path" if self.asks_for_file else "Current Month, Previous Month or both"
        self.notify(f"Choose {missing} first.", title=TITLE, severity="warning")

    @on(Button.Pressed, "#load-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_next_field(self) -> None:
        """Down goes from Current Month to Previous Month (and on to the file field and the buttons), as Tab does."""
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()
