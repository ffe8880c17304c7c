"""Save the Export Log as CSV: the user types the path; the answer says where it went, or why it could not.

A wrong path (no such folder, a folder instead of a file, no permission) is explained in the dialog, which
stays open with the path still typed, so the user corrects it instead of starting over.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from tui_ledger.services.export_log_csv import LogSaveError
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.export_keys import SAVE_COMMANDS
from tui_ledger.ui.keymap import bindings_for

Saver = Callable[[str], str]
"""Saves to the typed path and returns the sentence to show; raises `LogSaveError` saying what is wrong."""


class SaveLogScreen(ModalScreen[str | None]):
    """Type a path, `enter` saves; dismissed with the confirmation sentence, or None when cancelled."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "export_dialogs.tcss"
    LEDGER_COMMANDS = SAVE_COMMANDS
    BINDINGS = bindings_for(SAVE_COMMANDS)
    HELP = """\
## Save the Export Log as CSV

Type where to save it and press `enter`. A relative path is taken from the folder tui-ledger was started in;
`~` is your home folder. An existing file is replaced. The rows shown are saved (the status filter applies).
`escape` saves nothing.
"""

    def __init__(self, suggested: str, save: Saver, rows: int) -> None:
        super().__init__()
        self.suggested = suggested
        self.save = save
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -save"):
            yield Static(f"Save the {self.rows} rows shown as CSV, to:", id="save-question", markup=False)
            yield Input(self.suggested, id="save-path")
            yield Static("", id="save-problem", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Save CSV"
        path = self.query_one(Input)
        path.cursor_blink = ledger_app(self).cursor_blink
        path.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.query_one("#save-problem", Static)
        try:
            said = self.save(event.value)
        except LogSaveError as error:
            problem.update(str(error))
            return
        self.dismiss(said)

    def action_cancel(self) -> None:
        self.dismiss(None)
