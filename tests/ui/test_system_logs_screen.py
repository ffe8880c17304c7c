"""The System Logs screen: newest first, filtered by severity, invoice period and line, paged, each entry in full."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widgets import DataTable, Input, Select, Static

from tests.ui.conftest import settle
from tests.ui.invoice_lines_desk import (
    DECEMBER,
    JANUARY,
    desk_app,
    desk_environ,
    lines_of,
    open_invoice_lines,
    seeded_lines_sandbox,
)
from tui_ledger.store.severity import Severity
from tui_ledger.ui.screens.export import ExportScreen
from tui_ledger.ui.screens.system_logs import PAGE_SIZE, SystemLogsScreen

__all__ = ["desk_environ", "seeded_lines_sandbox"]

NOON = datetime(2025, 1, 31, 12, 0, tzinfo=UTC)


def write_entries(pilot: object) -> None:
    log = lines_of(pilot).system_log  # type: ignore[arg-type]
    log.add(
        Severity.INFO, "lines.load", "Loaded 99 invoice lines of January 2025", details={"period": JANUARY.key}, at=NOON
    )
    log.add(
        Severity.ERROR,
        "lines.sync",
        "Line r-17 was not synced to ConnectWise: agreement 812 is cancelled",
        details={"period": JANUARY.key, "run": 3, "agreement": 812},
        subject="line r-17",
        at=NOON + timedelta(minutes=1),
    )
    log.add(
        Severity.WARNING,
        "lines.sync",
        "Sync run 2 of December 2024: 40 of 42 lines synced",
        details={"period": DECEMBER.key},
        at=NOON + timedelta(minutes=2),
    )


async def open_logs(pilot: object) -> SystemLogsScreen:
    await open_invoice_lines(pilot)  # type: ignore[arg-type]
    write_entries(pilot)
    await pilot.press("ctrl+o")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, SystemLogsScreen)
    return screen


def messages(screen: SystemLogsScreen) -> list[str]:
    return [entry.message for entry in screen.entries]


async def test_entries_newest_first_in_full_and_filtered_by_severity_period_and_line(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_logs(pilot)
        assert messages(screen) == [
            "Sync run 2 of December 2024: 40 of 42 lines synced",
            "Line r-17 was not synced to ConnectWise: agreement 812 is cancelled",
            "Loaded 99 invoice lines of January 2025",
        ]
        assert str(screen.query_one("#logs-count", Static).render()) == "1-3 of 3"
        await pilot.press("down")
        await settle(pilot)
        detail = str(screen.query_one("#logs-detail", Static).render())
        reason = "Line r-17 was not synced to ConnectWise: agreement 812 is cancelled"
        assert detail == f"{reason}\nagreement 812 | period 2025-01 | run 3"
        assert screen.query_one(DataTable).row_count == 3
        screen.query_one("#logs-severity", Select).value = 2
        await settle(pilot)
        assert messages(screen) == [
            "Sync run 2 of December 2024: 40 of 42 lines synced",
            "Line r-17 was not synced to ConnectWise: agreement 812 is cancelled",
        ]
        screen.query_one("#logs-severity", Select).value = 0
        await settle(pilot)
        await pilot.press("f3")
        period = screen.query_one("#logs-period", Select)
        assert pilot.app.focused is period
        options = [value for _, value in period._options if value != Select.NULL]
        assert options[:3] == ["", JANUARY.key, DECEMBER.key]
        assert len(options) == 1 + 16
        period.value = JANUARY.key
        await settle(pilot)
        assert messages(screen) == [
            "Line r-17 was not synced to ConnectWise: agreement 812 is cancelled",
            "Loaded 99 invoice lines of January 2025",
        ]
        await pilot.press("f4", *"r-17")
        await settle(pilot)
        assert screen.query_one("#logs-line", Input).value == "r-17"
        assert messages(screen) == ["Line r-17 was not synced to ConnectWise: agreement 812 is cancelled"]
        await pilot.press("ctrl+u", *"r-99")
        await settle(pilot)
        assert str(screen.query_one("#logs-count", Static).render()) == "No entries match."


async def test_older_entries_come_a_page_at_a_time_and_escape_goes_back(desk_environ: dict[str, str]) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_logs(pilot)
        log = lines_of(pilot).system_log
        for minute in range(PAGE_SIZE):
            log.add(Severity.INFO, "lines.load", f"note {minute}", at=NOON - timedelta(minutes=minute + 1))
        await pilot.press("f5")
        await settle(pilot)
        total = PAGE_SIZE + 3
        assert str(screen.query_one("#logs-count", Static).render()) == f"1-{PAGE_SIZE} of {total}"
        await pilot.press("n")
        await settle(pilot)
        assert str(screen.query_one("#logs-count", Static).render()) == f"{PAGE_SIZE + 1}-{total} of {total}"
        assert messages(screen)[-1] == f"note {PAGE_SIZE - 1}"
        await pilot.press("p")
        await settle(pilot)
        assert messages(screen)[0] == "Sync run 2 of December 2024: 40 of 42 lines synced"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportScreen)
