"""Deleting a whole batch with seed 001's guards; closed batches read-only (seed 000)."""

from __future__ import annotations

from batch_world import TODAY, World

from tui_ledger.domain.accounting import DocumentType, RemoteStatus
from tui_ledger.domain.batches.delete_rules import DeletePlan
from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.records import RecordKind
from tui_ledger.domain.batches.refusals import Alternative
from tui_ledger.services.batches.outcome import OutcomeStatus
from tui_ledger.services.batches.rebatch import RebatchMode
from tui_ledger.services.batches.unposted import unposted_keys


async def _batch_id(world: World, text: str) -> int:
    found = await world.desk.find(text)
    [batch] = found.batches
    return batch.id


async def test_unbatched_po_records_are_rebatched_first_and_then_every_record_returns(world: World) -> None:
    batch_id = await _batch_id(world, "P981")
    proposal = await world.desk.propose_delete(batch_id)
    plan = proposal.plan
    assert isinstance(plan, DeletePlan)
    assert plan.rebatch_first == (302,), "line 1 of PO 981 was unbatched in the UI"
    pending_before = await unposted_keys(world.context)
    assert plan.pending_unposted == len(pending_before)

    outcome = await world.desk.delete(batch_id, PackageAction.UPDATE_IN_PLACE)

    assert outcome.ok, outcome.message
    assert outcome.steps[0].startswith("rebatched purchase order 302")
    assert not outcome.warnings, "exactly the batch's records came back, nothing pending left"
    now = await unposted_keys(world.context)
    returned = {record.key for record in plan.returning}
    assert now == (pending_before - returned) | returned
    assert {key.kind for key in returned} == {RecordKind.PO_FREIGHT, RecordKind.PO_PRODUCT}
    assert len(returned) == 4
    assert world.context.releases.update_mark("Demo Xero", plan.documents[0].kind, "981") is not None


async def test_pending_unposted_records_are_never_mixed_into_the_deleted_batch(world: World) -> None:
    pending = await unposted_keys(world.context)
    batch_id = await _batch_id(world, "E4304dchu")

    outcome = await world.desk.delete(batch_id, PackageAction.VOID)

    assert outcome.ok, outcome.message
    assert await unposted_keys(world.context) - pending == {(await world.record("expense 4304")).key}
    [copy] = await world.copies(DocumentType.BILL, "4304dchu")
    assert copy.status is RemoteStatus.VOIDED


async def test_a_closed_batch_cannot_be_deleted(world: World) -> None:
    batch_id = await _batch_id(world, "Month End")

    outcome = await world.desk.delete(batch_id, PackageAction.NOTHING)

    assert outcome.status is OutcomeStatus.REFUSED
    assert "closed" in outcome.message
    assert (await world.desk.find("Month End")).batches[0].closed


async def test_an_invoice_unbatched_in_connectwise_must_be_rebatched_there_before_its_batch_goes(world: World) -> None:
    batch_id = await _batch_id(world, "AutoSync")

    outcome = await world.desk.delete(batch_id, PackageAction.UPDATE_IN_PLACE)

    assert outcome.status is OutcomeStatus.REFUSED
    assert outcome.refusal is not None
    assert outcome.refusal.alternatives == (Alternative.REBATCH_IN_CONNECTWISE,)
    assert "invoice 5006 was unbatched" in outcome.message
    assert len((await world.desk.find("AutoSync")).batches) == 1


async def test_one_choice_a_copy_cannot_take_refuses_the_whole_delete(world: World) -> None:
    batch_id = await _batch_id(world, "P981")

    outcome = await world.desk.delete(batch_id, PackageAction.DELETE)

    assert outcome.status is OutcomeStatus.REFUSED
    assert "purchase order 981: 'delete' is not possible" in outcome.message
    assert len((await world.desk.find("P981")).batches) == 1


async def test_seed_001_delete_then_restore_the_unedited_records_under_the_original_batch_id(world: World) -> None:
    """Steps 9-11 of seed 001's "Delete a Batch": the records not edited go back under the original batch number,
    built from exactly their GL entries (nothing pending mixed in) and not sent to the package again."""
    unposted = world.company.unposted_invoices()[:2]
    entries = await world.context.records.invoice_gl_entries([invoice.id for invoice in unposted], TODAY)
    created = await world.context.batches.create_batch(
        "Other Tool 0131", [entry for invoice in unposted for entry in entries[invoice.id]], invoices=True
    )
    pending = await unposted_keys(world.context)

    deleted = await world.desk.delete(created.id, PackageAction.NOTHING)
    records = [await world.record(f"invoice {invoice.number}") for invoice in unposted]
    restored = await world.desk.rebatch(records, RebatchMode.ORIGINAL_BATCH)

    assert deleted.ok, deleted.message
    assert restored.ok, restored.message
    [batch] = (await world.desk.find("Other Tool 0131")).batches
    assert sorted(record.label for record in batch.records) == sorted(f"invoice {i.number}" for i in unposted)
    assert await unposted_keys(world.context) == pending, "exactly those two left the Unposted tabs again"
