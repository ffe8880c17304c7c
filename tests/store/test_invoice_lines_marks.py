"""Marks (seed 003's Selector): one at a time, all matching, counted; synced lines can never be marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.store.invoice_line_samples import LOADED_AT, PERIOD, loaded_store
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_grid import LineGrid


@pytest.fixture
def store(tmp_path: Path) -> InvoiceLineStore:
    store = loaded_store(tmp_path)
    editor = store.editor(PERIOD)
    for key in (2, 4, 6):
        editor.record_sync(key, PsaStatus.SYNCED, at=LOADED_AT, addition_id=100 + key)
    return store


def matching(grid: LineGrid, text: str) -> list[int]:
    grid.search(text)
    keys = [record.key for record in grid.window(0, grid.count())]
    grid.search("")
    return keys


def test_mark_and_unmark_one_line(store: InvoiceLineStore) -> None:
    grid = store.grid(PERIOD)
    assert grid.set_marked(1, True)
    assert not grid.set_marked(1, True), "marking twice changes nothing"
    assert grid.marked_count() == 1
    assert grid.window(0, 1)[0].marked
    assert grid.set_marked(1, False)
    assert not grid.set_marked(1, False)
    assert grid.marked_count() == 0


def test_a_synced_line_cannot_be_marked(store: InvoiceLineStore) -> None:
    grid = store.grid(PERIOD)
    assert not grid.set_marked(2, True)
    assert grid.marked_count() == 0
    synced = grid.window(1, 1)[0]
    assert (synced.psa_status, synced.markable) == (PsaStatus.SYNCED, False)


def test_mark_all_matching_marks_the_search_results_except_synced_lines(store: InvoiceLineStore) -> None:
    grid = store.grid(PERIOD)
    contoso = matching(grid, "contoso")
    grid.search("contoso")
    changed = grid.mark_all(True)
    expected = [key for key in contoso if key not in (2, 4, 6)]
    assert changed == len(expected)
    assert grid.marked_keys() == sorted(expected)
    assert grid.marked_count() == len(expected)
    grid.search("")
    assert grid.mark_all(True) == 240 - 3 - len(expected), "then every other unsynced line"
    assert grid.marked_count() == 237


def test_unmark_all_matching_leaves_the_other_marks(store: InvoiceLineStore) -> None:
    grid = store.grid(PERIOD)
    grid.mark_all(True)
    fabrikam = matching(grid, "fabrikam")
    grid.search("fabrikam")
    assert grid.mark_all(False) == len([key for key in fabrikam if key not in (2, 4, 6)])
    grid.search("")
    assert grid.marked_count() == 237 - (len(fabrikam) - len({2, 4, 6} & set(fabrikam)))
    assert not set(grid.marked_keys()) & set(fabrikam)
    grid.mark_all(False)
    assert grid.marked_count() == 0


def test_marks_are_per_period_and_shown_in_every_window(store: InvoiceLineStore) -> None:
    grid = store.grid(PERIOD)
    grid.set_marked(7, True)
    other = store.grid(PERIOD)
    assert other.marked_count() == 1, "marks are stored, not held by one grid"
    assert [record.key for record in other.window(0, 240) if record.marked] == [7]


def test_a_line_that_becomes_synced_loses_its_mark(store: InvoiceLineStore) -> None:
    grid = store.grid(PERIOD)
    grid.set_marked(9, True)
    store.editor(PERIOD).record_sync(9, PsaStatus.SYNCED, at=LOADED_AT, addition_id=5)
    assert grid.marked_count() == 0
