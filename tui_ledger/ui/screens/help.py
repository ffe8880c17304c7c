"""F1: help for whatever has focus, and the keys that work there.

The text comes from the focused widget (its `HELP`, or its nearest ancestor's, then the screen's), so help
is written next to the control it explains and cannot drift to another screen.
"""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Markdown, Static

from tui_ledger.ui.keymap import HELP_COMMANDS, bindings_for

GENERAL_HELP = """\
## Getting around

`tab` / `shift+tab` move between fields, `ctrl+p` finds any action by name, `F12` shows debug info.
Keys can be remapped in config.toml under `[keys]`, by the action ids the command palette shows.
"""


def help_text_for(screen: Screen[object]) -> str:
    """The HELP of the focused widget or its nearest ancestor that has one, else the screen's."""
    node: Widget | None = screen.focused
    while node is not None:
        if node.HELP:
            return node.HELP
        parent = node.parent
        node = parent if isinstance(parent, Widget) else None
    return screen.HELP or "## No help here\n\nThis part of the screen has no help text."


def keys_for(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, what it does) for every enabled binding with a description, where the focus is."""
    seen: set[str] = set()
    rows: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.description or binding.description in seen:
            continue
        seen.add(binding.description)
        rows.append((screen.app.get_key_display(binding), binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    """The help text of the focused control, the keys that work there, and how to get around."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "dialogs.tcss"
    LEDGER_COMMANDS = HELP_COMMANDS
    BINDINGS = bindings_for(HELP_COMMANDS)

    def __init__(self, help_markdown: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.help_markdown = help_markdown
        self.keys = keys

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpScreen:
        return cls(help_text_for(screen), keys_for(screen))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Markdown(self.help_markdown, id="help-topic")
            yield Static(self._keys_table(), id="help-keys")
            yield Markdown(GENERAL_HELP, id="help-general")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Help"
        self.query_one("#dialog").focus()

    def _keys_table(self) -> Table:
        table = Table(title="Keys here", title_justify="left", box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does")
        for key, description in self.keys:
            table.add_row(key, description)
        return table

    def action_close(self) -> None:
        self.dismiss()
