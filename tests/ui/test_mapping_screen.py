"""The Mapping screen on the sandbox: organizations and offers of the loaded lines, suggestions by exact and near
name, accepting them, choosing a company (then its agreement) or a product by typing, one-to-many, removing."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from tests.ui.conftest import settle
from tests.ui.invoice_lines_desk import (
    JANUARY,
    desk_app,
    desk_environ,
    lines_of,
    load,
    open_invoice_lines,
    seeded_lines_sandbox,
)
from tui_ledger.ui.modals.lines_confirm import AskScreen
from tui_ledger.ui.modals.lines_picker import PickScreen
from tui_ledger.ui.screens.mapping import MappingScreen
from tui_ledger.ui.widgets.virtual_table import VirtualTable

__all__ = ["desk_environ", "seeded_lines_sandbox"]


async def open_mapping(pilot: object, *, loaded: bool = True) -> MappingScreen:
    await open_invoice_lines(pilot)  # type: ignore[arg-type]
    if loaded:
        await load(pilot)  # type: ignore[arg-type]
    await pilot.press("ctrl+n")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = pilot.app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, MappingScreen)
    return screen


async def calm(pilot: object) -> None:
    """Let the screen catch up while a mapping dialogue (an App task waiting for a picker) is still open: waiting
    for every task to finish, as `settle` does, would wait for the picker itself."""
    for _ in range(8):
        await pilot.pause(0.02)  # type: ignore[attr-defined]


def rows(screen: MappingScreen, selector: str) -> list[list[str]]:
    """Every row of the list's current view, as the cells it draws."""
    table = screen.query_one(selector, VirtualTable)
    return [[column.cell(item).text for column in table.columns] for item in table.source.window(0, table.row_count)]


def row_named(screen: MappingScreen, selector: str, name: str) -> tuple[int, list[str]]:
    return next((index, row) for index, row in enumerate(rows(screen, selector)) if row[0] == name)


def point_at(screen: MappingScreen, selector: str, name: str) -> VirtualTable:
    """Focus the list and put its cursor on the row named `name`."""
    index, _ = row_named(screen, selector, name)
    table = screen.query_one(selector, VirtualTable)
    table.focus()
    table.move_cursor(index)
    return table


async def test_suggestions_accepting_them_and_offers_mapped_to_products(desk_environ: dict[str, str]) -> None:
    """Nothing loaded: the screen says where to start. Loaded: exact (=) and near (~) suggestions; F7 maps every
    exact one; an offer maps to its suggested product with `a`, or to one chosen by typing."""
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_mapping(pilot, loaded=False)
        assert "No invoice lines are loaded" in str(screen.query_one("#mapping-caption", Static).render())
        assert rows(screen, "#organization-table") == []
        await pilot.press("ctrl+l")
        await settle(pilot)
        await load(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        caption = str(screen.query_one("#mapping-caption", Static).render())
        assert caption.startswith("30 organizations (30 unmapped), ")
        _, acme = row_named(screen, "#organization-table", "Acme Logistics")
        assert acme[1:3] == ["", "= Acme Logistics"]
        _, near = row_named(screen, "#organization-table", "Granite State Insurance")
        assert near[2].startswith("~ Granite State Insurance Agency (")
        _, harbor = row_named(screen, "#organization-table", "Harbor Lights Yoga Studio")
        assert harbor[2] == ""
        await pilot.press("f3")
        await calm(pilot)
        assert pilot.app.focused is screen.query_one("#offer-table", VirtualTable)
        _, premium = row_named(screen, "#offer-table", "Microsoft 365 Business Premium")
        assert premium[1:3] == ["", "= M365-BP - Microsoft 365 Business Premium"]
        point_at(screen, "#offer-table", "Microsoft 365 Business Premium")
        await pilot.press("a")
        await calm(pilot)
        _, premium = row_named(screen, "#offer-table", "Microsoft 365 Business Premium")
        assert premium[1] == "M365-BP"
        await pilot.press("f7")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, AskScreen)
        assert question.question.startswith("Map 26 organizations and ")
        await pilot.press("y")
        await settle(pilot)
        _, acme = row_named(screen, "#organization-table", "Acme Logistics")
        assert acme[1:4] == ["Acme Logistics", "= Acme Logistics", "New (default type)"]
        _, near = row_named(screen, "#organization-table", "Granite State Insurance")
        assert near[1] == ""
        assert lines_of(pilot).grid(JANUARY).summary().mapped > 0
        point_at(screen, "#offer-table", "Power BI Pro")
        await pilot.press("e")
        await calm(pilot)
        assert isinstance(pilot.app.screen, PickScreen)
        await pilot.press(*"e3", "enter")
        await calm(pilot)
        _, power = row_named(screen, "#offer-table", "Power BI Pro")
        assert power[1] == "M365-E3"
        products = {
            record.offer_name: record.psa_product_name
            for record in lines_of(pilot).grid(JANUARY).window(0, 500)
            if record.offer_name in ("Power BI Pro", "Microsoft 365 Business Premium")
        }
        assert products == {"Power BI Pro": "M365-E3", "Microsoft 365 Business Premium": "M365-BP"}


async def test_a_company_chosen_by_typing_one_more_company_and_removing_one(desk_environ: dict[str, str]) -> None:
    """`e` picks the company by typing, then its agreement, and fills the organization's lines; `c` adds one more
    company (one-to-many); `x` removes one after a question."""
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_mapping(pilot)
        point_at(screen, "#organization-table", "Harbor Lights Yoga Studio")
        await pilot.press("e")
        await calm(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, PickScreen)
        await pilot.press(*"harborv")
        await calm(pilot)
        assert picker.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        await calm(pilot)
        agreements = pilot.app.screen
        assert isinstance(agreements, PickScreen)
        assert agreements.prompt == "Agreement for Harbor Lights Yoga Studio at Harborview Marine Supply"
        await pilot.press(*"manag", "enter")
        await calm(pilot)
        _, harbor = row_named(screen, "#organization-table", "Harbor Lights Yoga Studio")
        assert harbor[1] == "Harborview Marine Supply"
        assert harbor[3].startswith("Managed Services")
        filled = [
            record
            for record in lines_of(pilot).grid(JANUARY).window(0, 500)
            if record.organization_name == "Harbor Lights Yoga Studio"
        ]
        assert filled
        assert {record.psa_company_name for record in filled} == {"Harborview Marine Supply"}
        assert any(
            "Harbor Lights Yoga Studio maps to Harborview Marine Supply" in n.message for n in pilot.app._notifications
        )
        await pilot.press("f7", "y")
        await calm(pilot)
        point_at(screen, "#organization-table", "Acme Logistics")
        await pilot.press("c")
        await calm(pilot)
        await pilot.press(*"baysi", "enter")
        await calm(pilot)
        await pilot.press("enter")
        await calm(pilot)
        _, acme = row_named(screen, "#organization-table", "Acme Logistics")
        assert acme[1] == "Acme Logistics (+1)"
        detail = str(screen.query_one("#mapping-detail", Static).render())
        assert "Acme Logistics (New (default type)) - default" in detail
        assert "Bayside Family Dental" in detail
        await pilot.press("x")
        await calm(pilot)
        assert isinstance(pilot.app.screen, PickScreen)
        await pilot.press(*"baysi", "enter")
        await calm(pilot)
        question = pilot.app.screen
        assert isinstance(question, AskScreen)
        assert question.question == "Remove the mapping of Acme Logistics to Bayside Family Dental?"
        await pilot.press("y")
        await calm(pilot)
        _, acme = row_named(screen, "#organization-table", "Acme Logistics")
        assert acme[1] == "Acme Logistics"
