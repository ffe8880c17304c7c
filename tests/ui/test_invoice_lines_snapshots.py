"""Snapshots of the invoice-lines screens at 80x24 (and the grid at 120x40): the grid with its badges, marks,
statuses and summary lines, the Load Invoice Lines modal, the edit card, the Bulk Update card and its
confirmation, the Mapping screen and System Logs. Fixed date, theme, clock and sandbox; no blinking cursor.

Update after an intended change with `pytest tests/ui/test_invoice_lines_snapshots.py --snapshot-update`, then
look at the report before committing the new SVGs.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.conftest import settle
from tests.ui.invoice_lines_desk import (
    JANUARY,
    desk_app,
    desk_environ,
    lines_of,
    lines_screen,
    load,
    map_by_exact_name,
    open_invoice_lines,
    seeded_lines_sandbox,
    shown,
)
from tui_ledger.services.invoice_lines import LineChanges
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.severity import Severity

__all__ = ["desk_environ", "seeded_lines_sandbox"]

CONFIGURED = """
[app]
profile = "demo"

[profiles.demo.sandbox]

[profiles.demo.lines]
charge_type_names = { CycleFee = "Monthly licence" }

[[profiles.demo.lines.charge_date_rules]]
charge_types = ["CycleFee"]
start = "first-of-invoice-month"
end = "last-of-start-month"
"""
"""Configuration with a charge-date rule and a custom name, so the grid shows System Updated badges."""

NOON = datetime(2025, 1, 31, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """System Logs shows local times; the snapshots are taken in UTC wherever they run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def quiet(pilot: Pilot[None]) -> None:
    pilot.app.clear_notifications()
    await settle(pilot)


async def prepared_grid(pilot: Pilot[None]) -> None:
    """January loaded and mapped by name, one line edited by hand, one synced, one failed, two marked."""
    screen = await open_invoice_lines(pilot)
    await load(pilot)
    await map_by_exact_name(pilot)
    lines = lines_of(pilot)
    records = shown(pilot)
    lines.edits.save(JANUARY, records[1].key, LineChanges(charge_end=date(2025, 1, 20)))
    editor = lines.store.editor(JANUARY)
    editor.record_sync(records[3].key, PsaStatus.SYNCED, at=NOON, addition_id=4711)
    editor.record_sync(records[4].key, PsaStatus.ERROR, at=NOON, message="agreement 812 is cancelled")
    grid = lines.grid(JANUARY)
    grid.set_marked(records[0].key, True)
    grid.set_marked(records[1].key, True)
    screen.on_screen_resume()
    await quiet(pilot)


def test_grid_with_badges_marks_and_summary_at_80x24(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await prepared_grid(pilot)
        grid = lines_screen(pilot).grid
        assert grid is not None
        grid.move_to_column("psa_company_name")
        grid.move_to_column("charge_start_date")
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ, CONFIGURED), terminal_size=(80, 24), run_before=run_before)


def test_grid_with_statuses_and_errors_at_120x40(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await prepared_grid(pilot)
        grid = lines_screen(pilot).grid
        assert grid is not None
        grid.move_to_column("psa_status")
        grid.move_to_column("psa_agreement_name")
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ, CONFIGURED), terminal_size=(120, 40), run_before=run_before)


def test_load_invoice_lines_modal(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_invoice_lines(pilot)
        await quiet(pilot)
        await pilot.press("f5")
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ), terminal_size=(80, 24), run_before=run_before)


def test_bulk_update_card(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await prepared_grid(pilot)
        await pilot.press("f7")
        await quiet(pilot)
        pilot.app.screen.query_one("#bulk-end", Input).value = "2025-01-28"
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ, CONFIGURED), terminal_size=(80, 24), run_before=run_before)


def test_bulk_update_confirmation(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await prepared_grid(pilot)
        await pilot.press("f7")
        await quiet(pilot)
        pilot.app.screen.query_one("#bulk-end", Input).value = "2025-01-28"
        await pilot.press("ctrl+s")
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ, CONFIGURED), terminal_size=(80, 24), run_before=run_before)


def test_mapping_screen_with_suggestions(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_invoice_lines(pilot)
        await load(pilot)
        await quiet(pilot)
        await pilot.press("ctrl+n")
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ), terminal_size=(80, 24), run_before=run_before)


def test_system_logs(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_invoice_lines(pilot)
        log = lines_of(pilot).system_log
        log.add(
            Severity.INFO,
            "lines.load",
            "Loaded 99 invoice lines of January 2025",
            details={"period": "2025-01"},
            at=NOON,
        )
        log.add(
            Severity.ERROR,
            "lines.sync",
            "Line r-17 was not synced to ConnectWise: agreement 812 is cancelled",
            details={"period": "2025-01", "run": 3},
            subject="line r-17",
            at=NOON + timedelta(minutes=1),
        )
        log.add(
            Severity.WARNING,
            "lines.sync",
            "Sync run 3 of January 2025: 40 of 42 lines synced, 1 failed, 1 unmapped skipped",
            details={"period": "2025-01", "run": 3},
            subject="sync run 3",
            at=NOON + timedelta(minutes=2),
        )
        await pilot.press("ctrl+o")
        await quiet(pilot)
        await pilot.press("down")
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ), terminal_size=(80, 24), run_before=run_before)
