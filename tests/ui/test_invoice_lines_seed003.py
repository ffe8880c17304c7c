"""Seed 003 from start to finish, as a new user follows the article in the desk, on the embedded sandbox: load the
current and previous month, map organizations and products (exact suggestions, a near one, one by hand), edit a
line, bulk-update marked lines, sync to ConnectWise, find synced lines locked, undo the run, read System Logs."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import Input, Select

from tests.ui.conftest import settle
from tests.ui.invoice_lines_desk import (
    DECEMBER,
    JANUARY,
    desk_app,
    desk_environ,
    lines_of,
    lines_screen,
    load,
    open_invoice_lines,
    screen_text,
    seeded_lines_sandbox,
    shown,
)
from tests.ui.test_mapping_screen import calm, point_at, row_named
from tui_ledger.store.line_codes import Badge, MappingStatus, PsaStatus
from tui_ledger.ui.modals.bulk_update import BulkConfirmScreen, BulkUpdateScreen
from tui_ledger.ui.modals.lines_confirm import AskScreen
from tui_ledger.ui.modals.lines_picker import PickScreen
from tui_ledger.ui.screens.invoice_lines_edit import LineEditScreen
from tui_ledger.ui.screens.mapping import MappingScreen
from tui_ledger.ui.screens.system_logs import SystemLogsScreen

__all__ = ["desk_environ", "seeded_lines_sandbox"]


async def map_on_the_mapping_screen(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+n")
    await settle(pilot)
    mapping = pilot.app.screen
    assert isinstance(mapping, MappingScreen)
    await pilot.press("f7", "y")
    await settle(pilot)
    _, near = row_named(mapping, "#organization-table", "Granite State Insurance")
    assert near[2].startswith("~ Granite State Insurance Agency")
    point_at(mapping, "#organization-table", "Granite State Insurance")
    await pilot.press("a")
    await calm(pilot)
    assert isinstance(pilot.app.screen, PickScreen)
    await pilot.press("enter")
    await calm(pilot)
    await settle(pilot)
    _, near = row_named(mapping, "#organization-table", "Granite State Insurance")
    assert near[1] == "Granite State Insurance Agency"
    await pilot.press("f3")
    point_at(mapping, "#offer-table", "Power BI Pro")
    await pilot.press("e")
    await calm(pilot)
    await pilot.press(*"e3", "enter")
    await calm(pilot)
    await settle(pilot)


async def test_seed_003_step_by_step(desk_environ: dict[str, str]) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot, current=True, previous=True)
        assert [loaded.period for loaded in lines_of(pilot).periods(date(2025, 1, 31))] == [JANUARY, DECEMBER]
        total = len(shown(pilot))
        assert screen_text(pilot, "#lines-totals") == f"Total invoice lines: {total} | Mapped: 0 | Unmapped: {total}"

        await map_on_the_mapping_screen(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert lines_screen(pilot) is screen
        mapped = sum(record.mapping_status is MappingStatus.MAPPED for record in shown(pilot))
        assert 0 < mapped < total
        assert screen_text(pilot, "#lines-totals").endswith(f"Mapped: {mapped} | Unmapped: {total - mapped}")
        granite = [record for record in shown(pilot) if record.organization_name == "Granite State Insurance"]
        assert {record.psa_company_name for record in granite} == {"Granite State Insurance Agency"}

        line = next(record for record in shown(pilot) if record.mapping_status is MappingStatus.MAPPED)
        agreements = await lines_of(pilot).directory.agreements(line.psa_company_id or 0)
        await pilot.press("e")
        await settle(pilot)
        card = pilot.app.screen
        assert isinstance(card, LineEditScreen)
        card.query_one("#edit-agreement", Select).value = agreements[0].id
        await pilot.press("ctrl+s")
        await settle(pilot)
        edited = next(record for record in shown(pilot) if record.key == line.key)
        assert (edited.psa_agreement_name, edited.psa_agreement_badge) == (agreements[0].name, Badge.USER)

        same_customer = [
            record
            for record in shown(pilot)
            if record.psa_company_id == line.psa_company_id and record.mapping_status is MappingStatus.MAPPED
        ][:2]
        grid = lines_of(pilot).grid(JANUARY)
        for record in same_customer:
            grid.set_marked(record.key, True)
        screen.on_screen_resume()
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BulkUpdateScreen)
        pilot.app.screen.query_one("#bulk-end", Input).value = "2025-01-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BulkConfirmScreen)
        await pilot.press("y")
        await settle(pilot)

        await pilot.press("f8")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, AskScreen)
        assert question.question == f"Sync the {len(same_customer)} marked lines of January 2025 to ConnectWise?"
        await pilot.press("y")
        await settle(pilot)
        synced = [record for record in shown(pilot) if record.psa_status is PsaStatus.SYNCED]
        assert {record.key for record in synced} == {record.key for record in same_customer}
        assert all(record.charge_end_date == date(2025, 1, 30) for record in synced)
        grid_widget = screen.grid
        assert grid_widget is not None
        grid_widget.move_cursor(next(index for index, record in enumerate(shown(pilot)) if record.key == synced[0].key))
        await pilot.press("space", "e")
        await settle(pilot)
        assert lines_of(pilot).grid(JANUARY).marked_count() == 0
        assert pilot.app.screen is screen

        await pilot.press("f8", "y")
        await settle(pilot)
        assert sum(record.psa_status is PsaStatus.SYNCED for record in shown(pilot)) == mapped

        await pilot.press("f9", "y")
        await settle(pilot)
        still_synced = {record.key for record in shown(pilot) if record.psa_status is PsaStatus.SYNCED}
        assert still_synced == {record.key for record in same_customer}
        await pilot.press("f9", "y")
        await settle(pilot)
        assert {record.psa_status for record in shown(pilot)} == {PsaStatus.NOT_SYNCED}

        await pilot.press("ctrl+o")
        await settle(pilot)
        logs = pilot.app.screen
        assert isinstance(logs, SystemLogsScreen)
        messages = [entry.message for entry in logs.entries]
        assert any(message.startswith("Sync run 2 of January 2025") for message in messages)
        assert any("Loaded" in message and "December 2024" in message for message in messages)
