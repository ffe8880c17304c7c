"""Seed 003 on the Invoice Lines screen, as a user does it: Load Invoices, Show invoices, the grid's columns,
search, the summary lines, paging, the column notes and the Charge End Date tooltip, locked synced lines."""

from __future__ import annotations

import dataclasses
from pathlib import Path

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
from tui_ledger.ui.screens.help import HelpScreen
from tui_ledger.ui.screens.invoice_lines_grid import CHARGE_END_TOOLTIP
from tui_ledger.ui.widgets.virtual_line_columns import INVOICE_LINE_COLUMNS

__all__ = ["desk_environ", "seeded_lines_sandbox"]


async def test_load_invoices_and_show_invoices(desk_environ: dict[str, str]) -> None:
    """The modal's words and months; Cancel loads nothing; both months load; Show invoices lists the loaded
    periods newest first (up to 15 months back) and switches the grid."""
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
        await pilot.press("down", "space", "up", "space")
        await settle(pilot)
        assert (current.value, previous.value) == (False, True), "down and up move between the two months"
        await pilot.press("down", "space")
        await settle(pilot)
        assert modal.query_one("#load-load", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
        lines = lines_of(pilot)
        assert lines.periods(TODAY) == []

        oldest = BillingPeriod.containing(TODAY).shifted(-15)
        assert oldest.label == "October 2023"
        pages = [page async for page in lines.platform().invoice_lines(JANUARY.first_day, JANUARY.last_day)]
        moved = [dataclasses.replace(line, invoice_date=oldest.first_day) for line in pages[0][:3]]
        lines.store.load_period(oldest, moved, today=TODAY, loaded_at=lines.clock.now())

        await load(pilot, current=True, previous=True)
        periods = lines.periods(TODAY)
        assert [loaded.period for loaded in periods] == [JANUARY, DECEMBER, oldest]
        select = screen.query_one("#show-invoices", Select)
        assert [option[1] for option in select._options if option[1] != Select.NULL] == [
            JANUARY.key,
            DECEMBER.key,
            oldest.key,
        ]
        assert screen.period == JANUARY
        count = periods[0].line_count
        assert screen_text(pilot, "#lines-showing") == f"Showing {count} of {count} invoice lines"
        notified = [notification.message for notification in pilot.app._notifications]
        assert any(
            "lines of January 2025 and" in message and "lines of December 2024" in message for message in notified
        )
        select.value = DECEMBER.key
        await settle(pilot)
        assert screen.period == DECEMBER
        assert {record.invoice_date.month for record in shown(pilot)} == {12}


async def test_the_grid_its_column_notes_paging_and_search(desk_environ: dict[str, str]) -> None:
    """Every column of the seed under a fixed header, the note on the cursor's column (the Charge End Date
    tooltip word for word), paging over smooth scrolling, and the search field with the summary following."""
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        grid = screen.grid
        assert grid is not None
        titles = [column.title for column in grid.columns]
        assert titles == [column.title for column in INVOICE_LINE_COLUMNS]
        for title in ("Invoice Date", "Cost", "Revenue", "Charge End Date", "PSA Agreement Name", "Status in PSA"):
            assert title in titles
        assert screen_text(pilot, "#column-note").startswith("Invoice Date: the date the Invoice was created")
        headers = []
        for key in [column.key for column in grid.columns]:
            grid.move_to_column(key)
            await pilot.pause()
            headers.append(grid.render_line(0).text)
        for column in grid.columns:
            assert any(column.title[:10] in header for header in headers), column.title
        await pilot.press("pagedown")
        assert "Status in PSA" in grid.render_line(0).text
        assert grid.cursor_row > 0

        grid.move_to_column("charge_end_date")
        await settle(pilot)
        assert screen_text(pilot, "#column-note") == f"Charge End Date: {CHARGE_END_TOOLTIP}"
        assert grid.tooltip == f"Charge End Date: {CHARGE_END_TOOLTIP}"
        await pilot.press("i")
        await settle(pilot)
        assert any(CHARGE_END_TOOLTIP in notification.message for notification in pilot.app._notifications)
        assert CHARGE_END_TOOLTIP.startswith("When no rules in settings are configured or manual overrides are applied")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        assert CHARGE_END_TOOLTIP in pilot.app.screen.help_markdown
        await pilot.press("escape")
        await settle(pilot)

        count = grid.row_count
        per_page = screen.query_one("#per-page", Select)
        assert per_page.value == 20
        assert (
            screen_text(pilot, "#page-range")
            == f"{grid.cursor_row // 20 * 20 + 1}-{min(grid.cursor_row // 20 * 20 + 20, count)} of {count}"
        )
        per_page.value = 50
        await pilot.press("home")
        await settle(pilot)
        assert screen_text(pilot, "#page-range") == f"1-50 of {count}"
        await pilot.press("n")
        await settle(pilot)
        assert grid.cursor_row == 50
        assert int(grid.scroll_offset.y) in (50, int(grid.max_scroll_y))
        assert screen_text(pilot, "#page-range") == f"51-{min(100, count)} of {count}"
        assert screen.query_one("#page-input", Input).value == "2"
        await pilot.press("p")
        await settle(pilot)
        assert grid.cursor_row == 0
        pages = -(-count // 50)
        await pilot.press("ctrl+g", *str(pages), "enter")
        await settle(pilot)
        assert grid.cursor_row == (pages - 1) * 50
        assert screen_text(pilot, "#page-count") == f"of {pages}"

        total = len(shown(pilot))
        await pilot.press("f2", *"acme")
        await settle(pilot)
        matching = shown(pilot)
        assert matching
        assert all("acme" in record.organization_name.casefold() for record in matching)
        assert screen_text(pilot, "#lines-showing") == f"Showing {len(matching)} of {total} invoice lines"
        screen.query_one("#lines-search", Input).value = "Annual"
        await settle(pilot)
        assert all("Annual" in (record.billing_cycle + record.commitment_term) for record in shown(pilot))
        await pilot.press("enter")
        assert pilot.app.focused is screen.grid


async def test_summary_counts_bulk_update_label_and_locked_synced_lines(desk_environ: dict[str, str]) -> None:
    """ "Total invoice lines: X | Mapped: Y | Unmapped: Z" follows the mapping; Bulk Update is disabled until lines
    are marked and then counts them; a synced line can be neither marked nor edited."""
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        total = len(shown(pilot))
        assert screen_text(pilot, "#lines-totals") == f"Total invoice lines: {total} | Mapped: 0 | Unmapped: {total}"
        await map_by_exact_name(pilot)
        mapped = sum(record.mapping_status.name == "MAPPED" for record in shown(pilot))
        assert 0 < mapped < total
        assert screen_text(pilot, "#lines-totals") == (
            f"Total invoice lines: {total} | Mapped: {mapped} | Unmapped: {total - mapped}"
        )

        bulk = screen.query_one("#bulk", Button)
        assert bulk.disabled
        assert screen.check_action("bulk_update", ()) is False
        await pilot.press("f7")
        await settle(pilot)
        assert pilot.app.screen is screen
        await pilot.press("down", "space", "down", "space", "down", "space")
        await settle(pilot)
        assert not bulk.disabled
        assert str(bulk.label) == "Bulk Update (3)"
        assert "3 marked" in screen_text(pilot, "#lines-showing")

        first = shown(pilot)[0]
        lines_of(pilot).store.editor(JANUARY).record_sync(
            first.key, PsaStatus.SYNCED, at=lines_of(pilot).clock.now(), addition_id=77
        )
        screen.on_screen_resume()
        await pilot.press("home")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert lines_of(pilot).grid(JANUARY).marked_count() == 3
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


CSV_PROFILE = '[app]\nprofile = "csvdemo"\n[profiles.csvdemo.sandbox]\n[profiles.csvdemo.platform]\nkind = "csv"\n'
CSV_EXPORT = """\
Invoice Date,Organization Name,Organization Reference #,Offer Name,Quantity,Cost,Revenue,Charge Type
2025-01-01,Acme Logistics,ORG-10001,Microsoft 365 E3,3,90.00,108.00,Cycle Fee
2025-01-15,Bayside Family Dental,ORG-10002,Visio Plan 2,1,12.00,15.00,One Time Fee
2024-12-01,Acme Logistics,ORG-10001,Microsoft 365 E3,3,90.00,108.00,Cycle Fee
"""


async def test_a_csv_profile_loads_the_file_named_in_the_modal(desk_environ: dict[str, str], tmp_path: Path) -> None:
    export = tmp_path / "january.csv"
    export.write_text(CSV_EXPORT, encoding="utf-8")
    async with desk_app(desk_environ, CSV_PROFILE).run_test(size=(80, 24)) as pilot:
        await open_invoice_lines(pilot)
        await pilot.press("f5")
        await settle(pilot)
        modal = pilot.app.screen
        assert isinstance(modal, LoadInvoicesScreen)
        assert modal.query_one("#load-load", Button).disabled
        modal.query_one("#load-file", Input).value = str(export)
        await settle(pilot)
        assert not modal.query_one("#load-load", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [record.organization_name for record in shown(pilot)] == ["Acme Logistics", "Bayside Family Dental"]
        assert [loaded.line_count for loaded in lines_of(pilot).periods(TODAY)] == [2]


async def test_escape_stops_a_load_and_nothing_half_read_is_stored(desk_environ: dict[str, str]) -> None:
    slow = '[app]\nprofile = "slow"\n[profiles.slow.sandbox]\nlatency_ms = 300.0\n'
    async with desk_app(desk_environ, slow).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert screen.busy == "load"
        assert screen.query_one("#lines-progress").display
        await pilot.press("escape")
        await settle(pilot)
        assert screen.busy is None
        assert lines_of(pilot).periods(TODAY) == []
        assert any("Load stopped" in notification.message for notification in pilot.app._notifications)


async def test_typing_in_the_search_field_asks_for_no_screen_layout_and_a_long_query_scrolls_in_the_field(
    desk_environ: dict[str, str],
) -> None:
    """A keystroke in the field repaints it (and the grid) without reflowing the screen's forty widgets, and the
    field still scrolls sideways to keep the cursor in view when the query is wider than it."""
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        field = screen.query_one("#lines-search", Input)
        await pilot.press("f2")
        await settle(pilot)
        field_layouts: list[bool] = []
        refresh = field.refresh

        def recorded(*regions: object, **options: bool) -> object:
            field_layouts.append(options.get("layout", False))
            return refresh(*regions, **options)  # type: ignore[arg-type]

        field.refresh = recorded  # type: ignore[method-assign]
        query = "no organization, offer, billing cycle or commitment term on any platform reads like this long query"
        await pilot.press(*query)
        await settle(pilot)

        assert field.value == query
        assert field_layouts
        assert not any(field_layouts)
        assert field.scroll_x > 0, "the end of a query wider than the field is in view"
        assert shown(pilot) == []
