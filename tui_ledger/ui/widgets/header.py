"""The one-line header of every screen: where you are, which profile, what it is connected to.

On the sandbox profile a loud badge says so on every screen, because a finance user must never mistake the
demo company for the books (and never think a real export happened when it did not).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui_ledger.services.workspace import Workspace
from tui_ledger.ui.context import ledger_app

SANDBOX_BADGE = " SANDBOX "


class ShellHeader(Horizontal):
    """`tui-ledger | <screen>   profile <name> . <systems>   [SANDBOX]`."""

    def __init__(self, screen_title: str, workspace: Workspace | None) -> None:
        super().__init__(id="shell-header")
        self.screen_title = screen_title
        self.workspace = workspace
        if workspace is not None and workspace.is_sandbox:
            self.add_class("-sandbox")

    def compose(self) -> ComposeResult:
        yield Static("tui-ledger", id="header-brand")
        yield Static(self.screen_title, id="header-screen")
        yield Static(self._describe_context(), id="header-context", markup=False)
        if self.workspace is not None and self.workspace.is_sandbox:
            yield Static(SANDBOX_BADGE, id="header-sandbox")

    def on_mount(self) -> None:
        self.watch(ledger_app(self), "glyphs", self._redraw_context, init=False)

    def _redraw_context(self) -> None:
        self.query_one("#header-context", Static).update(self._describe_context())

    def _describe_context(self) -> str:
        if self.workspace is None:
            return ""
        separator = f" {ledger_app(self).glyphs.separator} "
        systems = separator.join(self.workspace.connected_systems)
        return f"profile {self.workspace.profile}" + (f"{separator}{systems}" if systems else "")
