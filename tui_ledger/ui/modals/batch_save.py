"""Save reconcile's summary where the user types: CSV, or JSON when the name ends in `.json`.

A wrong path (no such folder, a folder instead of a file, no permission) is explained in the dialog, which stays
open with the path still typed, so the user corrects it instead of starting over.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.modals.batch_dialog import STYLES
from tui_ledger.ui.screens.batches_keys import SUMMARY_SAVE_COMMANDS

SummarySaver = Callable[[Path], Path]
"""Writes the summary to the path and returns where it went; raises `OSError` when it cannot."""


def typed_path(text: str) -> Path:
    """The path as typed: `~` is the home folder, a relative path starts in the current folder."""
    return Path(text.strip()).expanduser()


class SaveSummaryScreen(ModalScreen[Path | None]):
    """Type a path, `enter` saves; answers with the path written, or None when cancelled."""

    CSS_PATH = STYLES
    LEDGER_COMMANDS = SUMMARY_SAVE_COMMANDS
    BINDINGS = bindings_for(SUMMARY_SAVE_COMMANDS)
    HELP = """\
## Save the reconcile summary

Type where to save it and press `enter`: a name ending in `.json` saves JSON, anything else CSV. A relative path
is taken from the folder tui-ledger was started in; `~` is your home folder. An existing file is replaced.
`escape` saves nothing.
"""

    def __init__(self, suggested: str, save: SummarySaver, findings: int) -> None:
        super().__init__()
        self.suggested = suggested
        self.save = save
        self.findings = findings

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="batch-dialog"):
            yield Static(
                f"Save the summary of the {self.findings} documents compared, to (enter saves; .json for JSON):",
                classes="dialog-question",
                markup=False,
            )
            yield Input(self.suggested, id="save-summary-path")
            yield Static("", id="save-summary-problem", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Save summary"
        path = self.query_one(Input)
        path.cursor_blink = ledger_app(self).cursor_blink
        path.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.query_one("#save-summary-problem", Static)
        if not event.value.strip():
            problem.update("Type a file name, e.g. reconcile.csv.")
            return
        try:
            written = self.save(typed_path(event.value))
        except OSError as error:
            problem.update(f"Could not save there: {error.strerror or error}.")
            return
        self.dismiss(written)

    def action_cancel(self) -> None:
        self.dismiss(None)
