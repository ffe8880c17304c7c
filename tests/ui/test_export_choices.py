"""Decisions the export asks of the user: link / update / skip a document already in the package, the lock another
export holds, the choices on an Export Log row, older and newer runs, and discarding an unfinished run."""

from __future__ import annotations

from pathlib import Path

from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number
from tests.ui.conftest import build_sandbox_app, settle
from tests.ui.export_helpers import app_with_desk, export_screen, journal_desk, press, sandbox_home, sandbox_state
from tui_ledger.domain.checks import CheckKind, Resolution
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.export import ExportLock, resolvable
from tui_ledger.store.journal import PartChange
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.store.journal_records import PartState
from tui_ledger.store.runs import RunStatus
from tui_ledger.ui.modals.export_choice import ResolutionChoiceScreen
from tui_ledger.ui.modals.unfinished_run import UnfinishedRunScreen
from tui_ledger.ui.screens.batch_status import BatchStatusScreen
from tui_ledger.ui.screens.export_errors import ErrorsScreen
from tui_ledger.ui.screens.export_log import ExportLogScreen
from tui_ledger.ui.screens.export_results import ErrorsPane


async def test_a_document_already_in_xero_is_linked_by_choice_and_the_export_links_it_without_a_copy(
    tmp_path: Path,
) -> None:
    environ = sandbox_home(tmp_path)
    app = build_sandbox_app(environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f5")
        checked = export_screen(app).checked
        conflict = next(verdict for verdict in checked.errors() if resolvable(verdict))
        number = conflict.document.document_number
        group = next(
            i for i, g in enumerate(checked.groups(conflict.document.kind)) if g.kind is CheckKind.ALREADY_IN_PACKAGE
        )
        export_screen(app).query_one(f"#errors-{conflict.document.kind.value}", ErrorsPane).focus()
        await press(pilot, *["down"] * group, "enter", "down", "c")
        choice = app.screen
        assert isinstance(choice, ResolutionChoiceScreen)
        assert f"{number} is already in Xero with different content" in choice.message

        await press(pilot, "l")
        assert isinstance(app.screen, ErrorsScreen)
        assert any(f"Invoice {number} will be linked to the copy in Xero" in str(n.message) for n in app._notifications)
        now = export_screen(app).checked
        assert conflict in now.ready()
        assert now.breakdown(now.ready(conflict.document.kind)).link == 1

        await press(pilot, "escape", "x", "y")
        status = app.screen
        assert isinstance(status, BatchStatusScreen)
        row = next(r for r in app.workspace.exports.log(status.run_id) if r.number == number)  # type: ignore[union-attr]
        assert row.status is LogStatus.LINKED

    state = sandbox_state(environ)
    assert copies_per_number(state)[("Invoices:ACCREC", number)] == 1  # type: ignore[arg-type]
    assert connectwise_batches(state).labels[f"I{number}"] == 1  # type: ignore[arg-type]


async def test_while_another_export_holds_the_profile_the_run_does_not_start_and_says_who(tmp_path: Path) -> None:
    environ = sandbox_home(tmp_path)
    app = build_sandbox_app(environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f5")
        with ExportLock(Path(environ["TUI_LEDGER_DATA_DIR"]), "sandbox", "tui-ledger export (headless)"):
            await press(pilot, "x", "y")

        status = app.screen
        assert isinstance(status, BatchStatusScreen)
        result = str(status.query_one("#batch-result").render())
        assert result.startswith("✘ The export did not start: Profile 'sandbox' is being exported by tui-ledger export")
        assert app.workspace.exports.latest_run() is None  # type: ignore[union-attr]


async def test_the_log_moves_between_runs_and_records_a_choice_on_a_conflicting_row(tmp_path: Path) -> None:
    desk = journal_desk(tmp_path)
    history = desk.runner().history
    newer = history.start("export", {"target": "Demo Pty Ltd", "package": "Xero"})
    history.finish(newer.id, RunStatus.SUCCEEDED)
    app = app_with_desk(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "l")
        log = app.screen
        assert isinstance(log, ExportLogScreen)
        assert log.run_id == newer.id
        assert log.rows == []
        await press(pilot, "n")
        assert any("There is no newer export run." in str(n.message) for n in app._notifications)
        await press(pilot, "p")
        assert log.run_id == newer.id - 1
        assert [row.status for row in log.rows].count(LogStatus.FAILED) == 2

        conflict = next(i for i, row in enumerate(log.shown) if row.number == "5081")
        await press(pilot, *["down"] * conflict, "c", "u")
        chosen = desk.runner().journal.chosen_resolutions()
        assert chosen == {(DocumentKind.INVOICE, 6081): Resolution.UPDATE}, "invoice 5081 (billing log 6081)"


async def test_an_unfinished_run_that_sent_nothing_more_can_be_discarded_and_one_maybe_in_xero_cannot(
    tmp_path: Path,
) -> None:
    desk = journal_desk(tmp_path / "safe", finished=False)
    app = app_with_desk(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnfinishedRunScreen)
        await press(pilot, "d")
        assert desk.unfinished() is None
        assert any("Run 1 is discarded" in str(n.message) for n in app._notifications)

    risky = journal_desk(tmp_path / "risky", finished=False)
    journal = risky.runner().journal
    sending = next(row for row in journal.documents(1) if row.number == "5013")
    journal.apply([PartChange(sending.parts[0].id, PartState.SENDING)])
    app = app_with_desk(risky)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        assert risky.unfinished() is not None
        assert any("may already be in the package; resume the run" in str(n.message) for n in app._notifications)
