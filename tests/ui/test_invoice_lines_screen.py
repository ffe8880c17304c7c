"""Seed 003 on the Invoice Lines screen, as a user does it: Load Invoices, Show invoices, the grid's columns,
search, the summary lines, paging, the column notes and the Charge End Date tooltip, locked synced lines."""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import Button, Checkbox, Input, Select

from tests.ui.conftest import settle
from tests.ui.fakes import TODAY
from tests.ui.invoice_lines_desk import (
    DECEMBER,
    JANUARY,
    desk_app,
    desk_environ,
    lines_of,
    lines_screen,
    load,
    map_by_exact_name,
    open_invoice_lines,
    screen_text,
    seeded_lines_sandbox,
    shown,
)
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.ui.modals.load_invoices import SUBTITLE, TITLE, LoadInvoicesScreen
from tui_ledger.ui.screens.invoice_lines_grid import CHARGE_END_TOOLTIP
from tui_ledger.ui.widgets.virtual_line_columns import INVOICE_LINE_COLUMNS

__all__ = ["desk_environ", "seeded_lines_sandbox"]


async def test_load_invoices_offers_the_current_and_previous_month_and_cancel_loads_nothing(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        assert screen.query_one("#lines-empty").display
        await pilot.press("f5")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, LoadInvoicesScreen)
        assert modal.query_one("#dialog").border_title == TITLE
        assert screen_text(pilot, "#load-subtitle") == SUBTITLE
        current, previous = modal.query(Checkbox)
        assert str(current.label).startswith("Current Month (January 2025: 2025-01-01 to 2025-01-31)")
        assert str(previous.label).startswith("Previous Month (December 2024: 2024-12-01 to 2024-12-31)")
        assert (current.value, previous.value) == (True, False)
        await pilot.press("space")
        await settle(pilot)
        assert modal.query_one("#load-load", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
        assert lines_of(pilot).periods(TODAY) == []


async def test_loading_both_months_fills_show_invoices_newest_first_and_it_switches_the_grid(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot, current=True, previous=True)
        periods = lines_of(pilot).periods(TODAY)
        assert [loaded.period for loaded in periods] == [JANUARY, DECEMBER]
        select = screen.query_one("#show-invoices", Select)
        assert [option[1] for option in select._options if option[1] != Select.NULL] == ["2025-01", "2024-12"]
        assert screen.period == JANUARY
        assert (
            screen_text(pilot, "#lines-showing")
            == f"Showing {periods[0].line_count} of {periods[0].line_count} invoice lines"
        )
        select.value = DECEMBER.key
        await settle(pilot)
        assert screen.period == DECEMBER
        assert {record.invoice_date.month for record in shown(pilot)} == {12}
        notified = [notification.message for notification in pilot.app._notifications]
        assert any(
            "lines of January 2025 and" in message and "lines of December 2024" in message for message in notified
        )


async def test_show_invoices_lists_periods_up_to_15_months_back(desk_environ: dict[str, str]) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        oldest = BillingPeriod.containing(TODAY).shifted(-15)
        lines = lines_of(pilot)
        source = lines.platform()
        pages = [page async for page in source.invoice_lines(JANUARY.first_day, JANUARY.last_day)]
        moved = [dataclasses.replace(line, invoice_date=oldest.first_day) for line in pages[0][:3]]
        lines.store.load_period(oldest, moved, today=TODAY, loaded_at=lines.clock.now())
        await load(pilot)
        select = screen.query_one("#show-invoices", Select)
        offered = [option[1] for option in select._options if option[1] != Select.NULL]
        assert offered == [JANUARY.key, oldest.key]
        assert oldest.label == "October 2023"


async def test_the_grid_has_every_column_of_the_seed_and_a_fixed_header(desk_environ: dict[str, str]) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        grid = screen.grid
        assert grid is not None
        titles = [column.title for column in grid.columns]
        assert titles == [column.title for column in INVOICE_LINE_COLUMNS]
        for title in ("Invoice Date", "Cost", "Revenue", "Charge End Date", "PSA Agreement Name", "Status in PSA"):
            assert title in titles
        headers = []
        for key in [column.key for column in grid.columns]:
            grid.move_to_column(key)
            await pilot.pause()
            headers.append(grid.render_line(0).text)
        for column in grid.columns:
            assert any(column.title[:10] in header for header in headers), column.title
        await pilot.press("pagedown", "pagedown")
        assert "Status in PSA" in grid.render_line(0).text
        assert grid.cursor_row > 0


async def test_the_cursor_column_is_explained_and_charge_end_date_carries_the_seeds_tooltip(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        grid = screen.grid
        assert grid is not None
        assert screen_text(pilot, "#column-note").startswith("Invoice Date: the date the Invoice was created")
        grid.move_to_column("charge_end_date")
        await settle(pilot)
        assert screen_text(pilot, "#column-note") == f"Charge End Date: {CHARGE_END_TOOLTIP}"
        assert grid.tooltip == f"Charge End Date: {CHARGE_END_TOOLTIP}"
        await pilot.press("i")
        await settle(pilot)
        assert any(CHARGE_END_TOOLTIP in notification.message for notification in pilot.app._notifications)
        assert CHARGE_END_TOOLTIP.startswith("When no rules in settings are configured or manual overrides are applied")
        assert CHARGE_END_TOOLTIP in screen.HELP


async def test_the_search_field_filters_by_the_seeds_fields_and_the_summary_follows(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        total = len(shown(pilot))
        await pilot.press("f2", *"acme")
        await settle(pilot)
        matching = shown(pilot)
        assert matching
        assert all("acme" in record.organization_name.casefold() for record in matching)
        assert screen_text(pilot, "#lines-showing") == f"Showing {len(matching)} of {total} invoice lines"
        await pilot.press("ctrl+u")
        await pilot.press(*"Annual")
        await settle(pilot)
        assert all("Annual" in (record.billing_cycle + record.commitment_term) for record in shown(pilot))
        await pilot.press("enter")
        assert pilot.app.focused is screen.grid


@pytest.mark.parametrize("per_page", [20, 50])
async def test_paging_moves_a_page_at_a_time_over_smooth_scrolling(desk_environ: dict[str, str], per_page: int) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot, previous=True)
        grid = screen.grid
        assert grid is not None
        count = grid.row_count
        assert screen.query_one("#per-page", Select).value == 20
        screen.query_one("#per-page", Select).value = per_page
        await settle(pilot)
        assert screen_text(pilot, "#page-range") == f"1-{per_page} of {count}"
        await pilot.press("n")
        await settle(pilot)
        assert grid.cursor_row == per_page
        assert int(grid.scroll_offset.y) == per_page or int(grid.scroll_offset.y) == int(grid.max_scroll_y)
        assert screen_text(pilot, "#page-range") == f"{per_page + 1}-{min(2 * per_page, count)} of {count}"
        assert screen.query_one("#page-input", Input).value == "2"
        await pilot.press("p")
        await settle(pilot)
        assert grid.cursor_row == 0
        pages = -(-count // per_page)
        await pilot.press("ctrl+g", *str(pages), "enter")
        await settle(pilot)
        assert grid.cursor_row == (pages - 1) * per_page
        assert screen_text(pilot, "#page-count") == f"of {pages}"
        await pilot.press("down")
        await settle(pilot)
        assert screen.query_one("#page-input", Input).value == str(pages)


async def test_the_summary_counts_mapped_and_unmapped_lines(desk_environ: dict[str, str]) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        await open_invoice_lines(pilot)
        await load(pilot)
        total = len(shown(pilot))
        assert screen_text(pilot, "#lines-totals") == f"Total invoice lines: {total} | Mapped: 0 | Unmapped: {total}"
        await map_by_exact_name(pilot)
        mapped = sum(record.mapping_status.name == "MAPPED" for record in shown(pilot))
        assert 0 < mapped < total
        assert screen_text(pilot, "#lines-totals") == (
            f"Total invoice lines: {total} | Mapped: {mapped} | Unmapped: {total - mapped}"
        )


async def test_bulk_update_is_disabled_until_lines_are_marked_and_counts_them(desk_environ: dict[str, str]) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        bulk = screen.query_one("#bulk", Button)
        assert bulk.disabled
        assert screen.check_action("bulk_update", ()) is False
        await pilot.press("f7")
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("space", "down", "space", "down", "space")
        await settle(pilot)
        assert not bulk.disabled
        assert str(bulk.label) == "Bulk Update (3)"
        assert "3 marked" in screen_text(pilot, "#lines-showing")


async def test_synced_lines_can_be_neither_marked_nor_edited(desk_environ: dict[str, str]) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        first = shown(pilot)[0]
        lines_of(pilot).store.editor(JANUARY).record_sync(
            first.key, PsaStatus.SYNCED, at=lines_of(pilot).clock.now(), addition_id=77
        )
        screen.on_screen_resume()
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert lines_of(pilot).grid(JANUARY).marked_count() == 0
        await pilot.press("e")
        await settle(pilot)
        assert pilot.app.screen is screen
        messages = [notification.message for notification in pilot.app._notifications]
        assert "This line is synced: it cannot be marked." in messages
        assert "This line is synced to ConnectWise; change it there." in messages
        assert screen.grid is not None
        assert screen.grid.render_line(1).text.startswith(screen.grid.glyphs.posted)


async def test_the_screens_are_reached_by_their_keys_and_export_is_one_key_away(desk_environ: dict[str, str]) -> None:
    from tui_ledger.ui.screens.export import ExportScreen
    from tui_ledger.ui.screens.mapping import MappingScreen
    from tui_ledger.ui.screens.system_logs import SystemLogsScreen

    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MappingScreen)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SystemLogsScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportScreen)
        assert lines_screen is not None
