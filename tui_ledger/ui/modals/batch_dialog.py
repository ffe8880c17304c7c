"""The frame every dialog of the Batches workflow shares: a question, what will happen, and one key per choice.

DESIGN.md §8: destructive actions ask with one key. Each dialog is built from its parts (the question, the texts
that explain what happens in ConnectWise and in the package, warnings) and its choices; only the choices that are
possible are bound and listed, each with the key the user has it on now (`[keys]` overrides included), so the
list and the keys never disagree. The body scrolls when a batch returns many records; the choices stay in view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from rich.console import RenderableType
from rich.table import Table
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_ledger.ui.commands import current_key_display
from tui_ledger.ui.keymap import Command

T = TypeVar("T")

STYLES = Path(__file__).parent.parent / "styles" / "batch_dialogs.tcss"


class PartKind(StrEnum):
    TEXT = "dialog-text"
    NOTES = "dialog-notes"
    REASON = "dialog-reason"


@dataclass(frozen=True, slots=True)
class DialogPart:
    """A paragraph (or a small table) of the dialog's body, styled by its kind."""

    content: RenderableType
    kind: PartKind = PartKind.TEXT


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer: the command that binds its key, and what it does in this case, in words."""

    command: Command
    says: str


def command_named(commands: Sequence[Command], command_id: str) -> Command:
    """The command with this id (dialogs name their keys by id, never by position)."""
    return next(command for command in commands if command.id == command_id)


def choices_table(app: object, choices: Sequence[Choice]) -> Table:
    """`k   keep the copy in Xero …`, one choice per row, the key as it is bound now, long texts wrapped under
    their own column."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("does", ratio=1)
    for choice in choices:
        table.add_row(current_key_display(app, choice.command), choice.says)  # type: ignore[arg-type]
    return table


class BatchDialog(ModalScreen[T]):
    """A one-key dialog; subclasses pass their parts and choices and answer with `dismiss`."""

    CSS_PATH = STYLES
    LEDGER_COMMANDS: tuple[Command, ...] = ()
    """Every command the dialog could bind; subclasses set it, and `BINDINGS` from it."""

    def __init__(self, title: str, question: str, parts: Sequence[DialogPart], choices: Sequence[Choice]) -> None:
        super().__init__()
        self.dialog_title = title
        self.question = question
        self.parts = tuple(parts)
        self.choices = tuple(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="batch-dialog"):
            yield Static(self.question, classes="dialog-question", markup=False)
            with VerticalScroll(classes="batch-dialog-body"):
                for part in self.parts:
                    yield Static(part.content, classes=part.kind.value, markup=False)
            yield Static(choices_table(self.app, self.choices), id="dialog-keys", classes="dialog-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.dialog_title
        self.query_one(VerticalScroll).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the listed choices are bound: a key for an impossible choice does nothing and is not shown."""
        called = f"{action}({', '.join(repr(parameter) for parameter in parameters)})" if parameters else action
        if any(command.action == called for command in self.LEDGER_COMMANDS):
            return any(choice.command.action == called for choice in self.choices)
        return True
