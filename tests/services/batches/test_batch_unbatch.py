"""Unbatching one record (seed 001) with its copy in the package kept in step (seed 000), for every kind."""

from __future__ import annotations

from pathlib import Path

from batch_world import World, open_world

from tui_ledger.domain.accounting import DocumentType, RemoteStatus
from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.records import RecordState
from tui_ledger.domain.batches.refusals import Alternative
from tui_ledger.domain.batches.unbatch_rules import UnbatchMethod, UnbatchPlan
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.services.batches.outcome import OutcomeStatus
from tui_ledger.store.system_log import LogQuery, SystemLog


async def test_an_invoice_is_unbatched_by_deleting_its_own_batch_and_its_copy_is_voided(world: World) -> None:
    record = await world.record("invoice 5009")
    proposal = await world.desk.propose_unbatch(record)
    batch = proposal.located.batch
    assert batch is not None
    assert proposal.options is not None
    assert proposal.options.actions == (PackageAction.UPDATE_IN_PLACE, PackageAction.VOID)

    outcome = await world.desk.unbatch(record, PackageAction.VOID)

    assert outcome.status is OutcomeStatus.DONE, outcome.message
    after = (await world.desk.find("invoice 5009")).located[0]
    assert after.batch is None
    assert after.record.state is RecordState.UNPOSTED
    assert await world.context.batches.find_batch(batch.identifier) is None
    [copy] = await world.copies(DocumentType.SALES_INVOICE, "5009")
    assert copy.status is RemoteStatus.VOIDED
    [release] = world.context.releases.open_releases()
    assert release.package_action is PackageAction.VOID
    assert release.batch_identifier.startswith("I5009:")


async def test_keeping_the_copy_marks_it_for_an_update_in_place_on_the_next_export(world: World) -> None:
    record = await world.record("expense 4304 dchu")

    outcome = await world.desk.unbatch(record, PackageAction.UPDATE_IN_PLACE)

    assert outcome.ok, outcome.message
    mark = world.context.releases.update_mark("Demo Xero", record.document.kind, "4304dchu")
    assert mark is not None
    assert mark.copy is not None
    [copy] = await world.live_copies(DocumentType.BILL, "4304dchu")
    assert mark.copy.target_id == copy.target_id
    assert copy.status is RemoteStatus.AUTHORISED


async def test_po_freight_is_unbatched_through_the_purchase_order_endpoint(world: World) -> None:
    record = await world.record("po 981 freight")
    plan = (await world.desk.propose_unbatch(record)).plan
    assert isinstance(plan, UnbatchPlan)
    assert plan.method is UnbatchMethod.PURCHASE_ORDER_ENDPOINT

    outcome = await world.desk.unbatch(record, PackageAction.UPDATE_IN_PLACE)

    assert outcome.ok, outcome.message
    states = {located.record.label: located.record.state for located in (await world.desk.find("po 981")).located}
    assert states["PO 981 freight"] is RecordState.UNBATCHED
    assert states["PO 981 line 2 (UBNT-USW24P)"] is RecordState.UNBATCHED, "the endpoint takes the whole PO"
    assert "ConnectWise: Purchase order 981 unbatched" in outcome.message


async def test_a_po_product_line_inside_another_tools_batch_uses_the_endpoint_too(world: World) -> None:
    record = await world.record("po 980 line 1")

    outcome = await world.desk.unbatch(record, PackageAction.UPDATE_IN_PLACE)

    assert outcome.ok, outcome.message
    autosync = (await world.desk.find("AutoSync")).batches[0]
    assert {r.label for r in autosync.unbatched_records} >= {"PO 980 line 1 (DELL-LAT5440)", "PO 980 freight"}
    assert any(r.label == "invoice 5005" and r.is_batched for r in autosync.records), "the rest stays batched"


async def test_one_invoice_of_a_batch_made_elsewhere_is_refused_with_the_two_ways_out(world: World) -> None:
    record = await world.record("invoice 5005")

    outcome = await world.desk.unbatch(record, PackageAction.VOID)

    assert outcome.status is OutcomeStatus.REFUSED
    assert outcome.refusal is not None
    assert outcome.refusal.alternatives == (Alternative.DELETE_WHOLE_BATCH, Alternative.UNBATCH_IN_CONNECTWISE)
    assert "holds 7 records of 5 documents" in outcome.message
    [copy] = await world.live_copies(DocumentType.SALES_INVOICE, "5005")
    assert copy.status is RemoteStatus.AUTHORISED, "nothing happened in the package"
    assert (await world.desk.find("invoice 5005")).located[0].record.is_batched


async def test_a_record_of_a_closed_batch_is_refused_with_the_reason(world: World) -> None:
    record = await world.record("invoice 5001")

    outcome = await world.desk.unbatch(record, PackageAction.UPDATE_IN_PLACE)

    assert outcome.status is OutcomeStatus.REFUSED
    assert outcome.refusal is not None
    assert "irreversible" in outcome.message
    assert not outcome.refusal.alternatives


async def test_a_choice_the_copy_does_not_allow_is_refused_before_anything_changes(world: World) -> None:
    record = await world.record("invoice 5010")

    outcome = await world.desk.unbatch(record, PackageAction.DELETE)

    assert outcome.status is OutcomeStatus.REFUSED
    assert "'delete' is not possible (possible: update, void)" in outcome.message
    assert (await world.desk.find("invoice 5010")).located[0].record.is_batched


async def test_every_unbatch_is_in_system_logs_with_before_and_after(world: World) -> None:
    record = await world.record("invoice 5010")
    await world.desk.unbatch(record, PackageAction.VOID)
    await world.desk.unbatch(await world.record("invoice 5005"), PackageAction.VOID)

    done = SystemLog(world.context.database).query(LogQuery(subject="invoice 5010", area="batches"))
    refused = SystemLog(world.context.database).query(LogQuery(subject="invoice 5005", area="batches"))

    [entry] = done
    assert entry.details["action"] == "unbatch"
    assert entry.details["choice"] == "void"
    assert entry.details["before"]["batch"]["identifier"].startswith("I5010:")
    assert entry.details["after"]["batch"] is None
    assert entry.details["after"]["package"]["copies"][0]["status"] == "voided"
    assert refused[0].severity.name == "WARNING"
    assert refused[0].details["refused"] is True


async def test_without_a_package_the_copy_is_kept_and_marked_for_any_company(
    tmp_path: Path, clean_state: Path, demo: DemoCompany
) -> None:
    async with open_world(tmp_path, clean_state, company=demo, target=None) as world:
        record = await world.record("invoice 5009")
        proposal = await world.desk.propose_unbatch(record)

        refused_void = await world.desk.unbatch(record, PackageAction.VOID)
        kept = await world.desk.unbatch(record, PackageAction.UPDATE_IN_PLACE)
        mark = world.context.releases.update_mark("Demo QuickBooks", record.document.kind, "5009")

    assert mark is not None
    assert mark.copy is None, "the export updates whichever copy it finds under the number"
    assert proposal.options is not None
    assert proposal.options.actions == (PackageAction.UPDATE_IN_PLACE,)
    assert refused_void.status is OutcomeStatus.REFUSED
    assert kept.ok, kept.message
    assert "kept the copy in the accounting package" in kept.message
