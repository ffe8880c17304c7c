"""Reconcile from the Batches screen (`c`): every difference the sandbox plants is listed with its one-key fixes,
a fix makes both sides agree, and the summary is saved where the user types.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui.batches_harness import Desk, batches_desk, seed_template
from tests.ui.conftest import settle
from tui_ledger.domain.batches.reconcile import DiscrepancyKind, Fix
from tui_ledger.ui.modals.batch_fix import FixChoiceScreen
from tui_ledger.ui.modals.batch_save import SaveSummaryScreen
from tui_ledger.ui.screens.batches import BatchesScreen
from tui_ledger.ui.screens.batches_reconcile import FindingsTable, ReconcileScreen
from tui_ledger.ui.widgets.progress import TaskProgress


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("batches-reconcile") / "sandbox", discrepancies=True)


def reconcile_screen(desk: Desk) -> ReconcileScreen:
    screen = desk.app.screen
    assert isinstance(screen, ReconcileScreen), type(screen).__name__
    return screen


async def test_every_planted_difference_is_listed_and_a_link_makes_both_sides_agree(
    tmp_path: Path, planted: Path
) -> None:
    async with batches_desk(tmp_path, planted) as desk:
        await desk.press("c")
        screen = reconcile_screen(desk)
        report = screen.report
        assert report is not None
        kinds = {finding.kind for finding in report.discrepancies}
        assert {
            DiscrepancyKind.MISSING_IN_PACKAGE,
            DiscrepancyKind.ALREADY_IN_PACKAGE,
            DiscrepancyKind.AMOUNT_DIFFERS,
        } <= kinds
        table = screen.query_one(FindingsTable)
        assert table.row_count == len(report.discrepancies)
        assert (
            table.border_title
            == f"Reconcile(differences)[{len(report.discrepancies)}] · {len(report.findings)} compared · Xero"
        )
        assert report.summary in desk.activity()

        linkable = next(
            index
            for index, finding in enumerate(report.discrepancies)
            if finding.kind is DiscrepancyKind.ALREADY_IN_PACKAGE and Fix.LINK in finding.fixes
        )
        document = report.discrepancies[linkable].document
        table.move_cursor(row=linkable)
        await desk.press("enter")
        dialog = desk.app.screen
        assert isinstance(dialog, FixChoiceScreen)
        assert [choice.command.id for choice in dialog.choices] == ["fix.link", "fix.cancel"]
        await desk.press("l")

        assert str(table.get_row_at(linkable)[2]) == "fixed: agrees"
        assert str(table.get_row_at(linkable)[1]) == "", "no fix offered any more"
        assert "Link " in desk.activity()
        await desk.press("f5")
        again = reconcile_screen(desk).report
        assert again is not None
        assert document not in {finding.document for finding in again.discrepancies}
        assert len(again.discrepancies) == len(report.discrepancies) - 1

        await desk.press("escape")
        assert isinstance(desk.app.screen, BatchesScreen)


async def test_the_summary_is_saved_where_the_user_types_and_a_wrong_path_is_explained(
    tmp_path: Path, planted: Path
) -> None:
    async with batches_desk(tmp_path, planted) as desk:
        await desk.press("c", "w")
        dialog = desk.app.screen
        assert isinstance(dialog, SaveSummaryScreen)
        box = dialog.query_one(Input)
        assert box.value == "reconcile-2026-01-31.csv"
        box.value = str(tmp_path)
        await desk.press("enter")
        assert desk.app.screen is dialog, "a folder is not a file: the dialog stays open"
        assert "Could not save there" in str(dialog.query_one("#save-summary-problem").render())

        target = tmp_path / "month-end" / "reconcile.csv"
        box.value = str(target)
        await desk.press("enter")
        await settle(desk.pilot)

        screen = reconcile_screen(desk)
        assert f"Saved the summary to {target}." in desk.activity()
        report = screen.report
        assert report is not None
        rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
        assert len(rows) == len(report.findings)


async def test_a_long_comparison_shows_its_progress_and_escape_stops_it(tmp_path: Path, planted: Path) -> None:
    async with batches_desk(tmp_path, planted, latency_ms=40) as desk:
        await desk.pilot.press("c")
        screen = reconcile_screen(desk)
        progress = screen.query_one(TaskProgress)
        for _ in range(100):
            if progress.display and "Reading batches" in str(progress.query_one("#progress-counts").render()):
                break
            await desk.pilot.pause(0.02)
        assert progress.display, "the comparison shows how far it got"
        assert screen.busy

        await desk.press("escape")

        assert not screen.busy
        assert screen.report is None
        assert "Stopped: Comparing ConnectWise with Xero" in desk.activity()
        assert isinstance(desk.app.screen, ReconcileScreen), "escape stopped the work; a second one goes back"
        await desk.press("f5")
        assert screen.report is not None
