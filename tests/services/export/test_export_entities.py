"""Customers, suppliers and products a run creates: once, before their documents, even across a crash (QuickBooks)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.services.export.export_world import EVERYTHING, ExportWorld, make_world
from tests.services.export.kill_points import KillingConnector, KillSwitch
from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number, party_names
from tui_ledger.domain.accounting import PartyRole
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.services.export import ExportRunner, Section, prepare_export
from tui_ledger.services.export.events import CompletedSuccessfully, ExportEvent
from tui_ledger.store import Database
from tui_ledger.store.journal_log import LogStatus, LogSubject
from tui_ledger.store.journal_records import EntityKind, EntityState


async def test_missing_suppliers_are_created_once_in_their_section_even_when_the_answer_was_lost(
    tmp_path: Path, demo: DemoCompany, database: Database, events: list[ExportEvent]
) -> None:
    world: ExportWorld = make_world(tmp_path / "qbo", "quickbooks", company=demo)
    runner = ExportRunner(database, "acme", tmp_path / "data", clock=world.hub.clock, events=events.append)
    async with world.connected() as (psa, qbo):
        preparation = await prepare_export(psa, qbo, EVERYTHING, world.plans(qbo))
        sendable = preparation.sendable()
        planned = preparation.creations_for(sendable)
        assert planned.suppliers, "the demo company has expense members QuickBooks does not know"
        names_before = party_names(world)
        switch = KillSwitch()

        task = asyncio.ensure_future(
            runner.export(
                sendable,
                connector=KillingConnector(qbo, switch, after=True, contacts=PartyRole.SUPPLIER),  # type: ignore[arg-type]
                batches=psa.batches,
                target=world.target,
            )
        )
        await switch.wait(task)
        run = runner.unfinished()
        assert run is not None
        sending = [entity for entity in runner.journal.entities(run.id) if entity.state is EntityState.SENDING]
        assert {entity.kind for entity in sending} == {EntityKind.SUPPLIER}
        assert all(party_names(world)[f"vendor:{entity.name}".casefold()] == 1 for entity in sending)

        outcome = await runner.resume(run, connector=qbo, batches=psa.batches)

    assert outcome.finished
    names_after = party_names(world)
    for draft in planned.suppliers:
        key = f"vendor:{draft.name}".casefold()
        assert names_after[key] == 1 == names_before[key] + 1
    suppliers = runner.journal.entities(run.id, EntityKind.SUPPLIER)
    assert all(entity.state in (EntityState.CREATED, EntityState.LINKED) and entity.target_id for entity in suppliers)
    log = runner.log.rows(run.id, subjects=[LogSubject.SUPPLIER])
    assert {row.status for row in log} <= {LogStatus.CREATED, LogStatus.EXISTING}
    assert outcome.documents.get(LogStatus.FAILED, 0) == 0
    copies = copies_per_number(world)
    labels = connectwise_batches(world).labels
    for verdict in sendable:
        for part in verdict.plan.parts:
            assert sum(count for (_, number), count in copies.items() if number == part.draft.number) == 1
        assert sum(1 for label in labels if label[1:] == verdict.document.document_number) == 1
    done = [event for event in events if isinstance(event, CompletedSuccessfully)]
    assert {event.section for event in done} >= {Section.SUPPLIERS, Section.EXPENSES, Section.MARK_BATCHED}
