"""The virtual table over the invoice-lines store: the Invoices grid's columns, badges, marks, sort and search."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.store.invoice_line_samples import LOADED_AT, PERIOD, TODAY, open_database, sample_lines
from tui_ledger.domain.invoice_lines import ChargeType, InvoiceLine, SourcePlatform
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_columns import LineColumn
from tui_ledger.store.line_loader import RuledChargeDates
from tui_ledger.store.line_mappings import NEW_AGREEMENT, AgreementChoice, CompanyChoice, ProductChoice
from tui_ledger.ui.widgets.virtual_host import VirtualTableHost
from tui_ledger.ui.widgets.virtual_line_columns import INVOICE_LINE_COLUMNS, NOT_MAPPED
from tui_ledger.ui.widgets.virtual_table import VirtualTable

CUSTOM_NAMES = {ChargeType.CYCLE_FEE: "Monthly licence"}


def cycle_fees_start_on_the_first(line: InvoiceLine) -> RuledChargeDates | None:
    if line.charge_type is ChargeType.CYCLE_FEE:
        return RuledChargeDates(start_ruled=True, start=PERIOD.first_day)
    return None


def prepared_store(folder: Path) -> InvoiceLineStore:
    """A period as a user meets it mid-month: some lines mapped, edited, synced, failed and marked."""
    store = InvoiceLineStore(open_database(folder))
    store.mappings.map_organization(
        SourcePlatform.APPXITE, "org-1", CompanyChoice(19, "Contoso Ltd", NEW_AGREEMENT), at=LOADED_AT
    )
    store.mappings.map_offer(SourcePlatform.APPXITE, "off-1", ProductChoice(501, "M365 Premium"), at=LOADED_AT)
    store.load_period(
        PERIOD, sample_lines(60), today=TODAY, loaded_at=LOADED_AT, charge_date_rules=cycle_fees_start_on_the_first
    )
    editor = store.editor(PERIOD)
    editor.set_charge_end([1, 3], date(2026, 5, 20))
    editor.set_psa_company([2], CompanyChoice(7, "Fabrikam Inc"))
    editor.set_psa_agreement([2], AgreementChoice(31, "Managed services"))
    editor.set_psa_product([2], ProductChoice(42, "Backup seat"))
    editor.record_sync(4, PsaStatus.SYNCED, at=LOADED_AT, addition_id=9001)
    editor.record_sync(5, PsaStatus.ERROR, at=LOADED_AT, message="Agreement 31 is cancelled")
    grid = store.grid(PERIOD)
    grid.set_marked(1, True)
    grid.set_marked(3, True)
    return store


def grid_table(store: InvoiceLineStore) -> VirtualTable[Any]:
    return VirtualTable(store.grid(PERIOD, CUSTOM_NAMES), INVOICE_LINE_COLUMNS)


def screen_lines(table: VirtualTable[Any]) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def test_the_columns_are_the_stores_sort_columns_in_seed_order() -> None:
    assert [column.key for column in INVOICE_LINE_COLUMNS] == [column.value for column in LineColumn]
    titles = [column.title for column in INVOICE_LINE_COLUMNS]
    assert titles[:2] == ["Invoice Date", "Organization Name"]
    assert titles[-2:] == ["Mapping Status", "Status in PSA"]


async def test_badges_marks_and_statuses_show_in_the_grid(tmp_path: Path) -> None:
    table = grid_table(prepared_store(tmp_path))
    async with VirtualTableHost(table).run_test(size=(200, 8)) as pilot:
        table.move_to_column("psa_status")
        table.move_to_column("charge_start_date")
        await pilot.pause()
        first, second, third, fourth, fifth = screen_lines(table)[1:6]
        assert first.startswith(table.glyphs.checked)
        assert re.search(r"2026-05-20 +USR", first)
        for edited in ("Fabrikam Inc", "Managed services", "Backup seat"):
            assert re.search(rf"{edited} +USR", second)
        assert fourth.startswith(table.glyphs.posted)
        assert "Synced" in fourth
        assert "Error" in fifth
        records = table.source.window(0, 5)
        for line, record in zip((first, second, third, fourth, fifth), records, strict=True):
            if record.charge_type is ChargeType.CYCLE_FEE:
                assert re.search(r"Monthly licence +SYS", line)
                assert re.search(rf"{PERIOD.first_day.isoformat()} +SYS", line)
            if not record.psa_company_name:
                assert NOT_MAPPED in line


async def test_sorting_by_cost_from_the_keyboard_sorts_the_store(tmp_path: Path) -> None:
    table = grid_table(prepared_store(tmp_path))
    async with VirtualTableHost(table).run_test(size=(120, 12)) as pilot:
        table.move_to_column("cost")
        await pilot.press("left_square_bracket")
        costs = [record.cost for record in table.source.window(0, 60)]
        assert costs == sorted(costs)
        assert table.order == ("cost", False)
        await pilot.press("right_square_bracket")
        assert [record.cost for record in table.source.window(0, 60)] == sorted(costs, reverse=True)


async def test_typing_a_search_filters_the_store_and_marks_stay_stored(tmp_path: Path) -> None:
    store = prepared_store(tmp_path)
    table = grid_table(store)
    async with VirtualTableHost(table).run_test(size=(120, 12)) as pilot:
        await pilot.press("slash", *"contoso", "enter")
        expected = sum("contoso" in line.organization_name.casefold() for line in sample_lines(60))
        assert table.row_count == expected
        await pilot.press("g", "s")
        await pilot.pause()
        assert store.grid(PERIOD).marked_count() >= expected - 1
        assert all(record.marked or not record.markable for record in table.source.window(0, expected))


def test_snapshot_of_the_grid_sorted_by_organization(snap_compare: Any, tmp_path: Path) -> None:
    """The left of the grid: marks, the locked glyph of a synced line, the sorted header, the cursor."""
    table = grid_table(prepared_store(tmp_path))

    async def arrange(pilot: Pilot[None]) -> None:
        table.sort_by("organization_name")
        table.move_cursor(3)
        await pilot.pause()

    assert snap_compare(VirtualTableHost(table), terminal_size=(160, 14), run_before=arrange)


def test_snapshot_of_the_grid_badges_and_statuses(snap_compare: Any, tmp_path: Path) -> None:
    """The right of the grid, scrolled: System/User Updated tags, PSA mappings, an Error and a Synced status,
    muted unmapped cells, the cell cursor."""
    table = grid_table(prepared_store(tmp_path))

    async def arrange(pilot: Pilot[None]) -> None:
        table.move_to_column("psa_status")
        table.move_to_column("charge_start_date")
        table.move_cursor(2)
        await pilot.pause()

    assert snap_compare(VirtualTableHost(table), terminal_size=(200, 12), run_before=arrange)


async def test_a_slow_count_is_not_waited_for_and_never_shown_before_it_is_known(tmp_path: Path) -> None:
    store = InvoiceLineStore(open_database(tmp_path))
    store.load_period(PERIOD, sample_lines(400), today=TODAY, loaded_at=LOADED_AT)
    searched = ("organization_name", "organization_reference", "offer_name", "billing_cycle", "commitment_term")
    expected = sum(
        any("in" in (getattr(line, field) or "").casefold() for field in searched) for line in sample_lines(400)
    )
    table = grid_table(store)
    changes: list[VirtualTable.ViewChanged] = []

    def hook(message: object) -> None:
        if isinstance(message, VirtualTable.ViewChanged) and not any(seen is message for seen in changes):
            changes.append(message)

    async with VirtualTableHost(table).run_test(size=(120, 12), message_hook=hook) as pilot:
        await pilot.pause()
        changes.clear()
        table.action_start_search()
        table.apply_search("in")
        assert table.count_pending, "'in' matches parts of two fields: counted in the background"
        assert table.row_count == 64, "meanwhile only the first block of rows is known"
        assert "counting…" in screen_lines(table)[-1]
        first = table.source.window(0, 1)[0]
        assert first.organization_name[:10] in screen_lines(table)[1], "the first matching rows are drawn"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not table.count_pending
        assert table.row_count == expected > 64
        assert f"{expected:,} matching" in screen_lines(table)[-1]
        assert [(change.count, change.pending) for change in changes] == [(64, True), (expected, False)]
        table.apply_search("")
        table.apply_search("in")
        assert table.count_pending
        table.action_bottom()
        assert not table.count_pending, "End needs the final count: counted at once"
        assert table.cursor_row == expected - 1


def test_a_create_new_agreement_shows_the_agreement_the_sync_made_id_first(tmp_path: Path) -> None:
    record = prepared_store(tmp_path).grid(PERIOD).window(0, 1)[0]
    agreement = next(column for column in INVOICE_LINE_COLUMNS if column.key == "psa_agreement_name")
    waiting = replace(record, psa_agreement_new=True, psa_agreement_id=0, psa_agreement_name="")
    assert agreement.cell(waiting).text == "New (default type)"
    made = replace(waiting, psa_agreement_id=867, psa_agreement_name="Managed Services (marketplace) - Contoso")
    assert agreement.cell(made).text == "#867 Managed Services (marketplace) - Contoso"
    chosen = replace(record, psa_agreement_new=False, psa_agreement_id=31, psa_agreement_name="Managed services")
    assert agreement.cell(chosen).text == "Managed services"
