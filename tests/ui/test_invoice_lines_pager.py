"""Seed 003's pagination bar as numbers: the range, the page count, and what it says while a search is counted."""

from __future__ import annotations

from tui_ledger.ui.screens.invoice_lines_pager import Paging


def test_range_and_pages_of_a_counted_view() -> None:
    paging = Paging(count=412, per_page=20, cursor=25)
    assert (paging.page, paging.pages) == (2, 21)
    assert paging.range_text == "21-40 of 412"
    assert paging.pages_text == "of 21"
    assert paging.first_of(99) == 400, "a page past the last is the last"
    assert Paging(0, 20, 0).range_text == "0 of 0"


def test_while_the_grid_counts_the_totals_say_so_and_pages_past_the_known_rows_are_reachable() -> None:
    paging = Paging(count=64, per_page=20, cursor=0, counting=True)
    assert paging.range_text == "1-20 of …"
    assert paging.pages_text == "of …"
    assert paging.first_of(10) == 180, "the grid counts at once when asked for a line past those it knows"
