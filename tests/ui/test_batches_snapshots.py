"""Snapshots of the Batches screen, its lookup, each of its one-key dialogs, and Reconcile, mostly at 80x24.

They run on a private copy of the seeded sandbox (fixed date, fixed theme, no blinking cursor, fixed paths), so
the batch identifiers, amounts and package ids are the demo company's. Update after an intended change with
`pytest tests/ui/test_batches_snapshots.py --snapshot-update`, then look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.batches_harness import build_batches_app, sandbox_environ, seed_template
from tests.ui.conftest import settle
from tui_ledger.ui.screens.batches import BatchesScreen
from tui_ledger.ui.screens.batches_list import BatchListTable
from tui_ledger.ui.screens.batches_lookup import SearchBox

Steps = Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("batches-snapshots") / "sandbox")


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("batches-snapshots-planted") / "sandbox", discrepancies=True)


def batches(pilot: Pilot[None]) -> BatchesScreen:
    screen = pilot.app.get_screen("batches")
    assert isinstance(screen, BatchesScreen)
    return screen


async def open_batches(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("ctrl+b")
    await settle(pilot)


async def to_batch(pilot: Pilot[None], starts_with: str) -> None:
    """Move the list's cursor down to the batch, by keys."""
    table = batches(pilot).query_one(BatchListTable)
    row = next(index for index, summary in enumerate(table.shown) if summary.identifier.startswith(starts_with))
    await pilot.press(*["down"] * row)
    await settle(pilot)


async def find(pilot: Pilot[None], text: str) -> None:
    await pilot.press("slash")
    batches(pilot).query_one(SearchBox).value = text
    await pilot.press("enter")
    await settle(pilot)


def steps(*parts: Callable[[Pilot[None]], Awaitable[None]]) -> Steps:
    async def run(pilot: Pilot[None]) -> None:
        await open_batches(pilot)
        for part in parts:
            await part(pilot)

    return run


def keys(*pressed: str) -> Steps:
    async def press(pilot: Pilot[None]) -> None:
        await pilot.press(*pressed)
        await settle(pilot)

    return press


def batch(starts_with: str) -> Steps:
    return lambda pilot: to_batch(pilot, starts_with)


def search(text: str) -> Steps:
    return lambda pilot: find(pilot, text)


@pytest.mark.parametrize("size", [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")])
def test_the_screen_with_a_batchs_records_and_their_copies(
    snap_compare, tmp_path: Path, template: Path, size: tuple[int, int]
) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, template))
    assert snap_compare(app, terminal_size=size, run_before=steps(batch("P981:")))


def test_the_screen_in_plain_ascii(snap_compare, tmp_path: Path, template: Path) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, template), unicode=False, theme="ansi-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(batch("P981:")))


def test_the_lookup_lists_what_it_found_with_each_records_batch(snap_compare, tmp_path: Path, template: Path) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, template))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(search("AutoSync")))


def test_unbatch_asks_what_happens_to_the_xero_copy(snap_compare, tmp_path: Path, template: Path) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, template))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(search("invoice 5009"), keys("b")))


def test_delete_lists_what_returns_to_unposted(snap_compare, tmp_path: Path, template: Path) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, template))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(batch("P981:"), keys("d")))


def test_one_record_of_another_tools_batch_is_refused_with_two_choices(
    snap_compare, tmp_path: Path, template: Path
) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, template))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(search("invoice 5005"), keys("b")))


def test_a_closed_batch_says_why_it_is_read_only(snap_compare, tmp_path: Path, template: Path) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, template))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(keys("enter", "b")))


def test_rebatch_offers_the_original_batch_or_a_new_one(snap_compare, tmp_path: Path, template: Path) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, template))
    unbatched = steps(search("expense 4304 dchu"), keys("b", "k"), keys("r"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=unbatched)


def test_reconcile_lists_the_differences_with_their_fixes(snap_compare, tmp_path: Path, planted: Path) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, planted))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(keys("c")))


def test_a_fix_is_chosen_with_one_key(snap_compare, tmp_path: Path, planted: Path) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, planted))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(keys("c"), keys("enter")))


def test_the_summary_is_saved_to_a_typed_path(snap_compare, tmp_path: Path, planted: Path) -> None:
    app = build_batches_app(sandbox_environ(tmp_path, planted))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps(keys("c"), keys("w")))
