"""Snapshots of the Mapping screen's states at 100x30: organizations with their suggestions, offers with theirs, a
row mapped (dimmed, done mark, company and agreement shown), an organization mapped to two companies (the detail
line lists both, the default first), and the `/` search narrowing the list. Fixed date, theme, clock and sandbox.

Update after an intended change with `pytest tests/ui/test_mapping_snapshots.py --snapshot-update`, then read the
new SVGs before committing them.
"""

from __future__ import annotations

from textual.pilot import Pilot

from tests.ui.conftest import settle
from tests.ui.invoice_lines_desk import desk_app, desk_environ, seeded_lines_sandbox
from tests.ui.test_mapping_screen import calm, open_mapping, point_at

__all__ = ["desk_environ", "seeded_lines_sandbox"]

SIZE = (100, 30)


async def quiet(pilot: Pilot[None]) -> None:
    """Toasts fade on a timer; the snapshot is of the screen, not of when it was taken."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await settle(pilot)


def test_organizations_with_exact_and_near_suggestions(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_mapping(pilot)
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ), terminal_size=SIZE, run_before=run_before)


def test_offers_with_their_product_suggestions(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_mapping(pilot)
        await pilot.press("f3")
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ), terminal_size=SIZE, run_before=run_before)


def test_a_mapped_organization_row(snap_compare, desk_environ: dict[str, str]) -> None:
    """`a` on Acme Logistics, then a new agreement of the default type: the row reads mapped."""

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await open_mapping(pilot)
        point_at(screen, "#organization-table", "Acme Logistics")
        await pilot.press("a")
        await calm(pilot)
        await pilot.press("enter")
        await calm(pilot)
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ), terminal_size=SIZE, run_before=run_before)


def test_an_organization_mapped_to_two_companies(snap_compare, desk_environ: dict[str, str]) -> None:
    """Acme Logistics maps to its own company (default) and, with `c`, to Bayside Family Dental as well."""

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await open_mapping(pilot)
        point_at(screen, "#organization-table", "Acme Logistics")
        await pilot.press("a")
        await calm(pilot)
        await pilot.press("enter")
        await calm(pilot)
        await pilot.press("c")
        await calm(pilot)
        await pilot.press(*"baysi", "enter")
        await calm(pilot)
        await pilot.press("enter")
        await calm(pilot)
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ), terminal_size=SIZE, run_before=run_before)


def test_searching_the_organizations(snap_compare, desk_environ: dict[str, str]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        screen = await open_mapping(pilot)
        screen.organization_table.focus()
        await pilot.press("slash", *"ins")
        await quiet(pilot)

    assert snap_compare(desk_app(desk_environ), terminal_size=SIZE, run_before=run_before)
