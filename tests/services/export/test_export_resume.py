"""Resume from every point a run can die at (DESIGN.md §5: "a restart resumes every journal row from its step").

Each test kills the run at one await, checks the journal names that point, resumes with the real connectors, and
then reads the services' state: each document once in Xero, once batched in ConnectWise, the journal agreeing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from tests.services.export.export_world import ExportWorld
from tests.services.export.kill_points import KillingBatches, KillingConnector, KillSwitch
from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.connectors.errors import AuthenticationFailed
from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.checks import Ready
from tui_ledger.domain.documents import UnpostedInvoice
from tui_ledger.services.export import ExportEvent, ExportPreparation, ExportRunner, Failed, Section
from tui_ledger.services.export.run import CANCELLED_MESSAGE
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.store.journal_records import DocumentStep, PartState
from tui_ledger.store.runs import RunStatus


def ready_invoices(preparation: ExportPreparation) -> list[Ready]:
    """Ready invoices that become one sales invoice each (not credit notes), as the assertions count them."""
    return [
        verdict
        for verdict in preparation.sendable()
        if isinstance(verdict, Ready)
        and isinstance(verdict.document, UnpostedInvoice)
        and [part.draft.document_type for part in verdict.plan.parts] == [DocumentType.SALES_INVOICE]
    ]


def assert_exactly_once(world: ExportWorld, runner: ExportRunner, run_id: int, verdicts: Sequence[Ready]) -> None:
    copies = copies_per_number(world)
    batches = connectwise_batches(world)
    rows = {row.psa_id: row for row in runner.journal.documents(run_id)}
    for verdict in verdicts:
        document = verdict.document
        assert isinstance(document, UnpostedInvoice)
        assert copies[("Invoices:ACCREC", document.number)] == 1, document.number
        assert batches.labels[f"I{document.number}"] == 1, document.number
        row = rows[document.invoice_id]
        assert row.step is DocumentStep.DONE
        assert batches.batch_of[("invoice", document.invoice_id)] == row.batch_identifier


async def kill_run(
    runner: ExportRunner,
    verdicts: Sequence[Ready],
    world: ExportWorld,
    switch: KillSwitch,
    connector: object,
    batches: object,
) -> int:
    task = asyncio.ensure_future(
        runner.export(verdicts, connector=connector, batches=batches, target=world.target)  # type: ignore[arg-type]
    )
    await switch.wait(task)
    run = runner.unfinished()
    assert run is not None
    return run.id


@pytest.mark.parametrize("applied", [False, True], ids=["before-the-package-saw-it", "created-but-answer-lost"])
async def test_killed_while_creating_resumes_by_looking_up_first_so_nothing_is_created_twice(
    applied: bool,
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    invoices = ready_invoices(preparation)
    switch = KillSwitch()

    run_id = await kill_run(runner, invoices, world, switch, KillingConnector(xero, switch, after=applied), psa.batches)

    sending = runner.journal.documents(run_id, steps=[DocumentStep.SENDING])
    assert sending, "the kill left documents whose outcome is unknown"
    in_xero = copies_per_number(world)
    assert all((("Invoices:ACCREC", row.number) in in_xero) is applied for row in sending)

    run = runner.unfinished()
    assert run is not None
    outcome = await runner.resume(run, connector=xero, batches=psa.batches)

    assert outcome.finished
    assert outcome.status is RunStatus.SUCCEEDED
    assert_exactly_once(world, runner, run_id, invoices)
    assert outcome.documents == {LogStatus.EXPORTED: len(invoices)}


@pytest.mark.parametrize("applied", [False, True], ids=["before-connectwise-saw-it", "batch-made-but-answer-lost"])
async def test_killed_while_batching_resumes_by_finding_the_batch_by_its_identifier(
    applied: bool,
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    invoices = ready_invoices(preparation)
    switch = KillSwitch()

    run_id = await kill_run(runner, invoices, world, switch, xero, KillingBatches(psa.batches, switch, after=applied))

    batching = runner.journal.documents(run_id, steps=[DocumentStep.BATCHING])
    assert batching
    labels = connectwise_batches(world).identifiers
    assert all((row.batch_identifier in labels) is applied for row in batching)
    identifiers_before = {row.id: row.batch_identifier for row in runner.journal.documents(run_id)}

    run = runner.unfinished()
    assert run is not None
    outcome = await runner.resume(run, connector=xero, batches=psa.batches)

    assert outcome.finished
    assert_exactly_once(world, runner, run_id, invoices)
    assert {row.id: row.batch_identifier for row in runner.journal.documents(run_id)} == identifiers_before


async def test_esc_leaves_every_row_at_a_recorded_step_and_says_so_in_the_batch_status(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
    events: list[ExportEvent],
) -> None:
    psa, xero = connected
    switch = KillSwitch()
    invoices = ready_invoices(preparation)

    run_id = await kill_run(runner, invoices, world, switch, KillingConnector(xero, switch, after=True), psa.batches)

    failed = [event for event in events if isinstance(event, Failed)]
    assert Section.INVOICES in {event.section for event in failed}
    assert {event.section for event in failed} <= {Section.INVOICES, Section.MARK_BATCHED}
    assert all(event.message == CANCELLED_MESSAGE for event in failed)
    rows = runner.journal.documents(run_id)
    assert {row.step for row in rows} <= {DocumentStep.PLANNED, DocumentStep.SENDING, DocumentStep.DONE}
    assert all(
        part.state in (PartState.PLANNED, PartState.SENDING, PartState.CREATED) for row in rows for part in row.parts
    )
    run = runner.history.get(run_id)
    assert run is not None
    assert not run.is_finished
    assert run.summary["stopped"] == CANCELLED_MESSAGE


class RevokedConnector:
    """A connector whose credentials were revoked: every create is refused with 401."""

    def __init__(self, inner: AccountingConnector) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def create_documents(self, drafts: object) -> object:
        raise AuthenticationFailed("Xero", "the access token was revoked; sign in again")


async def test_a_connection_problem_stops_the_run_resumably_and_the_next_start_finishes_it(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
    events: list[ExportEvent],
) -> None:
    psa, xero = connected
    invoices = ready_invoices(preparation)

    stopped = await runner.export(invoices, connector=RevokedConnector(xero), batches=psa.batches, target=world.target)  # type: ignore[arg-type]

    assert not stopped.finished
    assert stopped.exit_code == 2
    assert stopped.stopped_because is not None
    assert "revoked" in stopped.stopped_because
    assert any(isinstance(event, Failed) and event.section is Section.INVOICES for event in events)
    assert (
        copies_per_number(world).keys().isdisjoint({("Invoices:ACCREC", v.document.document_number) for v in invoices})
    )

    run = runner.unfinished()
    assert run is not None
    assert run.id == stopped.run_id
    finished = await runner.resume(run, connector=xero, batches=psa.batches)

    assert finished.finished
    assert finished.exit_code == 0
    assert_exactly_once(world, runner, run.id, invoices)
    closed = runner.history.get(run.id)
    assert closed is not None
    assert "stopped" not in closed.summary
    assert closed.summary["documents_by_status"] == {"Exported": len(invoices)}
