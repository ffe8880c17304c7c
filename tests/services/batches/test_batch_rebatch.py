"""Seed 001's cycle: unbatch → edit in ConnectWise → rebatch into the original batch, or re-export in a new one.

The promise of issue 5: after unbatch → edit → re-export, the package holds exactly one copy, the updated one.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from batch_world import QUICKBOOKS, World, first_ready_invoice, open_world

from tui_ledger.domain.accounting import DocumentType, RemoteStatus
from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.rebatch_rules import RebatchMethod, RebatchPlan
from tui_ledger.domain.batches.refusals import Alternative
from tui_ledger.sandbox.connectwise.corrections import correct_expense_amount, correct_invoice_line
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.services.batches.outcome import OutcomeStatus
from tui_ledger.services.batches.rebatch import RebatchMode
from tui_ledger.services.batches.send import send_through_export


async def test_deleting_the_copy_first_then_reexporting_leaves_one_copy_the_new_one(
    tmp_path: Path, clean_state: Path, demo: DemoCompany
) -> None:
    async with open_world(tmp_path, clean_state, company=demo, target=QUICKBOOKS) as world:
        number = await _exported_invoice(world)
        record = await world.record(f"invoice {number}")
        assert (await world.desk.unbatch(record, PackageAction.DELETE)).ok
        edited = correct_invoice_line(world.connectwise_state, record.key.record_id, Decimal("987.65"))

        sent = await world.desk.rebatch([await world.record(f"invoice {number}")], RebatchMode.NEW_BATCH)

        assert sent.ok, sent.message
        [copy] = await world.copies(DocumentType.SALES_INVOICE, number)
        assert copy.total == edited.total
        assert copy.status is RemoteStatus.AUTHORISED


async def _exported_invoice(world: World) -> str:
    """An invoice exported by tui-ledger: its own seed-000 batch in ConnectWise, one copy in Xero."""
    document = await first_ready_invoice(world)
    sent = await send_through_export(world.context, [document])
    assert sent.sent == (document,), sent.not_sent
    return document.number


async def test_unbatch_edit_and_reexport_leaves_exactly_one_copy_the_updated_one(world: World) -> None:
    number = await _exported_invoice(world)
    record = await world.record(f"invoice {number}")
    [before] = await world.live_copies(DocumentType.SALES_INVOICE, number)

    unbatched = await world.desk.unbatch(record, PackageAction.UPDATE_IN_PLACE)
    assert unbatched.ok, unbatched.message
    edited = correct_invoice_line(world.connectwise_state, record.key.record_id, Decimal("1234.00"))
    sent = await world.desk.rebatch([await world.record(f"invoice {number}")], RebatchMode.NEW_BATCH)

    assert sent.ok, sent.message
    [after] = await world.live_copies(DocumentType.SALES_INVOICE, number)
    assert after.target_id == before.target_id, "updated in place, not created again"
    assert after.total == edited.total != before.total
    located = (await world.desk.find(f"invoice {number}")).located[0]
    assert located.batch is not None
    assert located.batch.identifier.startswith(f"I{number}:")
    assert world.context.releases.open_releases() == [], "the mark is settled once the export updated the copy"


async def test_xero_keeps_a_voided_invoices_number_so_update_in_place_comes_first(world: World) -> None:
    number = await _exported_invoice(world)
    record = await world.record(f"invoice {number}")
    options = (await world.desk.propose_unbatch(record)).options
    assert options is not None
    assert options.actions == (PackageAction.UPDATE_IN_PLACE, PackageAction.VOID)
    assert any("keeps the number of a voided sales invoice" in note for note in options.notes)

    assert (await world.desk.unbatch(record, PackageAction.VOID)).ok
    correct_invoice_line(world.connectwise_state, record.key.record_id, Decimal("987.65"))
    sent = await world.desk.rebatch([await world.record(f"invoice {number}")], RebatchMode.NEW_BATCH)

    assert sent.status is OutcomeStatus.FAILED
    assert "already in Xero" in sent.message
    copies = await world.copies(DocumentType.SALES_INVOICE, number)
    assert [copy.status for copy in copies] == [RemoteStatus.VOIDED], "refused, never a second copy"


async def test_rebatch_puts_the_edited_record_back_into_its_original_batch_without_sending(world: World) -> None:
    record = await world.record("expense 4304 dchu")
    batch = (await world.desk.find("expense 4304 dchu")).located[0].batch
    assert batch is not None
    identifier = batch.identifier
    assert (await world.desk.unbatch(record, PackageAction.UPDATE_IN_PLACE)).ok
    correct_expense_amount(world.connectwise_state, 4304, Decimal("150.00"))

    proposal = await world.desk.propose_rebatch([await world.record("expense 4304 dchu")])
    outcome = await world.desk.rebatch([await world.record("expense 4304 dchu")], RebatchMode.ORIGINAL_BATCH)

    assert isinstance(proposal.plan, RebatchPlan)
    assert proposal.plan.identifier == identifier
    assert any("still holds 119.87 while ConnectWise now says 150.00" in warning for warning in proposal.plan.warnings)
    assert outcome.ok, outcome.message
    located = (await world.desk.find("expense 4304 dchu")).located[0]
    assert located.batch is not None
    assert located.batch.identifier == identifier
    [copy] = await world.live_copies(DocumentType.BILL, "4304dchu")
    assert copy.total == Decimal("119.87"), "rebatch does not push changes to the package (seed 001)"
    assert world.context.releases.update_mark("Demo Xero", record.document.kind, "4304dchu") is None


async def test_rebatch_is_refused_when_the_copy_was_voided(world: World) -> None:
    record = await world.record("invoice 5009")
    assert (await world.desk.unbatch(record, PackageAction.VOID)).ok

    outcome = await world.desk.rebatch([await world.record("invoice 5009")], RebatchMode.ORIGINAL_BATCH)

    assert outcome.status is OutcomeStatus.REFUSED
    assert outcome.refusal is not None
    assert outcome.refusal.alternatives == (Alternative.SEND_THROUGH_EXPORT,)
    assert (await world.desk.find("invoice 5009")).located[0].batch is None


async def test_po_records_go_back_through_the_rebatch_endpoint(world: World) -> None:
    assert (await world.desk.unbatch(await world.record("po 981 freight"), PackageAction.UPDATE_IN_PLACE)).ok
    waiting = [located.record for located in (await world.desk.find("po 981")).located]

    proposal = await world.desk.propose_rebatch(waiting)
    outcome = await world.desk.rebatch(waiting, RebatchMode.ORIGINAL_BATCH)

    assert isinstance(proposal.plan, RebatchPlan)
    assert proposal.plan.method is RebatchMethod.PURCHASE_ORDER_ENDPOINT
    assert outcome.ok, outcome.message
    assert all(located.record.is_batched for located in (await world.desk.find("po 981")).located)


async def test_a_record_tui_ledger_did_not_unbatch_cannot_be_put_back_by_recreating_a_batch(world: World) -> None:
    outcome = await world.desk.rebatch([await world.record("invoice 5006")], RebatchMode.ORIGINAL_BATCH)

    assert outcome.status is OutcomeStatus.REFUSED
    assert outcome.refusal is not None
    assert Alternative.REBATCH_IN_CONNECTWISE in outcome.refusal.alternatives
    assert "AutoSync" in outcome.message
