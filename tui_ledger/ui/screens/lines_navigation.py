"""Getting to the invoice-lines screens and back: Invoice Lines (ctrl+l), Mapping (ctrl+n), System Logs (ctrl+o),
and the Export screen (ctrl+y).

Each of the three is made once per session and installed in the App under its name, so a grid's period, sort,
search and cursor, or a log filter, are where the user left them when they come back. They take turns on top of
the Export screen: going from one to another switches the top screen, going to Export pops it. A switch is
refused while a dialog is open (answer or close it first), and the screens are offered only once a profile with
invoice lines is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from tui_ledger.store.line_periods import BillingPeriod
    from tui_ledger.ui.app import TuiLedgerApp

INVOICE_LINES = "invoice-lines"
MAPPING = "mapping"
SYSTEM_LOGS = "system-logs"
LINES_SCREENS = (INVOICE_LINES, MAPPING, SYSTEM_LOGS)


def lines_available(app: TuiLedgerApp) -> bool:
    return app.workspace is not None and app.workspace.lines is not None


def _build(app: TuiLedgerApp, name: str) -> Screen[None]:
    from tui_ledger.ui.screens.invoice_lines import InvoiceLinesScreen
    from tui_ledger.ui.screens.mapping import MappingScreen
    from tui_ledger.ui.screens.system_logs import SystemLogsScreen

    workspace = app.workspace
    lines = workspace.lines if workspace is not None else None
    if workspace is None or lines is None:
        raise RuntimeError("the invoice-lines screens need an open profile with invoice lines")
    if name == INVOICE_LINES:
        return InvoiceLinesScreen(workspace, lines, app.today())
    if name == MAPPING:
        return MappingScreen(workspace, lines, app.today())
    return SystemLogsScreen(workspace, lines, app.today())


def lines_screen(app: TuiLedgerApp, name: str) -> Screen[None]:
    """The screen called `name`, made and installed the first time it is asked for."""
    if not app.is_screen_installed(name):
        app.install_screen(_build(app, name), name)
    return app.get_screen(name)


def _on_top_of_stack(app: TuiLedgerApp) -> str | None:
    """Which of the three is the top screen, if one is."""
    return next(
        (name for name in LINES_SCREENS if app.is_screen_installed(name) and app.screen is app.get_screen(name)),
        None,
    )


def show_lines_screen(app: TuiLedgerApp, name: str) -> Screen[None] | None:
    """Bring `name` to the top (see the module docstring); None when that cannot be done now."""
    if not lines_available(app) or app.screen.is_modal:
        return None
    screen = lines_screen(app, name)
    current = _on_top_of_stack(app)
    if current == name:
        return screen
    if current is not None:
        app.switch_screen(name)
    else:
        app.push_screen(name)
    return screen


def show_export(app: TuiLedgerApp) -> None:
    """Back to the Export screen under the invoice-lines screens."""
    if not app.screen.is_modal and _on_top_of_stack(app) is not None:
        app.pop_screen()


def show_line_log(app: TuiLedgerApp, period: BillingPeriod, line_id: str) -> None:
    """System Logs filtered to one line of one period (why did this line fail?)."""
    from tui_ledger.ui.screens.system_logs import SystemLogsScreen

    screen = show_lines_screen(app, SYSTEM_LOGS)
    if isinstance(screen, SystemLogsScreen):
        screen.show_line(period, line_id)
