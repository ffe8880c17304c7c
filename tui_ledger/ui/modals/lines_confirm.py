"""One-key questions of the invoice-lines screens (DESIGN.md §8): a question, what it will do, `y` or `n`.

Syncing posts to ConnectWise and undoing a run deletes or restores Additions there, so both ask first, saying
exactly what will happen and to how many lines. `y` goes ahead; `n` or `escape` changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_ledger.ui.export_keys import CONFIRM_COMMANDS
from tui_ledger.ui.keymap import bindings_for


def key_hints(pairs: Sequence[tuple[str, str]]) -> Text:
    """`y Sync    n No`: each key in bold, then what it does."""
    text = Text()
    for index, (key, meaning) in enumerate(pairs):
        if index:
            text.append("    ")
        text.append(key, style="bold")
        text.append(f" {meaning}")
    return text


class AskScreen(ModalScreen[bool]):
    """Dismisses with True on `y`, False on `n` / `escape`."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "lines_dialogs.tcss"
    LEDGER_COMMANDS = CONFIRM_COMMANDS
    BINDINGS = bindings_for(CONFIRM_COMMANDS)
    HELP = """\
## A question

The dialog says what will happen. `y` goes ahead; `n` or `escape` closes it and nothing changes.
"""

    def __init__(self, title: str, question: str, details: Sequence[str] = (), *, yes: str = "Yes") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.details = tuple(details)
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -card"):
            yield Static(self.question, id="ask-question", markup=False)
            for index, detail in enumerate(self.details):
                yield Static(detail, classes="ask-detail", id=f"ask-detail-{index}", markup=False)
            yield Static(key_hints((("y", self.yes), ("n", "No"))), id="ask-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.title_text

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_refuse(self) -> None:
        self.dismiss(False)
