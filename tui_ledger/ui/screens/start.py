"""The first frame: drawn before the profile is opened, so the desk shows up at once even on a slow jump host."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from tui_ledger.ui.widgets.header import ShellHeader


class StartScreen(Screen[None]):
    """What the user sees while config, store and connections are being opened."""

    def compose(self) -> ComposeResult:
        yield ShellHeader("Starting", None)
        with Middle(), Center():
            yield Static("Opening the profile and connecting...", id="start-message")
            yield LoadingIndicator(id="start-spinner")
        yield Footer()

    def show_opening(self) -> None:
        """Back to the waiting state (after a failed attempt, when the user asked to try again)."""
        self.query_one("#start-message", Static).update("Opening the profile and connecting...")
        self.query_one(LoadingIndicator).display = True

    def show_not_opened(self) -> None:
        """Behind the failure message: say plainly that nothing is open, rather than keep spinning."""
        self.query_one("#start-message", Static).update("The profile could not be opened.")
        self.query_one(LoadingIndicator).display = False
