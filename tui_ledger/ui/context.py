"""Typed access to the running TuiLedgerApp from any widget or screen, without an import cycle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

if TYPE_CHECKING:
    from tui_ledger.ui.app import TuiLedgerApp


def ledger_app(node: DOMNode) -> TuiLedgerApp:
    """The app `node` runs in; every widget of this package runs inside a TuiLedgerApp."""
    from tui_ledger.ui.app import TuiLedgerApp

    app = node.app
    assert isinstance(app, TuiLedgerApp), f"{type(node).__name__} needs a TuiLedgerApp, not {type(app).__name__}"
    return app
