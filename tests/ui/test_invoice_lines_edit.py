"""Seed 003's inline edit and Bulk Update on the Invoice Lines screen, against the sandbox's ConnectWise lists."""

from __future__ import annotations

from datetime import date

from textual.widgets import Button, Input, Select, Static

from tests.ui.conftest import settle
from tests.ui.invoice_lines_desk import (
    JANUARY,
    desk_app,
    desk_environ,
    lines_of,
    load,
    map_by_exact_name,
    open_invoice_lines,
    seeded_lines_sandbox,
    shown,
)
from tui_ledger.domain.bulk_update import CREATE_NEW_AGREEMENT_LABEL
from tui_ledger.store.line_codes import Badge, MappingStatus
from tui_ledger.store.line_records import LineRecord
from tui_ledger.ui.modals.bulk_update import NOTHING_CHANGES, BulkConfirmScreen, BulkUpdateScreen
from tui_ledger.ui.screens.invoice_lines import InvoiceLinesScreen
from tui_ledger.ui.screens.invoice_lines_edit import LineEditScreen

__all__ = ["desk_environ", "seeded_lines_sandbox"]


async def put_cursor_on(screen: InvoiceLinesScreen, record: LineRecord, column: str) -> None:
    grid = screen.grid
    assert grid is not None
    position = next(index for index, row in enumerate(grid.source.window(0, grid.row_count)) if row.key == record.key)
    grid.move_cursor(position)
    grid.move_to_column(column)


def record_now(pilot: object, key: int) -> LineRecord:
    return next(record for record in shown(pilot) if record.key == key)  # type: ignore[arg-type]


async def test_editing_the_agreement_then_a_new_organization_clears_it_and_both_become_defaults(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        await map_by_exact_name(pilot)
        line = next(record for record in shown(pilot) if record.psa_company_id is not None)
        lines = lines_of(pilot)
        await put_cursor_on(screen, line, "psa_agreement_name")
        await pilot.press("e")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, LineEditScreen)
        assert pilot.app.focused is card.query_one("#edit-agreement")
        agreement_select = card.query_one("#edit-agreement", Select)
        agreements = await lines.directory.agreements(line.psa_company_id or 0)
        assert [option[0] for option in agreement_select._options if option[1] != Select.NULL] == [
            *(agreement.name for agreement in agreements),
            CREATE_NEW_AGREEMENT_LABEL,
        ]
        assert agreement_select.value == -1
        agreement_select.value = agreements[0].id
        await pilot.press("ctrl+s")
        await settle(pilot)
        edited = record_now(pilot, line.key)
        assert (edited.psa_agreement_name, edited.psa_agreement_badge) == (agreements[0].name, Badge.USER)
        default = lines.store.mappings.companies_of(line.source_platform, line.organization_id)[0]
        assert default.company.agreement.agreement_id == agreements[0].id

        await pilot.press("e")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, LineEditScreen)
        other = next(company for company in await lines.directory.companies() if company.id != line.psa_company_id)
        card.query_one("#edit-company", Select).value = other.id
        await settle(pilot)
        assert card.query_one("#edit-agreement", Select).value == Select.NULL
        await pilot.press("ctrl+s")
        await settle(pilot)
        moved = record_now(pilot, line.key)
        assert (moved.psa_company_name, moved.psa_company_badge) == (other.name, Badge.USER)
        assert moved.psa_agreement_id is None
        assert not moved.psa_agreement_new
        assert moved.mapping_status is MappingStatus.UNMAPPED
        default = lines.store.mappings.companies_of(line.source_platform, line.organization_id)[0]
        assert (default.company.company_id, default.is_default) == (other.id, True)


async def test_charge_dates_are_checked_in_the_card_and_saved_with_user_updated_badges(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        line = shown(pilot)[0]
        await put_cursor_on(screen, line, "charge_end_date")
        await pilot.press("e")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, LineEditScreen)
        assert pilot.app.focused is card.query_one("#edit-end")
        end = card.query_one("#edit-end", Input)
        end.value = "2024-12-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is card
        assert "before Charge Start Date" in str(card.query_one("#edit-error", Static).render())
        end.value = "2025-1-5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "write it as YYYY-MM-DD" in str(card.query_one("#edit-error", Static).render())
        end.value = "2025-01-20"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        edited = record_now(pilot, line.key)
        assert (edited.charge_end_date, edited.charge_end_badge) == (date(2025, 1, 20), Badge.USER)
        assert edited.charge_start_badge is line.charge_start_badge
        await pilot.press("e")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, LineEditScreen)
        card.query_one("#edit-end", Input).value = "2025-01-21"
        await pilot.press("escape")
        await settle(pilot)
        assert record_now(pilot, line.key).charge_end_date == date(2025, 1, 20)


async def mark_lines_of_two_customers(pilot: object, screen: InvoiceLinesScreen) -> tuple[LineRecord, LineRecord]:
    records = [record for record in shown(pilot) if record.psa_company_id is not None]  # type: ignore[arg-type]
    first = records[0]
    second = next(record for record in records if record.psa_company_id != first.psa_company_id)
    grid = lines_of(pilot).grid(JANUARY)  # type: ignore[arg-type]
    grid.set_marked(first.key, True)
    grid.set_marked(second.key, True)
    screen.on_screen_resume()
    await settle(pilot)  # type: ignore[arg-type]
    return first, second


async def test_bulk_update_dates_across_customers_an_agreement_for_one_and_only_changed_fields_confirmed(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        await map_by_exact_name(pilot)
        first, second = await mark_lines_of_two_customers(pilot, screen)
        await pilot.press("f7")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, BulkUpdateScreen)
        assert card.query_one("#dialog").border_title == "Bulk Update (2)"
        assert card.query_one("#bulk-apply", Button).disabled
        agreement = card.query_one("#bulk-agreement", Select)
        options = [option for option in agreement._options if option[1] != Select.NULL]
        assert any(first.psa_company_name in str(label) for label, _ in options)
        assert any(second.psa_company_name in str(label) for label, _ in options)
        agreement.value = options[0][1]
        await settle(pilot)
        assert not card.query_one("#bulk-apply", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is card
        error = str(card.query_one("#bulk-error", Static).render())
        assert "can only be updated when every selected line belongs to the same customer" in error
        agreement.clear()
        start = first.charge_start_date
        assert start is not None
        assert start == second.charge_start_date
        card.query_one("#bulk-start", Input).value = start.isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is card
        assert str(card.query_one("#bulk-error", Static).render()) == NOTHING_CHANGES
        card.query_one("#bulk-end", Input).value = "2025-01-28"
        await pilot.press("ctrl+s")
        await settle(pilot)
        confirm = pilot.app.screen
        assert isinstance(confirm, BulkConfirmScreen)
        assert str(confirm.query_one("#bulk-count", Static).render()) == (
            "You are about to update 2 selected invoice lines."
        )
        changes = [str(widget.render()).strip() for widget in confirm.query(".bulk-change")]
        assert changes == ["Charge End Date: 2025-01-28"]
        await pilot.press("n")
        await settle(pilot)
        assert pilot.app.screen is card
        assert card.query_one("#bulk-end", Input).value == "2025-01-28"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert pilot.app.screen is screen
        for key in (first.key, second.key):
            updated = record_now(pilot, key)
            assert (updated.charge_end_date, updated.charge_end_badge) == (date(2025, 1, 28), Badge.USER)
            assert updated.charge_start_badge is not Badge.USER
        assert any("Updated 2 lines: Charge End Date" in n.message for n in pilot.app._notifications)
        lines_of(pilot).grid(JANUARY).set_marked(second.key, False)
        screen.on_screen_resume()
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, BulkUpdateScreen)
        agreements = await lines_of(pilot).directory.agreements(first.psa_company_id or 0)
        card.query_one("#bulk-agreement", Select).value = agreements[0].id
        await pilot.press("ctrl+s")
        await settle(pilot)
        confirm = pilot.app.screen
        assert isinstance(confirm, BulkConfirmScreen)
        assert [str(widget.render()).strip() for widget in confirm.query(".bulk-change")] == [
            f"PSA Agreement Name: {agreements[0].name}"
        ]
        await pilot.press("y")
        await settle(pilot)
        updated = record_now(pilot, first.key)
        assert (updated.psa_agreement_name, updated.psa_agreement_badge) == (agreements[0].name, Badge.USER)
        default = lines_of(pilot).store.mappings.companies_of(first.source_platform, first.organization_id)[0]
        assert default.company.agreement.agreement_id == agreements[0].id


async def test_g_then_e_in_the_grid_opens_bulk_update_of_the_marked_lines_and_e_alone_does_not_run(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        await map_by_exact_name(pilot)
        await pilot.press("g", "e")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert any("Mark the lines to update first" in n.message for n in pilot.app._notifications)
        await mark_lines_of_two_customers(pilot, screen)
        await pilot.press("g", "e")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, BulkUpdateScreen)
        assert card.query_one("#dialog").border_title == "Bulk Update (2)"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
