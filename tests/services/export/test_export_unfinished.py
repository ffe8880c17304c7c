"""An unfinished run comes first: no new run beside it, a resume only into its own company, a discard only when safe."""

from __future__ import annotations

import asyncio

import pytest

from tests.services.export.export_world import EVERYTHING, ExportWorld
from tests.services.export.kill_points import KillingConnector, KillSwitch
from tests.services.export.sandbox_truth import copies_per_number
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.connectors.quickbooks.capabilities import QUICKBOOKS_CAPABILITIES
from tui_ledger.domain.checks import Ready
from tui_ledger.services.export import (
    DiscardRefused,
    ExportPreparation,
    ExportRunner,
    RunTargetError,
    UnfinishedRunError,
    prepare_export,
)
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.store.journal_records import DocumentStep
from tui_ledger.store.runs import RunStatus


async def kill_at(
    runner: ExportRunner,
    world: ExportWorld,
    preparation: ExportPreparation,
    connector: KillingConnector,
    psa: ConnectWiseReader,
) -> int:
    with_lines = [verdict for verdict in preparation.sendable() if isinstance(verdict, Ready)]
    task = asyncio.ensure_future(
        runner.export(with_lines, connector=connector, batches=psa.batches, target=world.target)  # type: ignore[arg-type]
    )
    await connector.switch.wait(task)
    run = runner.unfinished()
    assert run is not None
    return run.id


async def test_a_new_run_waits_for_the_unfinished_one_and_a_run_sent_nothing_from_can_be_discarded(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    run_id = await kill_at(
        runner, world, preparation, KillingConnector(xero, KillSwitch(), after=False, lookups=True), psa
    )
    run = runner.unfinished()
    assert run is not None

    with pytest.raises(UnfinishedRunError, match=f"Export run {run_id} into Demo Xero .* did not finish"):
        await runner.export(preparation.sendable(), connector=xero, batches=psa.batches, target=world.target)
    assert len(runner.history.recent(kind="export")) == 1

    discarded = runner.discard(run)

    assert discarded.status is RunStatus.CANCELLED
    skipped = runner.journal.documents(run_id, steps=[DocumentStep.SKIPPED])
    assert discarded.documents[LogStatus.SKIPPED] == len(skipped) > 0
    assert all(row.message == "Discarded before it was sent; still unposted in ConnectWise" for row in skipped)
    assert runner.unfinished() is None
    assert copies_per_number(world).keys().isdisjoint({("Invoices:ACCREC", row.number) for row in skipped})
    again = await prepare_export(psa, xero, EVERYTHING, world.plans(xero))
    assert {row.number for row in skipped} <= {verdict.document.document_number for verdict in again.sendable()}
    fresh = await runner.export(again.sendable(), connector=xero, batches=psa.batches, target=world.target)
    assert fresh.exit_code == 0


async def test_a_run_with_documents_maybe_in_the_package_cannot_be_discarded_only_resumed(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    await kill_at(runner, world, preparation, KillingConnector(xero, KillSwitch(), after=True), psa)
    run = runner.unfinished()
    assert run is not None

    with pytest.raises(DiscardRefused, match="may already be in the package; resume the run"):
        runner.discard(run)

    class OtherPackage:
        capabilities = QUICKBOOKS_CAPABILITIES

    with pytest.raises(RunTargetError, match="exports into Demo Xero \\(Xero\\); connect to that company"):
        await runner.resume(run, connector=OtherPackage(), batches=psa.batches)  # type: ignore[arg-type]

    finished = await runner.resume(run, connector=xero, batches=psa.batches)
    assert finished.finished
    with pytest.raises(RunTargetError, match="has already finished"):
        await runner.resume(run, connector=xero, batches=psa.batches)
