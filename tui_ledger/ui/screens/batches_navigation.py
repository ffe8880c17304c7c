"""Getting to the Batches screen (ctrl+b) and keeping it: made once per session and installed under its name, so
the filter, a search and the cursor are where the user left them when they come back.

It takes turns on top of the Export screen with the other screens installed by name (Invoice Lines, Mapping,
System Logs): coming from one of those switches the top screen; coming from Export pushes it; if it is already
in the stack under another screen, the screens above it are closed. Nothing happens while a dialog is open or
before a profile with batch management is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from tui_ledger.ui.app import TuiLedgerApp

BATCHES = "batches"


def batches_available(app: TuiLedgerApp) -> bool:
    return app.workspace is not None and app.workspace.batches is not None


def show_batches_screen(app: TuiLedgerApp) -> Screen[None] | None:
    """Bring the Batches screen to the top (see the module docstring); None when that cannot be done now."""
    from tui_ledger.ui.screens.batches import BatchesScreen

    workspace = app.workspace
    if workspace is None or workspace.batches is None or app.screen.is_modal:
        return None
    if not app.is_screen_installed(BATCHES):
        app.install_screen(BatchesScreen(workspace), BATCHES)
    screen = app.get_screen(BATCHES)
    if app.screen is screen:
        return screen
    if screen in app.screen_stack:
        while app.screen is not screen:
            app.pop_screen()
    elif app.is_screen_installed(app.screen):
        app.switch_screen(BATCHES)
    else:
        app.push_screen(BATCHES)
    return screen
