"""Every procedure of seeds 000 and 001, done in the Batches screen by keys, for invoices, expenses, PO freight and
PO products: find the record's batch, unbatch it (choosing what happens to the copy in the package), edit it in
ConnectWise (the sandbox's corrections, as ConnectWise's UI would), then rebatch it into the original batch or
send it through the export in a new batch; and delete a whole batch with seed 001's guards.

The judged promise is checked through the screen: after unbatch → edit → re-export, Xero holds exactly one copy,
and it is the updated one.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.ui.batches_harness import batches_desk, exported_invoice, seed_template
from tui_ledger.domain.accounting import DocumentType, RemoteStatus
from tui_ledger.domain.batches.records import RecordState
from tui_ledger.sandbox.connectwise.corrections import correct_expense_amount, correct_invoice_line
from tui_ledger.ui.modals.batch_delete import DeleteConfirmScreen
from tui_ledger.ui.modals.batch_rebatch import RebatchChoiceScreen
from tui_ledger.ui.modals.batch_refusal import SharedBatchRefusalScreen
from tui_ledger.ui.modals.batch_unbatch import UnbatchChoiceScreen
from tui_ledger.ui.screens.batches import BatchesScreen


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_template(tmp_path_factory.mktemp("batches-procedures") / "sandbox")


def states(desk: object) -> dict[str, RecordState]:
    return {located.record.label: located.record.state for located in desk.records.rows_shown}  # type: ignore[attr-defined]


async def test_invoice_unbatch_edit_reexport_leaves_exactly_one_copy_the_updated_one(
    tmp_path: Path, template: Path
) -> None:
    async with batches_desk(tmp_path, template) as desk:
        document = await exported_invoice(desk.batch_desk)
        [before] = await desk.live_copies(DocumentType.SALES_INVOICE, document.number)

        await desk.find(f"invoice {document.number}")
        await desk.press("b")
        dialog = desk.app.screen
        assert isinstance(dialog, UnbatchChoiceScreen)
        assert [choice.command.id for choice in dialog.choices][:2] == ["unbatch.keep", "unbatch.void"], (
            "Xero keeps a voided invoice's number, so keeping the copy comes first"
        )
        await desk.press("k")
        assert states(desk) == {f"invoice {document.number}": RecordState.UNPOSTED}
        record = desk.records.rows_shown[0].record
        edited = correct_invoice_line(desk.connectwise_state, record.key.record_id, Decimal("1234.00"))
        await desk.press("r")
        assert isinstance(desk.app.screen, RebatchChoiceScreen)
        await desk.press("e")

        assert "exported into a new batch" in desk.activity()
        assert "updated in place" in desk.activity()
        [after] = await desk.live_copies(DocumentType.SALES_INVOICE, document.number)
        assert after.target_id == before.target_id, "the kept copy was updated, not a second one created"
        assert after.total == edited.total != before.total
        [located] = desk.records.rows_shown
        assert located.batch is not None
        assert located.batch.identifier.startswith(f"I{document.number}:")
        assert located.record.state is RecordState.BATCHED


async def test_invoice_unbatch_edit_rebatch_into_its_original_batch_sends_nothing(
    tmp_path: Path, template: Path
) -> None:
    async with batches_desk(tmp_path, template) as desk:
        await desk.highlight_batch("I5010:")
        identifier = desk.batch_list.highlighted.identifier  # type: ignore[union-attr]
        await desk.highlight("invoice 5010")
        await desk.press("b", "k")
        record = desk.records.rows_shown[0].record
        assert record.state is RecordState.UNPOSTED
        assert all(not summary.identifier.startswith("I5010:") for summary in desk.screen.summaries)
        correct_invoice_line(desk.connectwise_state, record.key.record_id, Decimal("1500.00"))
        await desk.press("r")
        dialog = desk.app.screen
        assert isinstance(dialog, RebatchChoiceScreen)
        assert any("still holds 1,444.25" in str(part.content) for part in dialog.parts), "the dialog warns"
        await desk.press("o")

        [located] = desk.records.rows_shown
        assert located.batch is not None
        assert located.batch.identifier == identifier
        [copy] = await desk.live_copies(DocumentType.SALES_INVOICE, "5010")
        assert copy.total == Decimal("1444.25"), "rebatch does not push the change to the package (seed 001)"
        assert f"re-created batch {identifier!r}" in desk.activity()


async def test_expense_unbatch_edit_rebatch_into_its_original_batch(tmp_path: Path, template: Path) -> None:
    async with batches_desk(tmp_path, template) as desk:
        await desk.find("expense 4304 dchu")
        [found] = desk.records.rows_shown
        assert found.batch is not None
        identifier = found.batch.identifier
        await desk.press("b")
        assert isinstance(desk.app.screen, UnbatchChoiceScreen)
        await desk.press("k")
        assert states(desk) == {"expense 4304dchu": RecordState.UNPOSTED}
        correct_expense_amount(desk.connectwise_state, 4304, Decimal("150.00"))
        await desk.press("r", "o")

        [located] = desk.records.rows_shown
        assert located.batch is not None
        assert located.batch.identifier == identifier
        assert located.record.amount == Decimal("150.00")
        [copy] = await desk.live_copies(DocumentType.BILL, "4304dchu")
        assert copy.total == Decimal("119.87")


async def test_po_freight_is_unbatched_through_the_po_endpoint_and_rebatched(tmp_path: Path, template: Path) -> None:
    async with batches_desk(tmp_path, template) as desk:
        await desk.find("po 981 freight")
        assert desk.record_labels() == ["PO 981 freight"]
        await desk.press("b")
        dialog = desk.app.screen
        assert isinstance(dialog, UnbatchChoiceScreen)
        assert "purchase-order endpoint" in str(dialog.parts[0].content)
        await desk.press("k")

        after = states(desk)
        assert after["PO 981 freight"] is RecordState.UNBATCHED
        assert after["PO 981 line 2 (UBNT-USW24P)"] is RecordState.UNBATCHED, "the endpoint takes the whole PO"
        await desk.highlight("PO 981 freight")
        await desk.press("r", "o")

        assert set(states(desk).values()) == {RecordState.BATCHED}
        assert "Rebatched PO 981 freight" in desk.activity()


async def test_po_product_in_another_tools_batch_is_unbatched_and_rebatched(tmp_path: Path, template: Path) -> None:
    async with batches_desk(tmp_path, template) as desk:
        await desk.find("po 980 line 1")
        assert desk.record_labels() == ["PO 980 line 1 (DELL-LAT5440)"]
        await desk.press("b", "k")
        await desk.find("AutoSync")
        autosync = states(desk)
        assert autosync["PO 980 line 1 (DELL-LAT5440)"] is RecordState.UNBATCHED
        assert autosync["invoice 5005"] is RecordState.BATCHED, "the rest of the batch stays batched"

        await desk.highlight("PO 980 line 1 (DELL-LAT5440)")
        await desk.press("r", "o")

        assert states(desk)["PO 980 line 1 (DELL-LAT5440)"] is RecordState.BATCHED
        [copy] = await desk.live_copies(DocumentType.BILL, "980")
        assert copy.status is RemoteStatus.AUTHORISED


async def test_delete_a_batch_lists_what_returns_then_its_records_are_restored_under_the_original_id(
    tmp_path: Path, template: Path
) -> None:
    async with batches_desk(tmp_path, template) as desk:
        await desk.highlight_batch("P981:")
        identifier = desk.batch_list.highlighted.identifier  # type: ignore[union-attr]
        await desk.press("d")
        dialog = desk.app.screen
        assert isinstance(dialog, DeleteConfirmScreen)
        summary = str(dialog.parts[0].content)
        assert summary.startswith("Rebatch 1 purchase order(s) through the PO endpoint, then delete batch 'P981:")
        assert "4 record(s) of 1 document(s) return to unposted" in summary
        await desk.press("k")

        assert "Deleted batch 'P981:" in desk.activity()
        assert all(not summary.identifier.startswith("P981:") for summary in desk.screen.summaries)
        await desk.find("po 981")
        assert set(states(desk).values()) == {RecordState.UNPOSTED}
        [copy] = await desk.live_copies(DocumentType.BILL, "981")
        assert copy.status is RemoteStatus.AUTHORISED, "kept, and marked to be updated in place"
        releases = desk.batch_desk.context.releases
        assert releases.update_mark("Demo Xero", desk.records.rows_shown[0].record.document.kind, "981") is not None

        await desk.press("s", "s", "s", "s")
        assert len(desk.records.marked) == 4, "VisiData's s marks and moves down"
        await desk.press("r", "o")

        assert f"re-created batch '{identifier}'" in desk.activity(), "seed 001: restored under the original id"
        assert set(states(desk).values()) == {RecordState.BATCHED}
        assert desk.records.marked == set(), "marks are cleared once the rebatch is done"


async def test_one_invoice_of_another_tools_batch_is_refused_with_its_two_choices(
    tmp_path: Path, template: Path
) -> None:
    async with batches_desk(tmp_path, template) as desk:
        await desk.find("invoice 5005")
        await desk.press("b")
        dialog = desk.app.screen
        assert isinstance(dialog, SharedBatchRefusalScreen)
        assert [choice.command.id for choice in dialog.choices] == [
            "shared.delete_batch",
            "shared.in_connectwise",
            "shared.close",
        ]
        await desk.press("c")
        assert "Finance > Invoice Search > 5005 > MORE > Unbatch" in desk.activity()
        assert states(desk) == {"invoice 5005": RecordState.BATCHED}

        await desk.press("b", "d")

        assert isinstance(desk.app.screen, BatchesScreen)
        assert "Refused:" in desk.activity()
        assert "invoice 5006 was unbatched from batch 'AutoSync" in desk.activity(), "seed 001: rebatch first"
        assert states(desk) == {"invoice 5005": RecordState.BATCHED}


async def test_voiding_a_xero_invoice_then_reexporting_fails_with_xeros_reason_and_never_duplicates(
    tmp_path: Path, template: Path
) -> None:
    async with batches_desk(tmp_path, template) as desk:
        document = await exported_invoice(desk.batch_desk)
        await desk.find(f"invoice {document.number}")
        await desk.press("b", "v")
        record = desk.records.rows_shown[0].record
        correct_invoice_line(desk.connectwise_state, record.key.record_id, Decimal("987.65"))
        await desk.press("r")
        dialog = desk.app.screen
        assert isinstance(dialog, RebatchChoiceScreen)
        assert [choice.command.id for choice in dialog.choices] == ["rebatch.new_batch", "rebatch.cancel"], (
            "a voided copy cannot be rebatched without sending"
        )
        await desk.press("e")

        assert "Failed:" in desk.activity()
        assert "already in Xero" in desk.activity()
        copies = await desk.package.find_documents(DocumentType.SALES_INVOICE, [document.number])
        assert [copy.status for copy in copies] == [RemoteStatus.VOIDED]
