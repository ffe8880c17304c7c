"""The message a failure becomes: what happened, the service's own words, and what to do next.

Shown by the App's one error handler for any failed task. While no profile is open (start-up failed) the
message cannot be closed, only retried or quit; quitting then prints the same message on the terminal and
exits with status 1, so a script or a user in a shell sees why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_ledger.services.failures import Failure
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import FAILURE_COMMANDS, bindings_for


class FailureScreen(ModalScreen[None]):
    """A failure with its remedy; `r` tries again, `c` copies, `escape` closes, `q` quits."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "dialogs.tcss"
    LEDGER_COMMANDS = FAILURE_COMMANDS
    BINDINGS = bindings_for(FAILURE_COMMANDS)
    HELP = """\
## Something failed

The message says what went wrong, in the service's own words where it gave any, and what to do.
`r` tries the same step again, `c` copies the message, `escape` closes it, `q` quits.
"""

    def __init__(self, failure: Failure, *, retry: Callable[[], None] | None, closable: bool) -> None:
        super().__init__()
        self.failure = failure
        self.retry = retry
        self.closable = closable

    def compose(self) -> ComposeResult:
        glyph = ledger_app(self).glyphs.error
        with VerticalScroll(id="dialog", classes="dialog -failure"):
            yield Static(f"{glyph} {self.failure.title}", id="failure-title", markup=False)
            yield Static(self.failure.detail, id="failure-detail", markup=False)
            yield Static(self.failure.remedy, id="failure-remedy", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Failed"
        self.query_one("#dialog").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.retry is not None
        if action == "close":
            return self.closable
        return True

    def action_retry(self) -> None:
        retry = self.retry
        self.dismiss()
        if retry is not None:
            retry()

    def action_copy_report(self) -> None:
        self.app.copy_to_clipboard(self.failure.as_text())
        self.notify("Copied the message to the clipboard.", title="Failed")

    def action_close(self) -> None:
        self.dismiss()

    def action_quit(self) -> None:
        if self.closable:
            self.app.exit()
        else:
            self.app.exit(return_code=1, message=self.failure.as_text())
