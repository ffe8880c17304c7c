"""The Batches screen itself: the list of open and closed batches (counted, filtered), each batch's records with
where they are in the package, the one search box in all of seed 001's places, closed batches read-only, the
keys to get there and back, and the workspace's way to the batch desk.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.batches_harness import TODAY, batches_desk, sandbox_environ, seed_template
from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.batches.records import RecordKind, RecordState
from tui_ledger.domain.money import format_money
from tui_ledger.services.batches import BatchEvent
from tui_ledger.ui.modals.batch_closed import ClosedBatchScreen
from tui_ledger.ui.screens.batches import BatchesScreen
from tui_ledger.ui.screens.batches_keys import BATCHES_FLOW_COMMANDS
from tui_ledger.ui.screens.batches_list import BatchListTable
from tui_ledger.ui.screens.export import ExportScreen
from tui_ledger.ui.screens.help import HelpScreen
from tui_ledger.wiring import open_runtime, workspace_from_runtime


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("batches-screen") / "sandbox")


async def test_the_list_counts_open_and_closed_batches_f_filters_them_and_f1_explains(
    tmp_path: Path, template: Path
) -> None:
    async with batches_desk(tmp_path, template) as desk:
        listed = desk.batch_list
        assert listed.border_title == "Batches(all)[6] · open 5 · closed 1"
        assert [summary.identifier[:5] for summary in listed.shown] == [
            "Month",
            "AutoS",
            "E4304",
            "P981:",
            "I5010",
            "I5009",
        ], "newest first"

        await desk.press("f")
        assert listed.border_title == "Batches(open)[5] · open 5 · closed 1"
        assert all(not summary.closed for summary in listed.shown)
        await desk.press("f")
        assert listed.border_title == "Batches(closed)[1] · open 5 · closed 1"
        assert [summary.identifier for summary in listed.shown] == ["Month End 2025-12-10"]
        await desk.press("f")
        assert listed.border_title.startswith("Batches(all)[6]")

        await desk.press("f1")
        help_screen = desk.app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.help_markdown == BatchListTable.HELP
        assert ("d", "Delete batch") in help_screen.keys
        await desk.press("escape")


async def test_a_batchs_records_show_where_each_is_in_the_package(tmp_path: Path, template: Path) -> None:
    async with batches_desk(tmp_path, template) as desk:
        await desk.highlight_batch("P981:")
        [bill] = await desk.live_copies(DocumentType.BILL, "981")

        assert desk.records.border_title.startswith("P981:3PJ54APU(open)[4] · 1 unbatched")
        assert desk.record_labels() == [
            "PO 981 freight",
            "PO 981 line 1 (DELL-P2723D)",
            "PO 981 line 2 (UBNT-USW24P)",
            "PO 981 line 3 (DELL-OPT7010)",
        ]
        freight = [str(cell) for cell in desk.records.get_row_at(0)]
        assert freight[1:4] == ["PO 981 freight", "batched", "125.56 USD"]
        assert freight[4:] == ["981", "authorised", format_money(bill.total, bill.currency), bill.target_id], (
            "the target number, status, amount and id of the PO's one bill in Xero"
        )
        assert str(desk.records.get_row_at(1)[2]) == "unbatched"
        detail = str(desk.screen.query_one("#record-detail").render())
        assert "in open batch 'P981:3PJ54APU'" in detail
        assert bill.target_id in detail


async def test_one_search_box_finds_the_batch_in_every_place_of_seed_001(tmp_path: Path, template: Path) -> None:
    async with batches_desk(tmp_path, template) as desk:
        await desk.find("invoice 5009", typed=True)
        [invoice] = desk.records.rows_shown
        assert invoice.batch is not None
        assert invoice.batch.identifier == "I5009:RDCOFU7T"
        assert desk.records.border_title == "Find(invoice 5009)[1] · 1 batch"

        await desk.find("expense 4304 dchu")
        [expense] = desk.records.rows_shown
        assert expense.batch is not None
        assert expense.batch.identifier.startswith("E4304dchu:")

        await desk.find("po 981 freight")
        assert [located.record.kind for located in desk.records.rows_shown] == [RecordKind.PO_FREIGHT]

        await desk.find("po 981 line 1")
        [line] = desk.records.rows_shown
        assert line.record.state is RecordState.UNBATCHED
        assert line.batch is not None

        await desk.find("E4303")
        [foreign] = desk.records.rows_shown
        assert foreign.batch is not None
        assert foreign.batch.identifier.startswith("AutoSync"), "found by reading that batch's entries"

        await desk.find("AutoSync")
        assert len(desk.records.rows_shown) == 7
        assert str(desk.records.get_row_at(0)[4]) == "AutoSync 20251209-1730", "lookup rows name their batch"

        await desk.find("5100")
        [unposted] = desk.records.rows_shown
        assert unposted.batch is None
        assert "in no batch" in desk.activity()

        await desk.find("expense 4304 bbastine")
        assert desk.records.rows_shown == ()
        assert "Nothing found for expense 4304 of bbastine." in desk.activity()

        await desk.find("   ")
        assert "type an invoice, expense or PO number" in desk.activity()


async def test_a_closed_batch_is_read_only_and_says_why_and_close_is_never_offered(
    tmp_path: Path, template: Path
) -> None:
    async with batches_desk(tmp_path, template) as desk:
        await desk.highlight_batch("Month End")
        assert "read-only" in desk.records.border_title
        await desk.highlight("invoice 5001")
        assert "closed: read-only" in str(desk.screen.query_one("#record-detail").render())

        for key in ("b", "r", "d"):
            await desk.press(key)
            dialog = desk.app.screen
            assert isinstance(dialog, ClosedBatchScreen), key
            assert "irreversible" in str(dialog.parts[0].content)
            await desk.press("escape")

        assert isinstance(desk.app.screen, BatchesScreen)
        assert desk.batch_list.border_title == "Batches(all)[6] · open 5 · closed 1", "nothing changed"
        assert not any("close" in command.action and "batch" in command.action for command in BATCHES_FLOW_COMMANDS)
        assert not any(command.title.lower().startswith("close batch") for command in BATCHES_FLOW_COMMANDS)


async def test_tab_or_escape_leaves_a_search_escape_leaves_the_screen_and_ctrl_b_comes_back_as_it_was(
    tmp_path: Path, template: Path
) -> None:
    async with batches_desk(tmp_path, template, size=(80, 24)) as desk:
        await desk.press("f")
        await desk.find("po 981")
        assert desk.screen.lookup is not None
        await desk.press("shift+tab")
        assert desk.batch_list.has_focus
        assert desk.screen.lookup is None, "browsing the batch list again"
        assert desk.records.border_title.startswith("AutoSync")
        await desk.find("po 981")

        await desk.press("escape")
        assert desk.screen.lookup is None
        assert desk.records.border_title.startswith("AutoSync"), "the list's (open) batch again"
        await desk.press("escape")
        assert isinstance(desk.app.screen, ExportScreen)
        await desk.press("ctrl+b")

        assert isinstance(desk.app.screen, BatchesScreen)
        assert desk.batch_list.filter.value == "open", "the same screen, as it was left"
        await desk.press("ctrl+l", "ctrl+b")
        stack = [type(screen).__name__ for screen in desk.app.screen_stack]
        assert stack == ["StartScreen", "ExportScreen", "BatchesScreen"], "the screens take turns over Export"


async def test_t_looks_the_copies_up_in_the_profiles_other_company(tmp_path: Path, template: Path) -> None:
    async with batches_desk(tmp_path, template) as desk:
        assert desk.batch_desk.context.target == "Demo Xero"
        await desk.highlight_batch("I5009:")
        await desk.press("t")

        assert desk.batch_desk.context.target == "Demo QuickBooks"
        assert desk.batch_desk.context.package_name == "QuickBooks Online"
        columns = [str(column.label) for column in desk.records.columns.values()]
        assert "QuickBooks Online #" in columns


async def test_the_workspace_opens_a_batch_desk_for_the_default_or_a_named_company(
    tmp_path: Path, template: Path
) -> None:
    runtime = await open_runtime(environ=sandbox_environ(tmp_path, template), today=TODAY)
    try:
        workspace = workspace_from_runtime(runtime)
        assert workspace.batches is not None
        events: list[BatchEvent] = []
        default = await workspace.batches(None, events.append)
        named = await workspace.batches("Demo QuickBooks", events.append)

        assert default.context.target == "Demo Xero"
        assert default.context.package is await runtime.accounting("Demo Xero"), "the runtime's own connector"
        assert named.context.package_name == "QuickBooks Online"
        await default.find("invoice 5009")
        assert events, "the desk reports its steps to the sink it was opened with"
        runtime.profile = runtime.profile.model_copy(update={"targets": ()})
        bare = await workspace.batches(None, events.append)
        assert bare.context.package is None, "no company: copies are kept and marked"
        assert bare.context.target is None
    finally:
        await runtime.aclose()
