"""The picker over a long list: it lists a page at a time (so that twenty thousand companies open at once), says
how many more match, lists more as the highlight nears the end, and narrows over every entry as one types."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.ui.conftest import settle
from tests.ui.invoice_lines_desk import desk_app, desk_environ, seeded_lines_sandbox
from tui_ledger.ui.modals.lines_picker import PAGE, PickScreen

__all__ = ["desk_environ", "seeded_lines_sandbox"]

COMPANIES = [(f"Company {number:05d}", number) for number in range(PAGE * 3 + 5)]


@asynccontextmanager
async def picking(environ: dict[str, str]) -> AsyncIterator[tuple[Pilot[None], PickScreen[int], list[int | None]]]:
    """The desk with the picker open over COMPANIES (42 suggested); the list collects what it dismissed with."""
    chosen: list[int | None] = []
    async with desk_app(environ).run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        picker = PickScreen("Map organization", "PSA Organization for Acme", COMPANIES, suggested=42)
        pilot.app.push_screen(picker, chosen.append)
        await pilot.pause()
        yield pilot, picker, chosen


def listed(picker: PickScreen[int]) -> list[str]:
    options = picker.query_one(OptionList)
    return [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]


async def test_a_long_list_is_listed_a_page_at_a_time_and_more_as_the_highlight_nears_its_end(
    desk_environ: dict[str, str],
) -> None:
    async with picking(desk_environ) as (pilot, picker, _):
        shown = listed(picker)
        assert shown[0] == "Company 00042"
        assert len(shown) == PAGE + 1
        assert shown[-1] == f"... {len(COMPANIES) - PAGE:,} more: type to narrow"
        await pilot.press("down", "end")
        await pilot.pause()
        assert len(listed(picker)) == 2 * PAGE + 1
        assert listed(picker)[-1] == f"... {len(COMPANIES) - 2 * PAGE:,} more: type to narrow"


async def test_typing_narrows_over_every_entry_not_only_the_listed_ones(desk_environ: dict[str, str]) -> None:
    async with picking(desk_environ) as (pilot, picker, chosen):
        await pilot.press(*"00301")
        await pilot.pause()
        assert listed(picker) == ["Company 00301"]
        await pilot.press("enter")
        await pilot.pause()
        assert chosen == [301]


async def test_escape_chooses_nothing(desk_environ: dict[str, str]) -> None:
    async with picking(desk_environ) as (pilot, _, chosen):
        await pilot.press("escape")
        await pilot.pause()
        assert chosen == [None]
