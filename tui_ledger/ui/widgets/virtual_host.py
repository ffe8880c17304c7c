"""A bare app around one virtual table, themed like the desk: for the grid benchmark and the widget's tests.

The desk's App opens a profile (config, store, connectors) before it shows anything; measuring the grid or
testing the widget needs none of that, only the same themes (the table's colours are theme variables) and a
fixed size. The host installs the bundled theme files exactly as the desk does and mounts the given table.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult

from tui_ledger.ui.themes import bundled_themes_dir, load_themes
from tui_ledger.ui.widgets.virtual_table import VirtualTable

HOST_THEME = "tui-ledger-dark"


class VirtualTableHost(App[None]):
    """Shows `table` full screen, focused, in the desk's default theme."""

    def __init__(self, table: VirtualTable[Any], theme: str = HOST_THEME) -> None:
        super().__init__()
        self.table = table
        for loaded in load_themes([bundled_themes_dir()]).themes.values():
            self.register_theme(loaded)
        self.theme = theme

    def compose(self) -> ComposeResult:
        yield self.table

    def on_mount(self) -> None:
        self.table.focus()
