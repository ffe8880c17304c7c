"""The desk on the embedded sandbox for the invoice-lines screen tests: a fresh profile per test, and the few
steps most tests start with (open Invoice Lines, load January, map by exact name).

The sandbox is seeded once per session (anchored on the UI tests' TODAY, 31 January 2025: January is the
current month, December the previous one) and copied for each test, so every test starts with nothing loaded
and nothing mapped, and may change anything.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.services.invoice_lines_world import fresh_environ, seed_sandbox
from tests.ui.conftest import build_sandbox_app, settle
from tests.ui.fakes import TODAY
from tui_ledger.services.invoice_lines import InvoiceLinesService
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord
from tui_ledger.ui.app import TuiLedgerApp
from tui_ledger.ui.screens.invoice_lines import InvoiceLinesScreen

JANUARY = BillingPeriod(2025, 1)
DECEMBER = BillingPeriod(2024, 12)


@pytest.fixture(scope="session")
def seeded_lines_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return asyncio.run(seed_sandbox(tmp_path_factory.mktemp("lines-sandbox")))


@pytest.fixture
def desk_environ(seeded_lines_sandbox: Path, tmp_path: Path) -> dict[str, str]:
    return fresh_environ(seeded_lines_sandbox, tmp_path)


def desk_app(environ: dict[str, str], config: str | None = None, **preferences: object) -> TuiLedgerApp:
    """The desk on this test's profile; `config` (TOML) is written to its config file first."""
    if config is not None:
        Path(environ["TUI_LEDGER_CONFIG"]).write_text(config, encoding="utf-8")
    return build_sandbox_app(environ, **preferences)


def lines_of(pilot: Pilot[None]) -> InvoiceLinesService:
    assert isinstance(pilot.app, TuiLedgerApp)
    workspace = pilot.app.workspace
    assert workspace is not None
    assert workspace.lines is not None
    return workspace.lines


def lines_screen(pilot: Pilot[None]) -> InvoiceLinesScreen:
    screen = pilot.app.screen
    assert isinstance(screen, InvoiceLinesScreen), f"expected Invoice Lines, found {type(screen).__name__}"
    return screen


async def open_invoice_lines(pilot: Pilot[None]) -> InvoiceLinesScreen:
    await settle(pilot)
    await pilot.press("ctrl+l")
    await settle(pilot)
    return lines_screen(pilot)


async def load(pilot: Pilot[None], *, current: bool = True, previous: bool = False) -> None:
    """F5, tick the months (Current Month starts ticked), ctrl+s."""
    await pilot.press("f5")
    await settle(pilot)
    if not current:
        await pilot.press("space")
    if previous:
        await pilot.press("tab", "space")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def map_by_exact_name(pilot: Pilot[None]) -> None:
    """What F7 on the Mapping screen does (that screen has tests of its own)."""
    lines = lines_of(pilot)
    lines.mapping.accept_exact(await lines.mapping.overview(TODAY), TODAY)
    lines_screen(pilot).on_screen_resume()
    await settle(pilot)


def shown(pilot: Pilot[None]) -> list[LineRecord]:
    source = lines_screen(pilot).source
    assert source is not None
    return source.window(0, source.count())


def screen_text(pilot: Pilot[None], selector: str) -> str:
    from textual.widgets import Static

    return str(pilot.app.screen.query_one(selector, Static).render())
