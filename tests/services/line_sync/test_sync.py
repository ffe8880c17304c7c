"""Sync Invoices to PSA, rule by rule (seed 003), against the ConnectWise sandbox."""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date
from typing import Any

import pytest

from tests.services.line_sync.world import APRIL, MAY, SyncWorld, additions_by_key, by_id, month_lines, records
from tui_ledger.domain.invoice_lines import ChargeType, InvoiceLine
from tui_ledger.domain.line_sync import new_agreement_name
from tui_ledger.services.line_sync import LineOutcome, LineResult
from tui_ledger.services.progress import Progress
from tui_ledger.store.line_codes import MappingStatus, PsaStatus
from tui_ledger.store.line_edits import LockedLineError
from tui_ledger.store.line_mappings import ProductChoice
from tui_ledger.store.line_sync_history import SyncAction, SyncRunState
from tui_ledger.store.system_log import LogQuery


def original(world: SyncWorld, period: Any = MAY) -> dict[str, InvoiceLine]:
    return {line.platform_line_id: line for line in month_lines(world.company, period)}


async def test_every_mapped_line_becomes_an_addition_and_unmapped_lines_are_skipped(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    before = records(world)
    mapped = [record for record in before if record.mapping_status is MappingStatus.MAPPED]
    unmapped = len(before) - len(mapped)
    assert mapped
    assert unmapped

    report = await world.sync().sync(MAY)

    assert (report.state, report.selected, report.skipped_unmapped) == (SyncRunState.FINISHED, len(before), unmapped)
    assert (report.synced, report.failed, report.not_attempted) == (len(mapped), 0, 0)
    after = by_id(world)
    statuses = Counter(record.psa_status for record in after.values())
    assert statuses == {PsaStatus.SYNCED: len(mapped), PsaStatus.NOT_SYNCED: unmapped}
    additions = await additions_by_key(world)
    assert all(len(rows) == 1 for rows in additions.values()), "a key was written twice"
    written = {row["id"] for rows in additions.values() for row in rows}
    assert {record.psa_addition_id for record in after.values() if record.psa_status is PsaStatus.SYNCED} <= written


async def test_amounts_reach_connectwise_to_the_cent(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    await world.sync().sync(MAY)

    additions = {row["id"]: row for rows in (await additions_by_key(world)).values() for row in rows}
    lines = original(world)
    for record in records(world):
        if record.psa_status is PsaStatus.SYNCED:
            addition = additions[record.psa_addition_id]
            assert addition["quantity"] * addition["unitPrice"] == lines[record.platform_line_id].revenue
            assert addition["extCost"] == lines[record.platform_line_id].cost


async def test_recurring_lines_keep_one_addition_per_subscription_month_after_month(world: SyncWorld) -> None:
    world.map_everything()
    world.load(APRIL)
    april = await world.sync().sync(APRIL)
    april_additions = await additions_by_key(world)
    world.load(MAY)

    may = await world.sync().sync(MAY)

    may_additions = await additions_by_key(world)
    recurring_may = [
        line
        for line in month_lines(world.company, MAY)
        if line.charge_type is ChargeType.CYCLE_FEE
        and by_id(world)[line.platform_line_id].psa_status is PsaStatus.SYNCED
    ]
    assert recurring_may
    continued = 0
    for line in recurring_may:
        key = f"appxite:CF:{line.subscription_id}"
        assert len(may_additions[key]) == 1
        if key in april_additions:
            continued += 1
            addition = may_additions[key][0]
            assert addition["id"] == april_additions[key][0]["id"]
            assert addition["effectiveDate"] == april_additions[key][0]["effectiveDate"]
            assert addition["quantity"] == line.quantity
    assert continued > 10
    assert may.updated >= continued
    assert april.created == april.synced


async def test_one_time_lines_create_an_addition_each(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    await world.sync().sync(MAY)

    synced = [record for record in records(world) if record.psa_status is PsaStatus.SYNCED]
    one_time = [record for record in synced if not record.charge_type.is_recurring or record.is_custom_invoice]
    additions = await additions_by_key(world)
    assert one_time
    for record in one_time:
        assert [row["id"] for row in additions[f"appxite:L:{record.platform_line_id}"]] == [record.psa_addition_id]


async def test_end_dates_follow_the_defaults_and_an_edit_wins(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    lines = records(world)
    usage = next(r for r in lines if r.charge_type is ChargeType.USAGE_FEE and r.mapping_status is MappingStatus.MAPPED)
    item = next(r for r in lines if r.charge_type is ChargeType.ITEM_FEE and r.mapping_status is MappingStatus.MAPPED)
    cycle = next(r for r in lines if r.charge_type is ChargeType.CYCLE_FEE and r.mapping_status is MappingStatus.MAPPED)
    world.store.editor(MAY).set_charge_end([item.key], date(2026, 5, 17))

    await world.sync().sync(MAY)

    additions = {row["id"]: row for rows in (await additions_by_key(world)).values() for row in rows}
    synced = by_id(world)
    start = usage.charge_start_date or date(2026, 5, 1)
    last_day = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    assert additions[synced[usage.platform_line_id].psa_addition_id]["cancelledDate"] == f"{last_day}T00:00:00Z"
    assert additions[synced[item.platform_line_id].psa_addition_id]["cancelledDate"] == "2026-05-17T00:00:00Z"
    assert "cancelledDate" not in additions[synced[cycle.platform_line_id].psa_addition_id]


async def test_custom_invoices_are_corrections_ending_on_their_charge_end_date(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    await world.sync().sync(MAY)

    custom = [record for record in records(world) if record.is_custom_invoice]
    additions = {row["id"]: row for rows in (await additions_by_key(world)).values() for row in rows}
    lines = original(world)
    assert custom
    for record in custom:
        addition = additions[record.psa_addition_id]
        line = lines[record.platform_line_id]
        assert record.offer_name == "Offer for Default Subscription"
        assert addition["invoiceDescription"] == f"{line.description} - Correction"
        assert addition["cancelledDate"] == f"{line.charge_end_date}T00:00:00Z"


async def test_lines_without_an_agreement_get_one_agreement_per_company_from_the_default_type(
    world: SyncWorld,
) -> None:
    world.map_everything()
    world.load(APRIL)
    default_type = next(kind for kind in world.company.agreement_types if kind.default)
    new_lines = [r for r in records(world, APRIL) if r.psa_agreement_new and r.mapping_status is MappingStatus.MAPPED]
    companies = {record.psa_company_id for record in new_lines}
    assert companies

    april = await world.sync().sync(APRIL)

    assert len(april.agreements_created) == len(companies)
    state = await world.connectwise_state()
    created = [agreement for agreement in state["agreements"] if agreement["id"] in april.agreements_created]
    for agreement in created:
        assert agreement["type"]["id"] == default_type.id
        assert agreement["name"] == new_agreement_name(default_type.name, agreement["company"]["name"])
        assert state["additions"][agreement["id"]]
    world.load(MAY)
    may = await world.sync().sync(MAY)
    assert may.agreements_created == ()


async def test_synced_create_new_lines_show_their_agreement_and_undo_takes_it_off(world: SyncWorld) -> None:
    world.map_everything()
    world.load(APRIL)
    new_keys = {
        r.key for r in records(world, APRIL) if r.psa_agreement_new and r.mapping_status is MappingStatus.MAPPED
    }

    april = await world.sync().sync(APRIL)

    names = {agreement["id"]: agreement["name"] for agreement in (await world.connectwise_state())["agreements"]}
    shown = [record for record in records(world, APRIL) if record.key in new_keys]
    assert {record.psa_agreement_id for record in shown} == set(april.agreements_created)
    for record in shown:
        assert record.psa_status is PsaStatus.SYNCED
        assert record.psa_agreement_new
        assert record.psa_agreement_name == names[record.psa_agreement_id]
    world.load(MAY)
    may = await world.sync().sync(MAY)
    found_again = [r for r in records(world) if r.psa_agreement_new and r.psa_status is PsaStatus.SYNCED]
    assert found_again
    assert {record.psa_agreement_id for record in found_again} <= set(april.agreements_created)

    await world.sync().undo(MAY, may.run_id)
    await world.sync().undo(APRIL, april.run_id)

    for record in [r for r in records(world, APRIL) if r.key in new_keys]:
        assert (record.psa_agreement_new, record.psa_agreement_id, record.psa_agreement_name) == (True, None, "")
        assert record.mapping_status is MappingStatus.MAPPED


async def test_a_configured_default_agreement_type_wins(world: SyncWorld) -> None:
    world.map_everything()
    world.load(APRIL)
    report = await world.sync(default_agreement_type="backup & dr").sync(APRIL)
    state = await world.connectwise_state()
    created = [agreement for agreement in state["agreements"] if agreement["id"] in report.agreements_created]
    assert created
    assert {agreement["type"]["name"] for agreement in created} == {"Backup & DR"}


async def test_only_the_marked_lines_are_synced_when_some_are_marked(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    grid = world.store.grid(MAY)
    chosen = [record for record in records(world) if record.mapping_status is MappingStatus.MAPPED][:3]
    for record in chosen:
        grid.set_marked(record.key, True)

    report = await world.sync().sync(MAY, marked_only=True)

    assert (report.selected, report.synced) == (3, 3)
    synced = {record.platform_line_id for record in records(world) if record.psa_status is PsaStatus.SYNCED}
    assert synced == {record.platform_line_id for record in chosen}
    assert world.store.grid(MAY).marked_count() == 0


async def test_synced_lines_are_locked_and_never_sent_again(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    await world.sync().sync(MAY)
    synced = next(record for record in records(world) if record.psa_status is PsaStatus.SYNCED)

    with pytest.raises(LockedLineError):
        world.store.editor(MAY).set_charge_start([synced.key], date(2026, 5, 2))
    assert not world.store.grid(MAY).set_marked(synced.key, True)
    again = await world.sync().sync(MAY)
    assert (again.synced, again.selected) == (0, again.skipped_unmapped)


async def test_a_refused_line_is_an_error_with_connectwises_reason_in_system_logs(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    victim = next(record for record in records(world) if record.mapping_status is MappingStatus.MAPPED)
    world.store.editor(MAY).set_psa_product([victim.key], ProductChoice(9999, "Retired product"))

    report = await world.sync().sync(MAY)

    failed = by_id(world)[victim.platform_line_id]
    assert failed.psa_status is PsaStatus.ERROR
    assert "Product id 9999 does not exist in the catalog." in failed.psa_message
    assert report.failed == 1
    assert report.synced == report.selected - report.skipped_unmapped - 1
    logged = world.system_log.query(LogQuery(subject=f"line {victim.platform_line_id}"))
    assert len(logged) == 1
    assert "Product id 9999 does not exist in the catalog." in logged[0].message
    assert logged[0].details["period"] == MAY.key


async def test_a_line_whose_dates_contradict_fails_without_a_call(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    victim = next(record for record in records(world) if record.mapping_status is MappingStatus.MAPPED)
    world.store.editor(MAY).set_charge_end([victim.key], date(2026, 4, 1))

    await world.sync().sync(MAY)

    failed = by_id(world)[victim.platform_line_id]
    assert failed.psa_status is PsaStatus.ERROR
    assert "is before Charge Start Date" in failed.psa_message


async def test_an_error_line_synced_again_updates_instead_of_duplicating(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    victim = next(
        record
        for record in records(world)
        if record.mapping_status is MappingStatus.MAPPED and record.charge_type is ChargeType.USAGE_FEE
    )
    product = ProductChoice(victim.psa_product_id or 0, victim.psa_product_name)
    world.store.editor(MAY).set_psa_product([victim.key], ProductChoice(9999, "Retired product"))
    await world.sync().sync(MAY)
    world.store.editor(MAY).set_psa_product([victim.key], product)

    second = await world.sync().sync(MAY)

    assert (second.synced, second.failed) == (1, 0)
    assert by_id(world)[victim.platform_line_id].psa_status is PsaStatus.SYNCED
    assert len((await additions_by_key(world))[f"appxite:L:{victim.platform_line_id}"]) == 1


async def test_progress_and_line_events_follow_the_run(world: SyncWorld) -> None:
    world.map_everything()
    world.load(MAY)
    events: list[Progress] = []
    outcomes: list[LineOutcome] = []

    report = await world.sync().sync(MAY, progress=events.append, on_line=outcomes.append)

    assert [event.done for event in events] == sorted(event.done for event in events)
    assert events[-1].done == events[-1].total == report.synced + report.failed
    assert len(outcomes) == report.synced
    assert {outcome.result for outcome in outcomes} == {LineResult.CREATED}
    entries = world.store.sync_history.entries(report.run_id)
    assert Counter(entry.action for entry in entries) == {SyncAction.CREATED: report.created}
    assert world.store.sync_history.runs(MAY)[0].synced == report.synced


async def test_bounded_concurrency_never_exceeds_the_client_cap(world: SyncWorld) -> None:
    sync = world.sync(concurrency=50)
    assert sync.concurrency == world.billing.max_in_flight
    assert world.sync(concurrency=2).concurrency == 2
