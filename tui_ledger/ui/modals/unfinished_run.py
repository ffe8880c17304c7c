"""An export run that did not finish (a crash, a closed terminal, a stop): announced when the desk opens.

No new export may start while one is unfinished, or a document could be sent by two runs. The user resumes it
(each document continues from the step the journal recorded) or discards what it has not sent yet; `escape`
decides later, and Export All Valid asks again.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_ledger.services.export_desk import UnfinishedRun
from tui_ledger.ui.export_keys import UNFINISHED_COMMANDS
from tui_ledger.ui.keymap import bindings_for


class UnfinishedRunScreen(ModalScreen[str | None]):
    """`r` resume, `d` discard, `escape` later; dismissed with "resume", "discard" or None."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "export_dialogs.tcss"
    LEDGER_COMMANDS = UNFINISHED_COMMANDS
    BINDINGS = bindings_for(UNFINISHED_COMMANDS)
    HELP = """\
## An export did not finish

The journal knows where every document of that run stood, so resuming sends nothing twice.

- `r` resumes it now and shows its Batch Status.
- `d` discards what it has not sent yet: those documents stay unposted for a later export. Refused while any
  document may already be in the package (those must be finished).
- `escape` decides later; a new export waits until then.
"""

    def __init__(self, unfinished: UnfinishedRun) -> None:
        super().__init__()
        self.unfinished = unfinished

    def compose(self) -> ComposeResult:
        run = self.unfinished.run
        with Vertical(id="dialog", classes="dialog -unfinished"):
            yield Static(
                f"Export run {run.id} into {self.unfinished.target} did not finish.\n"
                f"Started {run.started:%Y-%m-%d %H:%M} UTC; {self.unfinished.finished} of "
                f"{self.unfinished.documents} documents finished.",
                id="unfinished-message",
                markup=False,
            )
            if self.unfinished.stopped_because:
                yield Static(f"It stopped: {self.unfinished.stopped_because}", id="unfinished-reason", markup=False)
            yield Static(
                Text.assemble(
                    ("r", "bold"),
                    " Resume now    ",
                    ("d", "bold"),
                    " Discard what was not sent    ",
                    ("escape", "bold"),
                    " Later",
                ),
                id="unfinished-keys",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Unfinished export"

    def action_resume(self) -> None:
        self.dismiss("resume")

    def action_discard(self) -> None:
        self.dismiss("discard")

    def action_later(self) -> None:
        self.dismiss(None)
